import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addinFile, parseDevHttpsArgs } from '../../addin/dev-https.js';

describe('npm run addin:https (addin/dev-https.ts)', () => {
  const dir = resolve('dist/addin');

  it('when /addin/ paths are asked for, then they map to the built files; other paths go to the API', () => {
    expect(addinFile(dir, '/addin/')).toBe(resolve(dir, 'taskpane.html'));
    expect(addinFile(dir, '/addin/assets/icon-32.png')).toBe(resolve(dir, 'assets/icon-32.png'));
    expect(addinFile(dir, '/councils/chorley/plans')).toBeNull();
  });

  it('when a path tries to climb out of the build folder, then it is refused', () => {
    expect(addinFile(dir, '/addin/../../package.json')).toBeNull();
    expect(addinFile(dir, '/addin/%2e%2e/%2e%2e/package.json')).toBeNull();
  });

  it('when no options are given, then it serves on 3000 and passes API calls to plans serve on 8787', () => {
    expect(parseDevHttpsArgs([])).toMatchObject({ port: 3000, api: 'http://127.0.0.1:8787', dir });
    expect(() => parseDevHttpsArgs(['--port', 'lots'])).toThrow('--port must be a port number');
  });
});
