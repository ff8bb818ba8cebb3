/**
 * Main's state as the renderer holds it (`AppSnapshot`), and how it gets there: `getState` answers the whole
 * state once (with its revision); after that main sends one `state` event per change (coalesced), carrying what changed since the
 * revision before it. The renderer applies it (`applyStatePatch`) and never patches anything by hand; when a patch
 * does not follow its revision (a missed event), it asks for the whole state again.
 *
 * A patch is bounded by what changed, not by the size of the inventory: tenant records and the scan's per-tenant
 * states come as the ones that changed, everything else as whole fields only when it changed. `diffState` makes
 * the patch (main), `applyStatePatch` takes it (renderer); both are pure, and `applyStatePatch(a, diffState(a, b))`
 * is `b`.
 */
import type { VerdictChange } from './changes';
import type {
  AccountSummary,
  ChecklistState,
  EntryConfirmation,
  ManualEntry,
  Notice,
  ScanProgress,
  Settings,
  TenantRecord,
  TenantScanState,
} from './model';
import type { DueJob, ScheduleSettings } from './schedule';
import type { BrokerAvailability } from './sign-in-path';
import type { UpdateState } from './updates';

/**
 * Main's state, as the renderer holds it: what the store keeps (without the answers only diagnostics read), the
 * scan's progress, the notices and what the background services report. The views (Authenticator entries, the
 * phone-change checklist, summary, counters, trust-request candidates) are not in it: the renderer derives them
 * with shared/selectors.ts, the same functions main uses. `getState` answers it whole; `state` events change it
 * (`StatePatch` below).
 */
export interface AppSnapshot {
  /** Counts the changes main sent; a `state` event applies to the revision it names. */
  revision: number;
  accounts: AccountSummary[];
  tenants: TenantRecord[];
  manualEntries: ManualEntry[];
  /** Authenticator entries the user ticked off, by entry key (shared/entry-keys.ts). */
  entryTicks: Record<string, boolean>;
  /** The user's answers to "I have this entry in Authenticator", by entry key. */
  entryConfirmations: Record<string, EntryConfirmation>;
  /** Progress of the phone change, by entry key and step. */
  checklist: ChecklistState;
  settings: Settings;
  scan: ScanProgress | null;
  notices: Notice[];
  /** An interactive sign-in is waiting for the browser. */
  signInPending: boolean;
  /** The app's own update (absent from hosts that do not run the update service). */
  update?: UpdateState;
  /** Whether Settings can offer the platform's sign-in broker here, and why not (shared/sign-in-path.ts). */
  broker?: BrokerAvailability;
  /** The background re-check schedule (absent from hosts that do not run it). */
  watch?: WatchSnapshot;
  /** "What changed": verdict changes the user cares about, newest first (shared/changes.ts). */
  changes?: VerdictChange[];
}

/** The background re-check schedule as the renderer shows it. */
export interface WatchSnapshot {
  settings: ScheduleSettings;
  /** Tenants re-checked daily after a trust request, until the given time. */
  watched: { accountId: string; tenantId: string; until: string }[];
  /** When the next background re-check is due (ISO-8601); null when none is scheduled. */
  nextRunAt: string | null;
  /** The background re-check running now. */
  running: DueJob | null;
}

/** The fields a patch replaces whole when they changed. */
type WholeFields = Omit<AppSnapshot, 'revision' | 'tenants' | 'scan'>;

export interface StatePatch {
  /** The revision the patch applies to. */
  base: number;
  /** The revision after it. */
  revision: number;
  /** Fields that changed, whole. */
  set: Partial<WholeFields>;
  /** Tenant records added or changed (whole records), and the ones removed. */
  tenants?: { put: TenantRecord[]; drop: { accountId: string; tenantId: string }[] };
  /**
   * The scan's progress, when it changed: every field but the per-tenant states, and of those the ones that
   * changed (`replace`: the map starts empty, a new scan). `progress: null`: no scan.
   */
  scan?: { progress: Omit<ScanProgress, 'tenants'> | null; tenants: Record<string, TenantScanState>; replace: boolean };
}

const WHOLE_FIELDS = [
  'accounts',
  'manualEntries',
  'entryTicks',
  'entryConfirmations',
  'checklist',
  'settings',
  'notices',
  'signInPending',
  'update',
  'broker',
  'watch',
  'changes',
] as const satisfies readonly (keyof WholeFields)[];

// Every field of the snapshot is either whole, the tenants, the scan or the revision (a new field fails here).
type Covered = (typeof WHOLE_FIELDS)[number] | 'tenants' | 'scan' | 'revision';
const everyFieldCovered: [Exclude<keyof AppSnapshot, Covered>] extends [never] ? true : never = true;
void everyFieldCovered;

function tenantKey(t: { accountId: string; tenantId: string }): string {
  return `${t.accountId}\n${t.tenantId}`;
}

/** Two values the same for the renderer: the same object, or equal JSON (small fields only). */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether two tenant records say the same: the same object, or the same fields, each the same object or an
 * array of the same items (a listing merge rebuilds a record around the same parts).
 */
export function sameRecord(a: TenantRecord, b: TenantRecord): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    if (!x.every((item, i) => item === y[i])) return false;
  }
  return true;
}

function progressWithoutTenants(scan: ScanProgress): Omit<ScanProgress, 'tenants'> {
  const { tenants: _tenants, ...rest } = scan;
  return rest;
}

/** What the caller of `diffState` knows of the change, so that it need not be found by comparing. */
export interface DiffHint {
  /**
   * The only tenants whose scan state may differ between `before` and `after` (none left the scan), when both hold
   * the same scan: only their states are sent, read from `after`. The two per-tenant maps may then be one object
   * the scanner changes in place.
   */
  scanTenants?: readonly string[] | null;
}

