/**
 * The five seed plans (transcribed inline below; sources in tests/fixtures/SOURCES.md) as the grids councils keep them, and the 2019 fixture
 * workbook: every field of every action the officer would check.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSheetCells } from '../../cli/workbook-read.js';
import { type Cell, type GridReading, readGrid } from '../../core/grid.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));

/** A table written the way seed 000 prints it: one row a line, cells between "|". */
function pipeTable(text: string): Cell[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()));
}

const blankAction = {
  id: null,
  recommendations: [],
  directorate: '',
  lead: '',
  timescale: '',
  due: null,
  milestones: [],
  status: null,
  progress: '',
  extra: {},
  warnings: [],
};

/** Chorley's 2019 plan: themes written once per group, financial-year timescales. */
const CHORLEY_2019 = [
  [
    4,
    'Change management',
    'Creation of an Investment Strategy',
    '3',
    'Commercial Services',
    '2020/21 – by December 2020',
    '2020-12-31',
  ],
  [
    5,
    'Change management',
    'Refresh the Digital Strategy (2017)',
    '8',
    'Digital Governance Board',
    '2021/22 – by December 2020',
    '2020-12-31',
  ],
  [
    6,
    'Organisational development',
    'Develop an Internal Communications Strategy',
    '4',
    'Policy and Governance',
    '2021/22 – by March 2021',
    '2021-03-31',
  ],
  [
    7,
    'Organisational development',
    'Refresh the current OD Strategy (2020/21)',
    '5',
    'Policy and Governance',
    '2020/21 – by March 2021',
    '2021-03-31',
  ],
  [
    8,
    'Organisational development',
    'Create a development programme Senior Leadership Team',
    '6',
    'Policy and Governance',
    '2020/21 – by December 2020',
    '2020-12-31',
  ],
  [
    9,
    'Organisational development',
    'Review communication channels with Members and develop a programme of revised communication channels',
    '7',
    'Policy and Governance',
    '2020/21 – by May 2021',
    '2021-05-31',
  ],
  [
    10,
    'Partnership working',
    'Scope out further opportunities for regional devolution present to align structures, decision making and local priorities as part of a wider vision of place for Chorley',
    '1',
    'Policy and Governance',
    '2021/22 – by March 2022',
    '2022-03-31',
  ],
  [
    11,
    'Partnership working',
    'Revisit the terms of reference, membership and scope of the Public Services Reform Executive',
    '2',
    'Policy and Governance',
    '2020/21 – by March 2021',
    '2021-03-31',
  ],
  [
    12,
    'Partnership working',
    'Implement bi-yearly benefits realisation for Public Service Reform and Integrated Community Wellbeing',
    '9',
    'Policy and Governance',
    '2020/21 – by December 2020',
    '2020-12-31',
  ],
] as const;

/** The timescales whose date falls outside the financial year they name. */
const CONTRADICTIONS: Record<number, RegExp> = {
  5: /December 2020.*2021\/22/,
  6: /March 2021.*2021\/22/,
  9: /May 2021.*2020\/21/,
};

function expectChorley2019(reading: GridReading): void {
  expect(reading.headerRow).toBe(3);
  expect(reading.columns).toEqual({
    Theme: 'theme',
    'Proposed action': 'action',
    'Link to peer challenge recommendation': 'recommendation',
    Directorate: 'directorate',
    Timescales: 'timescale',
  });
  expect(reading.recommendations.map((r) => r.number)).toEqual(['3', '8', '4', '5', '6', '7', '1', '2', '9']);
  expect(reading.recommendations.every((r) => r.text === '' && r.code === null)).toBe(true);
  expect(reading.actions).toHaveLength(9);
  reading.actions.forEach((action, i) => {
    const [row, theme, text, recommendation, directorate, timescale, due] = CHORLEY_2019[i] ?? [];
    const contradiction = CONTRADICTIONS[row ?? 0];
    expect(action).toEqual({
      ...blankAction,
      row,
      theme,
      action: text,
      recommendations: [recommendation],
      directorate,
      timescale,
      due,
      warnings: contradiction ? [expect.stringMatching(contradiction)] : [],
    });
  });
  expect(reading.warnings).toEqual(
    Object.entries(CONTRADICTIONS).map(([row, message]) => ({
      row: Number(row),
      column: 'Timescales',
      message: expect.stringMatching(message),
    })),
  );
}

