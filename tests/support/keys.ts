import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateIssuerKeys } from '../../functions/local/issuer.js';

let keys: ReturnType<typeof loadOrCreateIssuerKeys> | undefined;

/** One issuer key pair per test file, in a temporary folder. */
export function issuerKeys() {
  keys ??= loadOrCreateIssuerKeys(mkdtempSync(join(tmpdir(), 'plans-keys-')));
  return keys;
}
