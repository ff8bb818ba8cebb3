/**
 * Runs the background re-checks that shared/schedule.ts says are due, while the app runs: one job at a time
 * (a full scan of an account, or one watched tenant), never while another scan runs, never overlapping itself.
 * A full scan is the app's ordinary scan (same probes, same history, its concurrency bounded by the settings);
 * the runner only decides when. Plain Node; the scans, the clock and the timers are injected.
 *
 * It wakes when the next job is due (at most an hour later, so that a suspended laptop or a changed clock is
 * noticed soon), a minute after start (the catch-up of missed runs), and when the settings change.
 */
import {
  dueJobs,
  HOUR_MS,
  MINUTE_MS,
  pruneSchedule,
  recordRun,
  runOf,
  setRun,
  type DueJob,
  type ScheduleSettings,
  type ScheduleState,
} from '../../shared/schedule';
import { realTimers, type Timers } from '../update/update-service';

/** How a job ended: `busy` when another scan held the scanner (the job did not run and is tried again soon). */
export type JobResult = 'ok' | 'failed' | 'busy';

export interface RecheckRunnerDeps {
  settings(): ScheduleSettings;
  /** Signed-in account ids. */
  accounts(): readonly string[];
  getState(): ScheduleState;
  /** Keeps (and persists) a new schedule state. */
  setState(state: ScheduleState): void;
  scan(accountId: string): Promise<JobResult>;
  scanOne(accountId: string, tenantId: string): Promise<JobResult>;
  /** Whether a scan (the user's) is running now. */
  scanning(): boolean;
  now(): Date;
  log(message: string): void;
  /** Before and after each job (the watch service groups the changes a job saw into notifications). */
  beforeJob?(job: DueJob): void;
  afterJob?(job: DueJob, result: JobResult): void;
  timers?: Timers;
  /** The first look after start (default a minute). */
  startDelayMs?: number;
  /** How soon to look again when a scan of the user's was in the way (default a minute). */
  busyRetryMs?: number;
}

export class RecheckRunner {
  private timer: unknown = null;
  private pass: Promise<DueJob[]> | null = null;
  private job: Promise<unknown> | null = null;
  private paused = 0;
  /** Timers run between start() and stop(); runDue() can also be called directly (tests, "check now"). */
  private active = false;
  private stopped = false;
  private currentJob: DueJob | null = null;
  private readonly timers: Timers;

  constructor(private readonly deps: RecheckRunnerDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  /** The job running now, if any. */
  get running(): DueJob | null {
    return this.currentJob;
  }

  start(): void {
    this.active = true;
    this.wake(this.deps.startDelayMs ?? MINUTE_MS);
  }

  /** Stops the timer and waits for a running job to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.active = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.pass?.catch(() => undefined);
  }

  /** Looks again soon (the settings or the signed-in accounts changed). */
  reschedule(): void {
    this.wake(1_000);
  }

  /** When the next run is due (epoch ms), for the UI; null when nothing is scheduled. */
  nextRunAt(): number | null {
    const state = pruneSchedule(this.deps.getState(), this.deps.accounts(), this.deps.now());
    const { due, nextAt } = dueJobs(this.deps.settings(), state, this.deps.accounts(), this.deps.now());
    return due.length > 0 ? this.deps.now().getTime() : nextAt;
  }

  /**
   * Runs `work` (the user's scan) with the runner held back: a single-tenant check in flight finishes first (it is
   * bounded by the probe time limit), and no job starts until `work` has ended.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.paused += 1;
    try {
      await this.job?.catch(() => undefined);
      return await work();
    } finally {
      this.paused -= 1;
      if (this.paused === 0) this.reschedule();
    }
  }

  private wake(ms: number): void {
    if (!this.active) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null;
        void this.runDue().catch((error: unknown) =>
          this.deps.log(`background re-check failed: ${error instanceof Error ? error.message : 'unknown error'}`),
        );
      },
      Math.max(0, ms),
    );
  }

  /** Runs every job due now, one after another; resolves with the jobs that ran. Never runs two passes at once. */
  runDue(): Promise<DueJob[]> {
    if (this.pass) return this.pass;
    this.pass = this.runPass().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  private async runPass(): Promise<DueJob[]> {
    const ran: DueJob[] = [];
    const seen = new Set<string>();
    for (;;) {
      const now = this.deps.now();
      const accounts = this.deps.accounts();
      const before = this.deps.getState();
      const state = pruneSchedule(before, accounts, now);
      if (
        state.watches.length !== before.watches.length ||
        Object.keys(state.scans).length !== Object.keys(before.scans).length
      ) {
        this.deps.setState(state);
      }
      const { due, nextAt } = dueJobs(this.deps.settings(), state, accounts, now);
      const job = due[0];
      if (!job) {
        this.wake(nextAt === null ? HOUR_MS : Math.min(HOUR_MS, Math.max(1_000, nextAt - now.getTime())));
        return ran;
      }
      const key = JSON.stringify(job);
      if (seen.has(key) || this.stopped) return ran;
      if (this.paused > 0 || this.deps.scanning()) {
        this.wake(this.deps.busyRetryMs ?? MINUTE_MS);
        return ran;
      }
      seen.add(key);
      const previous = runOf(state, job);
      this.deps.setState(recordRun(state, job, 'started', now));
      const result = await this.runJob(job);
      if (result === 'busy') {
        this.deps.setState(setRun(this.deps.getState(), job, previous));
        this.wake(this.deps.busyRetryMs ?? MINUTE_MS);
        return ran;
      }
      this.deps.setState(recordRun(this.deps.getState(), job, result, now));
      ran.push(job);
    }
  }

  private async runJob(job: DueJob): Promise<JobResult> {
    this.currentJob = job;
    this.deps.beforeJob?.(job);
    let result: JobResult = 'failed';
    const work = (async () => {
      try {
        result =
          job.kind === 'scan'
            ? await this.deps.scan(job.accountId)
            : await this.deps.scanOne(job.accountId, job.tenantId);
      } catch (error) {
        this.deps.log(
          `background re-check did not complete: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
        result = 'failed';
      }
    })();
    this.job = work;
    try {
      await work;
    } finally {
      this.job = null;
      this.currentJob = null;
    }
    this.deps.afterJob?.(job, result);
    return result;
  }
}
