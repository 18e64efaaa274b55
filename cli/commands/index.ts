import type { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerToken } from './token.js';

/** Each command lives in its own module and adds itself here. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerToken(program);
}
