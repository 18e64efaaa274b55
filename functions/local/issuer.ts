/**
 * Locally the server is its own token issuer: an ES256 key pair kept in the data folder, used by
 * `plans serve` to verify and by `plans token` to sign.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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
  const kid = `local-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const keys: KeyFile = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dataDir, { recursive: true });
  // `plans serve` and `plans token` may start together on a fresh folder: the first key published
  // wins, whole (written aside, then linked in, which fails if a key is already there), and the
  // others use it. Otherwise a token could be signed with a key the server never sees.
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(draft, JSON.stringify(keys, null, 2), { mode: 0o600 });
  try {
    linkSync(draft, file);
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } finally {
    unlinkSync(draft);
  }
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
