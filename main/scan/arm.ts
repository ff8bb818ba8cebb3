/**
 * Azure Resource Manager `GET /tenants`: the directories the signed-in account can sign in to, guest tenants
 * included (https://learn.microsoft.com/rest/api/resources/tenants/list). Paged with `nextLink`, which is only
 * followed on the ARM host itself so the token is never sent elsewhere. Every entry is accounted for: one that names
 * a readable tenant id but has other fields that do not parse is kept with what could be read, and one without a
 * readable tenant id makes the list partial; both are named in `unreadable` with what was wrong, never fatal.
 *
 * A listing is complete or says it is not. It stops early, keeping what it read and naming the reason in
 * `incomplete`, when a page names a page already read (a loop), when pages keep coming without a tenant not
 * already listed, when the next page is not on ARM, or at the page or tenant cap. The caller must then treat
 * the list as partial: a tenant missing from it may simply be beyond the point where it stopped.
 */
import { isGuid, normaliseTenantId } from '../../shared/identifiers';
import type { TenantCategory } from '../../shared/model';
import { readTenantCategory } from '../../shared/tenant-category';
import { z } from 'zod';
import { sanitizeInline } from '../../shared/sanitize';
import { readClaimsChallenge, type ClaimsChallenge } from '../auth/claims-request';
import type { HttpTransport } from '../net/transport';
import { getJson, jsonRetryDecision, type JsonGetResult } from './http-json';
import { withRetries, type RetryPolicy } from '../net/retry';

export const ARM_TENANTS_API_VERSION = '2022-12-01';
/**
 * Pages followed at most. The app keeps at most 10,000 tenants (LIMITS.tenants in main/store/schema.ts); at the
 * 50 entries per page the emulator serves (real ARM does not document its page size), that is 200 pages, and a
 * guest of thousands of tenants needs around a hundred (5,201 tenants: 105 pages). 1,000 leaves room for pages
 * five times smaller than that, while a server that never stops costs at most 1,000 short requests.
 */
export const MAX_LISTING_PAGES = 1000;
/** Pages in a row that bring no tenant not already listed: a server going round under ever new links. */
export const MAX_PAGES_WITHOUT_NEW_TENANTS = 10;
const MAX_NAME = 256;
const MAX_DOMAIN = 253;
const MAX_DOMAINS = 500;

export interface ArmTenant {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  domains: string[];
  countryCode: string | null;
  /** ARM's category; `ProjectedBy` / `ManagedBy` are Azure Lighthouse, not guest tenants (shared/tenant-category.ts). */
  tenantCategory: TenantCategory;
}

