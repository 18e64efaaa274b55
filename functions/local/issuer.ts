/**
 * Locally the server is its own token issuer: an ES256 key pair kept in the data folder, used by
 * `plans serve` to verify and by `plans token` to sign.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../../core/plan.js';
import type { AuthConfig } from '../auth.js';

export const LOCAL_ISSUER = 'urn:peer-challenge-plans:local';
export const LOCAL_AUDIENCE = 'peer-challenge-plans';

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateIssuerKeys(dataDir: string): Promise<KeyFile> {
  const file = join(dataDir, 'issuer-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const keys: KeyFile = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export function localAuthConfig(keys: KeyFile): AuthConfig {
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    keys: createLocalJWKSet({ keys: [keys.publicJwk] }),
  };
}

export interface TokenRequest {
  council: string;
  role: Role;
  directorates?: string[];
  subject?: string;
  name?: string;
  /** Lifetime, as jose reads it: '8h', '30m'. */
  expiresIn?: string;
}

export async function mintToken(keys: KeyFile, request: TokenRequest): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'ES256');
  const subject = request.subject ?? `${request.role}@${request.council}`;
  return new SignJWT({
    council: request.council,
    role: request.role,
    ...(request.directorates?.length ? { directorates: request.directorates } : {}),
    name: request.name ?? subject,
  })
    .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid ?? 'local', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(key);
}
