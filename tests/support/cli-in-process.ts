/** The `plans` command run in-process (so fetch can be answered by the API in-process), its output captured. */
import { Command } from 'commander';
import { vi } from 'vitest';
import { runCli } from '../../cli/run.js';

export interface InProcessRun {
  stdout: string;
  stderr: string;
  /** process.exitCode as the command left it; 0 when it set none. */
  exitCode: number;
}

/** `plans ARGS…` with only the given commands registered. */
export async function runCommands(
  register: ((program: Command) => void)[],
  args: string[],
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('plans').exitOverride();
  for (const add of register) add(program);
  try {
    await runCli(program, ['node', 'plans', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}
