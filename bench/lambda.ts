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
import { figure, median, numericTarget, pairedRatios, ratioOfMedians, round, spread } from './stats.js';

export interface LambdaOptions {
  /** Rounds of cold starts, one of each bundle per round (interleaved), after one warm-up round (file cache). */
  runs: number;
}

// 15 rounds, not 9: on a shared machine one busy moment moved the 9-run median ratio by 0.3.
export const LAMBDA: LambdaOptions = { runs: 15 };

export const BUNDLE_LIMIT = 1_048_576;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** infra/api-function.ts's REQUIRE_SHIM, which it does not export. */
export const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * What CDK's NodejsFunction hands esbuild for the API function's `bundling` props
 * (format ESM, mainFields module,main, banner, minify, source maps without sources, UTF-8, no externals
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
  charset: 'utf8',
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
    'charset: Charset.UTF8',
    'bundleAwsSDK: true',
    'externalModules: []',
    'Runtime.NODEJS_24_X',
  ];
  if (source.includes('NODE_OPTIONS') !== (LAMBDA_NODE_OPTIONS !== ''))
    expected.push(`NODE_OPTIONS: '${LAMBDA_NODE_OPTIONS}'`);
  return expected.filter((phrase) => !source.includes(phrase));
}

/** NODE_OPTIONS as infra/api-function.ts gives the function: none (see there why source maps are off). */
export const LAMBDA_NODE_OPTIONS = '';

