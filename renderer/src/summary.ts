/**
 * Counting for the inventory's summary strip and its one-sentence summary. Pure: the strip, its filters and
 * the sentence all come from the same numbers, so they cannot disagree.
 */
import { summarizeInventory } from '../../shared/inventory';
import type { AuthenticatorEntry, TenantRecord, Verdict } from '../../shared/model';

/** A verdict, or `unchecked` for a tenant that has no classification yet. */
export type VerdictKey = Verdict | 'unchecked';

/** Every key the summary strip and the verdict filter know, in the order the user sees them. */
export const VERDICT_KEYS: readonly VerdictKey[] = [
  'separate-mfa',
  'registration-required',
  'stronger-method',
  'home-mfa-trusted',
  'no-mfa-required',
  'blocked',
  'not-a-guest',
  'needs-sign-in',
  'error',
  'unchecked',
];

export interface InventorySummary {
  /** Guest tenants counted (the home tenant is not one of them). */
  total: number;
  counts: Record<VerdictKey, number>;
  /** Guest tenants whose Authenticator entry is a leftover (registered once, no longer needed). */
  leftover: number;
  orphanedEntries: number;
  /** Entries that can go: leftover ones (hand-made ones ticked off included). */
  removableEntries: number;
  /** The one-sentence summary (shared/inventory.ts words it, so every place says the same). */
  sentence: string;
}

/** The key a tenant is counted and filtered under. */
export function verdictKeyOf(tenant: Pick<TenantRecord, 'classification'>): VerdictKey {
  return tenant.classification?.verdict ?? 'unchecked';
}

/**
 * The numbers of the summary strip and its filters, from the shared inventory summary (the home tenant is
 * left out), with the entry counts the strip shows beside them.
 */
export function summarize(
  tenants: readonly TenantRecord[],
  entries: readonly AuthenticatorEntry[] = [],
): InventorySummary {
  const shared = summarizeInventory([...tenants], entries.length > 0 ? entries : undefined);
  return {
    total: shared.guestTenants,
    counts: { ...shared.counts, unchecked: shared.unchecked },
    leftover: shared.leftovers,
    orphanedEntries: entries.filter((e) => e.status === 'orphaned').length,
    removableEntries: entries.filter((e) => e.status === 'leftover').length,
    sentence: shared.sentence,
  };
}

/**
 * One plain sentence, e.g. "3 organisations make you keep a separate Authenticator entry; 5 accept your home
 * MFA; 1 entry is orphaned."
 */
export function summarySentence(summary: InventorySummary): string {
  return summary.total === 0 ? 'No organisations yet.' : summary.sentence;
}
