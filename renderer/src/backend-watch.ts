/**
 * Notices when the app's background service (Electron's main process, or the browser host in the demo and the
 * tests) stops answering, so the window does not keep showing "20 of 59 done" with a spinner for a scan that is
 * no longer running. While a scan runs (nothing else makes the window call main), and while the service is
 * thought gone, it asks main a trivial question every `intervalMs`; a failed call, or one that has no answer
 * within `timeoutMs` (a hung main never answers), counts as gone. The first answer after that counts as back.
 */

export interface BackendWatchOptions {
  /** A cheap request; it rejects (or resolves to a non-ok result) when main cannot be reached. */
  ping(): Promise<boolean>;
  /** Whether to keep asking now (a scan runs, or the service was lost). */
  active(): boolean;
  onLost(): void;
  onBack(): void;
  intervalMs?: number;
  timeoutMs?: number;
}

export const BACKEND_PING_INTERVAL_MS = 2_000;
export const BACKEND_PING_TIMEOUT_MS = 4_000;

/** Starts watching; returns the function that stops it. */
export function watchBackend(options: BackendWatchOptions): () => void {
  const interval = options.intervalMs ?? BACKEND_PING_INTERVAL_MS;
  const timeout = options.timeoutMs ?? BACKEND_PING_TIMEOUT_MS;
  let lost = false;
  let inFlight = false;
  let stopped = false;

  const check = async (): Promise<void> => {
    if (stopped || inFlight || (!lost && !options.active())) return;
    inFlight = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = await Promise.race([
      options.ping().then(
        (ok) => ok,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout);
      }),
    ]);
    clearTimeout(timer);
    inFlight = false;
    if (stopped) return;
    if (!answered && !lost) {
      lost = true;
      options.onLost();
    } else if (answered && lost) {
      lost = false;
      options.onBack();
    }
  };

  const id = setInterval(() => void check(), interval);
  return () => {
    stopped = true;
    clearInterval(id);
  };
}