describe('the 2019 fixture workbook', () => {
  it('when the Action plan sheet is read, then its nine actions come out with themes carried through merged cells', async () => {
    const { sheet, cells } = await readSheetCells(FIXTURE);
    expect(sheet).toBe('Action plan');
    expectChorley2019(readGrid(cells, { sheet }));
  });
});

describe('seed 000: Chorley 2019 as a "|" table', () => {
  const seed = pipeTable(`
Corporate Peer Challenge (October 2019) – action plan
|
Theme | Proposed action | Link to peer challenge recommendation | Directorate | Timescales
Change management | Creation of an Investment Strategy | Recommendation 3 | Commercial Services | 2020/21 – by December 2020
| Refresh the Digital Strategy (2017) | Recommendation 8 | Digital Governance Board | 2021/22 – by December 2020
Organisational development | Develop an Internal Communications Strategy | Recommendation 4 | Policy and Governance | 2021/22 – by March 2021
| Refresh the current OD Strategy (2020/21) | Recommendation 5 | Policy and Governance | 2020/21 – by March 2021
| Create a development programme Senior Leadership Team | Recommendation 6 | Policy and Governance | 2020/21 – by December 2020
| Review communication channels with Members and develop a programme of revised communication channels | Recommendation 7 | Policy and Governance | 2020/21 – by May 2021
Partnership working | Scope out further opportunities for regional devolution present to align structures, decision making and local priorities as part of a wider vision of place for Chorley | Recommendation 1 | Policy and Governance | 2021/22 – by March 2022
| Revisit the terms of reference, membership and scope of the Public Services Reform Executive | Recommendation 2 | Policy and Governance | 2020/21 – by March 2021
| Implement bi-yearly benefits realisation for Public Service Reform and Integrated Community Wellbeing | Recommendation 9 | Policy and Governance | 2020/21 – by December 2020
`);

  it('when the blank theme cells are read, then they carry down and the reading matches the workbook', async () => {
    const reading = readGrid(seed);
    expectChorley2019(reading);
    const { cells } = await readSheetCells(FIXTURE);
    expect(reading).toEqual(readGrid(cells));
  });
});

