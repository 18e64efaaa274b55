/**
 * Figure 6: the API Lambda bundled as infra/api-function.ts bundles it (esbuild: ESM, minified,
 * node24, mainFields module,main, the require banner, AWS SDK included): its size, and its cold
 * start (a fresh Node process imports the bundle and answers GET /health through the Lambda
 * handler) against a bare Hono hello-world bundled and invoked the same way.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { type BenchEnv, benchTable, dropTable, emptySection, type SectionResult } from './env.js';
import { figure, median, numericTarget, ratioOfMedians, round } from './stats.js';

export interface LambdaOptions {
  /** Cold starts of each bundle, interleaved, after one warm-up of each (file cache). */
  runs: number;
}

export const LAMBDA: LambdaOptions = { runs: 9 };

export const BUNDLE_LIMIT = 1_048_576;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** infra/api-function.ts's REQUIRE_SHIM, which it does not export. */
export const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * What CDK's NodejsFunction hands esbuild for the API function's `bundling` props
 * (format ESM, mainFields module,main, banner, minify, source maps without sources, no externals
 * since bundleAwsSDK is true; runtime NODEJS_24_X gives target node24).
 */
export const INFRA_BUILD: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_SHIM },
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  external: [],
  logLevel: 'silent',
};

/** The phrases in infra/api-function.ts this mirror depends on; any missing means the two drifted. */
export function infraDrift(source: string): string[] {
  const expected = [
    REQUIRE_SHIM,
    'format: OutputFormat.ESM',
    "mainFields: ['module', 'main']",
    'banner: REQUIRE_SHIM',
    'minify: true',
    'sourceMap: true',
    'sourcesContent: false',
    'bundleAwsSDK: true',
    'externalModules: []',
    'Runtime.NODEJS_24_X',
  ];
  return expected.filter((phrase) => !source.includes(phrase));
}

