import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Action, ActionFields, ActionPatch, ChangeRecord, Ulid } from '../../core/plan.js';
import { danglingLinks, danglingWarning, registerKeys } from '../../core/recommendation-links.js';
import { createAction, setDeleted, updateAction } from '../action-edits.js';
import type { AppEnv } from '../app.js';
import { problems } from '../problem.js';
import { actionHistory, getAction } from '../store/actions.js';
import type { Store } from '../store/dynamodb.js';
import type { PlanRef } from '../store/keys.js';
import { listRecommendations } from '../store/plans.js';
import { readSince } from '../store/read-since.js';
import {
  ActionParams,
  bodyProblems,
  commonProblems,
  IfMatchHeader,
  json,
  jsonBody,
  PlanParams,
  problem,
  versionProblems,
} from './schemas.js';

const ActionList = z.object({ cursor: z.number().int(), actions: z.array(Action) });

/** A written row, and what a person should know about it (a link the register does not have). */
const WrittenAction = Action.extend({
  warnings: z
    .array(z.string())
    .optional()
    .openapi({ description: 'Present when the row links to recommendations the plan does not have' }),
});

/** The row as written, with a warning when it links to recommendations the register does not have. */
async function withLinkWarnings(store: Store, ref: PlanRef, action: Action) {
  if (action.recommendations.length === 0) return action;
  const register = registerKeys(await listRecommendations(store, ref));
  const warning = danglingWarning(danglingLinks(action.recommendations, register));
  return warning ? { ...action, warnings: [warning] } : action;
}

const list = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/actions',
    summary: "The plan's actions and the cursor to sync from",
    request: {
      params: PlanParams,
      query: z.object({
        includeDeleted: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'Include deleted rows (tombstones), which can be restored' }),
      }),
    },
    responses: { 200: json(ActionList, 'Actions in row order'), ...commonProblems },
  });

const create = () =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans/{plan}/actions',
    summary: 'Add an action (officers: in their directorates)',
    request: {
      params: PlanParams,
      body: jsonBody(
        ActionFields.extend({
          id: Ulid.optional(),
          action: ActionFields.shape.action
            .unwrap()
            .refine((s) => s.trim() !== '', { message: 'is required: say what will be done' }),
        }).strict(),
      ),
    },
    responses: {
      201: json(WrittenAction, 'The new row, at version 1'),
      409: problem('already-exists: the id is taken'),
      ...commonProblems,
      ...bodyProblems,
    },
  });

const patch = () =>
  createRoute({
    method: 'patch',
    path: '/councils/{council}/plans/{plan}/actions/{id}',
    summary: 'Change fields of an action',
    request: { params: ActionParams, headers: IfMatchHeader, body: jsonBody(ActionPatch) },
    responses: {
      200: json(WrittenAction, 'The row after the change'),
      ...commonProblems,
      ...bodyProblems,
      ...versionProblems,
    },
  });

const remove = () =>
  createRoute({
    method: 'delete',
    path: '/councils/{council}/plans/{plan}/actions/{id}',
    summary: 'Delete an action (a tombstone that can be restored)',
    request: { params: ActionParams, headers: IfMatchHeader },
    responses: { 200: json(Action, 'The tombstone'), ...commonProblems, ...versionProblems },
  });

const restore = () =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans/{plan}/actions/{id}/restore',
    summary: 'Bring a deleted action back',
    request: { params: ActionParams, headers: IfMatchHeader },
    responses: { 200: json(Action, 'The restored row'), ...commonProblems, ...versionProblems },
  });

const history = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/actions/{id}/history',
    summary: 'Every change to an action, one record per field',
    request: { params: ActionParams },
    responses: { 200: json(z.object({ history: z.array(ChangeRecord) }), 'Oldest first'), ...commonProblems },
  });

/** If-Match carries the row version, as `3`, `"3"` or `W/"3"`. */
export function versionFrom(header: string | undefined): number {
  if (header === undefined)
    throw problems.preconditionRequired('Send If-Match with the version of the row you edited.');
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw problems.badRequest('If-Match must be the row version, e.g. If-Match: "3".');
  return Number(match[1]);
}

export function actionRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(list(), async (c) => {
      const { council, plan } = c.req.valid('param');
      const { store } = c.get('deps');
      // A full read: the counter first, so every change up to the cursor is in the rows.
      const { cursor, actions: rows } = await readSince(store, { council, plan }, 0);
      const includeDeleted = c.req.valid('query').includeDeleted === 'true';
      return c.json({ cursor, actions: includeDeleted ? rows : rows.filter((a) => !a.deleted) }, 200);
    })
    .openapi(create(), async (c) => {
      const { council, plan } = c.req.valid('param');
      const { id, ...fields } = c.req.valid('json');
      const { store } = c.get('deps');
      const action = await createAction(store, { council, plan }, c.get('caller'), fields, id);
      return c.json(await withLinkWarnings(store, { council, plan }, action), 201);
    })
    .openapi(patch(), async (c) => {
      const { council, plan, id } = c.req.valid('param');
      const version = versionFrom(c.req.valid('header')['if-match']);
      const { store } = c.get('deps');
      const body = c.req.valid('json');
      const action = await updateAction(store, { council, plan }, c.get('caller'), id, version, body);
      return c.json(
        body.recommendations ? await withLinkWarnings(store, { council, plan }, action) : action,
        200,
      );
    })
    .openapi(remove(), async (c) => {
      const { council, plan, id } = c.req.valid('param');
      const version = versionFrom(c.req.valid('header')['if-match']);
      return c.json(
        await setDeleted(c.get('deps').store, { council, plan }, c.get('caller'), id, version, true),
        200,
      );
    })
    .openapi(restore(), async (c) => {
      const { council, plan, id } = c.req.valid('param');
      const version = versionFrom(c.req.valid('header')['if-match']);
      return c.json(
        await setDeleted(c.get('deps').store, { council, plan }, c.get('caller'), id, version, false),
        200,
      );
    })
    .openapi(history(), async (c) => {
      const { council, plan, id } = c.req.valid('param');
      const { store } = c.get('deps');
      const action = await getAction(store, { council, plan }, id);
      if (!action) throw problems.notFound(`There is no action ${id} in this plan.`);
      return c.json({ history: await actionHistory(store, { council, plan }, id) }, 200);
    });
}
