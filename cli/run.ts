import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';

export interface CliErrorOptions {
  /** What to do about it, when it is said apart from the cause (JSON errors carry it as `fix`). */
  fix?: string;
  exitCode?: number;
}

/** An expected failure: printed as one line (cause and fix), never as a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly fix: string | undefined;

  constructor(message: string, options: number | CliErrorOptions = {}) {
    const { fix, exitCode = EXIT.FAILED } = typeof options === 'number' ? { exitCode: options } : options;
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.fix = fix;
  }

  /** The one line a person reads: the cause, then what to do. */
  get line(): string {
    return this.fix ? `${this.message}: ${this.fix}` : this.message;
  }
}

/** The one JSON object `--json` writes to stderr on failure, so a script reads errors as it reads results. */
export interface JsonError {
  error: { message: string; fix?: string; code: number };
}

export async function runCli(program: Command, argv: string[]): Promise<void> {
  const json = wantsJson(argv);
  if (json) reportCommanderErrorsAsJson(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) {
      if (json) writeJsonError({ message: error.message, fix: error.fix, code: error.exitCode });
      else process.stderr.write(`plans: ${error.line}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    // A defect, not an expected failure: a person gets the stack trace; a script still gets JSON.
    if (!json) throw error;
    writeJsonError({
      message: `unexpected error: ${(error as Error)?.message ?? String(error)}`,
      code: EXIT.FAILED,
    });
    process.exitCode = EXIT.FAILED;
  }
}

/** `--json` anywhere before a `--`, whether or not the command knows it: the caller wants JSON. */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

function writeJsonError(error: { message: string; fix?: string | undefined; code: number }): void {
  const body: JsonError = {
    error: { message: error.message, ...(error.fix ? { fix: error.fix } : {}), code: error.code },
  };
  process.stderr.write(`${JSON.stringify(body)}\n`);
}

/** Commander's own errors (a missing option, an unknown command) as the same JSON, with no usage hint. */
function reportCommanderErrorsAsJson(command: Command): void {
  command.configureOutput({
    outputError: (text) =>
      writeJsonError({ message: text.trim().replace(/^error: /, ''), code: EXIT.FAILED }),
    // Help printed after an error would follow the JSON on stderr; the JSON already says it all.
    writeErr: () => undefined,
  });
  for (const sub of command.commands) reportCommanderErrorsAsJson(sub);
}