const HELLO = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));
export const handler = handle(app);
`;

/**
 * Pure: a module importing just what our sources import from third-party packages (the same named
 * bindings, so tree-shaking keeps the same code), and answering with nothing else: the cold start
 * of the libraries alone, against which our own code's share is measured.
 */
export function dependenciesOnly(sources: string[]): string {
  const lines: string[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  const pattern = /^import\s+(?!type\b)([^;]+?)\s+from\s+'([^.'][^']*)';/gms;
  for (const source of sources) {
    for (const [, clause = '', from = ''] of source.matchAll(pattern)) {
      if (from.startsWith('node:')) continue;
      const bindings = clause.match(/\{([^}]*)\}/)?.[1] ?? '';
      const imported = bindings
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b && !b.startsWith('type '))
        .map((b) => b.split(/\s+as\s+/)[0] as string);
      const namespace = /\*\s+as\s+\w+/.test(clause);
      const defaultName = /^\s*([A-Za-z_$][\w$]*)\s*(,|$)/.exec(clause)?.[1];
      const wanted = [...imported, ...(namespace ? ['*'] : []), ...(defaultName ? ['default'] : [])];
      for (const name of wanted) {
        const key = `${from}#${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const local = `m${names.length}`;
        names.push(local);
        if (name === '*') lines.push(`import * as ${local} from '${from}';`);
        else lines.push(`import { ${name} as ${local} } from '${from}';`);
      }
    }
  }
  return `${lines.join('\n')}
const kept = [${names.join(', ')}];
export const handler = async () => ({ statusCode: kept.length > 0 ? 200 : 500, body: '{}' });
`;
}

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
const cpu = process.cpuUsage();
process.stdout.write('BENCH_RESULT ' + JSON.stringify({
  status: response.statusCode,
  importMs: imported - started,
  answerMs: answered - imported,
  totalMs: answered - started,
  sinceProcessStartMs: answered,
  cpuMs: (cpu.user + cpu.system) / 1000,
}) + '\\n');
process.exit(0);
`;

interface ColdStart {
  status: number;
  importMs: number;
  answerMs: number;
  totalMs: number;
  sinceProcessStartMs: number;
  /** CPU time of the whole process (start included) to the first answer: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** From spawning the runtime to the first answer: what Lambda bills as INIT plus the first invoke. */
  firstAnswerMs: number;
  wallMs: number;
}

function coldStart(invoker: string, bundle: string, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [invoker, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let firstAnswerMs = Number.NaN;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (Number.isNaN(firstAnswerMs) && out.includes('BENCH_RESULT '))
        firstAnswerMs = performance.now() - started;
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
      const times = JSON.parse(line.slice('BENCH_RESULT '.length)) as Omit<
        ColdStart,
        'wallMs' | 'firstAnswerMs'
      >;
      resolve({ ...times, firstAnswerMs, wallMs });
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
  const depsBundle = join(dir, 'deps/index.mjs');
  const builtApp = await build({
    ...INFRA_BUILD,
    entryPoints: [join(ROOT, 'functions/lambda.ts')],
    outfile: appBundle,
    metafile: true,
  });
  const ourSources = Object.keys(builtApp.metafile?.inputs ?? {})
    .filter((path) => !path.includes('node_modules'))
    .map((path) => readFileSync(join(ROOT, path), 'utf8'));
  const builtDeps = await build({
    ...INFRA_BUILD,
    stdin: { contents: dependenciesOnly(ourSources), resolveDir: ROOT, sourcefile: 'deps.ts', loader: 'ts' },
    outfile: depsBundle,
  });
  const builtHello = await build({
    ...INFRA_BUILD,
    stdin: { contents: HELLO, resolveDir: ROOT, sourcefile: 'hello.ts', loader: 'ts' },
    outfile: helloBundle,
  });
  for (const built of [builtApp, builtDeps, builtHello])
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
      // As infra/api-function.ts sets it (NODE_OPTIONS there, if any, is mirrored by LAMBDA_NODE_OPTIONS).
      NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
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
    const withSourceMaps = { ...childEnv, NODE_OPTIONS: '--enable-source-maps' };
    const runs = {
      app: [] as ColdStart[],
      deps: [] as ColdStart[],
      hello: [] as ColdStart[],
      mapped: [] as ColdStart[],
    };
    for (let run = -1; run < options.runs; run++) {
      const a = await coldStart(invoker, appBundle, childEnv);
      const d = await coldStart(invoker, depsBundle, childEnv);
      const h = await coldStart(invoker, helloBundle, childEnv);
      const m = await coldStart(invoker, appBundle, withSourceMaps);
      if ([a, d, h, m].some((c) => c.status !== 200))
        throw new Error(
          `GET /health answered ${a.status} (API), ${d.status} (libraries), ${h.status} (hello world)`,
        );
      if (run < 0) continue;
      runs.app.push(a);
      runs.deps.push(d);
      runs.hello.push(h);
      runs.mapped.push(m);
    }
    const inputs = {
      request:
        'GET /health as an API Gateway v2 event to the exported handler (API: DescribeTable on DynamoDB Local)',
      measured:
        'from spawning `node` to the first answer on its stdout (INIT + first invoke, as Lambda bills it)',
      nodeOptions: LAMBDA_NODE_OPTIONS || '(none)',
      warmUpRuns: 1,
      order: 'interleaved',
    };
    const firstAnswer = (list: ColdStart[]) => list.map((c) => c.firstAnswerMs);
    const parts = (list: ColdStart[]) => ({
      importMs: round(median(list.map((c) => c.importMs))),
      answerMs: round(median(list.map((c) => c.answerMs))),
    });
    result.figures['lambda-cold-start'] = figure(
      'API bundle: spawn the runtime, import, answer GET /health',
      'ms',
      firstAnswer(runs.app),
      { ...inputs, ...parts(runs.app) },
    );
    result.figures['lambda-libraries-cold-start'] = figure(
      'a bundle importing only the third-party bindings our code imports, measured the same way',
      'ms',
      firstAnswer(runs.deps),
      { ...inputs, ...parts(runs.deps), bytes: statSync(depsBundle).size },
    );
    result.figures['lambda-hello-cold-start'] = figure(
      'bare Hono hello world, measured the same way',
      'ms',
      firstAnswer(runs.hello),
      { ...inputs, ...parts(runs.hello) },
    );
    result.figures['lambda-cold-start-source-maps'] = figure(
      'API bundle with NODE_OPTIONS=--enable-source-maps, measured the same way',
      'ms',
      firstAnswer(runs.mapped),
      { ...inputs, nodeOptions: '--enable-source-maps', ...parts(runs.mapped) },
    );
    const cpu = (list: ColdStart[]) => list.map((c) => c.cpuMs);
    result.figures['lambda-cold-start-cpu'] = figure(
      'CPU time (user + system) of the API process to its first answer; libraries alone and hello world in inputs',
      'ms',
      cpu(runs.app),
      {
        ...inputs,
        librariesMs: round(median(cpu(runs.deps))),
        helloMs: round(median(cpu(runs.hello))),
        apiOverHello: round(median(cpu(runs.app)) / median(cpu(runs.hello))),
      },
    );
    const app = median(firstAnswer(runs.app));
    const libraries = median(firstAnswer(runs.deps));
    result.notes.push(
      `Cold start to first answer: API ${round(app)} ms, the same libraries alone ${round(libraries)} ms, hello world ${round(median(firstAnswer(runs.hello)))} ms; our own code (schemas, routes, the app, and /health's DescribeTable) is ${round(app - libraries)} ms, ${Math.round((100 * (app - libraries)) / app)}% of the API's. Source maps enabled would add ${round(median(firstAnswer(runs.mapped)) - app)} ms.`,
    );
    const r = ratioOfMedians(firstAnswer(runs.app), firstAnswer(runs.hello));
    const rounds = spread(pairedRatios(firstAnswer(runs.app), firstAnswer(runs.hello)));
    result.targets.push(
      numericTarget(
        'lambda-cold-start-vs-hello',
        '<=',
        2.5,
        r.value === null ? null : round(r.value),
        `median spawn-to-first-answer: API / hello world (round by round ${round(rounds.min)}–${round(rounds.max)}, IQR ${round(rounds.q1)}–${round(rounds.q3)}; extremes ${round(r.low ?? Number.NaN)}–${round(r.high ?? Number.NaN)})`,
      ),
    );
    return result;
  } finally {
    await dropTable(store);
  }
}
