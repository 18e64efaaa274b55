/**
 * The one CORS policy: the Hono app applies it (locally, and behind any front door) and the CDK
 * stack gives the same lists to API Gateway, which answers preflights in the cloud. Two copies
 * drifted once (PUT was missing from both when people records came); now there is one.
 */
export const CORS_POLICY = {
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  exposeHeaders: ['etag', 'content-disposition', 'location'],
  maxAgeSeconds: 600,
} as const;
