import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { readSince } from '../store/read-since.js';
import { runSync } from '../sync.js';
import { bodyProblems, commonProblems, json, jsonBody, PlanParams, problem } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/sync-protocol.js');

const sync = ({ SyncReply, SyncRequest }: Schemas) =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans/{plan}/sync',
    summary: "Send a workbook's changes and receive everything changed since the cursor, in one round trip",
    description:
      "Each change is merged field by field into the row as it stands. A field both sides changed to different values is a conflict (the server value is kept). Changes outside the caller's directorates come back as refusals. A repeated idempotency key, from the same caller with the same body, returns the first answer and writes nothing; from another caller or with another body it is a 422.",
    request: { params: PlanParams, body: jsonBody(SyncRequest) },
    responses: {
      200: json(SyncReply, 'What was applied, conflicts, refusals, and the rows changed since the cursor'),
      409: problem('sync-in-progress: the same idempotency key is being applied right now; retry shortly'),
      422: problem(
        'idempotency-key-reused: the key was already used by another caller or for another request; use a new key',
      ),
      ...commonProblems,
      ...bodyProblems,
    },
  });

const changes = ({ SyncReply }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/changes',
    summary: 'Every row changed since a revision, tombstones included',
    request: {
      params: PlanParams,
      query: z.object({
        since: z.coerce
          .number()
          .int()
          .nonnegative()
          .default(0)
          .openapi({ description: 'The cursor from the last sync' }),
      }),
    },
    responses: {
      200: json(z.object({ cursor: z.number().int(), changes: SyncReply.shape.changes }), 'The delta'),
      ...commonProblems,
    },
  });

export async function syncRoutes() {
  const schemas = await import('../../core/sync-protocol.js');
  return new OpenAPIHono<AppEnv>()
    .openapi(sync(schemas), async (c) => {
      const { council, plan } = c.req.valid('param');
      const { store, syncLeaseMs } = c.get('deps');
      const reply = await runSync(
        store,
        { council, plan },
        c.get('caller'),
        c.req.valid('json'),
        syncLeaseMs,
      );
      c.set('syncCounts', {
        applied: reply.applied.length,
        created: reply.applied.filter((a) => a.op === 'create').length,
        conflicts: reply.conflicts.length,
        refused: reply.refused.length,
      });
      return c.json(reply, 200);
    })
    .openapi(changes(schemas), async (c) => {
      const { council, plan } = c.req.valid('param');
      const { since } = c.req.valid('query');
      const { store } = c.get('deps');
      const delta = await readSince(store, { council, plan }, since);
      return c.json({ cursor: delta.cursor, changes: delta.actions }, 200);
    });
}
