import { describe, expect, it } from 'vitest';
import { readTimescale, type TimescaleReading } from '../../core/timescale.js';

type Expected = Partial<TimescaleReading> & Pick<TimescaleReading, 'due'>;

/** The whole reading: no milestones, no status and no warnings unless the row says so. */
const expectReading = (text: string, expected: Expected) =>
  expect(readTimescale(text)).toEqual({ milestones: [], warnings: [], ...expected });

describe('seed 000: a financial year with a "by" date', () => {
  it.each<[string, Expected]>([
    ['2020/21 – by December 2020', { due: '2020-12-31' }],
    ['2020/21 – by March 2021', { due: '2021-03-31' }],
    ['2021/22 – by March 2022', { due: '2022-03-31' }],
  ])('when "%s" agrees with itself, then it is due on the date and gives no warning', (text, expected) => {
    expectReading(text, expected);
  });

  it.each<[string, string, string]>([
    ['2021/22 – by December 2020', '2020-12-31', 'December 2020 is not in the financial year 2021/22'],
    ['2021/22 – by March 2021', '2021-03-31', 'March 2021 is not in the financial year 2021/22'],
    ['2020/21 – by May 2021', '2021-05-31', 'May 2021 is not in the financial year 2020/21'],
  ])(
    'when "%s" contradicts itself, then the explicit date %s is kept with a warning',
    (text, due, problem) => {
      const month = problem.slice(0, problem.indexOf(' is not'));
      expectReading(text, { due, warnings: [`${problem}; kept ${month}`] });
    },
  );
});

describe('seed 001: a month and two-digit year means the last day of that month in 20xx', () => {
  it.each<[string, string]>([
    ['Dec 21', '2021-12-31'],
    ['Check progress Feb 22', '2022-02-28'],
    ['Survey by End Dec 21.', '2021-12-31'],
    ['Dec 21 review', '2021-12-31'],
    ['Feb 22 implement', '2022-02-28'],
    ['Establish Dec 21', '2021-12-31'],
    ['Report April 22', '2022-04-30'],
    ['Finalise Dec 21', '2021-12-31'],
    ['Review April 22', '2022-04-30'],
    ['Feb 22', '2022-02-28'],
    ['Feb 22 map', '2022-02-28'],
    ['April 22 roll out', '2022-04-30'],
    ['Options Feb 22', '2022-02-28'],
    ['Implement April 22', '2022-04-30'],
    ['Options April 22', '2022-04-30'],
    ['Engagement Feb 22.', '2022-02-28'],
    ['Develop methodology April 22', '2022-04-30'],
    ['CD reports Dec 21', '2021-12-31'],
    ['Mapping Feb 22', '2022-02-28'],
    ['April 22', '2022-04-30'],
    ['Scope Feb 22', '2022-02-28'],
    ['Draft April 22', '2022-04-30'],
    ['Draft proposals Jan 22', '2022-01-31'],
    ['Review Dec 21', '2021-12-31'],
    ['1st options April 22.', '2022-04-30'],
    ['Initial options Feb 22', '2022-02-28'],
    ['Review process April 22.', '2022-04-30'],
    ['Review Feb 22', '2022-02-28'],
    ['Scope internal L&D approach Feb 22', '2022-02-28'],
    ['External research and approach April 22.', '2022-04-30'],
    ['Greater Lancashire Plan 2022', '2022-12-31'],
    ['County Deal/GLP- summer 2022.', '2022-08-31'],
  ])('when the timescale is "%s", then it is due %s with no milestones', (text, due) => {
    expectReading(text, { due });
  });

  it('when a date is followed by "onwards", then the start date is the due date and there is no warning', () => {
    expectReading('Dec 21 onwards', { due: '2021-12-31' });
  });
});

