/**
 * Opening the store's directory: reads the data file and the journal, sets aside whatever cannot be used as
 * is (under a new name in the same directory, never deleted), restores the previous generation when the data
 * file is unreadable, replays the journals, and says in notices what happened and from when. The decisions about
 * content live in recover.ts and journal.ts; this module does the file work.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Notice } from '../../shared/model';
import {
  applyChanges,
  dataDigest,
  decodeJournal,
  JOURNAL_VERSION,
  type DecodedJournal,
  type JournalChange,
} from './journal';
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
  fromJournal: string,
  previousAside: string | null,
): Notice {
  const earlier = previousAside
    ? ` The copy of the save before it (${PREVIOUS_DATA_FILE}) was damaged as well and was kept as ${previousAside}.`
    : '';
  switch (problem.kind) {
    case 'invalid-json':
      return notice(
        context,
        'error',
        'Saved data could not be read',
        `The data file ${DATA_FILE} was damaged (${problem.detail}). It was moved aside to ${asidePath}, ` +
          `and the app started with default settings and no saved inventory.${earlier}${fromJournal}`,
      );
    case 'schema-mismatch': {
      return notice(
        context,
        'warning',
        'Some saved data could not be read',
        `Parts of the data file ${DATA_FILE} were not in the expected form (${problem.detail}). ` +
          `The original file was kept as ${asidePath}.` +
          keptAndLeftOut(problem.report) +
          earlier +
          fromJournal,
      );
    }
    case 'future-version': {
      return notice(
        context,
        'warning',
        'Data from a newer version of the app',
        `The data file ${DATA_FILE} was written by a newer version of Guest MFA Inventory (data version ` +
          `${problem.version}). It was kept unchanged as ${asidePath}; this version started with the parts it ` +
          `understands.` +
          keptAndLeftOut(problem.report) +
          earlier +
          fromJournal +
          ` To return to the newer version's data, install that version and rename the file back to ${DATA_FILE}.`,
      );
    }
  }
}

/** " Kept: …." and, where a salvage left something out, " Left out: …." (describeSalvage's words). */
function keptAndLeftOut(report: SalvageReport): string {
  const { kept, dropped } = describeSalvage(report);
  return ` Kept: ${kept}.` + (dropped ? ` Left out: ${dropped}.` : '');
}

/** Changes re-applied from journals, by what they changed (for the notice that says what was restored). */
interface Replayed {
  tenants: number;
  entries: number;
  marks: number;
}

const NOTHING_REPLAYED: Replayed = { tenants: 0, entries: 0, marks: 0 };

function countChanges(changes: readonly JournalChange[], into: Replayed = NOTHING_REPLAYED): Replayed {
  const count = { ...into };
  for (const change of changes) {
    if (change.op === 'tenant') count.tenants += 1;
    else if (change.op === 'entry' || change.op === 'entry-removed') count.entries += 1;
    else count.marks += 1;
  }
  return count;
}

function totalReplayed(replayed: Replayed): number {
  return replayed.tenants + replayed.entries + replayed.marks;
}

/** "12 changes … were re-applied from the journal: 10 to tenant records (results, notes, e-mail recipients), …". */
function describeReplayed(replayed: Replayed, when: string): string {
  const total = totalReplayed(replayed);
  if (total === 0) return '';
  const parts = [
    replayed.tenants > 0
      ? `${plural(replayed.tenants, 'to a tenant record', 'to tenant records')} (results, notes, e-mail recipients)`
      : null,
    replayed.entries > 0 ? `${plural(replayed.entries, 'to a hand-added entry', 'to hand-added entries')}` : null,
    replayed.marks > 0
      ? `${plural(replayed.marks, 'tick, answer or checklist step', 'ticks, answers or checklist steps')}`
      : null,
  ].filter((part): part is string => part !== null);
  return (
    ` ${plural(total, 'change', 'changes')} saved ${when} ${total === 1 ? 'was' : 'were'} re-applied from the ` +
    `journal: ${parts.join(', ')}.`
  );
}

