import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { exportRows, fileNameOf, sheetNameOf, toCsv } from '../../core/export.js';
import type { AppEnv } from '../app.js';
import { writeXlsx, XLSX_CONTENT_TYPE } from '../export-xlsx.js';
import { listActions } from '../store/actions.js';
import { getPlan } from '../store/plans.js';
import { commonProblems, PlanParams } from './schemas.js';

const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const file = (contentType: string, description: string) => ({
  content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } },
  description,
});

const xlsx = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/export.xlsx',
    summary: "The plan's actions as an Excel workbook (text cells only, formulas neutralised)",
    request: { params: PlanParams },
    responses: { 200: file(XLSX_CONTENT_TYPE, 'One sheet, one row per live action'), ...commonProblems },
  });

const csv = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/export.csv',
    summary: "The plan's actions as CSV (UTF-8 with BOM, formulas neutralised)",
    request: { params: PlanParams },
    responses: { 200: file(CSV_CONTENT_TYPE, 'RFC 4180, one row per live action'), ...commonProblems },
  });

/** filename= for every browser, filename*= with the title's own letters where it has more. */
export function attachment(title: string, extension: string): string {
  const name = `${fileNameOf(title)}.${extension}`;
  return `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Plan data must not sit in shared caches or the browser's history. */
const PRIVATE = { 'cache-control': 'private, no-store' };

export function exportRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(xlsx(), async (c) => {
      const ref = c.req.valid('param');
      const { store } = c.get('deps');
      const [plan, actions] = await Promise.all([getPlan(store, ref), listActions(store, ref)]);
      const body = writeXlsx(exportRows(actions), sheetNameOf(plan.title));
      return c.body(new Uint8Array(body), 200, {
        ...PRIVATE,
        'content-type': XLSX_CONTENT_TYPE,
        'content-disposition': attachment(plan.title, 'xlsx'),
      });
    })
    .openapi(csv(), async (c) => {
      const ref = c.req.valid('param');
      const { store } = c.get('deps');
      const [plan, actions] = await Promise.all([getPlan(store, ref), listActions(store, ref)]);
      return c.body(toCsv(exportRows(actions)), 200, {
        ...PRIVATE,
        'content-type': CSV_CONTENT_TYPE,
        'content-disposition': attachment(plan.title, 'csv'),
      });
    });
}
