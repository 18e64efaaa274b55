import type { Command } from 'commander';
import { registerImport } from './import.js';
import { registerParse } from './parse.js';
import { registerServe } from './serve.js';
import { registerToken } from './token.js';

/** Each command lives in its own module and adds itself here. */
export function registerCommands(program: Command): void {
  registerImport(program);
  registerParse(program);
  registerServe(program);
  registerToken(program);
}
