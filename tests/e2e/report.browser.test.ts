/**
 * The committee report as a council officer sees and prints it: rendered by headless Chromium,
 * printed to an A4 PDF, and screenshotted for the README (docs/screenshots/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action, deriveDeadlines, type Plan } from '../../core/plan.js';
import { buildReport, renderReportHtml } from '../../core/report.js';
import { buildAction } from '../support/factories.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
/** A4 at 96 dpi, and the width left inside 15 mm margins. */
const A4 = { width: 794, height: 1123 };
const A4_PRINTABLE_WIDTH = 680;

const PLAN_ID = '01JD0000000000000000000P02';
const RECOMMENDATIONS: [string, string][] = [
  ['1', 'Restructure the senior leadership team.'],
  ['2', 'Adopt a Corporate Delivery Plan to May 2020.'],
  [
    '3',
    'Ensure the integrity of the current IT system. Review the progress and suitability of current plans, capability and capacity in respect of this, and beyond that to confirm the emerging plans in respect of ICT development and digital delivery fit with longer term transformational plans.',
  ],
  [
    '4',
    'Work with all key stakeholders over the next year to develop a clear vision and priorities for the council aligned to our Medium Term Financial Plan (MTFP), to be agreed in the next iteration of the Corporate Delivery Plan (CDP).',
  ],
  ['5', 'Hold regular meetings between senior officers and members, formal and informal.'],
  [
    '6',
    'Establish effective workforce planning and performance management arrangements. The Council should:\n• Review its future staffing arrangements, ensuring strategic fit and a ‘one council’ ethos\n• Establish appropriate pay and reward arrangements for staff',
  ],
  [
    '7',
    'Building on its relatively strong financial position, review how its investment and commercial plans could be enhanced.',
  ],
  [
    '8',
    'Consider reviewing governance arrangements to ensure better decision making in order to deliver its revised priorities and plans.',
  ],
];

let counter = 0;
function action(overrides: Partial<Action>): Action & { plan: string } {
  counter += 1;
  return {
    ...buildAction({ progress: '', ...overrides }),
    id: `01JD${String(counter).padStart(22, '0')}`,
    order: counter,
    version: 1,
    revision: counter,
    updatedAt: '2020-09-01T09:00:00.000Z',
    updatedBy: 'officer',
    deleted: false,
    plan: PLAN_ID,
    ...overrides,
  };
}

