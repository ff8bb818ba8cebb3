/**
 * The views the components show, read from the store's snapshot through its view cache (shared/selectors.ts):
 * zustand selectors, so a component re-renders only when its view changes. Nothing here computes a rule of its
 * own; an empty state gives empty views.
 */
import type { AuthenticatorEntry, PhoneChangeItem } from '../../shared/model';
import { selectSummary, type InventorySummary, type NavigationCounters, type ViewCache } from '../../shared/selectors';
import type { AppSnapshot } from '../../shared/state';

/** The part of the store's state the views are read from (store.ts `AppState`). */
interface AppState {
  snapshot: AppSnapshot | null;
  views: ViewCache;
  activeAccountId: string | null;
}

const NO_ENTRIES: AuthenticatorEntry[] = [];
const NO_ITEMS: PhoneChangeItem[] = [];
const NO_COUNTERS: NavigationCounters = { entriesInUse: 0, openSteps: 0 };
const NO_SUMMARY: InventorySummary = selectSummary({ tenants: [] }, [], null);

/** Every Authenticator entry (all accounts). */
export function entriesOf(s: AppState): AuthenticatorEntry[] {
  return s.snapshot ? s.views.entries(s.snapshot) : NO_ENTRIES;
}

/** The phone-change checklist, ranked, with the saved progress. */
export function checklistOf(s: AppState): PhoneChangeItem[] {
  return s.snapshot ? s.views.checklist(s.snapshot) : NO_ITEMS;
}

/** The inventory summary of the account shown. */
export function summaryOf(s: AppState): InventorySummary {
  return s.snapshot ? s.views.summary(s.snapshot, s.activeAccountId) : NO_SUMMARY;
}

/** How many trust-request emails the toolbar's batch would save for the account shown. */
export function trustCandidateCountOf(s: AppState): number {
  return s.snapshot ? s.views.trustCandidates(s.snapshot, s.activeAccountId).length : 0;
}

/** The numbers beside the navigation (the entries of the account shown). */
export function countersOf(s: AppState): NavigationCounters {
  return s.snapshot ? s.views.counters(s.snapshot, s.activeAccountId) : NO_COUNTERS;
}
