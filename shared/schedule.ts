/**
 * The background re-check schedule, as pure decisions: given the settings, what ran when, and the time now,
 * which re-checks are due and when the next one will be. No timers and no I/O: main/watch/recheck-runner.ts
 * runs what this says, and tests drive it with any clock.
 *
 * Rules (docs/watch.md):
 * - A full re-check of an account is due one interval (a day, a week) after the start of its last completed scan,
 *   whether that scan was started by the schedule or by the user. A scan that was never run is due at once.
 * - Missed runs (the app was closed) are caught up once: whatever the gap, one run is due, and after it the
 *   next is one interval later.
 * - After a failed run (the scan could not start or list tenants: offline, sign-in expired, interrupted) the next
 *   attempt waits a backoff of 15 minutes, doubling with each failure in a row, never longer than the interval.
 * - "After I send a trust request": that tenant is re-checked daily for 30 days. A full scan of the account
 *   counts as that day's check, so a due full scan replaces the single-tenant checks of the same account.
 */
import { normaliseTenantId } from './identifiers';

export const RECHECK_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type RecheckFrequency = (typeof RECHECK_FREQUENCIES)[number];

/** The user's schedule settings. */
export interface ScheduleSettings {
  /** Re-check every organisation of every signed-in account this often. */
  recheck: RecheckFrequency;
  /** After a trust-request email is opened or saved, re-check that organisation daily for WATCH_DAYS days. */
  watchAfterTrustRequest: boolean;
}

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = { recheck: 'off', watchAfterTrustRequest: true };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** How long a tenant stays watched after a trust request. */
export const WATCH_DAYS = 30;
/** The first wait after a failed run; it doubles with every further failure, up to the interval. */
export const BACKOFF_BASE_MS = 15 * MINUTE_MS;

/** What ran when, for one account's full scans or one watched tenant. Times are ISO-8601 strings. */
export interface RunRecord {
  /** Start of the last run that completed (a scan that listed the tenants and probed them). */
  lastSuccessAt: string | null;
  /** Start of the last run, whatever became of it. */
  lastAttemptAt: string | null;
  /** Failed runs in a row since the last success. */
  failures: number;
}

/** A tenant re-checked daily after a trust request. */
export interface TenantWatch {
  accountId: string;
  tenantId: string;
  /** When the trust request was sent (the latest, if several). */
  since: string;
  /** The watch ends at this time. */
  until: string;
  run: RunRecord;
}

export interface ScheduleState {
  /** Full scans per account id. */
  scans: Record<string, RunRecord>;
  watches: TenantWatch[];
}

export type DueJob = { kind: 'scan'; accountId: string } | { kind: 'tenant'; accountId: string; tenantId: string };

/** How a run ended, as the runner reports it. */
export type RunOutcome = 'ok' | 'failed';

export const NEVER_RAN: RunRecord = { lastSuccessAt: null, lastAttemptAt: null, failures: 0 };

export function emptyScheduleState(): ScheduleState {
  return { scans: {}, watches: [] };
}

export function intervalMs(frequency: RecheckFrequency): number | null {
  if (frequency === 'daily') return DAY_MS;
  if (frequency === 'weekly') return WEEK_MS;
  return null;
}

/** The wait after `failures` failed runs in a row (at least one). */
export function backoffMs(failures: number, interval: number): number {
  const exponent = Math.max(0, Math.min(failures, 30) - 1);
  return Math.min(interval, BACKOFF_BASE_MS * 2 ** exponent);
}

const time = (iso: string | null): number | null => {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isFinite(value) ? value : null;
};

/**
 * When the next run is due (epoch ms). Never ran: at once (0). The last attempt is later than the last success
 * (it failed, or the app stopped during it): after the backoff. Otherwise one interval after the last success.
 */
export function nextRunAt(run: RunRecord, interval: number): number {
  const success = time(run.lastSuccessAt);
  const attempt = time(run.lastAttemptAt);
  if (attempt !== null && (success === null || attempt > success)) {
    return attempt + backoffMs(Math.max(1, run.failures), interval);
  }
  if (success !== null) return success + interval;
  return 0;
}

export function watchKey(accountId: string, tenantId: string): string {
  return `${accountId}|${normaliseTenantId(tenantId)}`;
}

/** Whether a watch is still running at `now`. */
export function watchActive(watch: TenantWatch, now: Date): boolean {
  const until = time(watch.until);
  return until !== null && now.getTime() < until;
}

/**
 * The runs due now, in the order to run them (full scans first, then single tenants), and when the next run
 * that is not yet due will be (null: nothing is scheduled). Only accounts in `accountIds` (signed in) count.
 */