describe('seed 001: Lancashire 2021, SRO sections with bullet timescales', () => {
  const header = ['Detail of comment', 'Proposals', 'Timescale'];
  const seed: Cell[][] = [
    ['LGA peer review – action plan'],
    [],
    ['SRO: Laura Sales'],
    header,
    [
      'Strengthen the relationships between Councillors and senior officers.',
      'Work closely with member engagement panel to identify issues',
      '• Engagement panel underway',
    ],
    [
      'Clarify shared responsibilities across the councillor and senior officer cohorts.',
      'Undertake regular awareness raising for staff and members regarding information rules and timescales.',
      '• Dec 21\n• Check progress Feb 22',
    ],
    [
      'Ensure all councillors receive timely responses and can access suitable information.',
      '• Drop-in sessions/for senior officers on key dates (e.g. full council day/cabinet dates?)\n• Monitor and implement response timescales',
      '• Dec 21 onwards',
    ],
    [],
    ['SRO: Mike Kirby'],
    header,
    [
      'Advance work on climate change as a corporate and Greater Lancashire priority',
      '• Recruit staff resource to co-ordinate activity\n• Map existing activity\n• Address gap analysis',
      '• Recruitment ongoing\n• Feb 22 map\n• April 22 roll out',
    ],
    [],
    ['SRO: Neil Kissock'],
    header,
    [
      'Consider structural requirements re s.151 officer role/Chief executive.',
      'Needs political consideration.',
      null,
    ],
  ];
  const reading = readGrid(seed, { sheet: 'LGA peer review' });
  // The peer team's finding beside each proposal is the recommendation it answers (issue 18).
  const findings = [
    'Strengthen the relationships between Councillors and senior officers.',
    'Clarify shared responsibilities across the councillor and senior officer cohorts.',
    'Ensure all councillors receive timely responses and can access suitable information.',
    'Advance work on climate change as a corporate and Greater Lancashire priority',
    'Consider structural requirements re s.151 officer role/Chief executive.',
  ];
  const finding = (text: string) => [String(findings.indexOf(text) + 1)];

  it('when "Detail of comment" holds the peer team\'s finding, then each finding is a recommendation and its proposals answer it', () => {
    expect(reading.recommendations).toEqual(
      findings.map((text, i) => ({ number: String(i + 1), text, code: null })),
    );
    expect(reading.actions.every((a) => Object.keys(a.extra).length === 0)).toBe(true);
  });

  it('when the header sits under the first SRO row, then it is found and that SRO leads the first section', () => {
    expect(reading.headerRow).toBe(4);
    expect(reading.columns).toEqual({
      'Detail of comment': 'detail',
      Proposals: 'action',
      Timescale: 'timescale',
    });
    expect(reading.actions.map((a) => [a.row, a.lead])).toEqual([
      [5, 'Laura Sales'],
      [6, 'Laura Sales'],
      [7, 'Laura Sales'],
      [11, 'Mike Kirby'],
      [11, 'Mike Kirby'],
      [11, 'Mike Kirby'],
      [15, 'Neil Kissock'],
    ]);
  });

  it('when a timescale lists dated steps for one proposal, then it is one action with milestones', () => {
    expect(reading.actions[1]).toEqual({
      ...blankAction,
      row: 6,
      theme: '',
      action:
        'Undertake regular awareness raising for staff and members regarding information rules and timescales.',
      lead: 'Laura Sales',
      timescale: '• Dec 21\n• Check progress Feb 22',
      due: '2022-02-28',
      milestones: [
        { label: 'Dec 21', due: '2021-12-31' },
        { label: 'Check progress', due: '2022-02-28' },
      ],
      recommendations: finding(
        'Clarify shared responsibilities across the councillor and senior officer cohorts.',
      ),
    });
  });

  it('when a timescale says the work is underway, then the action is ongoing with no due date', () => {
    expect(reading.actions[0]).toEqual({
      ...blankAction,
      row: 5,
      theme: '',
      action: 'Work closely with member engagement panel to identify issues',
      lead: 'Laura Sales',
      timescale: '• Engagement panel underway',
      status: 'Ongoing',
      recommendations: finding('Strengthen the relationships between Councillors and senior officers.'),
    });
  });

  it('when two proposals share one date, then they stay one action with the proposals as written', () => {
    expect(reading.actions[2]).toEqual({
      ...blankAction,
      row: 7,
      theme: '',
      action:
        '• Drop-in sessions/for senior officers on key dates (e.g. full council day/cabinet dates?)\n• Monitor and implement response timescales',
      lead: 'Laura Sales',
      timescale: '• Dec 21 onwards',
      due: '2021-12-31',
      recommendations: finding(
        'Ensure all councillors receive timely responses and can access suitable information.',
      ),
    });
  });

  it('when three proposals have three dates, then they become three actions', () => {
    const climate = finding('Advance work on climate change as a corporate and Greater Lancashire priority');
    expect(reading.actions.slice(3, 6)).toEqual([
      {
        ...blankAction,
        row: 11,
        theme: '',
        action: 'Recruit staff resource to co-ordinate activity',
        lead: 'Mike Kirby',
        timescale: 'Recruitment ongoing',
        status: 'Ongoing',
        recommendations: climate,
      },
      {
        ...blankAction,
        row: 11,
        theme: '',
        action: 'Map existing activity',
        lead: 'Mike Kirby',
        timescale: 'Feb 22 map',
        due: '2022-02-28',
        recommendations: climate,
      },
      {
        ...blankAction,
        row: 11,
        theme: '',
        action: 'Address gap analysis',
        lead: 'Mike Kirby',
        timescale: 'April 22 roll out',
        due: '2022-04-30',
        recommendations: climate,
      },
    ]);
  });

  it('when a proposal has no timescale, then it is read with no due date', () => {
    expect(reading.actions[6]).toEqual({
      ...blankAction,
      row: 15,
      theme: '',
      action: 'Needs political consideration.',
      lead: 'Neil Kissock',
      recommendations: finding('Consider structural requirements re s.151 officer role/Chief executive.'),
    });
  });

  it('when SRO rows head the sections, then each is explained by a warning and repeated headers are not', () => {
    expect(reading.warnings.map((w) => [w.row, w.column])).toEqual([
      [3, null],
      [9, null],
      [13, null],
    ]);
  });
});

