/**
 * Watching for changes, put together: the schedule settings and state (watch.json, main/watch/watch-file.ts),
 * the background re-check runner, the "What changed" list, and the desktop notifications after a background
 * re-check. Plain Node; app-services.ts gives it the scans and the notifications and calls it from the handlers
 * (settings, scans, trust-request emails, sign-out). See docs/watch.md.
 */
import { CHANGES_KEPT, detectChange, type VerdictChange } from '../../shared/changes';
import type { AppEvent } from '../../shared/ipc/contract';
import type { WatchSnapshot } from '../../shared/state';
import type { TenantRecord } from '../../shared/model';
import {
  addWatch,
  pruneSchedule,
  recordRun,
  watchActive,
  type DueJob,
  type ScheduleSettings,
  type ScheduleState,
} from '../../shared/schedule';
import type { ScanStore } from '../scan/scanner';
import type { Timers } from '../update/update-service';
import { ChangeNotifier, type DesktopNotifications } from './change-notifier';
import { RecheckRunner, type JobResult } from './recheck-runner';
import { loadWatchFile, WatchFileWriter, type WatchData } from './watch-file';

export interface WatchServiceOptions {
  /** The data folder (watch.json lives there). */
  dir: string;
  now(): Date;
  log(message: string): void;
  /** One-shot events (a clicked notification opens a tenant or the "What changed" list). */
  emit(event: AppEvent): void;
  /** The schedule, the watched tenants, the "What changed" list or the running job changed. */
  changed?: () => void;
  notifications: DesktopNotifications | null;
  /** Signed-in account ids. */
  accounts(): readonly string[];
  /** An ordinary scan of one account, as the user's Scan button runs it. */
  scan(accountId: string): Promise<JobResult>;
  /** An ordinary check of one tenant. */
  scanOne(accountId: string, tenantId: string): Promise<JobResult>;
  /** Whether a scan is running now. */
  scanning(): boolean;
  timers?: Timers;
  startDelayMs?: number;
  /** More changes than this at once make one summary notification. */
  notificationThreshold?: number;
}

/**
 * The store `observe` wraps. A store that can look one tenant up (the app's, `AppStore.tenant`) is asked for the
 * record before each result instead of having its whole list walked: per result, that walk made a 5,000-organisation
 * scan quadratic.
 */
export type ObservedStore = ScanStore & {
  tenant?(accountId: string, tenantId: string): TenantRecord | undefined;
};

export class WatchService {
  private data: WatchData;
  private readonly writer: WatchFileWriter;
  private readonly runner: RecheckRunner;
  private readonly notifier: ChangeNotifier;
  /** Changes seen during the background job that runs now; notified when it ends. */
  private pending: VerdictChange[] | null = null;

