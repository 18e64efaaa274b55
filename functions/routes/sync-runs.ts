import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { canManagePlans } from '../caller.js';
import { problems } from '../problem.js';
import { listSyncRuns, readSyncList, recordSyncRun, writeSyncList } from '../store/sync-runs.js';
import { bodyProblems, CouncilParams, commonProblems, json, jsonBody, ulid } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/api-replies.js') & typeof import('../../core/sync-run-log.js');

const record = ({ SyncRun, SyncRunInput }: Schemas) =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/sync-runs',
    summary: "Record how one workbook's automated sync went (policy, admin, or the sync application)",
    request: { params: CouncilParams, body: jsonBody(SyncRunInput) },
    responses: { 201: json(SyncRun, 'The entry as stored'), ...commonProblems, ...bodyProblems },
  });

const list = ({ SyncRunPage, SYNC_RUN_STATUSES }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/sync-runs',
    summary: "The council's sync-run log, newest first (policy, admin)",
    request: {
      params: CouncilParams,
      query: z.object({
        limit: z
          .string()
          .regex(/^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$/, 'must be a whole number from 1 to 500')
          .optional()
          .openapi({ description: 'At most this many entries (default 100)' }),
        before: ulid()
          .optional()
          .openapi({ description: 'Entries older than this one: the `next` of the page before' }),
      }),
    },
    responses: {
      200: json(
        SyncRunPage,
        `Entries, each with its status (${SYNC_RUN_STATUSES.join(', ')}); next is null on the last page`,
      ),
      ...commonProblems,
    },
  });

const readList = ({ StoredSyncList }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/sync-list',
    summary:
      "The workbooks the council's automated sync syncs, each with its plan (policy, admin, the sync application)",
    request: { params: CouncilParams },
    responses: {
      200: json(StoredSyncList, 'The sync list; empty until an admin writes one'),
      ...commonProblems,
    },
  });

const writeList = ({ StoredSyncList, SyncListInput }: Schemas) =>
  createRoute({
    method: 'put',
    path: '/councils/{council}/sync-list',
    summary: "Replace the council's sync list (admin)",
    request: { params: CouncilParams, body: jsonBody(SyncListInput) },
    responses: { 200: json(StoredSyncList, 'The sync list as stored'), ...commonProblems, ...bodyProblems },
  });

/** The log says which workbooks of the council sync and which do not: policy's business, not every officer's. */
function requireSyncLogReader(role: Parameters<typeof canManagePlans>[0]): void {
  if (!canManagePlans(role))
    throw problems.forbidden('Only policy and admin users can see or record sync runs.');
}

/** The scheduled sync (an application with the sync app role) reads its list and records its runs. */
function requireSyncRunner(caller: Parameters<typeof canManagePlans>[0]): void {
  if (caller.role !== 'sync') requireSyncLogReader(caller);
}

export async function syncRunRoutes() {
  const schemas = {
    ...(await import('../../core/api-replies.js')),
    ...(await import('../../core/sync-run-log.js')),
  };
  return new OpenAPIHono<AppEnv>()
    .openapi(record(schemas), async (c) => {
      const caller = c.get('caller');
      requireSyncRunner(caller);
      const run = await recordSyncRun(c.get('deps').store, caller.council, c.req.valid('json'), {
        by: caller.name,
        at: new Date().toISOString(),
      });
      // Its status goes into the request's log line and metrics: failed runs raise an alarm.
      c.set('syncRun', run.status);
      return c.json(run, 201);
    })
    .openapi(readList(schemas), async (c) => {
      const caller = c.get('caller');
      requireSyncRunner(caller);
      return c.json(await readSyncList(c.get('deps').store, caller.council), 200);
    })
    .openapi(writeList(schemas), async (c) => {
      const caller = c.get('caller');
      // Which files a service account writes to is an administrator's decision.
      if (caller.role !== 'admin') throw problems.forbidden('Only admin users can change the sync list.');
      const stored = await writeSyncList(c.get('deps').store, caller.council, c.req.valid('json'), {
        by: caller.name,
        at: new Date().toISOString(),
      });
      return c.json(stored, 200);
    })
    .openapi(list(schemas), async (c) => {
      const caller = c.get('caller');
      requireSyncLogReader(caller);
      const query = c.req.valid('query');
      const page = await listSyncRuns(c.get('deps').store, caller.council, {
        limit: query.limit ? Number(query.limit) : 100,
        before: query.before,
      });
      return c.json(page, 200);
    });
}
