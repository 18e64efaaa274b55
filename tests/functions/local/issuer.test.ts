import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateIssuerKeys } from '../../../functions/local/issuer.js';

describe('the local issuer key', () => {
  it('when plans serve and several plans token start together on a fresh data folder, then all sign and verify with one key', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'plans-issuer-')), 'data');
    const keys = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateIssuerKeys(data)));
    const kids = new Set(keys.map((k) => k.publicJwk.kid));
    expect(kids.size).toBe(1);
    const again = await loadOrCreateIssuerKeys(data);
    expect(again.publicJwk).toEqual(keys[0]?.publicJwk);
    expect(again.privateJwk).toEqual(keys[0]?.privateJwk);
  });
});
