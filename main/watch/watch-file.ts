/**
 * The re-check schedule's own small file, `watch.json` in the data folder: the schedule settings, when each
 * account was last scanned and each watched tenant last checked, and the "What changed" list. Kept apart from
 * the main data file (main/store/) so that its frequent small writes never touch the inventory. Validated with
 * zod and bounded; replaced atomically (main/fs/atomic-fs.ts); writes are serialised. A file that cannot be read is
 * set aside under a new name (never deleted) and the schedule starts afresh, with a notice; the inventory is
 * untouched by it either way.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../fs/atomic-fs';
import { z } from 'zod';
import { CHANGES_KEPT, type VerdictChange } from '../../shared/changes';
import { CHANGE_KINDS } from '../../shared/verdicts';
import { VERDICTS } from '../../shared/model';
import {
  DEFAULT_SCHEDULE_SETTINGS,
  emptyScheduleState,
  RECHECK_FREQUENCIES,
  type ScheduleSettings,
  type ScheduleState,
} from '../../shared/schedule';

export const WATCH_FILE = 'watch.json';

export interface WatchData {
  settings: ScheduleSettings;
  schedule: ScheduleState;
  /** Newest first. */
  changes: VerdictChange[];
}

const LIMITS = { id: 400, text: 1000, accounts: 50, watches: 10_000 } as const;

const isoTime = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date and time');
const id = z.string().min(1).max(LIMITS.id);

const runSchema = z.object({
  lastSuccessAt: isoTime.nullable(),
  lastAttemptAt: isoTime.nullable(),
  failures: z.int().min(0).max(10_000),
});

const settingsSchema = z.object({
  recheck: z.enum(RECHECK_FREQUENCIES),
  watchAfterTrustRequest: z.boolean(),
});

const changeSchema = z.object({
  id: z.string().max(LIMITS.id * 3),
  kind: z.enum(CHANGE_KINDS),
  accountId: id,
  tenantId: id,
  organisation: z.string().max(LIMITS.text),
  from: z.enum(VERDICTS),
  to: z.enum(VERDICTS),
  at: z.string().max(40),
  title: z.string().max(LIMITS.text),
  body: z.string().max(LIMITS.text),
});

const fileSchema = z.object({
  version: z.literal(1),
  settings: settingsSchema,
  schedule: z.object({
    scans: z.record(id, runSchema).refine((v) => Object.keys(v).length <= LIMITS.accounts, 'has too many accounts'),
    watches: z
      .array(z.object({ accountId: id, tenantId: id, since: isoTime, until: isoTime, run: runSchema }))
      .max(LIMITS.watches),
  }),
  changes: z.array(changeSchema).max(CHANGES_KEPT * 2),
});

// Compile-time check that the file schema describes exactly the shared types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesModel: [
  Same<z.output<typeof settingsSchema>, ScheduleSettings>,
  Same<z.output<typeof fileSchema>['schedule'], ScheduleState>,
  Same<z.output<typeof changeSchema>, VerdictChange>,
] = [true, true, true];
void schemaMatchesModel;

export function defaultWatchData(): WatchData {
  return { settings: { ...DEFAULT_SCHEDULE_SETTINGS }, schedule: emptyScheduleState(), changes: [] };
}

export interface LoadedWatchFile {
  data: WatchData;
  /** A sentence for the user when the file could not be read and was set aside. */
  problem: string | null;
}

/** Reads the file; a missing file gives the defaults, a damaged one is set aside (see the file comment). */
export async function loadWatchFile(dir: string, now: Date): Promise<LoadedWatchFile> {
  const file = path.join(dir, WATCH_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: defaultWatchData(), problem: null };
    return {
      data: defaultWatchData(),
      problem: `The re-check schedule file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); the schedule starts afresh.`,
    };
  }
  let parsed: ReturnType<typeof fileSchema.safeParse> | null = null;
  try {
    parsed = fileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed?.success) {
    const { settings, schedule, changes } = parsed.data;
    return { data: { settings, schedule, changes: changes.slice(0, CHANGES_KEPT) }, problem: null };
  }
  const aside = path.join(dir, `${WATCH_FILE}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`);
  await rename(file, aside).catch(() => undefined);
  return {
    data: defaultWatchData(),
    problem: `The re-check schedule file was damaged, so the schedule and the "What changed" list start afresh. Your inventory is not affected; the damaged file was kept as ${path.basename(aside)}.`,
  };
}

/** Writes the file atomically; calls are serialised so that the last write wins. */
export class WatchFileWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly onError: (message: string) => void,
  ) {}

  save(data: WatchData): Promise<void> {
    const text = `${JSON.stringify({ version: 1, ...data })}\n`;
    this.chain = this.chain
      .then(() => atomicWrite(path.join(this.dir, WATCH_FILE), text))
      .catch((error: unknown) => {
        this.onError(`the re-check schedule could not be saved: ${(error as Error).message ?? 'unknown error'}`);
      });
    return this.chain;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
