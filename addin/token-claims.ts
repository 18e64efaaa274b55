/**
 * What a token says about who holds it, for display only: the server checks the signature and
 * enforces every claim. Pure: decodes the JWT payload, no verification.
 */
export interface TokenClaims {
  council: string;
  role: string;
  name: string;
  directorates: string[];
  /** Seconds since 1970, when the token stops working; null when it does not say. */
  expires: number | null;
}

export class TokenFormatError extends Error {
  constructor(why: string) {
    super(`That is not a sign-in token (${why}). Paste the whole line that \`npx plans token\` printed.`);
    this.name = 'TokenFormatError';
  }
}

export function decodeClaims(token: string): TokenClaims {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => p === ''))
    throw new TokenFormatError('it should have three parts');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1] as string)) as Record<string, unknown>;
  } catch {
    throw new TokenFormatError('its middle part is not readable');
  }
  const council = typeof payload.council === 'string' ? payload.council : '';
  if (council === '') throw new TokenFormatError('it names no council');
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
  return {
    council,
    role: text('role') || 'viewer',
    name: text('name') || text('preferred_username') || text('sub') || 'you',
    directorates: Array.isArray(payload.directorates)
      ? payload.directorates.filter((d): d is string => typeof d === 'string')
      : [],
    expires: typeof payload.exp === 'number' ? payload.exp : null,
  };
}

/** Whether the token has run out (a minute early, so a sync does not start on a dying token). */
export function hasExpired(claims: TokenClaims, nowMs = Date.now()): boolean {
  return claims.expires !== null && claims.expires * 1000 - 60_000 < nowMs;
}

function decodeBase64Url(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
