/**
 * Load, over HTTP to the real local server: 20 officers making 50 syncs each of one plan, and a
 * smaller run during which the server crashes and restarts. Zero 5xx; every acknowledged change is
 * in the history exactly once, and the final state or a reported conflict holds it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadResult, runLoad } from '../../bench/load.js';
import type { Action, ChangeRecord } from '../../core/plan.js';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { runPlans, startServer } from '../support/cli.js';

async function setUp() {
  const data = mkdtempSync(join(tmpdir(), 'plans-load-'));
  const port = await freePort();
  const server = await startServer(port, data);
  const token = (
    await runPlans(['token', '--council', 'chorley', '--role', 'policy', '--data', data])
  ).stdout.trim();
  const res = await fetch(`${server.url}/councils/chorley/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Under load' }),
  });
  const plan = ((await res.json()) as { id: string }).id;
  return { data, port, server, token, plan };
}

async function get<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** The invariants: every revision once, every acknowledged change recorded, nothing lost silently. */
async function expectEverythingAccountedFor(url: string, token: string, plan: string, load: LoadResult) {
  const base = `${url}/councils/chorley/plans/${plan}`;
  const { actions } = await get<{ actions: Action[] }>(`${base}/actions?includeDeleted=true`, token);
  const { revision } = await get<{ revision: number }>(base, token);
  const histories = new Map<string, ChangeRecord[]>();
  for (const action of actions)
    histories.set(
      action.id,
      (await get<{ history: ChangeRecord[] }>(`${base}/actions/${action.id}/history`, token)).history,
    );

  const revisions: number[] = [];
  for (const action of actions) {
    const own = [
      ...new Set((histories.get(action.id) ?? []).flatMap((h) => (h.revision === null ? [] : [h.revision]))),
    ];
    expect(own, `row ${action.id}: one revision per version`).toHaveLength(action.version);
    revisions.push(...own);
  }
  expect(revisions.sort((a, b) => a - b)).toEqual(Array.from({ length: revision }, (_, i) => i + 1));

  for (const { change, applied } of load.acknowledged) {
    const history = histories.get(applied.id) ?? [];
    expect(history.length, `acknowledged ${applied.op} of ${applied.id} has a history`).toBeGreaterThan(0);
    if (change.op !== 'update') continue;
    for (const edit of change.edits) {
      const conflicted = load.conflicts.some((c) => c.id === applied.id && c.field === edit.field);
      const recorded = history.some(
        (h) =>
          h.kind !== 'conflict' &&
          h.field === edit.field &&
          JSON.stringify(h.after) === JSON.stringify(edit.mine),
      );
      expect(
        conflicted || recorded,
        `edit of ${edit.field} on ${applied.id} to ${JSON.stringify(edit.mine)}`,
      ).toBe(true);
    }
  }
}

describe('load (loopback)', () => {
  it('when 20 officers make 50 syncs each of one plan, then zero 5xx and every acknowledged change is accounted for', async () => {
    const { server, token, plan } = await setUp();
    try {
      const load = await runLoad({
        url: server.url,
        token,
        council: 'chorley',
        plan,
        clients: 20,
        syncsPerClient: 50,
        deadlineMs: 240_000,
      });
      expect(load.failures).toEqual([]);
      expect(load.syncs).toBe(1_000);
      expect(Object.keys(load.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
      await expectEverythingAccountedFor(server.url, token, plan, load);
    } finally {
      await server.stop();
    }
  }, 400_000);

  it('when the server crashes and restarts during a load run, then nothing acknowledged is lost', async () => {
    const { server: first, token, plan, port, data } = await setUp();
    let server = first;
    try {
      const load = await runLoad({
        url: first.url,
        token,
        council: 'chorley',
        plan,
        clients: 6,
        syncsPerClient: 12,
        deadlineMs: 180_000,
        onSync: async (done) => {
          if (done === 30) {
            await server.crash();
            server = await startServer(port, data);
          }
        },
      });
      expect(load.failures).toEqual([]);
      await expectEverythingAccountedFor(server.url, token, plan, load);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
