/**
 * A sync's first read: the plan's counter (a missing plan is a 404 before any key is claimed) and
 * the rows its changes name, in one request rather than two: the plan's key rides in the first
 * BatchGetItem of rows, read consistently as the counter's own GetItem is.
 */
import type { Action } from '../../core/plan.js';
import { toAction } from './action-item.js';
import { getActions } from './actions.js';
import { getBatch, KEYS_PER_BATCH } from './batch.js';
import type { Store } from './dynamodb.js';
import { actionKey, type PlanRef, planKey } from './keys.js';
import { counterFrom, type PlanCounter, readPlanCounter } from './plan-revision.js';

export async function readCounterAndRows(
  store: Store,
  ref: PlanRef,
  ids: string[],
  now = Date.now(),
): Promise<{ counter: PlanCounter; rows: Map<string, Action> }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { counter: await readPlanCounter(store, ref, now), rows: new Map() };
  const first = unique.slice(0, KEYS_PER_BATCH - 1);
  const plan = planKey(ref);
  const [items, rest] = await Promise.all([
    getBatch(store, [plan, ...first.map((id) => actionKey(ref, id))]),
    getActions(store, ref, unique.slice(first.length)),
  ]);
  const isPlan = (item: Record<string, unknown>) => item.pk === plan.pk && item.sk === plan.sk;
  const counter = counterFrom(items.find(isPlan), ref, now);
  const rows = new Map(rest);
  for (const item of items.filter((item) => !isPlan(item))) {
    const action = toAction(item);
    rows.set(action.id, action);
  }
  return { counter, rows };
}
