/**
 * Claims requests (the OpenID Connect `claims` parameter) the app sends on an interactive sign-in, and the
 * claims challenges a resource sends back. Both are JSON objects such as `{"access_token":{...}}`; MSAL sends a
 * request's `claims` on the authorize URL and again on the authorization-code redemption.
 *
 * - The home sign-in asks for MFA with `{"access_token":{"amr":{"values":["mfa"]}}}`. Microsoft documents the
 *   `claims` parameter and claims challenges (https://learn.microsoft.com/entra/identity-platform/claims-challenge)
 *   but not this `amr` request; it is what published MSAL-based tools send to force MFA (see docs/architecture.md,
 *   "Home sign-in"). Whether Entra honours it is not confirmed, so the app reads the home token's `amr` either way.
 * - A claims challenge arrives from ARM in `WWW-Authenticate` as `claims="<base64 JSON>"` (same page); the app
 *   passes it to the next home sign-in merged with the MFA request.
 */

/** The MFA request of the home sign-in. */
export const HOME_MFA_CLAIMS = '{"access_token":{"amr":{"values":["mfa"]}}}';

/** Longest claims text the app sends or keeps; real challenges are a few hundred bytes. */
export const MAX_CLAIMS_LENGTH = 8_000;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The claims JSON as an object, or null when it is not a JSON object of a sane size. */
export function parseClaims(text: string): JsonObject | null {
  if (text.length === 0 || text.length > MAX_CLAIMS_LENGTH) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function deepMerge(base: JsonObject, extra: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    if (isObject(current) && isObject(value)) {
      merged[key] = deepMerge(current, value);
    } else if (key === 'values' && Array.isArray(current) && Array.isArray(value)) {
      // Two requests for the same claim: ask for every value either named (e.g. `amr` values).
      merged[key] = [...new Set([...current, ...value])];
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * Merges claims requests into one (nested objects key by key, `values` lists joined, otherwise the later one
 * wins). Texts that are not JSON objects are left out. Null when nothing is left.
 */
export function mergeClaims(...texts: (string | null | undefined)[]): string | null {
  let merged: JsonObject | null = null;
  for (const text of texts) {
    const parsed = text ? parseClaims(text) : null;
    if (!parsed) continue;
    merged = merged ? deepMerge(merged, parsed) : parsed;
  }
  return merged ? JSON.stringify(merged) : null;
}

/** A claims challenge read from a `WWW-Authenticate` header. */
export interface ClaimsChallenge {
  /** The decoded claims request (JSON text), to pass to the next sign-in. */
  claims: string;
  /** The challenge's `error` (Entra sends `insufficient_claims`), null when absent. */
  error: string | null;
}

/** The auth-params (`name="value"` or `name=token`) of a WWW-Authenticate header, names lower-cased. */
function authParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g;
  for (const match of header.matchAll(pattern)) {
    const name = match[1]!.toLowerCase();
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    // The first of each name counts: a second challenge in the same header must not override the first.
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

function decodeBase64(value: string): string | null {
  const trimmed = value.trim();
  // Standard or URL-safe alphabet, padding optional (the documented example is standard with padding).
  if (trimmed.length === 0 || trimmed.length > MAX_CLAIMS_LENGTH * 2 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    return null;
  }
  return Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/**
 * Reads a claims challenge from a `WWW-Authenticate` header value: `claims` is base64 of a JSON object
 * (https://learn.microsoft.com/entra/identity-platform/claims-challenge). Null when the header carries no
 * readable challenge.
 */
export function readClaimsChallenge(header: string | undefined | null): ClaimsChallenge | null {
  if (!header || header.length > MAX_CLAIMS_LENGTH * 3) return null;
  const params = authParams(header);
  const encoded = params.get('claims');
  if (!encoded) return null;
  const decoded = decodeBase64(encoded);
  if (decoded === null || parseClaims(decoded) === null) return null;
  return { claims: decoded, error: params.get('error') ?? null };
}
