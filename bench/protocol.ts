/**
 * Messages between the benchmark's orchestrator (bench/run.ts) and its two kinds of child process: the Entra
 * emulator (its CLI, tools/emulator.ts, forked with `--ipc`) and the scanning app (bench/scan-worker.ts). Each
 * child is a separate Node process so that CPU time and memory of the app are measured without the emulator's
 * share, and each scenario size starts from a fresh app process.
 *
 * The emulator's messages are typed here on their own: the benchmark knows the emulator only as a process and
 * the JSON it speaks, never its code (`--ipc` in tools/emulator.ts answers them).
 */

/** One request the emulator answered, as its log reports it (the fields the figures read). */
export interface LoggedRequest {
  /** When the answer was sent (ISO-8601). */
  at: string;
  /** `token`, `tenants`, `methods`, `sponsors`, `organization`, … */
  endpoint: string;
  /** Scenario key of the tenant the request concerned, null when none. */
  tenant: string | null;
  status: number;
  durationMs: number;
}

/** A generated scenario (the emulator's generator): N guest tenants of a mix. */
export interface GeneratedScenario {
  tenants: number;
  latencyMs?: number;
  mix?: 'realistic' | 'all-trusted';
  name?: string;
  /** Grow the scenario until its listing holds at least this many guest tenants. */
  minListedGuests?: number;
}

/** Where the emulator listens: what the app needs to route its Microsoft hosts there and to sign in. */
export interface EmulatorEndpoints {
  httpsUrl: string;
  httpUrl: string;
  browserBaseUrl: string;
  routes: Record<string, string>;
  caPem: string;
}

export type EmulatorRequest =
  | { type: 'start'; scenario: { generate: GeneratedScenario } | { file: string } }
  /** Request records from index `since` on, and the emulator process's CPU time so far. */
  | { type: 'log'; since: number }
  | { type: 'close' };

export type EmulatorReply =
  | ({ type: 'ready'; tenants: number; listed: number; startupMs: number } & EmulatorEndpoints)
  | { type: 'log'; records: LoggedRequest[]; total: number; cpuMicros: number }
  | { type: 'error'; message: string };

/** One scan the worker should run and measure. */
export interface ScanOrder {
  concurrency: number;
  /** Wrap the probe session's token call and sum its CPU time (meaningful at concurrency 1 only). */
  isolateTokenCalls: boolean;
}

/** What the worker measured around one `startScan` call. */
export interface ScanMeasurement {
  concurrency: number;
  /** Epoch ms when startScan was called (to place the emulator's request log on the scan's timeline). */
  startedAtEpochMs: number;
  wallMs: number;
  /** Tenants the scan probed (guests and home). */
  probed: number;
  /** Tenant records in the store after the scan (to compare with what ARM listed). */
  stored: number;
  failed: number;
  cancelled: boolean;
  error: string | null;
  /** CPU time of the worker process across the scan (user + system), ms. */
  cpuMs: number;
  rssBaselineBytes: number;
  rssPeakBytes: number;
  heapUsedAfterBytes: number;
  /** Token-cache file writes during this scan. */
  tokenCacheWrites: number;
  /** CPU inside the probe session's token calls, when isolated. */
  tokenCalls: { count: number; cpuMs: number; wallMs: number } | null;
  /** The persisted (encrypted) token cache after the scan: file size and MSAL entries by kind. */
  persistedCache: { fileBytes: number; entries: Record<string, number> } | null;
}

/**
 * What the worker measured around "I have this entry" answers on the store a scan filled: per answer, the
 * `setEntryConfirmation` handler (check the entry, save the answer, derive the entry it answers with) and the
 * state event that follows (build the state, diff it), each in wall-clock ms.
 */
export interface AnswerMeasurement {
  /** Tenant records in the store the answers were given on. */
  organisations: number;
  handlerMs: number[];
  /** Of the handler's time, the store's save (the answer on disk: one journal line). */
  saveMs: number[];
  /**
   * A whole-file save of the same store (what every answer cost before answers had journal lines of their own),
   * timed a few times after the answers, for the side-by-side figure.
   */
  wholeFileSaveMs: number[];
  stateEventMs: number[];
}

export type WorkerRequest =
  | { type: 'init'; emulator: EmulatorEndpoints }
  | { type: 'scan'; order: ScanOrder }
  /** Answer `count` different guest entries one after another, measuring each. */
  | { type: 'answers'; count: number }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; accountId: string }
  | { type: 'scanned'; measurement: ScanMeasurement }
  | { type: 'answered'; measurement: AnswerMeasurement }
  | { type: 'error'; message: string };
