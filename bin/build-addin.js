#!/usr/bin/env node
// Builds the add-in for `npm start` only when its sources changed since the last build, so a start
// after the first one does not wait for the bundler. `npm run addin:build` always builds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist/addin/.sources-sha256');
// What the bundle is made from: the add-in, the core it imports, and the exact dependencies.
const inputs = ['addin', 'core', 'package-lock.json', 'tsconfig.json'];

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

const hash = createHash('sha256');
for (const file of inputs.flatMap((input) => files(join(root, input)))) {
  hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
}
const digest = hash.digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('Add-in unchanged since its last build: not rebuilt.');
} else {
  const build = spawnSync('npm', ['run', '--silent', 'addin:build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stamp, digest);
}
