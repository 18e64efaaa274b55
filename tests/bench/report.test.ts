import { describe, expect, it } from 'vitest';
import { dependenciesOnly, infraDrift, REQUIRE_SHIM } from '../../bench/lambda.js';
import { type BenchResults, formatReport } from '../../bench/report.js';
import { figure, numericTarget } from '../../bench/stats.js';

const results = (targets: BenchResults['targets']): BenchResults => ({
  generatedAt: '2025-01-06T09:00:00.000Z',
  mode: 'full',
  durationSeconds: 120,
  machine: {
    node: '20.19.0',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'Test CPU',
    memory: '8.0 GB',
    loadAverage: { start: 0.5, end: 1 },
  },
  figures: {
    'sync-roundtrip-100': figure('sync of 10 rows', 'ms', [50, 60, 70], { rows: 100 }),
    excel: 'pending',
  },
  targets,
  sections: { excel: { status: 'pending', notes: ['the adapter is not there yet'], seconds: 0 } },
});

describe('bench report', () => {
  it('when targets are met and missed, then each is marked and the missed ones are named at the end', () => {
    const text = formatReport(
      results([
        numericTarget('fast-enough', '<=', 1.5, 1.2, 'a / b'),
        numericTarget('big-enough', '>=', 50, 12, 'c / d'),
      ]),
    );
    expect(text).toMatch(/✓\s+fast-enough\s+<= 1.5\s+1.2/);
    expect(text).toMatch(/✗\s+big-enough\s+>= 50\s+12/);
    expect(text).toContain('MISSED 1 of 2 targets: big-enough');
  });

  it('when every target is met, then it says so', () => {
    expect(formatReport(results([numericTarget('ok', '<=', 2, 1, '')]))).toContain('All 1 targets met.');
  });

  it('when a section is pending, then its figure and its notes say so', () => {
    const text = formatReport(results([]));
    expect(text).toMatch(/excel\s+pending/);
    expect(text).toContain('section excel: pending');
    expect(text).toContain('note (excel): the adapter is not there yet');
    expect(text).toMatch(/sync-roundtrip-100\s+60.0 ms\s+3\s+50.0 ms – 70.0 ms/);
  });
});

describe('bench lambda bundling', () => {
  it('when the infra source still says what the bench mirrors, then there is no drift; else the missing phrases are named', () => {
    const source = `banner: REQUIRE_SHIM ${REQUIRE_SHIM} format: OutputFormat.ESM mainFields: ['module', 'main'] minify: true sourceMap: true sourcesContent: false charset: Charset.UTF8 bundleAwsSDK: true externalModules: [] Runtime.NODEJS_24_X`;
    expect(infraDrift(source)).toEqual([]);
    expect(infraDrift(source.replace('minify: true', 'minify: false'))).toEqual(['minify: true']);
    expect(infraDrift(`${source} NODE_OPTIONS: '--enable-source-maps'`)).toEqual(["NODE_OPTIONS: ''"]);
  });

  it('when our sources import from packages, then the libraries-only module imports the same bindings once each, and no types or relative files', () => {
    const module = dependenciesOnly([
      "import { z } from 'zod';\nimport type { Context } from 'hono';\nimport { cors } from 'hono/cors';\nimport { x } from './mine.js';",
      "import {\n  GetCommand,\n  type QueryCommandInput,\n  PutCommand as Put,\n} from '@aws-sdk/lib-dynamodb';\nimport { z } from 'zod';\nimport * as jose from 'jose';\nimport { createHash } from 'node:crypto';",
    ]);
    expect(module.split('\n').filter((line) => line.startsWith('import'))).toEqual([
      "import { z as m0 } from 'zod';",
      "import { cors as m1 } from 'hono/cors';",
      "import { GetCommand as m2 } from '@aws-sdk/lib-dynamodb';",
      "import { PutCommand as m3 } from '@aws-sdk/lib-dynamodb';",
      "import * as m4 from 'jose';",
    ]);
    expect(module).toContain('const kept = [m0, m1, m2, m3, m4];');
  });
});
