/**
 * Figure 4: the council roll-up (GET /councils/{c}/summary, in-process) over 10,000 actions in 50
 * plans, against the floor: a raw paged Query of the same items on the byCouncil index with the
 * same filter, which is the least any roll-up must read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../functions/app.js';
import { localAuthConfig } from '../functions/local/issuer.js';
import { readCouncil } from '../functions/store/council.js';
import type { Store } from '../functions/store/dynamodb.js';
import { councilPk, INDEX } from '../functions/store/keys.js';
import { countRequests } from './counting.js';
import {
  type BenchEnv,
  benchTable,
  benchToken,
  dropTable,
  emptySection,
  type SectionResult,
  timed,
} from './env.js';
import { benchFields, seedPlan } from './fixtures.js';
import { figure, median, numericTarget, ratioOfMedians, round } from './stats.js';

export interface RollupOptions {
  plans: number;
  rowsPerPlan: number;
  /** Recorded runs of each, interleaved, after one warm-up of each. */
  runs: number;
}

export const ROLLUP: RollupOptions = { plans: 50, rowsPerPlan: 200, runs: 11 };

const COUNCIL = 'bench-rollup';

/** The floor: every live item of the council from the byCouncil index, page by page. */
export async function queryCouncil(store: Store, council: string): Promise<number> {
  let items = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: INDEX.byCouncil,
        KeyConditionExpression: 'councilPk = :pk',
        FilterExpression: 'attribute_not_exists(deleted) OR deleted = :false',
        ExpressionAttributeValues: { ':pk': councilPk(council), ':false': false },
        ExclusiveStartKey,
      }),
    );
    items += page.Items?.length ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function runRollup(env: BenchEnv, options: RollupOptions): Promise<SectionResult> {
  const result = emptySection();
  const store = await benchTable(env, 'rollup');
  try {
    const total = options.plans * options.rowsPerPlan;
    const seeded = await timed(async () => {
      for (let p = 0; p < options.plans; p++) {
        await seedPlan(store, COUNCIL, `Plan ${p + 1}`, options.rowsPerPlan, (i) =>
          benchFields(p * options.rowsPerPlan + i),
        );
      }
    });
    env.log(`rollup: seeded ${options.plans} plans, ${total} actions in ${(seeded.ms / 1000).toFixed(1)} s`);

    const counter = countRequests(store.raw);
    const app = createApp({ store, auth: localAuthConfig(env.keys) });
    const headers = { authorization: `Bearer ${await benchToken(env, COUNCIL)}` };
    const summary = async () => {
      const res = await app.request(`/councils/${COUNCIL}/summary?asOf=2025-06-01`, { headers });
      if (res.status !== 200) throw new Error(`the summary answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { total?: number };
    };

    const summaryMs: number[] = [];
    const queryMs: number[] = [];
    const readMs: number[] = [];
    const summaryRequests: number[] = [];
    const queryRequests: number[] = [];
    let items = 0;
    for (let run = -1; run < options.runs; run++) {
      counter.reset();
      const s = await timed(summary);
      const sRequests = counter.total();
      counter.reset();
      const q = await timed(() => queryCouncil(store, COUNCIL));
      const qRequests = counter.total();
      items = q.value;
      const read = await timed(() => readCouncil(store, COUNCIL));
      if (run < 0) continue;
      readMs.push(read.ms);
      summaryMs.push(s.ms);
      queryMs.push(q.ms);
      summaryRequests.push(sRequests);
      queryRequests.push(qRequests);
    }
    if (items !== total + options.plans)
      throw new Error(
        `the council query found ${items} items, not ${total} actions and ${options.plans} plans`,
      );

    const inputs = { plans: options.plans, actions: total, warmUpRuns: 1, order: 'interleaved' };
    result.figures[`rollup-summary-${total}`] = figure(
      `GET /councils/{c}/summary over ${total} actions in ${options.plans} plans (app.request)`,
      'ms',
      summaryMs,
      { ...inputs, dynamoRequests: median(summaryRequests) },
    );
    result.figures[`rollup-floor-query-${total}`] = figure(
      `floor: raw paged Query of the same items on byCouncil, same filter`,
      'ms',
      queryMs,
      { ...inputs, itemsRead: items, dynamoRequests: median(queryRequests) },
    );
    result.figures[`rollup-readcouncil-${total}`] = figure(
      'diagnostic: the store alone (readCouncil: the same query, each item parsed into an action)',
      'ms',
      readMs,
      inputs,
    );
    const r = ratioOfMedians(summaryMs, queryMs);
    result.targets.push(
      numericTarget(
        'rollup-vs-query',
        '<=',
        1.3,
        r.value === null ? null : round(r.value),
        `median summary / median raw Query of ${items} items (extremes ${round(r.low ?? Number.NaN)}–${round(r.high ?? Number.NaN)})`,
      ),
    );
    counter.detach();
    return result;
  } finally {
    await dropTable(store);
  }
}
