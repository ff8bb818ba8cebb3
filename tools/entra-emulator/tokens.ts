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

/** How many tokens are remembered per key (a client reads with a few at a time). */
const VERIFIED_TOKENS_KEPT = 256;

type Claims = JWTPayload & Record<string, unknown>;
type Checked = { ok: true; claims: Claims } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * jose's check of each token seen lately, per signing key, oldest first. A client sends the same token with each
 * of its reads (a probe reads three Graph resources with one, at the same time): jose checks the signature once,
 * requests that come while it runs wait for its answer, and later ones check only the token's times again. A token
 * jose refused is forgotten once it answered, so that a later request is checked afresh.
 */
const checkedTokens = new WeakMap<SigningKey, Map<string, Promise<Checked>>>();

async function checkToken(key: SigningKey, token: string): Promise<Checked> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ['ES256'] });
    return { ok: true, claims: payload as Claims };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
  }
}

/** jose's answer for a token: the one it gave before (its times checked again now, as jose checks them) or a new one. */
async function checked(key: SigningKey, token: string): Promise<Checked> {
  let kept = checkedTokens.get(key);
  if (!kept) checkedTokens.set(key, (kept = new Map()));
  const earlier = kept.get(token);
  if (!earlier) {
    const answer = checkToken(key, token);
    kept.set(token, answer);
    if (kept.size > VERIFIED_TOKENS_KEPT) kept.delete(kept.keys().next().value!);
    const first = await answer;
    if (!first.ok) kept.delete(token);
    return first;
  }
  const answer = await earlier;
  if (!answer.ok) return answer;
  // jose's rule, whole seconds: expired once `exp` is now or past, not yet valid while `nbf` is ahead.
  const now = Math.floor(Date.now() / 1000);
  const { exp, nbf } = answer.claims;
  if (typeof exp === 'number' && exp <= now) return { ok: false, reason: 'expired' };
  if (typeof nbf === 'number' && nbf > now) return { ok: false, reason: 'invalid' };
  return answer;
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
  const answer = await checked(key, match[1]);
  if (!answer.ok) return answer;
  const { claims } = answer;
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
