import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { launcherFlags } from '../../bench/workbook-sync.js';

const firstLine =
  readFileSync(new URL('../../bin/plans.js', import.meta.url), 'utf8').split('\n', 1)[0] ?? '';

describe('the bench runs plans as its launcher starts node', () => {
  it("when bin/plans.js's shebang gives node flags, then the bench passes the same ones", () => {
    expect(launcherFlags(firstLine)).toEqual(['--max-semi-space-size=32']);
    expect(launcherFlags('#!/usr/bin/env node')).toEqual([]);
    expect(launcherFlags('#!/usr/bin/env -S node --a-flag=1 --another')).toEqual(['--a-flag=1', '--another']);
  });

  it('when the first line is not a node shebang, then it says so rather than run something else', () => {
    expect(() => launcherFlags('// no shebang')).toThrow('does not start with a node shebang');
    expect(() => launcherFlags('#!/usr/bin/env -S node; rm -rf /')).toThrow(
      'does not start with a node shebang',
    );
  });

  it("when node is started with the launcher's flags, then it takes them", () => {
    const run = spawnSync(process.execPath, [...launcherFlags(firstLine), '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