describe('seed 001: status words', () => {
  it.each<[string, Expected]>([
    ['Engagement panel underway', { due: null, status: 'Ongoing' }],
    ['Increased briefings underway', { due: null, status: 'Ongoing' }],
    ['Recruitment ongoing', { due: null, status: 'Ongoing' }],
    ['Covid response/recovery ongoing – timescales based on situation.', { due: null, status: 'Ongoing' }],
    ['Resource review ongoing', { due: null, status: 'Ongoing' }],
    ['Member engagement underway', { due: null, status: 'Ongoing' }],
    ['Enhanced member support now live – and under ongoing review.', { due: null, status: 'Ongoing' }],
    ['Ongoing rollout.', { due: null, status: 'Ongoing' }],
  ])(
    'when "%s" says the work is in hand, then there is no date, status Ongoing and no warning',
    (text, expected) => {
      expectReading(text, expected);
    },
  );

  it.each<[string, string]>([
    ['Underway – finalised by end Nov 21', '2021-11-30'],
    ['Underway, finalised by end Nov21', '2021-11-30'],
    ['Ongoing; confirmed picture of service needs and plan by end Dec 21', '2021-12-31'],
    ['Underway; outline of additional proposals Jan 21', '2021-01-31'],
    ['JE process underway – recruitment by Feb 22', '2022-02-28'],
  ])('when "%s" has a status word and a date, then it is due %s and Ongoing', (text, due) => {
    expectReading(text, { due, status: 'Ongoing' });
  });

  it.each(['Digital board relaunched.', 'Group established.'])(
    // A past event is not the action's status: "relaunched" does not say the action is complete.
    'when "%s" reports an event, then no status is guessed and a warning says no date was read',
    (text) => {
      expectReading(text, { due: null, warnings: [`could not read a date in "${text}"`] });
    },
  );
});

describe('seed 001: several dated parts become milestones, due at the latest', () => {
  it.each<[string, TimescaleReading]>([
    [
      'Establish Dec 21\nReport April 22',
      {
        due: '2022-04-30',
        milestones: [
          { label: 'Establish', due: '2021-12-31' },
          { label: 'Report', due: '2022-04-30' },
        ],
        warnings: [],
      },
    ],
    [
      'Establish Dec 21 / Report April 22',
      {
        due: '2022-04-30',
        milestones: [
          { label: 'Establish', due: '2021-12-31' },
          { label: 'Report', due: '2022-04-30' },
        ],
        warnings: [],
      },
    ],
    [
      '• Dec 21\n• Check progress Feb 22',
      {
        due: '2022-02-28',
        milestones: [
          { label: 'Dec 21', due: '2021-12-31' },
          { label: 'Check progress', due: '2022-02-28' },
        ],
        warnings: [],
      },
    ],
    [
      'Dec 21 review; Feb 22 implement',
      {
        due: '2022-02-28',
        milestones: [
          { label: 'review', due: '2021-12-31' },
          { label: 'implement', due: '2022-02-28' },
        ],
        warnings: [],
      },
    ],
    [
      'Meet key leads Dec 21; design and relaunch scheme Feb 22',
      {
        due: '2022-02-28',
        milestones: [
          { label: 'Meet key leads', due: '2021-12-31' },
          { label: 'design and relaunch scheme', due: '2022-02-28' },
        ],
        warnings: [],
      },
    ],
    [
      'Relaunch staff suggestion scheme Feb 22; create pilot change hub Feb 22',
      {
        due: '2022-02-28',
        milestones: [
          { label: 'Relaunch staff suggestion scheme', due: '2022-02-28' },
          { label: 'create pilot change hub', due: '2022-02-28' },
        ],
        warnings: [],
      },
    ],
    [
      'Pandemic ongoing Anchor underway, review Feb 22. HSF collaboration ongoing - funding agreed- review Dec 21',
      {
        due: '2022-02-28',
        milestones: [
          { label: 'Pandemic ongoing Anchor underway, review', due: '2022-02-28' },
          { label: 'HSF collaboration ongoing - funding agreed- review', due: '2021-12-31' },
        ],
        status: 'Ongoing',
        warnings: [],
      },
    ],
    [
      'Levelling Up Fund Round 2 - Bid 2022 – TBC.  Expect delivery to be required to be complete by 2024/25',
      {
        due: '2025-03-31',
        milestones: [
          { label: 'Levelling Up Fund Round 2 - Bid TBC', due: '2022-12-31' },
          { label: 'Expect delivery to be required to be complete', due: '2025-03-31' },
        ],
        warnings: [],
      },
    ],
  ])('when the timescale is %j, then each dated part is a milestone', (text, expected) => {
    expect(readTimescale(text)).toEqual(expected);
  });

  it('when a bulleted cell mixes dated and undated lines, then only the dated lines are milestones', () => {
    const cell = '• Recruit staff resource\n• Recruitment ongoing\n• Feb 22 map\n• April 22 roll out';
    expectReading(cell, {
      due: '2022-04-30',
      milestones: [
        { label: 'map', due: '2022-02-28' },
        { label: 'roll out', due: '2022-04-30' },
      ],
      status: 'Ongoing',
    });
  });
});