export function dueJobs(
  settings: ScheduleSettings,
  state: ScheduleState,
  accountIds: readonly string[],
  now: Date,
): { due: DueJob[]; nextAt: number | null } {
  const at = now.getTime();
  const due: DueJob[] = [];
  let nextAt: number | null = null;
  const later = (when: number) => {
    nextAt = nextAt === null ? when : Math.min(nextAt, when);
  };
  const interval = intervalMs(settings.recheck);
  const scanDue = new Set<string>();
  if (interval !== null) {
    for (const accountId of accountIds) {
      const when = nextRunAt(state.scans[accountId] ?? NEVER_RAN, interval);
      if (when <= at) {
        due.push({ kind: 'scan', accountId });
        scanDue.add(accountId);
      } else later(when);
    }
  }
  if (settings.watchAfterTrustRequest) {
    for (const watch of state.watches) {
      if (!accountIds.includes(watch.accountId) || !watchActive(watch, now) || scanDue.has(watch.accountId)) continue;
      const when = nextRunAt(watch.run, DAY_MS);
      if (when <= at) due.push({ kind: 'tenant', accountId: watch.accountId, tenantId: watch.tenantId });
      else if (when < (time(watch.until) ?? 0)) later(when);
    }
  }
  return { due, nextAt };
}

function withRun(run: RunRecord, outcome: RunOutcome | 'started', startedAt: string): RunRecord {
  if (outcome === 'started') return { ...run, lastAttemptAt: startedAt };
  if (outcome === 'ok') return { lastSuccessAt: startedAt, lastAttemptAt: startedAt, failures: 0 };
  return { ...run, lastAttemptAt: startedAt, failures: run.failures + 1 };
}

/** The run record of a job (NEVER_RAN when there is none). */
export function runOf(state: ScheduleState, job: DueJob): RunRecord {
  if (job.kind === 'scan') return state.scans[job.accountId] ?? NEVER_RAN;
  const key = watchKey(job.accountId, job.tenantId);
  return state.watches.find((w) => watchKey(w.accountId, w.tenantId) === key)?.run ?? NEVER_RAN;
}

/** Replaces the run record of a job (a tenant job whose watch is gone changes nothing). */
export function setRun(state: ScheduleState, job: DueJob, run: RunRecord): ScheduleState {
  if (job.kind === 'scan') return { ...state, scans: { ...state.scans, [job.accountId]: run } };
  const key = watchKey(job.accountId, job.tenantId);
  return {
    ...state,
    watches: state.watches.map((w) => (watchKey(w.accountId, w.tenantId) === key ? { ...w, run } : w)),
  };
}

/**
 * Records a run: `started` before it runs (so a run the app did not live to finish counts as failed, not as
 * never tried), then `ok` or `failed` with the same start time. A completed full scan is also that day's check
 * of every watched tenant of the account.
 */
export function recordRun(
  state: ScheduleState,
  job: DueJob,
  outcome: RunOutcome | 'started',
  startedAt: Date,
): ScheduleState {
  const at = startedAt.toISOString();
  const next = setRun(state, job, withRun(runOf(state, job), outcome, at));
  if (job.kind !== 'scan' || outcome !== 'ok') return next;
  return {
    ...next,
    watches: next.watches.map((w) => (w.accountId === job.accountId ? { ...w, run: withRun(w.run, 'ok', at) } : w)),
  };
}

/**
 * Starts (or extends) watching a tenant after a trust request at `now`: daily re-checks until WATCH_DAYS days
 * later, the first one a day from now (the partner needs time to act).
 */
export function addWatch(state: ScheduleState, accountId: string, tenantId: string, now: Date): ScheduleState {
  const at = now.toISOString();
  const until = new Date(now.getTime() + WATCH_DAYS * DAY_MS).toISOString();
  const key = watchKey(accountId, tenantId);
  const existing = state.watches.find((w) => watchKey(w.accountId, w.tenantId) === key);
  const watch: TenantWatch = {
    accountId,
    tenantId: normaliseTenantId(tenantId),
    since: at,
    until,
    run: existing?.run.lastSuccessAt ? existing.run : { lastSuccessAt: at, lastAttemptAt: at, failures: 0 },
  };
  return {
    ...state,
    watches: [...state.watches.filter((w) => watchKey(w.accountId, w.tenantId) !== key), watch],
  };
}

/** Drops ended watches and everything of accounts that are no longer signed in. */
export function pruneSchedule(state: ScheduleState, accountIds: readonly string[], now: Date): ScheduleState {
  const signedIn = new Set(accountIds);
  return {
    scans: Object.fromEntries(Object.entries(state.scans).filter(([accountId]) => signedIn.has(accountId))),
    watches: state.watches.filter((w) => signedIn.has(w.accountId) && watchActive(w, now)),
  };
}
