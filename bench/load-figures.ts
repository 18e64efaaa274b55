import { createPlansClient } from '../core/client.js';
import {
  type BenchEnv,
  benchServer,
  benchToken,
  dropTable,
  emptySection,
  type SectionResult,
} from './env.js';
import { percentile, runLoad } from './load.js';
import { figure, round, spread } from './stats.js';

export interface LoadFigureOptions {
  clients: number;
  syncsPerClient: number;
  seedRows: number;
  deadlineMs: number;
}

export const LOAD: LoadFigureOptions = { clients: 20, syncsPerClient: 50, seedRows: 30, deadlineMs: 150_000 };

const COUNCIL = 'bench-load';

export async function runLoadFigures(env: BenchEnv, options: LoadFigureOptions): Promise<SectionResult> {
  const result = emptySection();
  const { server, store } = await benchServer(env, 'load');
  try {
    const token = await benchToken(env, COUNCIL);
    const plan = await createPlansClient({ baseUrl: server.url, token }).createPlan(COUNCIL, {
      title: 'Under load',
    });
    const load = await runLoad({
      url: server.url,
      token,
      council: COUNCIL,
      plan: plan.id,
      clients: options.clients,
      syncsPerClient: options.syncsPerClient,
      seedRows: options.seedRows,
      deadlineMs: options.deadlineMs,
    });
    const planned = options.clients * options.syncsPerClient;
    const serverErrors = Object.entries(load.statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    const inputs = {
      clients: options.clients,
      syncsPerClient: options.syncsPerClient,
      syncs: load.syncs,
      seedRows: options.seedRows,
      seconds: round(load.seconds),
      statuses: load.statuses,
      failures: load.failures.length,
      conflicts: load.conflicts.length,
      server: 'startLocalServer on loopback (one Node process), DynamoDB Local',
    };
    result.figures['load-syncs-per-second'] = figure(
      `syncs per second, ${options.clients} officers × ${options.syncsPerClient} syncs of one plan over HTTP`,
      'syncs/s',
      [load.syncs / load.seconds],
      inputs,
    );
    const latencies = spread(load.latenciesMs);
    const distribution = {
      requests: load.latenciesMs.length,
      minMs: round(latencies.min),
      q1Ms: round(latencies.q1),
      q3Ms: round(latencies.q3),
      p99Ms: round(percentile(load.latenciesMs, 99)),
      maxMs: round(latencies.max),
    };
    result.figures['load-latency-p50'] = figure(
      'median sync latency under that load',
      'ms',
      [percentile(load.latenciesMs, 50)],
      {
        ...inputs,
        ...distribution,
      },
    );
    result.figures['load-latency-p95'] = figure(
      '95th percentile sync latency under that load',
      'ms',
      [percentile(load.latenciesMs, 95)],
      {
        ...inputs,
        ...distribution,
      },
    );
    if (load.syncs < planned)
      result.notes.push(`only ${load.syncs} of ${planned} syncs ran before the deadline`);
    if (load.failures.length > 0 || serverErrors > 0)
      result.notes.push(
        `${load.failures.length} failed syncs and ${serverErrors} 5xx answers under load; first: ${load.failures[0] ?? 'none'}`,
      );
    return result;
  } finally {
    await server.stop();
    await dropTable(store);
  }
}
