/**
 * Search, verdict filter and sort of the inventory rows. Pure, so the same rules serve the table and its
 * tests; the home tenant stays on top and is hidden only by a search or a verdict filter.
 */
import type { TenantRecord } from '../../shared/model';
import { VERDICT_KEYS, verdictKeyOf, type VerdictKey } from '../../shared/verdicts';

export type SortKey = 'name' | 'verdict' | 'checked';
export type SortDirection = 'ascending' | 'descending';

export interface InventoryQuery {
  search: string;
  /** Empty: every verdict. */
  verdicts: VerdictKey[];
  sort: SortKey;
  direction: SortDirection;
}

export const DEFAULT_QUERY: InventoryQuery = { search: '', verdicts: [], sort: 'verdict', direction: 'ascending' };

/** True when the tenant's name, one of its domains or its id contains the search text (any case). */
export function matchesSearch(tenant: TenantRecord, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return (
    tenant.displayName.toLowerCase().includes(needle) ||
    tenant.defaultDomain.toLowerCase().includes(needle) ||
    tenant.domains.some((d) => d.toLowerCase().includes(needle)) ||
    tenant.tenantId.toLowerCase().includes(needle)
  );
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function observedMs(tenant: TenantRecord): number {
  const ms = tenant.observedAt ? Date.parse(tenant.observedAt) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

function compare(a: TenantRecord, b: TenantRecord, sort: SortKey): number {
  if (sort === 'verdict') {
    const byVerdict = VERDICT_KEYS.indexOf(verdictKeyOf(a)) - VERDICT_KEYS.indexOf(verdictKeyOf(b));
    return byVerdict !== 0 ? byVerdict : collator.compare(a.displayName, b.displayName);
  }
  if (sort === 'checked') {
    // Ascending = most recently checked first, which is what "sort by last checked" usually means.
    const byTime = observedMs(b) - observedMs(a);
    return byTime !== 0 ? byTime : collator.compare(a.displayName, b.displayName);
  }
  return collator.compare(a.displayName, b.displayName) || a.tenantId.localeCompare(b.tenantId);
}

/** The rows to show, in order: the home tenant first (unless filtered out), then the guest tenants. */
export function applyQuery(tenants: readonly TenantRecord[], query: InventoryQuery): TenantRecord[] {
  const filtering = query.verdicts.length > 0;
  const rows = tenants.filter(
    (t) =>
      matchesSearch(t, query.search) &&
      (t.isHome ? !filtering : !filtering || query.verdicts.includes(verdictKeyOf(t))),
  );
  const sign = query.direction === 'ascending' ? 1 : -1;
  return rows.sort((a, b) => {
    if (a.isHome !== b.isHome) return a.isHome ? -1 : 1;
    return sign * compare(a, b, query.sort);
  });
}

/** Adds or removes one verdict from the filter. */
export function toggleVerdict(verdicts: readonly VerdictKey[], key: VerdictKey): VerdictKey[] {
  return verdicts.includes(key) ? verdicts.filter((v) => v !== key) : [...verdicts, key];
}