const HELLO = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));
export const handler = handle(app);
`;

/** A fresh process: import the bundle, answer one API Gateway v2 event, print the times. */
const INVOKER = `const started = performance.now();
const { handler } = await import(process.argv[2]);
const imported = performance.now();
const now = new Date();
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/health',
  rawQueryString: '',
  headers: { host: 'api.example.org', 'user-agent': 'bench', accept: 'application/json' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'api.example.org',
    domainPrefix: 'api',
    http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench-request',
    routeKey: '$default',
    stage: '$default',
    time: now.toISOString(),
    timeEpoch: now.getTime(),
  },
  isBase64Encoded: false,
};
const context = { awsRequestId: 'bench-request', functionName: 'bench', getRemainingTimeInMillis: () => 29000 };
const response = await handler(event, context);
const answered = performance.now();
process.stdout.write('BENCH_RESULT ' + JSON.stringify({
  status: response.statusCode,
  importMs: imported - started,
  answerMs: answered - imported,
  totalMs: answered - started,
  sinceProcessStartMs: answered,
}) + '\\n');
process.exit(0);
`;

interface ColdStart {
  status: number;
  importMs: number;
  answerMs: number;
  totalMs: number;
  sinceProcessStartMs: number;
  wallMs: number;
}

function coldStart(invoker: string, bundle: string, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [invoker, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `cold start of ${bundle} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`,
          ),
        );
        return;
      }
      resolve({ ...(JSON.parse(line.slice('BENCH_RESULT '.length)) as Omit<ColdStart, 'wallMs'>), wallMs });
    });
  });
}

export async function runLambda(env: BenchEnv, options: LambdaOptions): Promise<SectionResult> {
  const result = emptySection();
  const dir = join(env.dataDir, 'lambda');
  mkdirSync(dir, { recursive: true });
  const drift = infraDrift(readFileSync(join(ROOT, 'infra/api-function.ts'), 'utf8'));
  if (drift.length > 0)
    result.notes.push(
      `infra/api-function.ts no longer says ${drift.map((d) => JSON.stringify(d)).join(', ')}: update bench/lambda.ts to match`,
    );

  const appBundle = join(dir, 'api/index.mjs');
  const helloBundle = join(dir, 'hello/index.mjs');
  const builtApp = await build({
    ...INFRA_BUILD,
    entryPoints: [join(ROOT, 'functions/lambda.ts')],
    outfile: appBundle,
  });
  const builtHello = await build({
    ...INFRA_BUILD,
    stdin: { contents: HELLO, resolveDir: ROOT, sourcefile: 'hello.ts', loader: 'ts' },
    outfile: helloBundle,
  });
  for (const built of [builtApp, builtHello])
    if (built.errors.length > 0) throw new Error(`esbuild: ${built.errors.map((e) => e.text).join('; ')}`);
  const appBytes = statSync(appBundle).size;
  const helloBytes = statSync(helloBundle).size;
  const appGzip = gzipSync(readFileSync(appBundle)).length;
  result.figures['lambda-bundle-bytes'] = figure(
    'minified API Lambda bundle (index.mjs, AWS SDK included)',
    'bytes',
    [appBytes],
    {
      entry: 'functions/lambda.ts',
      esbuild:
        'as infra/api-function.ts: ESM, minify, node24, mainFields module,main, require banner, no externals',
      gzipBytes: appGzip,
      sourceMap: 'written beside it, not counted',
      mirrorsInfra: drift.length === 0,
    },
  );
  result.figures['lambda-hello-bundle-bytes'] = figure(
    'bare Hono hello-world bundle, built the same way',
    'bytes',
    [helloBytes],
    {},
  );
  result.targets.push(
    numericTarget(
      'lambda-bundle-under-1mb',
      '<',
      BUNDLE_LIMIT,
      appBytes,
      `${(appBytes / 1024).toFixed(0)} KB minified (${(appGzip / 1024).toFixed(0)} KB gzipped), limit 1,048,576 bytes`,
    ),
  );

  const store = await benchTable(env, 'lambda');
  try {
    const invoker = join(dir, 'invoke.mjs');
    writeFileSync(invoker, INVOKER);
    const childEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps --disable-warning=NodeVersionSupportWarning',
      TABLE_NAME: store.tableName,
      DYNAMODB_ENDPOINT: env.endpoint,
      AUTH_ISSUER: 'https://login.example.org/bench/v2.0',
      AUTH_AUDIENCE: 'api://bench',
      AUTH_JWKS_URL: 'https://login.example.org/bench/discovery/v2.0/keys',
      CORS_ORIGIN: 'https://addin.example.org',
      POWERTOOLS_SERVICE_NAME: 'peer-challenge-plans',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_REGION: 'eu-west-2',
    };
    const app: ColdStart[] = [];
    const hello: ColdStart[] = [];
    for (let run = -1; run < options.runs; run++) {
      const a = await coldStart(invoker, appBundle, childEnv);
      const h = await coldStart(invoker, helloBundle, childEnv);
      if (a.status !== 200 || h.status !== 200)
        throw new Error(`GET /health answered ${a.status} (API) and ${h.status} (hello world)`);
      if (run < 0) continue;
      app.push(a);
      hello.push(h);
    }
    const inputs = {
      request:
        'GET /health as an API Gateway v2 event to the exported handler (API: DescribeTable on DynamoDB Local)',
      process: 'fresh `node` per run, NODE_OPTIONS=--enable-source-maps as the Lambda has',
      warmUpRuns: 1,
      order: 'interleaved',
    };
    result.figures['lambda-cold-start'] = figure(
      'fresh process: import the API bundle and answer GET /health',
      'ms',
      app.map((c) => c.totalMs),
      {
        ...inputs,
        importMs: round(median(app.map((c) => c.importMs))),
        answerMs: round(median(app.map((c) => c.answerMs))),
      },
    );
    result.figures['lambda-hello-cold-start'] = figure(
      'fresh process: import the hello-world bundle and answer GET /health',
      'ms',
      hello.map((c) => c.totalMs),
      {
        ...inputs,
        importMs: round(median(hello.map((c) => c.importMs))),
        answerMs: round(median(hello.map((c) => c.answerMs))),
      },
    );
    result.figures['lambda-cold-start-wall'] = figure(
      'the same, from spawning node to its exit (Node start-up included)',
      'ms',
      app.map((c) => c.wallMs),
      { ...inputs, helloMedianMs: round(median(hello.map((c) => c.wallMs))) },
    );
    const r = ratioOfMedians(
      app.map((c) => c.totalMs),
      hello.map((c) => c.totalMs),
    );
    const wall = ratioOfMedians(
      app.map((c) => c.wallMs),
      hello.map((c) => c.wallMs),
    );
    result.targets.push(
      numericTarget(
        'lambda-cold-start-vs-hello',
        '<=',
        3,
        r.value === null ? null : round(r.value),
        `median import + first answer in a fresh process: API / hello world (extremes ${round(r.low ?? Number.NaN)}–${round(r.high ?? Number.NaN)}; spawn to exit, Node start-up included: ${round(wall.value ?? Number.NaN)})`,
      ),
    );
    return result;
  } finally {
    await dropTable(store);
  }
}