const tenantSchema = z.object({
  tenantId: z.string().refine(isGuid),
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

/** Why a listing stopped before ARM said it was over. */
export type ListingStopReason = 'repeated-link' | 'no-new-tenants' | 'foreign-link' | 'page-limit' | 'tenant-limit';

export interface ListingStop {
  reason: ListingStopReason;
  /** Pages read before it stopped. */
  pages: number;
}

/** How many unreadable entries a listing describes one by one (all are counted). */
export const MAX_UNREADABLE_DESCRIBED = 20;

/** An entry of ARM's list that did not parse as it should. */
export interface UnreadableListEntry {
  /** The tenant it names, when that much was readable (the tenant is then kept with the fields that were). */
  tenantId: string | null;
  /** What was wrong, in words. */
  problem: string;
}

export type TenantListResult =
  | {
      ok: true;
      tenants: ArmTenant[];
      /** Entries that named no readable tenant id: the list is partial when this is not 0. */
      skipped: number;
      /** Entries that did not parse (kept or skipped), the first MAX_UNREADABLE_DESCRIBED of them. */
      unreadable: UnreadableListEntry[];
      /** All entries that did not parse, kept or skipped. */
      unreadableCount: number;
      pages: number;
      /** Null when ARM's list ended (no `nextLink`): the list is complete. Otherwise the list is partial. */
      incomplete: ListingStop | null;
    }
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

export interface ListTenantsOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  policy?: RetryPolicy;
  /** Default MAX_LISTING_PAGES. */
  maxPages?: number;
  /** Stop (as partial) once this many distinct tenants were read. Default: no limit beyond the page cap. */
  maxTenants?: number;
  /**
   * Called after each page with the tenants it named for the first time (at most `maxTenants` in all), so that the
   * caller can start on them while later pages load. The result still holds the whole list.
   */
  onPage?: (tenants: ArmTenant[]) => void;
}

export async function listTenants(
  transport: HttpTransport,
  armBaseUrl: string,
  accessToken: string,
  options: ListTenantsOptions = {},
): Promise<TenantListResult> {
  const base = new URL(armBaseUrl);
  const maxPages = options.maxPages ?? MAX_LISTING_PAGES;
  const maxTenants = options.maxTenants ?? Number.POSITIVE_INFINITY;
  let url: string | null = `${base.origin}/tenants?api-version=${ARM_TENANTS_API_VERSION}`;
  const tenants = new Map<string, ArmTenant>();
  let skipped = 0;
  const unreadable: UnreadableListEntry[] = [];
  let unreadableCount = 0;
  const noteUnreadable = (entry: UnreadableListEntry) => {
    unreadableCount += 1;
    if (unreadable.length < MAX_UNREADABLE_DESCRIBED) unreadable.push(entry);
  };
  let pages = 0;
  let pagesWithoutNew = 0;
  let incomplete: ListingStop | null = null;
  const requested = new Set<string>();
  while (url) {
    if (pages >= maxPages) {
      incomplete = { reason: 'page-limit', pages };
      break;
    }
    const pageUrl: string = url;
    requested.add(new URL(pageUrl).href);
    const { result } = await withRetries(
      () => getJson(transport, pageUrl, accessToken, options),
      jsonRetryDecision,
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
    const before = tenants.size;
    const fresh: ArmTenant[] = [];
    for (const raw of page.data.value) {
      const entry = tenantSchema.safeParse(raw);
      let t: z.infer<typeof tenantSchema>;
      if (entry.success) t = entry.data;
      else {
        const lenient = readLeniently(raw);
        if (!lenient) {
          skipped += 1;
          noteUnreadable({ tenantId: null, problem: describeEntryProblem(raw) });
          continue;
        }
        t = lenient.tenant;
        noteUnreadable({ tenantId: normaliseTenantId(t.tenantId), problem: lenient.problem });
      }
      // Partner-supplied text: made inert (no control or bidi characters) and bounded before anything keeps it.
      const domains = (t.domains ?? [])
        .map((d) => sanitizeInline(d, MAX_DOMAIN))
        .filter(Boolean)
        .slice(0, MAX_DOMAINS);
      const tenantId = normaliseTenantId(t.tenantId);
      const tenant: ArmTenant = {
        tenantId,
        displayName: sanitizeInline(t.displayName ?? '', MAX_NAME),
        defaultDomain: sanitizeInline(t.defaultDomain ?? '', MAX_DOMAIN) || (domains[0] ?? ''),
        domains,
        countryCode: t.countryCode ?? null,
        tenantCategory: readTenantCategory(t.tenantCategory),
      };
      if (!tenants.has(tenantId) && tenants.size < maxTenants) fresh.push(tenant);
      tenants.set(tenantId, tenant);
    }
    if (fresh.length > 0) options.onPage?.(fresh);
    url = null;
    if (tenants.size > maxTenants) {
      incomplete = { reason: 'tenant-limit', pages };
      break;
    }
    if (!page.data.nextLink) break;
    pagesWithoutNew = tenants.size > before ? 0 : pagesWithoutNew + 1;
    let next: URL | null = null;
    try {
      next = new URL(page.data.nextLink);
    } catch {
      next = null;
    }
    // Follow only links back to ARM itself: the bearer token must not go anywhere else.
    if (!next || next.origin !== base.origin) incomplete = { reason: 'foreign-link', pages };
    else if (requested.has(next.href)) incomplete = { reason: 'repeated-link', pages };
    else if (pagesWithoutNew >= MAX_PAGES_WITHOUT_NEW_TENANTS) incomplete = { reason: 'no-new-tenants', pages };
    else url = next.href;
  }
  const list = [...tenants.values()];
  return {
    ok: true,
    tenants: Number.isFinite(maxTenants) ? list.slice(0, maxTenants) : list,
    skipped,
    unreadable,
    unreadableCount,
    pages,
    incomplete,
  };
}

const tenantIdSchema = z.object({ tenantId: z.string().max(100).refine(isGuid) });

/**
 * An entry that failed `tenantSchema` but names a readable tenant id: each other field is read on its own, and a
 * field that does not parse is left out. Null when even the tenant id is not readable.
 */
function readLeniently(raw: unknown): { tenant: z.infer<typeof tenantSchema>; problem: string } | null {
  const id = tenantIdSchema.safeParse(raw);
  if (!id.success) return null;
  const record = raw as Record<string, unknown>;
  const tenant: z.infer<typeof tenantSchema> = { tenantId: id.data.tenantId };
  const bad: string[] = [];
  for (const [key, field] of Object.entries(tenantSchema.shape)) {
    if (key === 'tenantId') continue;
    const parsed = field.safeParse(record[key]);
    if (parsed.success) Object.assign(tenant, { [key]: parsed.data });
    else bad.push(key);
  }
  const fields = bad.length ? bad.join(', ') : 'some fields';
  return { tenant, problem: `${fields} could not be read (kept with the rest)` };
}

/** Why an entry without a readable tenant id could not be kept, in words. */
function describeEntryProblem(raw: unknown): string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return `the entry is ${raw === null ? 'empty (null)' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}, not an organisation`;
  }
  const id = (raw as Record<string, unknown>)['tenantId'];
  if (id === undefined || id === null) return 'the entry names no tenant id';
  return "the entry's tenant id is not a valid id";
}

/** A sentence for the user naming the entries of ARM's list that did not parse, and what was wrong. */
export function describeUnreadableEntries(unreadable: UnreadableListEntry[], count: number): string {
  const shown = unreadable.map((u) => (u.tenantId ? `${u.tenantId}: ${u.problem}` : u.problem));
  const more = count > unreadable.length ? `; and ${count - unreadable.length} more` : '';
  return `${count} entr${count === 1 ? 'y' : 'ies'} of Microsoft's list could not be read as expected (${shown.join('; ')}${more})`;
}

/** A sentence for the user: why the listing stopped early (`stop.reason`), in words. */
export function describeListingStop(stop: ListingStop): string {
  switch (stop.reason) {
    case 'repeated-link':
      return `after ${stop.pages} pages Microsoft's list pointed back to a page already read`;
    case 'no-new-tenants':
      return `${MAX_PAGES_WITHOUT_NEW_TENANTS} pages in a row (up to page ${stop.pages}) brought no organisation not already listed`;
    case 'foreign-link':
      return `after ${stop.pages} page${stop.pages === 1 ? '' : 's'} the next page was not on Azure Resource Manager, so it was not requested (your sign-in is sent nowhere else)`;
    case 'page-limit':
      return `the list went on beyond ${stop.pages} pages, the most the app reads`;
    case 'tenant-limit':
      return `the list holds more organisations than the app can keep (it stopped at page ${stop.pages})`;
  }
}
