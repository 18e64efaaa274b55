// Runs a TypeScript entry point through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';
import { requireNode24 } from './node-version.js';

export async function runTypeScript(entry) {
  requireNode24();
  register();
  await import(entry);
}