describe('seed 002: a quarterly progress report, Recommendation | Progress', () => {
  const seed: Cell[][] = [
    ['CORPORATE PEER CHALLENGE PROGRESS 2ND QUARTER 2020/21'],
    ['Recommendation', 'Progress'],
    [
      'REC 3 (CRD3) Ensure the integrity of the current IT system. Review the progress and suitability of current plans, capability and capacity in respect of this.',
      "Excellent progress has been made on replacing and updating the Council's servers, storage and disaster recovery infrastructure in line with the costed delivery plan.",
    ],
    [
      'REC 4 (CRD4) Work with all key stakeholders over the next year to develop a clear vision and priorities for the council aligned to our Medium Term Financial Plan (MTFP).',
      'Alliance Member workshops focusing on the strategic priorities for the year ahead and beyond were held on 12 November and 1 December.',
    ],
    [
      'REC 6 (CRD6) Establish effective workforce planning and performance management arrangements. The Council should:\n Review is future staffing arrangements\n Establish appropriate pay and reward arrangements for staff',
      'An agreed action plan has been produced with the Organisational Development Consultants.',
    ],
    [
      'REC 7 (CRD7) Building on its relatively strong financial position, review how its investment and commercial plans could be enhanced.',
      'The Council has completed a further £1m investment in Multi-Asset funds.',
    ],
  ];
  const reading = readGrid(seed);

  it('when there is no action column, then each recommendation is the action and the progress note is kept', () => {
    expect(reading.headerRow).toBe(2);
    expect(reading.columns).toEqual({ Recommendation: 'recommendation', Progress: 'progress' });
    expect(
      reading.actions.map((a) => [a.row, a.recommendations, a.action.slice(0, 30), a.progress.slice(0, 30)]),
    ).toEqual([
      [3, ['3'], 'Ensure the integrity of the cu', 'Excellent progress has been ma'],
      [4, ['4'], 'Work with all key stakeholders', 'Alliance Member workshops focu'],
      [5, ['6'], 'Establish effective workforce ', 'An agreed action plan has been'],
      [6, ['7'], 'Building on its relatively str', 'The Council has completed a fu'],
    ]);
    expect(reading.actions[2]?.action).toBe(
      'Establish effective workforce planning and performance management arrangements. The Council should:\nReview is future staffing arrangements\nEstablish appropriate pay and reward arrangements for staff',
    );
    expect(reading.warnings).toEqual([]);
  });

  it('when references read "REC 3 (CRD3)", then the number is 3 and CRD3 is kept as its code', () => {
    expect(reading.recommendations.map((r) => [r.number, r.code])).toEqual([
      ['3', 'CRD3'],
      ['4', 'CRD4'],
      ['6', 'CRD6'],
      ['7', 'CRD7'],
    ]);
    expect(reading.recommendations[0]?.text).toMatch(/^Ensure the integrity of the current IT system\./);
  });
});