/** Seed 002's plan at its 2nd Quarter 2020/21 report, with text officers really type (long links, `<`, `&`). */
function seedReportHtml(): string {
  const plan: Plan = {
    id: PLAN_ID,
    council: 'test-council',
    title: 'Corporate Peer Challenge March 2019',
    reportReceived: '2019-05-16',
    onSiteFrom: '2019-03-26',
    onSiteTo: '2019-03-29',
    themes: [],
    actionPlanPublished: '2019-07-01',
    checkInHeld: '2019-12-02',
    deadlines: deriveDeadlines('2019-05-16'),
    recommendations: RECOMMENDATIONS.map(([number, text]) => ({
      number,
      text,
      theme: null,
      code: `CRD${number}`,
    })),
    revision: 30,
    createdAt: '2019-06-01T09:00:00.000Z',
    createdBy: 'policy',
  };
  const actions = [
    action({
      action: 'Restructure the senior leadership team',
      recommendations: ['1'],
      directorate: 'Chief Executive',
      lead: 'Chief Executive',
      due: '2019-12-31',
      status: 'Complete',
      progress: 'New structure in place from January 2020.',
    }),
    action({
      action: 'Adopt the Corporate Delivery Plan to May 2020',
      recommendations: ['2'],
      directorate: 'Policy',
      lead: 'Head of Policy',
      due: '2020-03-31',
      status: 'Complete',
    }),
    action({
      action:
        'Replace servers, storage and disaster recovery infrastructure in line with the costed delivery plan',
      recommendations: ['3'],
      directorate: 'ICT & Digital',
      lead: 'Head of ICT',
      due: '2020-08-31',
      status: 'On track',
      progress:
        "Excellent progress has been made on replacing and updating the Council's servers, storage and disaster recovery infrastructure. Delivery was delayed slightly by the pandemic. Plan: https://intranet.example.gov.uk/ict/infrastructure/2020-21/costed-delivery-plan/phase-2/servers-storage-and-disaster-recovery.pdf",
    }),
    action({
      action: 'Develop a new digital platform for service delivery, CRM and telephony',
      recommendations: ['3'],
      directorate: 'ICT & Digital',
      lead: 'Head of ICT',
      due: '2021-03-31',
      status: 'Not started',
    }),
    action({
      action: 'Alliance Member workshops on strategic priorities for the year ahead',
      recommendations: ['4'],
      directorate: 'Chief Executive',
      lead: 'Chief Executive',
      due: '2021-03-31',
      status: 'On track',
      progress:
        'Workshops were held on 12 November and 1 December and will inform the budget setting process.',
    }),
    action({
      action: 'Regular meetings between senior officers and members',
      recommendations: ['5'],
      directorate: 'Chief Executive',
      lead: 'Chief Executive',
      due: '2020-03-31',
      status: 'Complete',
    }),
    action({
      action: 'Organisational Development programme: Council-wide values and behaviours',
      recommendations: ['6'],
      directorate: 'HR & OD',
      lead: 'Head of HR',
      due: '2020-03-31',
      status: 'At risk',
      progress:
        'An agreed action plan has been produced with the Organisational Development Consultants. Initial sessions held with SLT and LMT; Member and staff focus groups planned.',
    }),
    action({
      action: 'Pay and reward review (grades < 6 first)',
      recommendations: ['6'],
      directorate: 'HR & OD',
      lead: 'Head of HR',
      due: '2020-06-30',
      status: 'Off track',
      progress: 'Paused: staff redeployed to the Covid-19 response.',
    }),
    action({
      action: 'Further investment in Multi-Asset funds',
      recommendations: ['7'],
      directorate: 'Finance',
      lead: 'Section 151 Officer',
      due: '2021-03-31',
      status: 'On track',
      progress:
        'The Council has completed a further £1m investment in Multi-Asset funds. Capital performance during the quarter has been stable.',
    }),
    action({
      action: 'CE and Leader meet Group Leaders, Policy Committee Chairs and Vice Chairs',
      recommendations: ['8'],
      directorate: 'Chief Executive',
      lead: 'Chief Executive',
      due: null,
      status: 'Ongoing',
      progress: 'The Strategic Leadership Team meets at least weekly and promotes collaborative working.',
    }),
    action({
      action: 'Set out operational, financial and legal implications in every report',
      recommendations: ['8'],
      directorate: 'Legal & Democratic',
      lead: 'Monitoring Officer',
      due: '2020-12-31',
      status: 'On track',
      progress: 'Implications are discussed with the administration at draft stage.',
    }),
  ];
  return renderReportHtml(
    buildReport({ council: 'test-council', plans: [plan], actions, asOf: '2020-09-30' }),
  );
}

let browser: Browser;
let page: Page;
const html = seedReportHtml();

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: A4 });
  await page.setContent(html, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Widths that stick out of the page or of a table's container, in CSS pixels. */
const overflow = (p: Page) =>
  p.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tables: [...document.querySelectorAll('table')]
      .map((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0))
      .filter((extra) => extra > 0),
  }));

/** Words in table cells that the page breaks across two lines ("Directora te"); a link may break. */
const brokenWords = (p: Page) =>
  p.evaluate(() => {
    const broken: string[] = [];
    for (const cell of document.querySelectorAll('th, td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(
          /(?<!\S)[A-Za-z&'()-]{4,}(?=[.,;:]?(?:\s|$))/g,
        )) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });

describe('the progress report in a browser', () => {
  it('when shown on screen at A4 width, then no word in a table is broken across lines', async () => {
    expect(await brokenWords(page)).toEqual([]);
  });

  it('when rendered, then the SVG chart is drawn with a size, its labels and legend', async () => {
    const chart = page.locator('figure svg').first();
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(100);
    const labels = await chart.locator('text').allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining(['REC 3 (CRD3)', 'Complete', 'On track', 'At risk', 'Off track']),
    );
  });

  it('when shown at A4 width on screen and printed, then nothing runs off the side', async () => {
    expect(await overflow(page)).toEqual({ page: 0, tables: [] });
    const print = await browser.newPage({ viewport: { width: A4_PRINTABLE_WIDTH, height: A4.height } });
    await print.emulateMedia({ media: 'print' });
    await print.setContent(html, { waitUntil: 'load' });
    expect(await overflow(print)).toEqual({ page: 0, tables: [] });
    await print.close();
  });

  it('when printed to PDF on A4, then it is a PDF of at least one page (page 1 kept for the README)', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);

    if (existsSync('/usr/bin/pdftoppm')) {
      const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
      writeFileSync(join(dir, 'report.pdf'), pdf);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '90',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        join(dir, 'report.pdf'),
        join(dir, 'page1'),
      ]);
      const png = readFileSync(join(dir, 'page1.png'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, 'report-page1.png'), png);
    }
  });

  it('when screenshotted, then the picture is saved for the README', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const png = await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(png.length).toBeGreaterThan(10_000);
  });
});
