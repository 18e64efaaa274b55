import { describe, expect, it } from 'vitest';
import { datesFromTimescale, dueSetByHand, withDerivedDates } from '../../core/derived-dates.js';
import { buildAction } from '../support/factories.js';

const row = (timescale: string, due: string | null) => buildAction({ timescale, due });

describe('withDerivedDates', () => {
  it.each([
    ['2020/21 – by March 2021', '2021-03-31'],
    ['Q3 2025/26', '2025-12-31'],
  ])('when a new row has the timescale "%s" and no due date, then its due date is %s', (timescale, due) => {
    expect(withDerivedDates(null, row(timescale, null)).due).toBe(due);
  });

  it('when the timescale names two dates, then they are the milestones and the later one is due', () => {
    const written = withDerivedDates(null, row('Establish Dec 21 / Report April 22', null));
    expect(written.milestones).toEqual([
      { label: 'Establish', due: '2021-12-31' },
      { label: 'Report', due: '2022-04-30' },
    ]);
    expect(written.due).toBe('2022-04-30');
  });

  it('when the timescale changes and the due date was derived, then due and milestones follow it', () => {
    const before = withDerivedDates(null, row('Q3 2025/26', null));
    const after = withDerivedDates(before, { ...before, timescale: 'Establish Dec 21 / Report April 22' });
    expect(after.due).toBe('2022-04-30');
    expect(after.milestones).toHaveLength(2);
  });

  it('when the due date was typed by hand, then a timescale edit keeps it', () => {
    const before = row('Q3 2025/26', '2025-10-15');
    expect(dueSetByHand(before)).toBe(true);
    expect(withDerivedDates(before, { ...before, timescale: 'Q4 2025/26' }).due).toBe('2025-10-15');
  });

  it('when a due date typed by hand is cleared, then the row returns to the derived date', () => {
    const before = row('Q3 2025/26', '2025-10-15');
    const after = withDerivedDates(before, { ...before, due: null });
    expect(after.due).toBe('2025-12-31');
    expect(dueSetByHand(after)).toBe(false);
  });

  it('when the timescale and the due date change together, then the typed due date is kept', () => {
    const before = row('Q3 2025/26', '2025-12-31');
    expect(withDerivedDates(before, { ...before, timescale: 'Q4 2025/26', due: '2026-01-15' }).due).toBe(
      '2026-01-15',
    );
  });

  it('when the timescale cannot be read, then a typed due date stays and no milestones are made', () => {
    const written = withDerivedDates(null, row('Underway', '2024-06-30'));
    expect(written).toMatchObject({ due: '2024-06-30', milestones: [] });
    expect(dueSetByHand(written)).toBe(true);
  });

  it('when milestones are sent that the timescale does not say, then the timescale wins', () => {
    const sent = { ...row('Q3 2025/26', null), milestones: [{ label: 'Made up', due: '2020-01-01' }] };
    expect(withDerivedDates(null, sent).milestones).toEqual([]);
  });

  it('when the same timescale is read twice, then the caller cannot change the kept reading', () => {
    datesFromTimescale('Establish Dec 21 / Report April 22').milestones.pop();
    expect(datesFromTimescale('Establish Dec 21 / Report April 22').milestones).toHaveLength(2);
  });
});
