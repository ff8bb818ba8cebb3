/**
 * Opening the store's directory: reads the data file and the journal, sets aside whatever cannot be used as
 * is (under a new name in the same directory, never deleted), restores the previous generation when the data
 * file is unreadable, replays the journals, and says in notices what happened and from when. The decisions about
 * content live in recover.ts and journal.ts; this module does the file work.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Notice, TenantRecord } from '../../shared/model';
import { decodeJournal, type DecodedJournal } from './journal';
import { DATA_FILE, JOURNAL_FILE, PREVIOUS_DATA_FILE, PREVIOUS_JOURNAL_FILE } from './persister';
import {
  decodeDataFile,
  describeSalvage,
  formatSavedAt,
  sniffGeneration,
  summariseData,
  type DataFileProblem,
  type SalvageReport,
} from './recover';
import { emptyAppData, LIMITS, type AppData } from './schema';
import { StoreError } from './store-error';
import { TEMP_SUFFIX, writeFileAtomically, type StoreFs } from '../fs/atomic-fs';
import { tenantKey } from './tenant-records';

export interface LoadedStore {
  data: AppData;
  /** Highest generation seen on disk; the next compaction uses a higher one. */
  generation: number;
  /** The files on disk are exactly what this version writes, with nothing to replay: no write is needed. */
  clean: boolean;
  journalBytes: number;
  notices: Notice[];
  /** The data file was read without fault (it may be kept as the previous generation at the next save). */
  dataFileGood: boolean;
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

