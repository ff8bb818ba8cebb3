/**
 * Reads the claims the classifier needs from an access token. The token itself never leaves main; only these
 * claims go into observations. Decoding does not verify the signature: the token came straight from the
 * token endpoint over TLS, and the claims are evidence, not an authorisation decision.
 */
import { decodeJwt } from 'jose';

export interface TokenClaimsSummary {
  tid: string | null;
  idp: string | null;
  oid: string | null;
  amr: string[];
  acrs: string[];
  scp: string[];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Claims of a JWT access token; empty values when the token is not a readable JWT (e.g. opaque). */
export function readTokenClaims(accessToken: string): TokenClaimsSummary {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return { tid: null, idp: null, oid: null, amr: [], acrs: [], scp: [] };
  }
  return {
    tid: stringOrNull(claims['tid']),
    idp: stringOrNull(claims['idp']),
    oid: stringOrNull(claims['oid']),
    amr: stringList(claims['amr']),
    acrs: stringList(claims['acrs']),
    scp: typeof claims['scp'] === 'string' ? claims['scp'].split(' ').filter(Boolean) : [],
  };
}

/** Whether an `amr` list shows multifactor authentication. */
export function amrShowsMfa(amr: readonly string[]): boolean {
  return amr.includes('mfa') || amr.includes('ngcmfa');
}
