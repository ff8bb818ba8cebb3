/**
 * Opening the store's directory: reads the data file and the journal, sets aside whatever cannot be used as
 * is (under a new name in the same directory, never deleted), replays the journal, and says in notices what
 * happened. The decisions about content live in recover.ts and journal.ts; this module does the file work.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Notice, TenantRecord } from '../../shared/model';
import { decodeJournal } from './journal';
import { DATA_FILE, JOURNAL_FILE } from './persister';
import { decodeDataFile, describeSalvage, type DataFileProblem } from './recover';
import { emptyAppData, type AppData } from './schema';
import { StoreError } from './store-error';
import { TEMP_SUFFIX, writeFileAtomically, type StoreFs } from './store-fs';
import { tenantKey } from './tenant-records';

export interface LoadedStore {
  data: AppData;
  /** Highest generation seen on disk; the next compaction uses a higher one. */
  generation: number;
  /** The files on disk are exactly what this version writes, with nothing to replay: no write is needed. */
  clean: boolean;
  journalBytes: number;
  notices: Notice[];
}

interface LoadContext {
  fs: StoreFs;
  dir: string;
  now: () => Date;
}

/** A timestamp usable in a file name on every platform (no colons). */
function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Copies the bytes of a file that cannot be used as is to a new name beside it, before anything replaces it. */
async function setAside(context: LoadContext, bytes: Uint8Array, stem: string, extension: string): Promise<string> {
  const taken = new Set(await context.fs.readdir(context.dir).catch(() => [] as string[]));
  const base = `${stem}-${fileTimestamp(context.now())}`;
  let name = `${base}${extension}`;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}${extension}`;
  const path = join(context.dir, name);
  try {
    await writeFileAtomically(context.fs, path, bytes);
  } catch (error) {
    throw new StoreError(
      'unreadable',
      `The app's data in ${context.dir} needs repair, but a copy of the damaged file could not be kept ` +
        `(${error instanceof Error ? error.message : String(error)}). Nothing was changed; free some space or ` +
        'check the folder permissions and start the app again.',
      { cause: error },
    );
  }
  return path;
}

async function readOrFail(context: LoadContext, name: string): Promise<Uint8Array | null> {
  try {
    return await context.fs.readFile(join(context.dir, name));
  } catch (error) {
    throw new StoreError(
      'unreadable',
      `The app's data file ${join(context.dir, name)} could not be read ` +
        `(${error instanceof Error ? error.message : String(error)}). Nothing was changed.`,
      { cause: error },
    );
  }
}

function notice(context: LoadContext, intent: Notice['intent'], title: string, message: string): Notice {
  return { id: randomUUID(), intent, title, message, at: context.now().toISOString() };
}

function dataFileNotice(context: LoadContext, problem: DataFileProblem, asidePath: string, replayed: number): Notice {
  const fromJournal =
    replayed > 0 ? ` ${replayed} tenant result${replayed === 1 ? ' was' : 's were'} recovered from the journal.` : '';
  switch (problem.kind) {
    case 'invalid-json':
      return notice(
        context,
        'error',
        'Saved data could not be read',
        `The data file ${DATA_FILE} was damaged (${problem.detail}). It was moved aside to ${asidePath}, ` +
          `and the app started with default settings and no saved inventory.${fromJournal}`,
      );
    case 'schema-mismatch': {
      const { kept, dropped } = describeSalvage(problem.report);
      return notice(
        context,
        'warning',
        'Some saved data could not be read',
        `Parts of the data file ${DATA_FILE} were not in the expected form (${problem.detail}). ` +
          `The original file was kept as ${asidePath}. Kept: ${kept}.` +
          (dropped ? ` Left out: ${dropped}.` : '') +
          fromJournal,
      );
    }
    case 'future-version': {
      const { kept, dropped } = describeSalvage(problem.report);
      return notice(
        context,
        'warning',
        'Data from a newer version of the app',
        `The data file ${DATA_FILE} was written by a newer version of Guest MFA Inventory (data version ` +
          `${problem.version}). It was kept unchanged as ${asidePath}; this version started with the parts it ` +
          `understands. Kept: ${kept}.` +
          (dropped ? ` Left out: ${dropped}.` : '') +
          fromJournal +
          ` To return to the newer version's data, install that version and rename the file back to ${DATA_FILE}.`,
      );
    }
  }
}

