/**
 * The README's API walkthrough, run as a reader pastes it: its sh block, word for word, in bash
 * against the real `plans serve`. Only the server's address is the test's own (a free port, not
 * 8787), and `npx plans` runs this checkout's command.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { PLANS_BIN, spawnPlans, waitForHealth } from '../support/cli.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const MARKER = '<!-- readme-walkthrough: the test runs the next sh block -->';

/** The sh block after the marker. */
function walkthrough(): string {
  const text = readFileSync(README, 'utf8');
  const after = text.slice(text.indexOf(MARKER) + MARKER.length);
  const match = /```sh\n([\s\S]*?)```/.exec(after);
  if (text.indexOf(MARKER) < 0 || !match?.[1]) throw new Error('README has no walkthrough block');
  return match[1];
}

let dir: string;
let url: string;
let server: ReturnType<typeof spawnPlans>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plans-readme-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // `plans token` reads the key from .data in the folder it runs in, as in the README.
  server = spawnPlans(['serve', '--port', String(port), '--data', join(dir, '.data')]);
  await waitForHealth(url);
}, 90_000);

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGINT');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'bash',
      ['-c', script],
      { cwd: dir, env: { ...process.env, PLANS_TOKEN: '', PLANS_API: '' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the README's API walkthrough", () => {
  it('when its block is pasted into bash, then every step answers, the due date is derived and the summary comes back', async () => {
    const block = walkthrough();
    expect(block).toContain('http://127.0.0.1:8787');
    const script = [
      'set -euo pipefail',
      // `npx plans` is this checkout's command, whatever folder the block runs in.
      `npx() { if [ "$1" = plans ]; then shift; "${process.execPath}" "${PLANS_BIN}" "$@"; else command npx "$@"; fi; }`,
      // Every curl must succeed at the HTTP level too: a 4xx fails the step.
      'curl() { command curl --fail-with-body "$@"; }',
      block.replaceAll('http://127.0.0.1:8787', url),
    ].join('\n');
    const run = await bash(script);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('"due": "2021-03-31"');
    expect(out).toContain('"dueSetByHand": false');
    expect(out).toContain('"status": "On track"');
    expect(out).toContain('"version": 2');
    expect(out).toContain('"text":"Develop a clear approach to internal communications"');
    expect(out).toMatch(/"history":\[.*"field":"status".*"after":"On track"/);
    expect(out).toMatch(/"asOf":"2021-01-31"/);
    expect(out).not.toContain('"warnings"');
  }, 120_000);
});
