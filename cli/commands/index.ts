import type { Command } from 'commander';
import { registerExport } from './export.js';
import { registerImport } from './import.js';
import { registerParse } from './parse.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerSync } from './sync.js';
import { registerToken } from './token.js';

/** Each command lives in its own module and adds itself here. */
export function registerCommands(program: Command): void {
  registerExport(program);
  registerImport(program);
  registerParse(program);
  registerReport(program);
  registerServe(program);
  registerSync(program);
  registerToken(program);
}
