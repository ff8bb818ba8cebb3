/**
 * Azure Resource Manager `GET /tenants`: the directories the signed-in account can sign in to, guest tenants
 * included (entra-facts.md §1). Paged with `nextLink`, which is only followed on the ARM host itself so the
 * token is never sent elsewhere. Entries that do not parse are skipped and counted, never fatal.
 */
import { z } from 'zod';
import { sanitizeInline } from '../../shared/sanitize';
import { readClaimsChallenge, type ClaimsChallenge } from '../auth/claims-request';
import type { HttpTransport } from '../net/transport';
import { getJson, type JsonGetResult } from './http-json';
import { withRetries, type RetryPolicy } from './retry';

export const ARM_TENANTS_API_VERSION = '2022-12-01';
const MAX_PAGES = 100;
const MAX_NAME = 256;
const MAX_DOMAIN = 253;
const MAX_DOMAINS = 500;

export interface ArmTenant {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  domains: string[];
  countryCode: string | null;
  tenantCategory: string | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tenantSchema = z.object({
  tenantId: z.string().regex(GUID),
  displayName: z.string().max(10_000_000).nullish(),
  defaultDomain: z.string().max(100_000).nullish(),
  domains: z.array(z.string().max(100_000)).max(10_000).nullish(),
  countryCode: z.string().max(10).nullish(),
  tenantCategory: z.string().max(50).nullish(),
});

const pageSchema = z.object({
  value: z.array(z.unknown()).max(10_000),
  nextLink: z.string().max(4_000).nullish(),
});

export type TenantListResult =
  | { ok: true; tenants: ArmTenant[]; skipped: number; pages: number }
  | {
      ok: false;
      failure: Extract<JsonGetResult, { ok: false }>;
      message: string;
      /**
       * ARM refused the token with a claims challenge (401, `WWW-Authenticate: Bearer … claims="<base64>"`), as
       * Azure's mandatory MFA does for a token without MFA: a home sign-in with these claims would pass.
       */
      challenge?: ClaimsChallenge;
    };

/**
 * Whether a failed ARM or Graph read is worth another attempt: throttling, server errors, dropped connections and
 * unreadable bodies are; a cancel, an oversized answer and a timeout (it already used its whole time) are not.
 */
export function retryableFailure(result: JsonGetResult): boolean {
  if (result.ok) return false;
  if (result.kind === 'network') {
    return result.networkKind !== 'aborted' && result.networkKind !== 'too-large' && result.networkKind !== 'timeout';
  }
  if (result.kind === 'malformed') return true;
  return result.status === 429 || (result.status !== null && result.status >= 500);
}

export async function listTenants(
  transport: HttpTransport,
  armBaseUrl: string,
  accessToken: string,
  options: { signal?: AbortSignal; timeoutMs?: number; policy?: RetryPolicy } = {},
): Promise<TenantListResult> {
  const base = new URL(armBaseUrl);
  let url: string | null = `${base.origin}/tenants?api-version=${ARM_TENANTS_API_VERSION}`;
  const tenants = new Map<string, ArmTenant>();
  let skipped = 0;
  let pages = 0;
  const requested = new Set<string>();
  while (url && pages < MAX_PAGES) {
    const pageUrl: string = url;
    requested.add(pageUrl);
    const { result } = await withRetries(
      () => getJson(transport, pageUrl, accessToken, options),
      (r) =>
        retryableFailure(r) ? { retry: true, retryAfterSeconds: r.ok ? null : r.retryAfterSeconds } : { retry: false },
      options,
    );
    if (!result.ok) {
      // A claims challenge (https://learn.microsoft.com/entra/identity-platform/claims-challenge): mandatory MFA
      // for Azure answers a token without MFA this way (docs/architecture.md, "ARM claims challenge").
      const challenge = result.status === 401 ? readClaimsChallenge(result.wwwAuthenticate) : null;
      if (challenge) {
        return {
          ok: false,
          failure: result,
          challenge,
          message: 'Azure asks for a sign-in with multifactor authentication before it lists your organisations.',
        };
      }
      return {
        ok: false,
        failure: result,
        message: `The list of your organisations could not be read: ${result.message}`,
      };
    }
    const page = pageSchema.safeParse(result.body);
    if (!page.success) {
      return {
        ok: false,
        failure: {
          ok: false,
          kind: 'malformed',
          status: result.status,
          code: null,
          message: 'unexpected answer',
          retryAfterSeconds: null,
        },
        message: 'The list of your organisations came back in an unexpected form.',
      };
    }
    pages += 1;
    for (const raw of page.data.value) {
      const entry = tenantSchema.safeParse(raw);
      if (!entry.success) {
        skipped += 1;
        continue;
      }
      const t = entry.data;
      // Partner-supplied text: made inert (no control or bidi characters) and bounded before anything keeps it.
      const domains = (t.domains ?? [])
        .map((d) => sanitizeInline(d, MAX_DOMAIN))
        .filter(Boolean)
        .slice(0, MAX_DOMAINS);
      tenants.set(t.tenantId.toLowerCase(), {
        tenantId: t.tenantId.toLowerCase(),
        displayName: sanitizeInline(t.displayName ?? '', MAX_NAME),
        defaultDomain: sanitizeInline(t.defaultDomain ?? '', MAX_DOMAIN) || (domains[0] ?? ''),
        domains,
        countryCode: t.countryCode ?? null,
        tenantCategory: t.tenantCategory ?? null,
      });
    }
    url = null;
    if (page.data.nextLink) {
      let next: URL | null = null;
      try {
        next = new URL(page.data.nextLink);
      } catch {
        next = null;
      }
      // Follow only links back to ARM itself: the bearer token must not go anywhere else. A link to a page
      // already read is a loop: the list is complete.
      if (next && next.origin === base.origin) url = requested.has(next.href) ? null : next.href;
      else skipped += 1;
    }
  }
  return { ok: true, tenants: [...tenants.values()], skipped, pages };
}
