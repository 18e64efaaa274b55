/** Runs the real `plans` command in a child process, as a user would. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PLANS_BIN = fileURLToPath(new URL('../../bin/plans.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runPlans(
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [PLANS_BIN, ...args],
      {
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function spawnPlans(args: string[]): ChildProcess {
  return spawn(process.execPath, [PLANS_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ServerUnderTest {
  url: string;
  /** Ctrl-C: the server stops DynamoDB Local itself. */
  stop(): Promise<void>;
  /** kill -9 of the server and its DynamoDB Local together, as a crash would. */
  crash(): Promise<void>;
}

/** `plans serve` in its own process group, so a crash test can take down everything it started. */
export async function startServer(port: number, dataDir: string): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [PLANS_BIN, 'serve', '--port', String(port), '--data', dataDir], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await waitForHealth(url);
  return {
    url,
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
    async crash() {
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}
