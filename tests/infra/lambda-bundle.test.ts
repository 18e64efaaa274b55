import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, removeOutdirs } from './synth.js';

afterAll(removeOutdirs);

const BUNDLE_LIMIT_BYTES = 2 * 1024 * 1024;

let bundleDir: string;

// One synth that runs esbuild exactly as `cdk synth` does; the asset folder is the deployed zip.
beforeAll(() => {
  const { app, stack } = buildStack({}, { bundle: true });
  const assembly = app.synth();
  const resources = assembly.getStackByName(stack.stackName).template.Resources as Record<
    string,
    { Type: string; Properties: { Runtime?: string; Code?: { S3Key: string } } }
  >;
  const api = Object.values(resources).find((r) => r.Properties.Runtime === 'nodejs24.x');
  bundleDir = join(assembly.directory, `asset.${api?.Properties.Code?.S3Key.replace(/\.zip$/, '')}`);
}, 60_000);

/** The Lambda's environment, as the stack sets it (placeholder tenant; no AWS call is made). */
const LAMBDA_ENV = {
  TABLE_NAME: 'plans-bundle-test',
  AUTH_ISSUER: 'https://login.microsoftonline.com/common/v2.0',
  AUTH_AUDIENCE: 'api://peer-challenge-plans',
  AUTH_JWKS_URL: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  CORS_ORIGIN: 'https://d111111abcdef8.cloudfront.net',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** An API Gateway HTTP API (payload 2.0) GET, as the Lambda receives it. */
const get = (path: string) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'abc123.execute-api.eu-west-2.amazonaws.com' },
  isBase64Encoded: false,
  requestContext: {
    http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
    domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
    requestId: 'test',
    routeKey: '$default',
    stage: '$default',
    timeEpoch: Date.now(),
  },
});

/** Loads the bundle in a fresh Node process, as Lambda does, and invokes it with GETs. */
async function invoke(paths: string[]): Promise<{ statusCode: number; body: string }[]> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'index.mjs')).href)});
    const events = ${JSON.stringify(paths.map(get))};
    const results = [];
    for (const event of events) results.push(await handler(event, {}));
    process.stdout.write(JSON.stringify(results));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...LAMBDA_ENV },
  });
  return JSON.parse(stdout);
}

describe('Lambda bundle (functions/lambda.ts)', () => {
  it('when bundled, then it is one minified ESM file with a source map, under 2 MB', () => {
    const bundleBytes = statSync(join(bundleDir, 'index.mjs')).size;
    const sourceMapBytes = statSync(join(bundleDir, 'index.mjs.map')).size;
    mkdirSync('tests/.tmp', { recursive: true });
    writeFileSync(
      'tests/.tmp/lambda-bundle-size.json',
      `${JSON.stringify({ bundleBytes, sourceMapBytes, limitBytes: BUNDLE_LIMIT_BYTES }, null, 2)}\n`,
    );
    expect(bundleBytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
  });

  it('when loaded by Node, then it serves the OpenAPI document and refuses a call without a token', async () => {
    const [openapi, plans] = await invoke(['/openapi.json', '/councils/west-lancs/plans']);
    expect(openapi?.statusCode).toBe(200);
    expect(JSON.parse(openapi?.body ?? '{}')).toHaveProperty('openapi');
    expect(plans?.statusCode).toBe(401);
  });
});