function dataFileNotice(
  context: LoadContext,
  problem: DataFileProblem,
  asidePath: string,
  replayed: number,
  filledBack = '',
): Notice {
  const fromJournal =
    (replayed > 0
      ? ` ${replayed} tenant result${replayed === 1 ? ' was' : 's were'} recovered from the journal.`
      : '') + filledBack;
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

/**
 * A generation restored: its data with every readable journal of it or a later generation replayed, oldest
 * first (each line is a whole record, so later ones may be applied over an older base).
 */
function replayChain(
  base: AppData,
  baseGeneration: number,
  readable: readonly GoodJournal[],
): { data: AppData; replayed: number; chain: GoodJournal[] } {
  const chain = readable.filter((j) => j.generation >= baseGeneration).sort((a, b) => a.generation - b.generation);
  let data = base;
  let replayed = 0;
  for (const j of chain) {
    data = replay(data, j.records);
    replayed += j.records.length;
  }
  return { data, replayed, chain };
}

/** Adds the accounts, tenant records and entries named in `keys` that `data` lacks and `earlier` has. */
function fillDropped(
  data: AppData,
  earlier: AppData,
  keys: SalvageReport['droppedKeys'],
): { data: AppData; count: number } {
  const accountIds = new Set(data.accounts.map((a) => a.accountId));
  const tenantKeys = new Set(data.tenants.map((t) => tenantKey(t.accountId, t.tenantId)));
  const entryIds = new Set(data.manualEntries.map((m) => m.id));
  const accounts = earlier.accounts.filter((a) => keys.accounts.includes(a.accountId) && !accountIds.has(a.accountId));
  const tenants = earlier.tenants.filter((t) => {
    const key = tenantKey(t.accountId, t.tenantId);
    return keys.tenants.includes(key) && !tenantKeys.has(key);
  });
  const entries = earlier.manualEntries.filter((m) => keys.manualEntries.includes(m.id) && !entryIds.has(m.id));
  return {
    data: {
      ...data,
      accounts: [...data.accounts, ...accounts].slice(0, LIMITS.accounts),
      tenants: [...data.tenants, ...tenants],
      manualEntries: [...data.manualEntries, ...entries],
    },
    count: accounts.length + tenants.length + entries.length,
  };
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

type ReadJournal = { name: string; bytes: Uint8Array; decoded: DecodedJournal };
type GoodJournal = Extract<DecodedJournal, { kind: 'ok' }>;

async function readJournal(context: LoadContext, name: string): Promise<ReadJournal | null> {
  const bytes = await readOrFail(context, name);
  return bytes ? { name, bytes, decoded: decodeJournal(bytes) } : null;
}

/**
 * Sets aside a journal that cannot be used at all and says so. `current` is false for the previous generation's
 * journal, which only matters when that generation is being restored.
 */
async function reportUnreadableJournal(context: LoadContext, journal: ReadJournal, notices: Notice[]): Promise<void> {
  const { decoded } = journal;
  if (decoded.kind === 'ok') return;
  const previous = journal.name === PREVIOUS_JOURNAL_FILE;
  const base = previous ? 'app-data.previous.journal' : 'app-data.journal';
  const stem = decoded.kind === 'future' ? `${base}.future-v${decoded.version}` : `${base}.corrupt`;
  const copy = await setAside(context, journal.bytes, stem, '.jsonl');
  const which = previous ? 'The journal of the previous save' : 'The journal of recent scan results';
  notices.push(
    notice(
      context,
      'warning',
      'Recent results could not be read',
      (decoded.kind === 'future'
        ? `${which} was written by a newer version of the app`
        : `${which} was damaged (${decoded.detail})`) +
        '; changes to tenants saved since the last full save may be missing: scan results (the next scan reads ' +
        'them again) and notes or e-mail recipients (no scan restores those; they are in the copy of the journal, ' +
        `kept as ${copy}).`,
    ),
  );
}

/** Sets aside a readable journal with damaged lines and says how many were skipped. */
async function reportBadLines(context: LoadContext, journal: ReadJournal, notices: Notice[]): Promise<void> {
  if (journal.decoded.kind !== 'ok' || journal.decoded.badLines === 0) return;
  const { badLines } = journal.decoded;
  const copy = await setAside(context, journal.bytes, 'app-data.journal.corrupt', '.jsonl');
  notices.push(
    notice(
      context,
      'warning',
      'Some recent results could not be read',
      `${badLines} damaged line${badLines === 1 ? ' was' : 's were'} skipped in the ` +
        'journal of recent changes, one change to one tenant each, and were not restored: a scan result shows ' +
        'the earlier one until the next scan; a note or e-mail recipients saved then is not restored by any scan ' +
        `and shows its earlier text. A copy of the journal, damaged lines included, was kept as ${copy}.`,
    ),
  );
}

function good(journal: ReadJournal | null): GoodJournal | null {
  return journal && journal.decoded.kind === 'ok' ? journal.decoded : null;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Reads the store's directory. Throws a StoreError (`unreadable`) only when a file exists but cannot be read,
 * or a damaged file cannot be copied aside: in those cases nothing is written, so nothing is lost.
 *
 * A good data file is used with its journal. A damaged (unparseable) or missing one is restored from the
 * previous generation (see persister.ts) with both journals replayed over it; without a good previous
 * generation, the parts of the damaged file that validate are kept (salvage) and the journals replayed over them.
 */
export async function loadStore(context: LoadContext): Promise<LoadedStore> {
  await ensureDirectory(context.fs, context.dir);
  await removeLeftovers(context);
  const notices: Notice[] = [];

  const dataBytes = await readOrFail(context, DATA_FILE);
  const decoded = dataBytes ? decodeDataFile(dataBytes) : null;
  const journal = await readJournal(context, JOURNAL_FILE);

  // The usual case: a good data file, and a journal that continues it (or an older one it already holds).
  if (decoded && decoded.problem === null) {
    const generation = decoded.generation ?? 0;
    const current = good(journal);
    let data = decoded.data;
    let journalClean = false;
    let journalBytes = 0;
    if (journal && current && current.generation === generation) {
      data = replay(data, current.records);
      journalClean = current.empty;
      journalBytes = journal.bytes.byteLength;
      await reportBadLines(context, journal, notices);
    } else if (journal) {
      await reportUnreadableJournal(context, journal, notices);
    } else {
      // Every save leaves a journal beside the data file: without one, the changes it held are gone.
      notices.push(
        notice(
          context,
          'warning',
          'Recent changes may be missing',
          'The journal of recent changes beside the data file is missing (deleted, or lost with a damaged disk), ' +
            `so changes to tenants made after the last full save${decoded.savedAt ? ` (${formatSavedAt(decoded.savedAt)})` : ''} ` +
            'may be missing: scan results (the next scan reads them again) and notes or e-mail recipients ' +
            '(no scan restores those; enter them again if they are gone).',
        ),
      );
    }
    return {
      data,
      generation: Math.max(generation, current?.generation ?? 0),
      clean: journalClean,
      journalBytes,
      notices,
      dataFileGood: true,
    };
  }

  // The data file is damaged, or missing. First keep its bytes, whatever happens next.
  let asidePath: string | null = null;
  if (dataBytes && decoded?.problem) {
    const stem =
      decoded.problem.kind === 'future-version' ? `app-data.future-v${decoded.problem.version}` : 'app-data.corrupt';
    asidePath = await setAside(context, dataBytes, stem, '.json');
  }
  const previousBytes = await readOrFail(context, PREVIOUS_DATA_FILE);
  const previous = previousBytes ? decodeDataFile(previousBytes) : null;
  const previousJournal = await readJournal(context, PREVIOUS_JOURNAL_FILE);
  const journals = [journal, previousJournal].filter((j): j is ReadJournal => j !== null);
  const readable = journals.flatMap((j) => (j.decoded.kind === 'ok' ? [j.decoded] : []));
  const seen = Math.max(0, decoded?.generation ?? 0, previous?.generation ?? 0, ...readable.map((j) => j.generation));

  // A file that parses but breaks the schema, or one from a newer version, is salvaged part by part (its own
  // notice says what was left out); a file with nothing readable (or none at all, or nothing salvaged from it)
  // is restored from the previous generation.
  const problem = decoded?.problem ?? null;
  const salvagedNothing =
    problem?.kind === 'schema-mismatch' &&
    problem.report.accounts.kept + problem.report.tenants.kept + problem.report.manualEntries.kept === 0;
  const unreadable = decoded === null || problem?.kind === 'invalid-json' || salvagedNothing;
  if (unreadable && previous && previous.problem === null && previous.generation !== null) {
    const baseGeneration = previous.generation;
    // Journals that continue the previous generation or a later one, oldest first: each line is a whole record,
    // so later ones may be applied over an older base.
    const { data, replayed, chain } = replayChain(previous.data, baseGeneration, readable);
    for (const j of journals) if (j.decoded.kind !== 'ok') await reportUnreadableJournal(context, j, notices);
    for (const j of journals) if (j.decoded.kind === 'ok') await reportBadLines(context, j, notices);
    // Exact when the journals reach from the previous generation to the newest one known and every save after
    // it only folded its journal in (its header says so). Otherwise the change a later full save was made for
    // may be missing, and that journal's header says when it was made.
    const byGeneration = new Map(chain.map((j) => [j.generation, j]));
    const newest = Math.max(
      baseGeneration,
      ...chain.map((j) => j.generation),
      dataBytes ? (sniffGeneration(dataBytes) ?? 0) : 0,
    );
    let firstGap: number | null = byGeneration.has(baseGeneration) ? null : baseGeneration;
    for (let g = baseGeneration + 1; g <= newest && firstGap === null; g += 1) {
      if (!byGeneration.get(g)?.sameAsPrevious) firstGap = g;
    }
    const exact = firstGap === null && journals.every((j) => j.decoded.kind === 'ok');
    const later = firstGap !== null && firstGap > baseGeneration ? (byGeneration.get(firstGap) ?? null) : null;
    const damage = problem?.kind === 'invalid-json' || problem?.kind === 'schema-mismatch' ? problem.detail : null;
    const what =
      damage !== null
        ? `The data file ${DATA_FILE} was damaged (${damage}); it was kept as ${asidePath}.`
        : `The data file ${DATA_FILE} was missing.`;
    const since = previous.savedAt ? formatSavedAt(previous.savedAt) : 'an earlier save';
    const reapplied =
      replayed > 0
        ? ` ${plural(replayed, 'change of a tenant record', 'changes of tenant records')} (results and notes) ` +
          `saved after it ${replayed === 1 ? 'was' : 'were'} re-applied from the journal.`
        : '';
    const lost = exact
      ? ' Nothing that was saved is missing.'
      : ` Changes other than scan results and notes made ${
          later?.savedAt ? `at ${formatSavedAt(later.savedAt)}` : `after ${since}`
        } (a setting, an account, a listing, an added or removed entry) may be missing.`;
    notices.unshift(
      notice(
        context,
        'warning',
        'Your data was restored',
        `${what} The app restored your data by itself from the copy saved at ${since}: ${summariseData(data)}.` +
          reapplied +
          lost,
      ),
    );
    return { data, generation: seen, clean: false, journalBytes: 0, notices, dataFileGood: false };
  }

  // No good earlier generation: keep what validates of the damaged file (or nothing), and replay the journals
  // that continue it; when its generation cannot be read, every readable journal, oldest first.
  let data = decoded?.data ?? emptyAppData();
  let replayed = 0;
  const ownGeneration = decoded?.generation ?? null;
  const chain = readable
    .filter((j) => ownGeneration === null || j.generation === ownGeneration)
    .sort((a, b) => a.generation - b.generation);
  for (const j of chain) {
    data = replay(data, j.records);
    replayed += j.records.length;
  }
  for (const j of journals) if (j.decoded.kind !== 'ok') await reportUnreadableJournal(context, j, notices);
  if (journal) await reportBadLines(context, journal, notices);
  // Items the damaged file still names but that no longer validate come back from the previous generation.
  let filledBack = '';
  if (problem && problem.kind !== 'invalid-json' && previous?.problem === null && previous.generation !== null) {
    const earlier = replayChain(previous.data, previous.generation, readable).data;
    const filled = fillDropped(data, earlier, problem.report.droppedKeys);
    data = filled.data;
    if (filled.count > 0) {
      filledBack =
        ` ${plural(filled.count, 'item', 'items')} of those left out ${filled.count === 1 ? 'was' : 'were'} taken ` +
        `back from the copy saved at ${previous.savedAt ? formatSavedAt(previous.savedAt) : 'an earlier save'}.`;
    }
  }
  if (decoded?.problem && asidePath) {
    notices.unshift(dataFileNotice(context, decoded.problem, asidePath, replayed, filledBack));
  } else if (!decoded && replayed > 0) {
    notices.unshift(
      notice(
        context,
        'warning',
        'Saved data was missing',
        `The data file ${DATA_FILE} was missing and no earlier copy could be used. ` +
          `${plural(replayed, 'tenant result was', 'tenant results were')} recovered from the journal; ` +
          'settings, accounts and hand-added entries are back to their defaults.',
      ),
    );
  }
  return { data, generation: seen, clean: false, journalBytes: 0, notices, dataFileGood: false };
}
