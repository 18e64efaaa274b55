import { describe, expect, it } from 'vitest';
import { readRecommendationRef, readRecommendationRefs } from '../../core/recommendation-ref.js';

describe('readRecommendationRef', () => {
  it.each([
    ['Recommendation 3', ['3'], null, ''],
    ['REC 3 (CRD3)', ['3'], 'CRD3', ''],
    ['R1:', ['1'], null, ''],
    ['PCR1', ['PCR1'], null, ''],
    ['CRD3', ['CRD3'], null, ''],
    ['Recommendations 1 and 4', ['1', '4'], null, ''],
    ['Rec 2, 5', ['2', '5'], null, ''],
    ['Rec. 6', ['6'], null, ''],
    ['3', ['3'], null, ''],
    ['3.', ['3'], null, ''],
    ['Recommendation 3a', ['3a'], null, ''],
    ['Recommendations 1-3', ['1', '2', '3'], null, ''],
    ['  • Recommendation 7', ['7'], null, ''],
  ])('when the plan writes "%s", then the numbers are %j', (written, numbers, code, text) => {
    expect(readRecommendationRef(written)).toEqual({ numbers, code, text });
  });

  it('when the cell holds the number 3, then the number is "3"', () => {
    expect(readRecommendationRef(3)).toEqual({ numbers: ['3'], code: null, text: '' });
  });

  it('when words follow the reference, then they are the recommendation text', () => {
    expect(
      readRecommendationRef('Recommendation 2: that an externally facing narrative of place be developed'),
    ).toEqual({
      numbers: ['2'],
      code: null,
      text: 'that an externally facing narrative of place be developed',
    });
  });

  it('when a code and words follow the reference, then both are read', () => {
    expect(readRecommendationRef('REC 3 (CRD3) Ensure the integrity of the current IT system.')).toEqual({
      numbers: ['3'],
      code: 'CRD3',
      text: 'Ensure the integrity of the current IT system.',
    });
  });

  it('when a dash separates the number from the words, then it is not read as a range', () => {
    expect(
      readRecommendationRef('Recommendation 1 – that the Council’s achievements be celebrated.'),
    ).toEqual({
      numbers: ['1'],
      code: null,
      text: 'that the Council’s achievements be celebrated.',
    });
  });

  it.each(['Review the Digital Strategy', '2020/21', 'Recommendation three', '', 'Rotherham'])(
    'when "%s" names no recommendation, then no number is read and the words are kept',
    (written) => {
      expect(readRecommendationRef(written)).toEqual({ numbers: [], code: null, text: written });
    },
  );
});

describe('readRecommendationRefs', () => {
  it('when a cell lists references on separate lines, then each is read', () => {
    expect(readRecommendationRefs('Recommendation 1\nRecommendation 4: publish the plan')).toEqual([
      { numbers: ['1'], code: null, text: '' },
      { numbers: ['4'], code: null, text: 'publish the plan' },
    ]);
  });

  it('when lines below a reference do not start with one, then they continue its text', () => {
    expect(
      readRecommendationRefs(
        'REC 6 (CRD6) Establish workforce planning. The Council should:\n Review staffing',
      ),
    ).toEqual([
      {
        numbers: ['6'],
        code: 'CRD6',
        text: 'Establish workforce planning. The Council should:\nReview staffing',
      },
    ]);
  });
});