/**
 * The patch from `before` (the state the renderer has, or null for none) to `after`. `before`'s revision is the
 * base; `after.revision` must be the next one. Records are compared by identity first (the store replaces only
 * what changed), then field by field.
 */
export function diffState(before: AppSnapshot, after: AppSnapshot, hint: DiffHint = {}): StatePatch {
  const patch: StatePatch = { base: before.revision, revision: after.revision, set: {} };
  const set = patch.set as Record<string, unknown>;
  for (const field of WHOLE_FIELDS) {
    if (!same(before[field], after[field])) set[field] = after[field];
  }

  if (before.tenants !== after.tenants) {
    const tenants =
      alignedTenantChanges(before.tenants, after.tenants) ?? tenantChangesByKey(before.tenants, after.tenants);
    if (tenants.put.length > 0 || tenants.drop.length > 0) patch.tenants = tenants;
  }

  const a = before.scan;
  const b = after.scan;
  if (b === null) {
    if (a !== null) patch.scan = { progress: null, tenants: {}, replace: true };
  } else {
    const sameScan = a !== null && a.accountId === b.accountId && a.startedAt === b.startedAt;
    // The per-tenant states the patch builds on: none when the scan is another (or new), or lost a tenant.
    // `for…in` rather than Object.keys/entries: no array of thousands of ids (or pairs) per event.
    let kept = sameScan ? a.tenants : null;
    const tenants: Record<string, TenantScanState> = {};
    let changed = false;
    if (kept !== null && hint.scanTenants) {
      for (const id of hint.scanTenants) {
        const state = b.tenants[id];
        if (state === undefined) continue;
        tenants[id] = state;
        changed = true;
      }
    } else {
      if (kept !== null && kept !== b.tenants) {
        for (const id in kept) {
          if (!(id in b.tenants)) {
            kept = null;
            break;
          }
        }
      }
      if (kept !== b.tenants) {
        for (const id in b.tenants) {
          const state = b.tenants[id]!;
          if (kept === null || kept[id] !== state) {
            tenants[id] = state;
            changed = true;
          }
        }
      }
    }
    const replace = kept === null;
    const progress = progressWithoutTenants(b);
    if (a === null || replace || changed || !same(progressWithoutTenants(a), progress)) {
      patch.scan = { progress, tenants, replace };
    }
  }
  return patch;
}

type TenantChanges = NonNullable<StatePatch['tenants']>;

/**
 * The records added or changed when `after` keeps `before`'s records in their places (each the same tenant at the
 * same index, changed or not) and may add more at its end, as the store does while a scan saves results and the
 * listing adds organisations: one pass, no key per record. Null when the lists do not line up so.
 */
function alignedTenantChanges(before: readonly TenantRecord[], after: readonly TenantRecord[]): TenantChanges | null {
  if (after.length < before.length) return null;
  const put: TenantRecord[] = [];
  for (let at = 0; at < before.length; at += 1) {
    const previous = before[at]!;
    const record = after[at]!;
    if (previous === record) continue;
    if (previous.accountId !== record.accountId || previous.tenantId !== record.tenantId) return null;
    if (!sameRecord(previous, record)) put.push(record);
  }
  for (let at = before.length; at < after.length; at += 1) put.push(after[at]!);
  return { put, drop: [] };
}

/** The records added, changed and removed, matched by tenant key wherever they are in either list. */
function tenantChangesByKey(before: readonly TenantRecord[], after: readonly TenantRecord[]): TenantChanges {
  const old = new Map(before.map((t) => [tenantKey(t), t]));
  const put: TenantRecord[] = [];
  for (const record of after) {
    const key = tenantKey(record);
    const previous = old.get(key);
    old.delete(key);
    if (!previous || !sameRecord(previous, record)) put.push(record);
  }
  const drop = [...old.values()].map((t) => ({ accountId: t.accountId, tenantId: t.tenantId }));
  return { put, drop };
}

/** Whether a patch changes nothing (main then sends none). */
export function isEmptyPatch(patch: StatePatch): boolean {
  return Object.keys(patch.set).length === 0 && patch.tenants === undefined && patch.scan === undefined;
}

/**
 * The state after a patch, or null when the patch does not follow `snapshot`'s revision: `stale` when it is
 * older (already applied, ignore it), `gap` when events were missed (ask for the whole state).
 */
export function applyStatePatch(
  snapshot: AppSnapshot,
  patch: StatePatch,
): { state: AppSnapshot } | { state: null; reason: 'stale' | 'gap' } {
  if (patch.revision <= snapshot.revision) return { state: null, reason: 'stale' };
  if (patch.base !== snapshot.revision) return { state: null, reason: 'gap' };
  const next: AppSnapshot = { ...snapshot, ...(patch.set as Partial<AppSnapshot>), revision: patch.revision };
  if (patch.tenants) {
    const dropped = new Set(patch.tenants.drop.map(tenantKey));
    const put = new Map(patch.tenants.put.map((t) => [tenantKey(t), t]));
    const tenants: TenantRecord[] = [];
    for (const record of snapshot.tenants) {
      const key = tenantKey(record);
      if (dropped.has(key)) continue;
      const changed = put.get(key);
      put.delete(key);
      tenants.push(changed ?? record);
    }
    tenants.push(...put.values());
    next.tenants = tenants;
  }
  if (patch.scan) {
    const { progress, tenants, replace } = patch.scan;
    next.scan =
      progress === null
        ? null
        : { ...progress, tenants: { ...(replace || !snapshot.scan ? {} : snapshot.scan.tenants), ...tenants } };
  }
  return { state: next };
}
