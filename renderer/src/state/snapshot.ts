/**
 * Main's state in the renderer: the snapshot as the last `getState` answer and the `state` events since made it
 * (sync.ts keeps it), whether main answers, and the views derived from it (shared/selectors.ts, memoised in the
 * view cache). The selectors here read the snapshot; a component re-renders only when its view changes.
 */
import type { AppInfo } from '../../../shared/ipc/contract';
import type { AuthenticatorEntry, PhoneChangeItem } from '../../../shared/model';
import {
  createViewCache,
  selectSummary,
  type InventorySummary,
  type NavigationCounters,
  type ViewCache,
} from '../../../shared/selectors';
import type { AppSnapshot } from '../../../shared/state';

export interface SnapshotSlice {
  info: AppInfo | null;
  /** Main's state as the last `getState` answer and the `state` events since made it. */
  snapshot: AppSnapshot | null;
  /** The views derived from `snapshot` (shared/selectors.ts), each kept while what it reads is the same. */
  views: ViewCache;
  /** The first load: `loading` until the snapshot arrives, `failed` when it could not be read. */
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadError: string | null;
  /**
   * Whether main answers: `lost` when a request failed to reach it or it stopped answering (backend-watch.ts),
   * with the time it was noticed; a scan it was running is then no longer shown as running.
   */
  backend: { reachable: boolean; lostAt: number | null };
}

export function createSnapshotSlice(): SnapshotSlice {
  return {
    info: null,
    snapshot: null,
    views: createViewCache(),
    status: 'idle',
    loadError: null,
    backend: { reachable: true, lostAt: null },
  };
}

/** The part of the state the views are read from. */
type ViewSource = Pick<SnapshotSlice, 'snapshot' | 'views'> & { activeAccountId: string | null };

const NO_ENTRIES: AuthenticatorEntry[] = [];
const NO_ITEMS: PhoneChangeItem[] = [];
const NO_COUNTERS: NavigationCounters = { entriesInUse: 0, openSteps: 0 };
const NO_SUMMARY: InventorySummary = selectSummary({ tenants: [] }, [], null);

/** Every Authenticator entry (all accounts). */
export function entriesOf(s: ViewSource): AuthenticatorEntry[] {
  return s.snapshot ? s.views.entries(s.snapshot) : NO_ENTRIES;
}

/** The phone-change checklist, ranked, with the saved progress. */
export function checklistOf(s: ViewSource): PhoneChangeItem[] {
  return s.snapshot ? s.views.checklist(s.snapshot) : NO_ITEMS;
}

/** The inventory summary of the account shown. */
export function summaryOf(s: ViewSource): InventorySummary {
  return s.snapshot ? s.views.summary(s.snapshot, s.activeAccountId) : NO_SUMMARY;
}

/** How many trust-request emails the toolbar's batch would save for the account shown. */
export function trustCandidateCountOf(s: ViewSource): number {
  return s.snapshot ? s.views.trustCandidates(s.snapshot, s.activeAccountId).length : 0;
}

/** The numbers beside the navigation (the entries of the account shown). */
export function countersOf(s: ViewSource): NavigationCounters {
  return s.snapshot ? s.views.counters(s.snapshot, s.activeAccountId) : NO_COUNTERS;
}