/** Applies journal records in order: each replaces the stored record of its tenant, or adds it. */
function replay(data: AppData, records: readonly TenantRecord[]): AppData {
  if (records.length === 0) return data;
  const byKey = new Map(data.tenants.map((t) => [tenantKey(t.accountId, t.tenantId), t]));
  for (const record of records) byKey.set(tenantKey(record.accountId, record.tenantId), record);
  return { ...data, tenants: [...byKey.values()] };
}

/** Creates the store's directory if missing; a StoreError (`unreadable`) if it cannot be. */
export async function ensureDirectory(fs: StoreFs, dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
  } catch (error) {
    throw new StoreError(
      'unreadable',
      `The app's data folder ${dir} could not be created (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
}

/** Removes temporary files left by writes a crash interrupted. Best effort. */
async function removeLeftovers(context: LoadContext): Promise<void> {
  const names = await context.fs.readdir(context.dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith('app-data.') && name.endsWith(TEMP_SUFFIX)) {
      await context.fs.unlink(join(context.dir, name)).catch(() => undefined);
    }
  }
}

/**
 * Reads the store's directory. Throws a StoreError (`unreadable`) only when a file exists but cannot be read,
 * or a damaged file cannot be copied aside: in those cases nothing is written, so nothing is lost.
 */
export async function loadStore(context: LoadContext): Promise<LoadedStore> {
  await ensureDirectory(context.fs, context.dir);
  await removeLeftovers(context);
  const notices: Notice[] = [];

  const dataBytes = await readOrFail(context, DATA_FILE);
  const decoded = dataBytes ? decodeDataFile(dataBytes) : { data: emptyAppData(), generation: 0, problem: null };
  let asidePath: string | null = null;
  if (dataBytes && decoded.problem) {
    const stem =
      decoded.problem.kind === 'future-version' ? `app-data.future-v${decoded.problem.version}` : 'app-data.corrupt';
    asidePath = await setAside(context, dataBytes, stem, '.json');
  }

  let data = decoded.data;
  let generation = decoded.generation ?? 0;
  let journalClean = false;
  let journalBytes = 0;
  let replayed = 0;
  const journalBytesOnDisk = await readOrFail(context, JOURNAL_FILE);
  if (journalBytesOnDisk) {
    const journal = decodeJournal(journalBytesOnDisk);
    if (journal.kind === 'ok') {
      generation = Math.max(generation, journal.generation);
      // The journal continues this data file; or the data file was unreadable and the journal's records are
      // all that is left of it (each line is a whole record, so they stand on their own).
      if (journal.generation === decoded.generation || decoded.generation === null) {
        data = replay(data, journal.records);
        replayed = journal.records.length;
        journalClean = journal.empty && decoded.generation !== null;
        journalBytes = journalBytesOnDisk.byteLength;
        if (journal.badLines > 0) {
          const copy = await setAside(context, journalBytesOnDisk, 'app-data.journal.corrupt', '.jsonl');
          notices.push(
            notice(
              context,
              'warning',
              'Some recent results could not be read',
              `${journal.badLines} damaged line${journal.badLines === 1 ? ' was' : 's were'} skipped in the ` +
                `journal of recent scan results; those tenants show their previous results until the next scan. ` +
                `A copy of the journal was kept as ${copy}.`,
            ),
          );
        }
      }
      // Otherwise the journal predates the data file, which already holds everything in it.
    } else {
      const stem =
        journal.kind === 'future' ? `app-data.journal.future-v${journal.version}` : 'app-data.journal.corrupt';
      const copy = await setAside(context, journalBytesOnDisk, stem, '.jsonl');
      notices.push(
        notice(
          context,
          'warning',
          'Recent results could not be read',
          (journal.kind === 'future'
            ? 'The journal of recent scan results was written by a newer version of the app'
            : `The journal of recent scan results was damaged (${journal.detail})`) +
            `; results saved since the last full save may be missing until the next scan. It was kept as ${copy}.`,
        ),
      );
    }
  }

  if (decoded.problem && asidePath) notices.unshift(dataFileNotice(context, decoded.problem, asidePath, replayed));

  return {
    data,
    generation,
    clean: dataBytes !== null && decoded.problem === null && journalClean,
    journalBytes,
    notices,
  };
}