describe('text with no readable date', () => {
  it.each([
    'Shared Prosperity Fund –awaiting further details',
    'LTP timescale',
    'Link to locality approach',
    'See digital',
    'Consider as part of budget process.',
  ])('when the timescale is "%s", then due is null with a warning naming the text', (text) => {
    expectReading(text, { due: null, warnings: [`could not read a date in "${text}"`] });
  });

  it('when a month has no year, then due is null and the warning says the year is missing', () => {
    expectReading('Wellbeing Blueprint Cabinet discussion December', {
      due: null,
      warnings: ['"December" has no year, so no date was read from it'],
    });
  });

  it.each(['', '   ', '\n\t\n'])(
    'when the timescale is blank (%j), then there is nothing: no date and no warning',
    (text) => {
      expectReading(text, { due: null });
    },
  );
});

describe('seeds 002 and 004: dates in council reports', () => {
  it.each<[string, string]>([
    ['May 2019', '2019-05-31'],
    ['16 May 2019', '2019-05-16'],
    ['August 2020', '2020-08-31'],
    ['May 2021', '2021-05-31'],
    // "Early", "mid" and "late" are not guessed at: the whole period counts.
    ['early 2023', '2023-12-31'],
    ['2nd Quarter 2020/21', '2020-09-30'],
    ['15th to 17th March 2022', '2022-03-17'],
    ['18/09/2023', '2023-09-18'],
  ])('when the text is "%s", then it is due %s', (text, due) => {
    expectReading(text, { due });
  });
});

describe("the issue's examples", () => {
  it.each<[string, string]>([
    ['June 2023', '2023-06-30'],
    ['2020/21', '2021-03-31'],
    ['2020/2021', '2021-03-31'],
    ['2020-21', '2021-03-31'],
    ['2022', '2022-12-31'],
    ['Nov21', '2021-11-30'],
    ['Jan 22', '2022-01-31'],
    ['Q3 2023/24', '2023-12-31'],
    ['Quarter 3 of 2025/26', '2025-12-31'],
    ['quarter one 2025/2026', '2025-06-30'],
    ['Q1 2024/25', '2024-06-30'],
    ['Q2 2024', '2024-06-30'],
    ['spring 2022', '2022-05-31'],
    ['summer 2022', '2022-08-31'],
    ['autumn 2022', '2022-11-30'],
    ['winter 2022', '2023-02-28'],
    ['16 Jun 2022', '2022-06-16'],
    ['31st January 2025', '2025-01-31'],
    ['1 March 2021', '2021-03-01'],
    ['16/06/2022', '2022-06-16'],
    ['2022-06-16', '2022-06-16'],
    ['Jan/Feb 2022', '2022-02-28'],
    ['April/May 2021', '2021-05-31'],
    ['Jan-Mar 2023', '2023-03-31'],
    ['January to March 2023', '2023-03-31'],
    ['by May 2021', '2021-05-31'],
  ])('when the timescale is "%s", then it is due %s', (text, due) => {
    expectReading(text, { due });
  });

  it.each<[string, Expected]>([
    ['Ongoing', { due: null, status: 'Ongoing' }],
    ['Underway', { due: null, status: 'Ongoing' }],
    ['Complete', { due: null, status: 'Complete' }],
    ['Completed', { due: null, status: 'Complete' }],
    ['Delivered', { due: null, status: 'Complete' }],
    ['TBC', { due: null }],
    ['As and when required', { due: null }],
  ])(
    'when the timescale is only "%s", then it gives no date, no warning and the status it states',
    (text, expected) => {
      expectReading(text, expected);
    },
  );
});

