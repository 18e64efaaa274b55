import type { Command } from 'commander';
import { registerParse } from './parse.js';
import { registerServe } from './serve.js';
import { registerToken } from './token.js';

/** Each command lives in its own module and adds itself here. */
export function registerCommands(program: Command): void {
  registerParse(program);
  registerServe(program);
  registerToken(program);
}
