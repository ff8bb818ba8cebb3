/**
 * Counting for the inventory's summary strip and its one-sentence summary. Pure: the strip, its filters and
 * the sentence all come from the same numbers, so they cannot disagree.
 */
import { summarizeInventory } from '../../shared/inventory';
import type { AuthenticatorEntry, TenantRecord } from '../../shared/model';
import type { VerdictKey } from '../../shared/verdicts';

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
