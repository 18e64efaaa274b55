/**
 * Where request entries go: the JSON log (Powertools Logger, with the Lambda context when there is
 * one) and CloudWatch metrics (Powertools Metrics, embedded metric format), which only a Lambda
 * publishes: the local server and the tests log and count nothing.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'hono';
import { logger } from './logger.js';
import { METRICS_NAMESPACE, metricsOf, type RequestEntry } from './request-log.js';

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const metrics = inLambda
  ? new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-plans',
    })
  : null;

export function writeRequestEntry(entry: RequestEntry, c: Context): void {
  const lambda = (c.env as { lambdaContext?: Parameters<typeof logger.addContext>[0] } | undefined)
    ?.lambdaContext;
  if (lambda) logger.addContext(lambda);
  if (entry.status >= 500) logger.error('request', { ...entry });
  else logger.info('request', { ...entry });
  if (!metrics) return;
  for (const point of metricsOf(entry)) metrics.addMetric(point.name, MetricUnit.Count, point.value);
  metrics.publishStoredMetrics();
}