/** What a lost journal may have held that the next scan gives back (a listing's records are journal lines too). */
const SCAN_CHANGES = 'organisations a scan listed and its results';

/** What a lost journal can have held, none of which a scan brings back. */
const JOURNAL_ONLY_CHANGES =
  'notes, e-mail recipients, hand-added entries, ticks, answers about entries and checklist steps';

/**
 * The changes a lost journal may take with it, by whether a scan brings them back; `journalOnly`: where the others
 * are, or what to do about them.
 */
function changesMayBeMissing(journalOnly?: string): string {
  return (
    `${SCAN_CHANGES} (the next scan reads them again) and ${JOURNAL_ONLY_CHANGES} ` +
    `(no scan restores those${journalOnly ? `; ${journalOnly}` : ''})`
  );
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
): { data: AppData; replayed: Replayed; chain: GoodJournal[] } {
  const chain = readable.filter((j) => j.generation >= baseGeneration).sort((a, b) => a.generation - b.generation);
  let data = base;
  let replayed = NOTHING_REPLAYED;
  for (const j of chain) {
    data = applyChanges(data, j.changes);
    replayed = countChanges(j.changes, replayed);
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

async function readJournal(context: LoadContext, name: string, check = false): Promise<ReadJournal | null> {
  const bytes = await readOrFail(context, name);
  return bytes ? { name, bytes, decoded: decodeJournal(bytes, check) } : null;
}

/**
 * Sets aside a journal that cannot be used at all and says so. A damaged previous journal is also removed once
 * its copy is kept, so that nothing replaces it unseen and the next start does not report it again.
 */
async function reportUnreadableJournal(context: LoadContext, journal: ReadJournal, notices: Notice[]): Promise<void> {
  const { decoded } = journal;
  if (decoded.kind === 'ok') return;
  const previous = journal.name === PREVIOUS_JOURNAL_FILE;
  const base = previous ? 'app-data.previous.journal' : 'app-data.journal';
  const stem = decoded.kind === 'future' ? `${base}.future-v${decoded.version}` : `${base}.corrupt`;
  const copy = await setAside(context, journal.bytes, stem, '.jsonl');
  if (previous) await removeSetAside(context, journal.name);
  const which = previous ? 'The journal of the save before the last one' : 'The journal of recent changes';
  notices.push(
    notice(
      context,
      'warning',
      'Recent changes could not be read',
      (decoded.kind === 'future'
        ? `${which} was written by a newer version of the app`
        : `${which} was damaged (${decoded.detail})`) +
        `; it was kept as ${copy}. Changes it held may be missing: ` +
        `${changesMayBeMissing('they are in the copy kept')}.`,
    ),
  );
}

/**
 * Sets aside a readable journal with damaged lines and says exactly which changes were not restored. `needed` is
 * false for the previous copy's journal beside a whole data file, which holds those changes already.
 */
async function reportBadLines(
  context: LoadContext,
  journal: ReadJournal,
  notices: Notice[],
  needed = true,
): Promise<void> {
  if (journal.decoded.kind !== 'ok' || journal.decoded.badLines === 0) return;
  const { badLines, damaged } = journal.decoded;
  const previous = journal.name === PREVIOUS_JOURNAL_FILE;
  const copy = await setAside(
    context,
    journal.bytes,
    previous ? 'app-data.previous.journal.corrupt' : 'app-data.journal.corrupt',
    '.jsonl',
  );
  if (previous) await removeSetAside(context, journal.name);
  if (!needed) {
    notices.push(
      notice(
        context,
        'warning',
        'The copy of an earlier save was damaged',
        `${plural(badLines, 'line', 'lines')} of the journal of the save before the last one ` +
          `(${PREVIOUS_JOURNAL_FILE}) ${badLines === 1 ? 'was' : 'were'} damaged; it was kept as ${copy} and is ` +
          'no longer used. Nothing is missing: the data file itself is whole and holds those changes.',
      ),
    );
    return;
  }
  const listed = [...new Set(damaged)];
  const named = listed.slice(0, 10).join('; ') + (listed.length > 10 ? `; and ${listed.length - 10} more` : '');
  notices.push(
    notice(
      context,
      'warning',
      'Some recent changes could not be read',
      `${badLines} damaged line${badLines === 1 ? ' was' : 's were'} skipped in the journal of ` +
        `${previous ? 'the save before the last one' : 'recent changes'} and not restored: ${named}. ` +
        'A scan result comes back with the next scan; a note, e-mail recipients, a hand-added entry, a tick, an ' +
        'answer or a checklist step saved then is not restored by any scan and shows its earlier state. ' +
        `A copy of the journal, damaged lines included, was kept as ${copy}.`,
    ),
  );
}

/** Removes a file whose bytes were just set aside (a damaged previous copy): best effort. */
async function removeSetAside(context: LoadContext, name: string): Promise<void> {
  await context.fs.unlink(join(context.dir, name)).catch(() => undefined);
}

/**
 * The previous generation's data file and journal, checked. A damaged one is set aside under a clear name and
 * removed, so the next save cannot replace it unseen; `data` is null unless the data file is whole.
 */
async function readPrevious(
  context: LoadContext,
  notices: Notice[],
  needed: boolean,
): Promise<{ data: ReturnType<typeof decodeDataFile> | null; journal: ReadJournal | null; asidePath: string | null }> {
  const bytes = await readOrFail(context, PREVIOUS_DATA_FILE);
  const journal = await readJournal(context, PREVIOUS_JOURNAL_FILE, !needed);
  // When the copy is not needed, its journal's digest vouches for it without parsing a file of megabytes.
  const digest = journal?.decoded.kind === 'ok' ? journal.decoded.dataSha256 : null;
  if (!needed && bytes && digest !== null && dataDigest(bytes) === digest)
    return { data: null, journal, asidePath: null };
  const decoded = bytes ? decodeDataFile(bytes) : null;
  let asidePath: string | null = null;
  if (bytes && decoded?.problem) {
    asidePath = await setAside(context, bytes, 'app-data.previous.corrupt', '.json');
    await removeSetAside(context, PREVIOUS_DATA_FILE);
    const detail =
      decoded.problem.kind === 'future-version' ? 'it was written by a newer version' : decoded.problem.detail;
    notices.push(
      notice(
        context,
        'warning',
        'The copy of an earlier save was damaged',
        `The copy of your data from the save before the last one (${PREVIOUS_DATA_FILE}) was damaged (${detail}); ` +
          `it was kept as ${asidePath} and is no longer used.` +
          (needed ? '' : ' Nothing is missing: the data file itself is whole, and the next save makes a new copy.'),
      ),
    );
  }
  return { data: decoded && decoded.problem === null ? decoded : null, journal, asidePath };
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
 * A damaged file, the current or the previous copy, is always set aside under a new name before anything can
 * replace it, and the notice names the copy.
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
      data = applyChanges(data, current.changes);
      // A journal of an earlier format is folded in and restarted in this one.
      journalClean = current.empty && current.version === JOURNAL_VERSION;
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
            `so changes made after the last full save${decoded.savedAt ? ` (${formatSavedAt(decoded.savedAt)})` : ''} ` +
            `may be missing: ${changesMayBeMissing('enter them again if they are gone')}. ` +
            'Everything saved up to then is here.',
        ),
      );
    }
    // The previous copy is not needed now, but a damaged one must not be replaced unseen by the next save.
    const previous = await readPrevious(context, notices, false);
    if (previous.journal && previous.journal.decoded.kind !== 'ok') {
      await reportUnreadableJournal(context, previous.journal, notices);
    } else if (previous.journal) {
      await reportBadLines(context, previous.journal, notices, false);
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
  const previousNotices: Notice[] = [];
  const {
    data: previous,
    journal: previousJournal,
    asidePath: previousAside,
  } = await readPrevious(context, previousNotices, true);
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
  if (unreadable && previous && previous.generation !== null) {
    const baseGeneration = previous.generation;
    // Journals that continue the previous generation or a later one, oldest first: each line is a whole value,
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
    const exact = firstGap === null && journals.every((j) => j.decoded.kind === 'ok' && j.decoded.badLines === 0);
    const later = firstGap !== null && firstGap > baseGeneration ? (byGeneration.get(firstGap) ?? null) : null;
    const damage = problem?.kind === 'invalid-json' || problem?.kind === 'schema-mismatch' ? problem.detail : null;
    const what =
      damage !== null
        ? `The data file ${DATA_FILE} was damaged (${damage}); it was kept as ${asidePath}.`
        : `The data file ${DATA_FILE} was missing.`;
    const since = previous.savedAt ? formatSavedAt(previous.savedAt) : 'an earlier save';
    const lost = exact
      ? ' Nothing that was saved is missing.'
      : firstGap === baseGeneration
        ? // The copy's own journal is gone: what was saved between that copy and the next full save is too.
          ` The journal of that copy (${PREVIOUS_JOURNAL_FILE}) could not be used, so changes saved after ${since}` +
          `${chain[0]?.savedAt ? ` and before ${formatSavedAt(chain[0].savedAt)}` : ''} may be missing: ` +
          `${changesMayBeMissing()}.`
        : firstGap !== null
          ? ` Changes that rewrite the whole file (a setting, an account, a large listing, an organisation added by hand, a removed tenant) made ${
              later?.savedAt ? `at ${formatSavedAt(later.savedAt)}` : `after ${since}`
            } may be missing; everything else listed here is as you saved it.`
          : ' What the journal could not give back is said below.';
    notices.unshift(
      notice(
        context,
        'warning',
        'Your data was restored',
        `${what} The app restored your data by itself from the copy saved at ${since}: ${summariseData(data)}.` +
          describeReplayed(replayed, 'after it') +
          lost,
      ),
    );
    return { data, generation: seen, clean: false, journalBytes: 0, notices, dataFileGood: false };
  }
  notices.push(...previousNotices);

  // No good earlier generation: keep what validates of the damaged file (or nothing), and replay the journals
  // that continue it; when its generation cannot be read, every readable journal, oldest first.
  let data = decoded?.data ?? emptyAppData();
  let replayed = NOTHING_REPLAYED;
  const ownGeneration = decoded?.generation ?? null;
  const chain = readable
    .filter((j) => ownGeneration === null || j.generation === ownGeneration)
    .sort((a, b) => a.generation - b.generation);
  for (const j of chain) {
    data = applyChanges(data, j.changes);
    replayed = countChanges(j.changes, replayed);
  }
  for (const j of journals) if (j.decoded.kind !== 'ok') await reportUnreadableJournal(context, j, notices);
  if (journal) await reportBadLines(context, journal, notices);
  // Items the damaged file still names but that no longer validate come back from the previous generation.
  let filledBack = '';
  if (problem && problem.kind !== 'invalid-json' && previous && previous.generation !== null) {
    const earlier = replayChain(previous.data, previous.generation, readable).data;
    const filled = fillDropped(data, earlier, problem.report.droppedKeys);
    data = filled.data;
    if (filled.count > 0) {
      filledBack =
        ` ${plural(filled.count, 'item', 'items')} of those left out ${filled.count === 1 ? 'was' : 'were'} taken ` +
        `back from the copy saved at ${previous.savedAt ? formatSavedAt(previous.savedAt) : 'an earlier save'}.`;
    }
  }
  const fromJournal = describeReplayed(replayed, 'before the damage') + filledBack;
  if (decoded?.problem && asidePath) {
    notices.unshift(dataFileNotice(context, decoded.problem, asidePath, fromJournal, previousAside));
  } else if (!decoded && totalReplayed(replayed) > 0) {
    notices.unshift(
      notice(
        context,
        'warning',
        'Saved data was missing',
        `The data file ${DATA_FILE} was missing and no earlier copy could be used` +
          `${previousAside ? ` (the copy of the save before it was damaged and was kept as ${previousAside})` : ''}.` +
          describeReplayed(replayed, 'in the journal') +
          ' Settings, accounts and everything else saved only in the data file are back to their defaults.',
      ),
    );
  }
  return { data, generation: seen, clean: false, journalBytes: 0, notices, dataFileGood: false };
}