  private constructor(
    private readonly options: WatchServiceOptions,
    data: WatchData,
  ) {
    this.data = data;
    this.writer = new WatchFileWriter(options.dir, options.log);
    this.notifier = new ChangeNotifier({
      notifications: options.notifications,
      emit: options.emit,
      log: options.log,
      ...(options.notificationThreshold !== undefined ? { threshold: options.notificationThreshold } : {}),
    });
    this.runner = new RecheckRunner({
      settings: () => this.data.settings,
      accounts: options.accounts,
      getState: () => this.data.schedule,
      setState: (schedule) => void this.save({ ...this.data, schedule }),
      scan: options.scan,
      scanOne: options.scanOne,
      scanning: options.scanning,
      now: options.now,
      log: options.log,
      beforeJob: () => {
        this.pending = [];
        options.changed?.();
      },
      afterJob: () => {
        const changes = this.pending ?? [];
        this.pending = null;
        this.notifier.notify(changes);
        options.changed?.();
      },
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.startDelayMs !== undefined ? { startDelayMs: options.startDelayMs } : {}),
    });
  }

  /** Reads watch.json; `problem` is a sentence for a notice when it had to be set aside. */
  static async open(options: WatchServiceOptions): Promise<{ service: WatchService; problem: string | null }> {
    const { data, problem } = await loadWatchFile(options.dir, options.now());
    const service = new WatchService(options, data);
    if (problem) options.log('watch.json could not be read and was set aside');
    return { service, problem };
  }

  /** Keeps the new data at once; resolves when it is on disk (a failed write is logged, never thrown). */
  private save(data: WatchData): Promise<void> {
    this.data = data;
    this.options.changed?.();
    return this.writer.save(data);
  }

  /** Starts the background re-checks (the first look a minute after start catches up missed runs). */
  start(): void {
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    await this.writer.flush();
  }

  /** For tests: runs the re-checks due now and resolves with the jobs that ran. */
  runDue(): Promise<DueJob[]> {
    return this.runner.runDue();
  }

  /** The scanner's store, seen through this service: every saved result is compared with the record before it. */
  observe(store: ObservedStore): ScanStore {
    return {
      data: () => store.data(),
      upsertAccount: (account) => store.upsertAccount(account),
      upsertTenants: (accountId, listing, options) => store.upsertTenants(accountId, listing, options),
      recordResult: async (accountId, tenantId, result) => {
        const before = store.tenant
          ? store.tenant(accountId, tenantId)
          : store.data().tenants.find((t) => t.accountId === accountId && t.tenantId === tenantId);
        const after = await store.recordResult(accountId, tenantId, result);
        await this.compare(before, after);
        return after;
      },
      flush: () => store.flush(),
    };
  }

  private async compare(before: TenantRecord | undefined, after: TenantRecord): Promise<void> {
    const change = detectChange(before, after);
    if (!change) return;
    this.pending?.push(change);
    await this.save({
      ...this.data,
      changes: [change, ...this.data.changes.filter((c) => c.id !== change.id)].slice(0, CHANGES_KEPT),
    });
  }

  get settings(): ScheduleSettings {
    return this.data.settings;
  }

  async updateSettings(patch: Partial<ScheduleSettings>): Promise<ScheduleSettings> {
    const settings = { ...this.data.settings, ...patch };
    await this.save({ ...this.data, settings });
    this.runner.reschedule();
    return settings;
  }

  /** The user opened or saved trust-request emails: watch those tenants daily (when the setting is on). */
  async recordTrustRequest(accountId: string, tenantIds: readonly string[]): Promise<void> {
    if (!this.data.settings.watchAfterTrustRequest || tenantIds.length === 0) return;
    let schedule: ScheduleState = this.data.schedule;
    for (const tenantId of tenantIds) schedule = addWatch(schedule, accountId, tenantId, this.options.now());
    await this.save({ ...this.data, schedule });
    this.runner.reschedule();
  }

  /** A scan the user started: runs with the background re-checks held back, and counts as the account's run. */
  async userScan<T extends { error: string | null; cancelled: boolean }>(
    accountId: string,
    scan: () => Promise<T>,
  ): Promise<T> {
    const startedAt = this.options.now();
    const progress = await this.runner.exclusive(scan);
    if (!progress.error && !progress.cancelled) {
      await this.save({
        ...this.data,
        schedule: recordRun(this.data.schedule, { kind: 'scan', accountId }, 'ok', startedAt),
      });
    }
    return progress;
  }

  /** An account signed out: its schedule, watches and changes go. */
  async forgetAccount(accountId: string): Promise<void> {
    const accounts = this.options.accounts().filter((id) => id !== accountId);
    await this.save({
      ...this.data,
      schedule: pruneSchedule(this.data.schedule, accounts, this.options.now()),
      changes: this.data.changes.filter((c) => c.accountId !== accountId),
    });
  }

  get changes(): VerdictChange[] {
    return [...this.data.changes];
  }

  /** Removes the given changes from the list, or all of them. */
  async dismissChanges(ids?: readonly string[]): Promise<void> {
    const drop = ids ? new Set(ids) : null;
    await this.save({ ...this.data, changes: drop ? this.data.changes.filter((c) => !drop.has(c.id)) : [] });
  }

  snapshot(): WatchSnapshot {
    const now = this.options.now();
    const next = this.runner.nextRunAt();
    return {
      settings: { ...this.data.settings },
      watched: this.data.schedule.watches
        .filter((w) => watchActive(w, now))
        .map((w) => ({ accountId: w.accountId, tenantId: w.tenantId, until: w.until })),
      nextRunAt: next === null ? null : new Date(next).toISOString(),
      running: this.runner.running,
    };
  }
}