describe('seed 003: Rotherham 2023, "Recommendation 1: that …" beside the actions', () => {
  const seed: Cell[][] = [
    ['LGA Corporate Peer Challenge – high-level action plan'],
    ['Recommendation', 'Action', 'Lead', 'Timescale'],
    [
      'Recommendation 1:  that the Council’s achievements be celebrated.',
      'Publish an annual “Rotherham achievements” report',
      'Assistant Chief Executive',
      'March 2024',
    ],
    [
      'Recommendation 2: that an externally facing narrative of place be developed to promote and market the borough and capitalise on Rotherham’s assets.',
      'Develop a place narrative with partners',
      'Strategic Director, Regeneration and Environment',
      'Summer 2024',
    ],
    [null, 'Launch a borough marketing campaign', null, '2024/25'],
    [
      'Recommendation 7: that the medium-term financial strategy be kept under review – testing assumptions and undertaking sensitivity – and reported to Members on a regular basis.',
      'Report the MTFS to Cabinet quarterly',
      'Strategic Director, Finance and Customer Services',
      'Ongoing',
    ],
  ];
  const reading = readGrid(seed);

  it('when recommendation cells give the number and its words, then the plan lists them', () => {
    expect(reading.recommendations).toEqual([
      { number: '1', text: 'that the Council’s achievements be celebrated.', code: null },
      {
        number: '2',
        text: 'that an externally facing narrative of place be developed to promote and market the borough and capitalise on Rotherham’s assets.',
        code: null,
      },
      {
        number: '7',
        text: 'that the medium-term financial strategy be kept under review – testing assumptions and undertaking sensitivity – and reported to Members on a regular basis.',
        code: null,
      },
    ]);
  });

  it('when a second action sits under a recommendation written once, then it links the same recommendation and lead', () => {
    expect(reading.actions.map((a) => [a.row, a.action, a.recommendations, a.lead, a.due, a.status])).toEqual(
      [
        [
          3,
          'Publish an annual “Rotherham achievements” report',
          ['1'],
          'Assistant Chief Executive',
          '2024-03-31',
          null,
        ],
        [
          4,
          'Develop a place narrative with partners',
          ['2'],
          'Strategic Director, Regeneration and Environment',
          '2024-08-31',
          null,
        ],
        [
          5,
          'Launch a borough marketing campaign',
          ['2'],
          'Strategic Director, Regeneration and Environment',
          '2025-03-31',
          null,
        ],
        [
          6,
          'Report the MTFS to Cabinet quarterly',
          ['7'],
          'Strategic Director, Finance and Customer Services',
          null,
          'Ongoing',
        ],
      ],
    );
    expect(reading.warnings).toEqual([]);
  });
});

describe('seed 004: West Lancashire 2022, Recommendation | Action | Lead officer | Target date | RAG', () => {
  const seed: Cell[][] = [
    ['Appendix B – Draft Action plan'],
    ['Corporate Peer Challenge, on site 15th to 17th March 2022'],
    [],
    ['Recommendation', 'Action', 'Lead officer', 'Target date', 'RAG'],
    [
      '1',
      'Refresh the Council Plan and its priorities with members',
      'Corporate Director of Transformation, Housing and Resources',
      44926,
      'Green',
    ],
    [
      null,
      'Agree the priorities with partners through the Local Strategic Partnership',
      null,
      new Date(Date.UTC(2023, 2, 31)),
      'A',
    ],
    [
      2,
      'Develop the place-based role in addressing health inequalities',
      'Head of Wellbeing and Place',
      { formula: 'DATE(2023,6,30)', result: new Date(Date.UTC(2023, 5, 30)) },
      'Blue',
    ],
    ['R3:', 'Six-month review session with the peer team', 'Chief Operating Officer', 'Early 2023', 'Purple'],
  ];
  const reading = readGrid(seed, { sheet: 'Action plan' });

  it('when target dates are Excel serial numbers, Date objects or formulas, then each is the due date', () => {
    expect(reading.actions.map((a) => [a.row, a.timescale, a.due])).toEqual([
      [5, '2022-12-31', '2022-12-31'],
      [6, '2023-03-31', '2023-03-31'],
      [7, '2023-06-30', '2023-06-30'],
      [8, 'Early 2023', expect.stringMatching(/^2023-/)],
    ]);
  });

  it('when RAG cells say Green, A or Blue, then the statuses are On track, At risk and Complete', () => {
    expect(reading.actions.map((a) => a.status)).toEqual(['On track', 'At risk', 'Complete', null]);
  });

  it('when a blank recommendation and lead sit under filled ones, then they carry down', () => {
    expect(reading.actions[1]).toMatchObject({
      recommendations: ['1'],
      lead: 'Corporate Director of Transformation, Housing and Resources',
    });
    expect(reading.actions.map((a) => a.recommendations)).toEqual([['1'], ['1'], ['2'], ['3']]);
  });

  it('when a RAG value is not one the plan knows, then it is warned about and kept in extra', () => {
    expect(reading.actions[3]).toMatchObject({ status: null, extra: { RAG: 'Purple' } });
    expect(reading.warnings).toEqual([
      { row: 8, column: 'RAG', message: expect.stringContaining('"Purple"') },
    ]);
  });
});
