/**
 * Pure decisions about tenant records: how a listing merges into what is stored, how a scan result and its
 * history entry are applied. No I/O; the store calls these and persists what they return. Inputs are never
 * mutated; a function returns a new object, or its input itself when nothing changes.
 */
import type { HistoryEntry, TenantRecord, TenantSource } from '../../shared/model';
import { LIMITS, type TenantListing, type TenantResult } from './schema';

/** The identity of a tenant record: one home account's view of one tenant. */
export function tenantKey(accountId: string, tenantId: string): string {
  return `${accountId}\n${tenantId}`;
}

/** A record for a tenant seen for the first time: the listing's facts, nothing observed yet. */
export function newTenantRecord(accountId: string, listing: TenantListing): TenantRecord {
  return {
    accountId,
    tenantId: listing.tenantId,
    displayName: listing.displayName,
    defaultDomain: listing.defaultDomain,
    domains: [...listing.domains],
    isHome: listing.isHome,
    source: listing.source,
    listed: listing.listed,
    ...(listing.tenantCategory ? { tenantCategory: listing.tenantCategory } : {}),
    classification: null,
    methods: null,
    methodsNote: null,
    sponsors: [],
    technicalContacts: [],
    observedAt: null,
    history: [],
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
  };
}

const SOURCE_RANK: Record<TenantSource, number> = { 'previous-scan': 0, 'added-by-user': 1, arm: 2 };

/**
 * Merges a listing into a stored record. Scan results, history, notes, recipients and sign-in times are always
 * kept. ARM is the authority on a tenant's name, domains, home flag and whether it is listed; a listing from
 * an earlier scan or from the user only fills what is still empty and never demotes the record's source
 * (arm > added-by-user > previous-scan). An empty name or domain list never erases a known one. A listing that
 * changes nothing returns `existing` itself, so that a scan's listing rewrites only the records it changed.
 */
export function mergeListing(existing: TenantRecord, listing: TenantListing): TenantRecord {
  const fromArm = listing.source === 'arm';
  const pick = (incoming: string, stored: string): string => {
    if (fromArm) return incoming || stored;
    return stored || incoming;
  };
  const domains =
    (fromArm && listing.domains.length > 0) || existing.domains.length === 0 ? [...listing.domains] : existing.domains;
  const source: TenantSource = fromArm
    ? 'arm'
    : SOURCE_RANK[existing.source] >= SOURCE_RANK[listing.source]
      ? existing.source
      : listing.source;
  const merged: TenantRecord = {
    ...existing,
    displayName: pick(listing.displayName, existing.displayName),
    defaultDomain: pick(listing.defaultDomain, existing.defaultDomain),
    domains,
    isHome: fromArm ? listing.isHome : existing.isHome || listing.isHome,
    source,
    listed: fromArm ? listing.listed : existing.listed,
    // ARM's category, once known, stays until ARM says otherwise: a Lighthouse tenant that drops out of a
    // listing is still no guest tenant.
    ...(fromArm && listing.tenantCategory
      ? { tenantCategory: listing.tenantCategory }
      : existing.tenantCategory
        ? { tenantCategory: existing.tenantCategory }
        : {}),
  };
  return sameListingFacts(existing, merged) ? existing : merged;
}

/** Whether two records say the same of what a listing sets (name, domains, home flag, source, listed, category). */
function sameListingFacts(a: TenantRecord, b: TenantRecord): boolean {
  return (
    a.displayName === b.displayName &&
    a.defaultDomain === b.defaultDomain &&
    a.domains.length === b.domains.length &&
    a.domains.every((domain, i) => domain === b.domains[i]) &&
    a.isHome === b.isHome &&
    a.source === b.source &&
    a.listed === b.listed &&
    a.tenantCategory === b.tenantCategory
  );
}

/**
 * A record of a complete ARM listing's account that ARM no longer lists: it stays (it is still probed, and
 * its history and notes matter), marked as not listed; a tenant that came from ARM becomes "previous scan".
 */
export function markUnlisted(record: TenantRecord): TenantRecord {
  if (!record.listed && record.source !== 'arm') return record;
  return { ...record, listed: false, source: record.source === 'arm' ? 'previous-scan' : record.source };
}

/**
 * Whether a result adds a history entry. History records changes of what the tenant demands, compared with
 * the last entry: the first result, a different verdict, or a changed leftover flag. An `error` verdict is a
 * failed check, not a change of the tenant, so it never enters history (the record still shows it as the
 * latest result); a tenant going separate-mfa → error → separate-mfa therefore records no change.
 */
export function historyChange(history: readonly HistoryEntry[], result: TenantResult): HistoryEntry | null {
  const { verdict, leftoverRegistration, evidence } = result.classification;
  if (verdict === 'error') return null;
  const last = history[history.length - 1];
  if (last && last.verdict === verdict && last.leftoverRegistration === leftoverRegistration) return null;
  // The code tells an MFA demand (50076) from a registration interrupt (50079) in the entry's words.
  const code = evidence.aadsts;
  return { verdict, leftoverRegistration, at: result.observedAt, ...(code !== null ? { aadsts: code } : {}) };
}

/** Applies one scan result: the latest observation replaces the previous one; history grows only on change. */
export function applyResult(record: TenantRecord, result: TenantResult): TenantRecord {
  const change = historyChange(record.history, result);
  const history = change ? [...record.history, change].slice(-LIMITS.historyKept) : repeated(record.history, result);
  return {
    ...record,
    classification: result.classification,
    methods: result.methods,
    methodsNote: result.methodsNote,
    sponsors: result.sponsors,
    technicalContacts: result.technicalContacts,
    observedAt: result.observedAt,
    history,
    ...(result.answers ? { answers: result.answers } : {}),
  };
}

/**
 * The same verdict again: the last history entry counts one more check and moves its latest time (no new entry).
 * A failed check (`error`) counts nothing.
 */
function repeated(history: readonly HistoryEntry[], result: TenantResult): HistoryEntry[] {
  const last = history[history.length - 1];
  if (!last || result.classification.verdict === 'error') return history as HistoryEntry[];
  const counted: HistoryEntry = { ...last, checks: (last.checks ?? 1) + 1, lastAt: result.observedAt };
  return [...history.slice(0, -1), counted];
}

/** Trims, drops empties and removes duplicates (ignoring case), keeping the first spelling. */
export function normaliseRecipients(recipients: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of recipients) {
    const address = raw.trim();
    const folded = address.toLowerCase();
    if (address === '' || seen.has(folded)) continue;
    seen.add(folded);
    out.push(address);
  }
  return out;
}
