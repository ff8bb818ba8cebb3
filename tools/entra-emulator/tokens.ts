/**
 * Real, signed JWTs in Entra's claim layout: v1-style access tokens (as Graph and ARM get them) and v2 ID
 * tokens. The signing key is made at start-up (ES256); its public half is served as the JWKS, so a client can
 * verify the tokens as it would verify Entra's.
 */
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { randomOpaque, stableGuid, stableOpaque } from './ids';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomOpaque('', 12);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'ES256' };
  return { kid, privateKey, publicKey, publicJwk };
}

/** The signed-in person as one tenant sees them. */
export interface Subject {
  upn: string;
  displayName: string;
  homeTenantId: string;
  homeOid: string;
  /** Tenant the token is for (`tid`). */
  tenantId: string;
  /** Object id in that tenant (a guest has another in every tenant). */
  oid: string;
}

/** The user's object id in a tenant: stable per (tenant, upn), different in every tenant. */
export function objectIdIn(tenantId: string, upn: string): string {
  return stableGuid('oid', tenantId.toLowerCase(), upn.toLowerCase());
}

/** `client_info` as Entra returns it: base64url JSON of the home identity, also for guest tenants. */
export function clientInfo(subject: Subject): string {
  return Buffer.from(JSON.stringify({ uid: subject.homeOid, utid: subject.homeTenantId })).toString('base64url');
}

export interface AccessTokenInput {
  subject: Subject;
  audience: string;
  clientId: string;
  scp: string[];
  amr: string[];
  acrs?: string[];
  lifetimeSeconds: number;
  now: Date;
}

const isGuest = (subject: Subject): boolean => subject.tenantId.toLowerCase() !== subject.homeTenantId.toLowerCase();

export async function signAccessToken(key: SigningKey, input: AccessTokenInput): Promise<string> {
  const { subject } = input;
  const iat = Math.floor(input.now.getTime() / 1000);
  const guest = isGuest(subject);
  const claims: JWTPayload & Record<string, unknown> = {
    aud: input.audience,
    iss: `https://sts.windows.net/${subject.tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + input.lifetimeSeconds,
    acr: '1',
    ...(input.acrs && input.acrs.length > 0 ? { acrs: input.acrs } : {}),
    amr: input.amr,
    appid: input.clientId,
    appidacr: '0',
    ...(guest ? { idp: `https://sts.windows.net/${subject.homeTenantId}/`, email: subject.upn } : {}),
    ipaddr: '127.0.0.1',
    name: subject.displayName,
    oid: subject.oid,
    scp: input.scp.join(' '),
    sub: stableOpaque('sub', subject.oid, input.audience),
    tid: subject.tenantId,
    unique_name: subject.upn,
    ...(guest ? {} : { upn: subject.upn }),
    uti: randomOpaque('', 16),
    ver: '1.0',
  };
  return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'ES256', kid: key.kid }).sign(key.privateKey);
}

export interface IdTokenInput {
  subject: Subject;
  clientId: string;
  nonce?: string | undefined;
  lifetimeSeconds: number;
  now: Date;
}

export async function signIdToken(key: SigningKey, input: IdTokenInput): Promise<string> {
  const { subject } = input;
  const iat = Math.floor(input.now.getTime() / 1000);
  const guest = isGuest(subject);
  const claims: JWTPayload & Record<string, unknown> = {
    aud: input.clientId,
    iss: `https://login.microsoftonline.com/${subject.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + input.lifetimeSeconds,
    ...(guest ? { idp: `https://sts.windows.net/${subject.homeTenantId}/`, home_oid: subject.homeOid } : {}),
    name: subject.displayName,
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    oid: subject.oid,
    preferred_username: subject.upn,
    sub: stableOpaque('sub', subject.oid, input.clientId),
    tid: subject.tenantId,
    uti: randomOpaque('', 16),
    ver: '2.0',
  };
  return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'ES256', kid: key.kid }).sign(key.privateKey);
}

export type VerifiedToken =
  | { ok: true; claims: JWTPayload & Record<string, unknown> }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience' };

/** How many tokens whose signature passed are remembered per key (a client reads with a few at a time). */
const VERIFIED_TOKENS_KEPT = 256;

/**
 * Tokens whose signature and times jose accepted, with their claims, per signing key, oldest first. A client sends
 * the same token with each of its reads (a probe reads three Graph resources with one): the signature is checked
 * the first time, and later requests with that token check only its times and audience again.
 */
const verifiedTokens = new WeakMap<SigningKey, Map<string, JWTPayload & Record<string, unknown>>>();

/**
 * The claims of a token seen before whose times still hold now (as jose checks them: `exp` passed at or before
 * now, `nbf` after now; whole seconds); `expired` or `invalid` when they no longer do; undefined for a token not
 * seen before.
 */
function rememberedClaims(
  key: SigningKey,
  token: string,
): (JWTPayload & Record<string, unknown>) | 'expired' | 'invalid' | undefined {
  const claims = verifiedTokens.get(key)?.get(token);
  if (!claims) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp === 'number' && claims.exp <= now) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf > now) return 'invalid';
  return claims;
}

function rememberVerified(key: SigningKey, token: string, claims: JWTPayload & Record<string, unknown>): void {
  let kept = verifiedTokens.get(key);
  if (!kept) verifiedTokens.set(key, (kept = new Map()));
  kept.set(token, claims);
  if (kept.size > VERIFIED_TOKENS_KEPT) kept.delete(kept.keys().next().value!);
}

/**
 * Checks a bearer token as ARM or Graph would: our signature, not expired, and one of the accepted audiences.
 */
export async function verifyAccessToken(
  key: SigningKey,
  authorization: string | undefined,
  audiences: readonly string[],
): Promise<VerifiedToken> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, reason: 'missing' };
  const token = match[1];
  let claims = rememberedClaims(key, token);
  if (claims === 'expired' || claims === 'invalid') return { ok: false, reason: claims };
  if (!claims) {
    try {
      const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ['ES256'] });
      claims = payload as JWTPayload & Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
    rememberVerified(key, token, claims);
  }
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) return { ok: false, reason: 'audience' };
  return { ok: true, claims };
}

/** Reads a token's claims without checking it (to find the tenant before faults and latency apply). */
export function peekClaims(authorization: string | undefined): Record<string, unknown> | null {
  const match = /^Bearer\s+([^.\s]+)\.([^.\s]+)\.[^.\s]*$/i.exec(authorization ?? '');
  if (!match?.[2]) return null;
  try {
    return JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A refresh token: opaque, unguessable, in the `1.A…` style of Entra's. */
export function newRefreshToken(): string {
  return randomOpaque('1.A', 96);
}

export function newAuthorizationCode(): string {
  return randomOpaque('1.A', 48);
}
