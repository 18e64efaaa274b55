import type { BuildOptions } from 'esbuild';

/** esbuild's options for the `plans` command from the package root into `outdir` (bin/cli-build-options.js). */
export function cliBuildOptions(root: string, outdir: string): BuildOptions;