describe('the conventions generalise beyond the seeds', () => {
  it.each<[string, string]>([
    ['end of Q4 2024/25', '2025-03-31'],
    ['Autumn 2024', '2024-11-30'],
    ['Winter 2023', '2024-02-29'],
    ['winter 2023/24', '2024-02-29'],
    ['no later than 30th September 2024', '2024-09-30'],
    ['deadline: 1st Feb 2024', '2024-02-01'],
    ['Sept 2023', '2023-09-30'],
    ['Sept. 2023', '2023-09-30'],
    ['Mar-24', '2024-03-31'],
    ["Dec '24", '2024-12-31'],
    ['March/April 2025', '2025-04-30'],
    ['Nov-Jan 2025', '2025-01-31'],
    ['Jan 2024 – Mar 2025', '2025-03-31'],
    ['FY 2024/25', '2025-03-31'],
    ['Spring 2026', '2026-05-31'],
    ['mid-2025', '2025-12-31'],
    ['before June 2024', '2024-06-30'],
    ['January 31st, 2025', '2025-01-31'],
    ['third quarter of 2024', '2024-09-30'],
    ['2022 – by June 2022', '2022-06-30'],
  ])('when the timescale is "%s", then it is due %s', (text, due) => {
    expectReading(text, { due });
  });

  it('when a financial year frames a month range, then the whole range must fall inside it', () => {
    expectReading('2021/22 – Mar/Apr 2021', {
      due: '2021-04-30',
      warnings: ['Mar/Apr 2021 is not in the financial year 2021/22; kept Mar/Apr 2021'],
    });
    expectReading('2021/22 – Apr/May 2021', { due: '2021-05-31' });
  });

  it('when a calendar year contradicts its date, then the date is kept with a warning', () => {
    expectReading('2022 – by June 2023', {
      due: '2023-06-30',
      warnings: ['June 2023 is not in 2022; kept June 2023'],
    });
  });

  it('when dates come before their words in one line, then each date takes the words after it', () => {
    expect(readTimescale('Dec 21 review Feb 22 implement').milestones).toEqual([
      { label: 'review', due: '2021-12-31' },
      { label: 'implement', due: '2022-02-28' },
    ]);
  });

  it('when work is still to be completed by a date, then the word "complete" is not read as a status', () => {
    expectReading('To be complete by Mar 2025', { due: '2025-03-31' });
  });

  it('when one phase is complete and another ongoing, then the action is Ongoing', () => {
    expectReading('Phase 1 complete, phase 2 ongoing', { due: null, status: 'Ongoing' });
  });
});

describe('words that only look like dates', () => {
  it.each(['Market review', 'Decision by Cabinet', 'Members may review', 'Septic tanks survey'])(
    'when "%s" contains a month abbreviation inside a word or "may" as a verb, then no date is read',
    (text) => {
      expectReading(text, { due: null, warnings: [`could not read a date in "${text}"`] });
    },
  );

  it('when "Phase 2" comes before a month, then the 2 is not read as a day', () => {
    expectReading('Phase 2 Dec 21', { due: '2021-12-31' });
  });

  it.each<[string, string]>([
    ['31 June 2022', '"31 June 2022" is not a real date'],
    ['29/02/2023', '"29/02/2023" is not a real date'],
    ['Q3', '"Q3" has no year, so no date was read from it'],
    ['Review in summer', '"summer" has no year, so no date was read from it'],
  ])('when the timescale is "%s", then nothing is guessed and the warning says why', (text, warning) => {
    expectReading(text, { due: null, warnings: [warning] });
  });

  it('when a financial year\'s second year does not follow the first ("2020/23"), then it is not read', () => {
    expectReading('2020/23', { due: null, warnings: ['could not read a date in "2020/23"'] });
  });

  it('when 29 February falls in a leap year, then it is read', () => {
    expectReading('29 Feb 2024', { due: '2024-02-29' });
  });
});

describe('text that is not ordinary', () => {
  it('when the timescale holds control characters, then they are ignored', () => {
    expectReading('\u0000Dec\u0007 21\u001b', { due: '2021-12-31' });
  });

  it('when the timescale is longer than the column allows, then the first 1,000 characters are read and it says so', () => {
    const reading = readTimescale(`Dec 21 ${'x'.repeat(200_000)} Feb 22`);
    expect(reading.due).toBe('2021-12-31');
    expect(reading.warnings).toEqual(['only the first 1000 characters were read']);
  });

  it('when a cell names more dates than an action can hold, then the first 50 are kept and it says so', () => {
    const cell = Array.from({ length: 60 }, (_, i) => `Step ${i} Dec 21`).join('\n');
    const reading = readTimescale(cell);
    expect(reading.milestones).toHaveLength(50);
    expect(reading.warnings).toEqual(['only the first 50 dates were read']);
  });
});
