/**
 * One structured log line per request, and the metrics a council's IT alarms on: what a person
 * looking into "the sync failed at 9:14" needs (request id, council, plan, route, status, duration,
 * and for a sync how many changes were applied, conflicted or refused), never a row's contents.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/** The CloudWatch namespace of the API's own metrics (infra's alarms read it too). */
export const METRICS_NAMESPACE = 'PeerChallengePlans';

export interface RequestEntry {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  council?: string;
  plan?: string;
  role?: string;
  /** A sync's outcome, counted. */
  applied?: number;
  created?: number;
  conflicts?: number;
  refused?: number;
  /** A workbook's automated sync, as recorded in the sync-run log: how it went. */
  syncRun?: 'synced' | 'needs-a-person' | 'retry-later' | 'failed';
}

export type SyncCounts = Pick<RequestEntry, 'applied' | 'created' | 'conflicts' | 'refused'>;

export interface MetricPoint {
  name:
    | 'Requests'
    | 'ServerErrors'
    | 'Syncs'
    | 'SyncConflicts'
    | 'SyncRefusals'
    | 'RowsCreated'
    | 'SyncRunFailures';
  value: number;
}

/** Pure: the metrics one request adds. */
export function metricsOf(entry: RequestEntry): MetricPoint[] {
  const points: MetricPoint[] = [{ name: 'Requests', value: 1 }];
  if (entry.status >= 500) points.push({ name: 'ServerErrors', value: 1 });
  if (entry.applied !== undefined) {
    points.push(
      { name: 'Syncs', value: 1 },
      { name: 'SyncConflicts', value: entry.conflicts ?? 0 },
      { name: 'SyncRefusals', value: entry.refused ?? 0 },
      { name: 'RowsCreated', value: entry.created ?? 0 },
    );
  }
  // Every recorded run counts (0 or 1), so the alarm sees a metric that exists, not missing data.
  if (entry.syncRun !== undefined)
    points.push({ name: 'SyncRunFailures', value: entry.syncRun === 'failed' ? 1 : 0 });
  return points;
}

const PLAN_PATH = /^\/councils\/([^/]+)(?:\/plans\/([^/]+))?/;

interface LambdaContextLike {
  awsRequestId?: string;
}

export function requestLog(write: (entry: RequestEntry, c: Context) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const lambda = (c.env as { lambdaContext?: LambdaContextLike } | undefined)?.lambdaContext;
    try {
      await next();
    } finally {
      const [, council, plan] = PLAN_PATH.exec(c.req.path) ?? [];
      const caller = c.get('caller') as { role?: string } | undefined;
      const counts = c.get('syncCounts') as SyncCounts | undefined;
      const syncRun = c.get('syncRun') as RequestEntry['syncRun'] | undefined;
      write(
        {
          requestId: lambda?.awsRequestId ?? c.req.header('x-amzn-trace-id') ?? 'local',
          method: c.req.method,
          route: routePath(c, -1) || c.req.path,
          status: c.res.status,
          durationMs: Math.round(performance.now() - started),
          ...(council ? { council: council.slice(0, 64) } : {}),
          ...(plan ? { plan: plan.slice(0, 64) } : {}),
          ...(caller?.role ? { role: caller.role } : {}),
          ...counts,
          ...(syncRun ? { syncRun } : {}),
        },
        c,
      );
    }
  };
}
