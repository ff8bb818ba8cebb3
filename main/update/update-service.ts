/**
 * The app's self-update: checks the update feed at start and then daily, downloads a newer version in the
 * background, and then offers "Restart to update". Plain Node: the Electron shell hands it a driver built on
 * electron-updater's autoUpdater (main/update/electron-updater-driver.ts); tests hand it the same driver over a
 * local feed, or a stand-in. The state machine is described in shared/updates.ts.
 */
import { DAY_MS } from '../../shared/schedule';
import type { UpdateState } from '../../shared/updates';

/** What the service needs of an updater (electron-updater in the app). */
export interface UpdateDriver {
  /** Asks the feed; resolves with the newer version found, or null when this version is the latest. */
  check(): Promise<{ version: string } | null>;
  /** Downloads the version the last check found (verifying it); reports progress in percent. */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits the app, installs the downloaded version and starts it. */
  quitAndInstall(): void;
}

/** The updater declined to check: this installation cannot update itself (e.g. a Linux install that is no AppImage). */
export class UpdatesUnsupportedError extends Error {
  constructor() {
    super('This installation of the app does not update itself; your package manager or IT keeps it up to date.');
    this.name = 'UpdatesUnsupportedError';
  }
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface UpdateServiceOptions {
  /** Null: this copy cannot update itself (development build, no feed); the state stays `unsupported`. */
  driver: UpdateDriver | null;
  currentVersion: string;
  emit(state: UpdateState): void;
  log(message: string): void;
  now?: () => Date;
  timers?: Timers;
  /** First check this long after start (default 10 s), so that it does not compete with the start-up. */
  startDelayMs?: number;
  /** Then every this often (default a day). */
  intervalMs?: number;
}

/** A short sentence from an updater error (they can carry stack traces and whole HTTP answers). */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 200);
}

export class UpdateService {
  private state: UpdateState;
  private timer: unknown = null;
  private running: Promise<UpdateState> | null = null;
  private readonly timers: Timers;
  private stopped = false;

  constructor(private readonly options: UpdateServiceOptions) {
    this.timers = options.timers ?? realTimers;
    this.state = {
      status: options.driver ? 'idle' : 'unsupported',
      currentVersion: options.currentVersion,
      version: null,
      percent: null,
      checkedAt: null,
      message: options.driver ? null : 'This copy of the app does not update itself (a development build).',
    };
  }

  get current(): UpdateState {
    return { ...this.state };
  }

  /** Schedules the first check and the daily ones after it. */
  start(): void {
    if (!this.options.driver) return;
    this.schedule(this.options.startDelayMs ?? 10_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.check().finally(() => this.schedule(this.options.intervalMs ?? DAY_MS));
    }, ms);
  }

  private set(patch: Partial<UpdateState>): void {
    this.state = { ...this.state, ...patch };
    this.options.emit(this.current);
  }

  /**
   * Checks now and, when a newer version is found, downloads it. Resolves once the check has answered (the
   * download goes on in the background). While a check or download runs, or an update is ready, it does nothing.
   */
  check(): Promise<UpdateState> {
    const driver = this.options.driver;
    if (!driver) return Promise.resolve(this.current);
    if (this.running) return this.running;
    if (this.state.status === 'downloading' || this.state.status === 'ready') return Promise.resolve(this.current);
    const now = this.options.now ?? (() => new Date());
    this.running = (async () => {
      this.set({ status: 'checking', message: null, percent: null });
      let found: { version: string } | null;
      try {
        found = await driver.check();
      } catch (error) {
        if (error instanceof UpdatesUnsupportedError) {
          this.stop();
          this.set({ status: 'unsupported', checkedAt: now().toISOString(), message: error.message });
          return this.current;
        }
        this.options.log(`update check failed: ${firstLine(error)}`);
        this.set({
          status: 'error',
          checkedAt: now().toISOString(),
          message: `The app could not check for updates: ${firstLine(error)}`,
        });
        return this.current;
      }
      if (!found) {
        this.set({ status: 'up-to-date', version: null, checkedAt: now().toISOString() });
        return this.current;
      }
      this.set({ status: 'available', version: found.version, checkedAt: now().toISOString() });
      const answer = this.current;
      void this.download(driver);
      return answer;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async download(driver: UpdateDriver): Promise<void> {
    this.set({ status: 'downloading', percent: 0 });
    let shown = 0;
    try {
      await driver.download((percent) => {
        const whole = Math.max(0, Math.min(100, Math.floor(percent)));
        // electron-updater reports progress many times a second; the UI needs whole percents only.
        if (whole > shown) {
          shown = whole;
          this.set({ percent: whole });
        }
      });
    } catch (error) {
      this.options.log(`update download failed: ${firstLine(error)}`);
      this.set({
        status: 'error',
        percent: null,
        message: `The update to version ${this.state.version ?? 'unknown'} could not be downloaded: ${firstLine(error)}`,
      });
      return;
    }
    this.set({ status: 'ready', percent: 100 });
  }

  /** Quits, installs the downloaded version and restarts. Only when an update is ready. */
  install(): boolean {
    if (this.state.status !== 'ready' || !this.options.driver) return false;
    this.options.driver.quitAndInstall();
    return true;
  }
}
