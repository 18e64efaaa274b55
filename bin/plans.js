#!/usr/bin/env -S node --max-semi-space-size=32
// The flag: a sync makes short-lived objects for every cell, and V8's young generation at its
// default size was collected so often that garbage collection was the largest share of a
// 10,000-row sync; at 32 MB a semi-space that sync takes about a tenth less CPU and 50 MB less peak
// memory, and a 100-row sync no more (README, Performance). `env -S` splits the line on Linux and
// macOS; npm's Windows shim (cmd-shim) reads the same line and passes the flag to node.
// `plans`: the compiled command (dist/cli, from `npm run build:cli` or `npm pack`) when there is one
// at least as new as the sources; otherwise the TypeScript through tsx, so a fresh clone needs no
// build step and an edited source is never hidden behind an older build. An installed package
// holds no sources: it always runs the compiled command.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { requireNode24 } from './node-version.js';

requireNode24();
const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = join(root, 'dist/cli/plans.mjs');
const sources = ['cli', 'core', 'functions', 'package.json'].map((path) => join(root, path));

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

const upToDate = () => {
  if (!existsSync(join(root, 'cli/main.ts'))) return true;
  const built = statSync(compiled).mtimeMs;
  return sources.every((path) => !existsSync(path) || newestChange(path) <= built);
};

if (existsSync(compiled) && upToDate()) {
  // V8's compiled code kept between runs (in the system's temporary folder): a scheduled sync starts sooner.
  module.enableCompileCache?.();
  await import(pathToFileURL(compiled).href);
} else {
  const { runTypeScript } = await import('./run-typescript.js');
  await runTypeScript(new URL('../cli/main.ts', import.meta.url).href);
}
