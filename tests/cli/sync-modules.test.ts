/**
 * `plans sync` of a workbook it reads from the XML never needs ExcelJS (cli/workbook-plan-grid.ts),
 * whose module alone was a twentieth of a 10,000-row sync: the command must reach it only through a
 * dynamic import, so the compiled command (built with bin/build-cli.js's own options, which split
 * each command and what it loads lazily into chunks of their own) loads it only when a sync reads a
 * workbook through ExcelJS.
 */
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../bin/cli-build-options.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The inputs a module loads with it (every import but a dynamic one), with the chain to each. */
function staticallyLoaded(metafile: Metafile, start: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const stack = [start];
  while (stack.length > 0) {
    const input = stack.pop() as string;
    for (const imported of metafile.inputs[input]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || chains.has(imported.path)) continue;
      chains.set(imported.path, [...(chains.get(input) ?? []), imported.path]);
      stack.push(imported.path);
    }
  }
  return chains;
}

describe('what plans sync loads', () => {
  it('when the sync command is loaded, then ExcelJS is not, until a sync reads a workbook through it', async () => {
    const { metafile } = await build({
      ...cliBuildOptions(root, 'dist/unused'),
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    if (!metafile) throw new Error('esbuild must describe the build it made');
    const loaded = staticallyLoaded(metafile, 'cli/commands/sync.ts');
    expect(loaded.has('cli/workbook-sync.ts')).toBe(true);
    const excel = [...loaded].filter(([input]) => input.includes('node_modules/exceljs/'));
    const through = new Set(
      excel.map(([, chain]) => chain.filter((i) => !i.includes('node_modules')).join(' -> ')),
    );
    expect([...through]).toEqual([]);
    // It is there, loaded when a sync reads a workbook through ExcelJS.
    const lazily = metafile.inputs['cli/workbook-file.ts']?.imports.filter(
      (i) => i.kind === 'dynamic-import',
    );
    expect(lazily?.some((i) => i.path.includes('node_modules/exceljs/'))).toBe(true);
  });
});
