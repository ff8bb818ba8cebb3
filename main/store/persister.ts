/**
 * Puts the store's state on disk, one write at a time and in order.
 *
 * Design. The data file (`app-data.json`) holds everything and is only ever replaced atomically (temporary
 * file, fsync, rename, fsync of the directory). Rewriting it for every tenant result would cost a 500-tenant
 * scan 500 rewrites of a file that grows to megabytes, and an answer, tick or note at 5,000 organisations half a
 * second, so small changes go to an append-only journal (`app-data.journal.jsonl`, see journal.ts) instead: one
 * self-contained line per change (a tenant record, one entry's tick, answer or checklist steps, a hand-added
 * entry or its removal; a listing's new and changed records, one line each), fsynced before the caller's promise
 * resolves. Changes that arrive while a write is under way are written together with one
 * fsync (group commit), so eight probes finishing at once cost one disk flush, not eight.
 *
 * Compaction writes the whole state into a new data file with the next generation number and then starts a
 * fresh journal headed with that number. On open, a journal is replayed only if its generation matches the
 * data file's, so a crash between the two steps cannot replay stale lines over newer data. Compaction runs on
 * `flush()` (the scanner calls it when a scan ends) and on close, when the journal passes a size limit (4 MiB, or
 * the data file's size when larger: see `foldAtBytes`), for every change that has no journal line (settings,
 * accounts, removed tenants or accounts, a listing that changed more records than the limit holds), and after any
 * failed write.
 *
 * The last good generation. Just before a new data file replaces the old one, the old data file and its journal
 * are kept as `app-data.previous.json` and `app-data.previous.journal.jsonl` (hard links, so no bytes are copied;
 * a copy where the file system has none). Only a data file known to be good becomes the previous one: one this
 * store wrote, or one it read without fault. When the data file is later found damaged, load.ts restores the
 * previous generation and replays both journals over it, so all that can be missing is the one change the last
 * full save was made for (a setting, an account, a large listing, a removal), and the notice says from when. A damaged
 * previous copy is set aside by load.ts before any save could replace it. The data
 * file itself is never absent: the new one is renamed over it in one step.
 *
 * Failure. A write that fails rejects the promises of every change it carried with a StoreError
 * (`write-failed`); those changes stay in memory and the next write is a full compaction, which saves them if
 * the disk recovers. A crash at any moment leaves an intact data file (old or new) and a journal whose lines
 * are all complete except perhaps the last, unconfirmed one, which the reader ignores.
 */
import { join } from 'node:path';
import { dataDigester, journalHeader } from './journal';
import { SCHEMA_VERSION, type AppData } from './schema';
import { StoreError } from './store-error';
import {
  preserveFile,
  syncDirectory,
  writeFileAtomically,
  writeTempFile,
  type StoreFileHandle,
  type StoreFs,
} from '../fs/atomic-fs';

export const DATA_FILE = 'app-data.json';
export const JOURNAL_FILE = 'app-data.journal.jsonl';
/** The data file and journal of the generation before the current one (see "The last good generation"). */
export const PREVIOUS_DATA_FILE = 'app-data.previous.json';
export const PREVIOUS_JOURNAL_FILE = 'app-data.previous.journal.jsonl';

/** Default journal size after which it is folded into the data file. */
export const DEFAULT_COMPACT_JOURNAL_BYTES = 4 * 1024 * 1024;

interface Job {
  /** A journal line, or null for "write the whole data file". */
  line: string | null;
  /** False for a compaction asked for without a change of its own (flush, close). */
  change: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface PersisterOptions {
  fs: StoreFs;
  dir: string;
  now: () => Date;
  /** The state to write when compacting: read at the moment a write starts. */
  snapshot: () => AppData;
  compactJournalBytes: number;
  /** Highest generation already used on disk (data file or journal). */
  generation: number;
  /** The journal on disk continues the current data file and ends with a complete line: appends may go on. */
  journalReady: boolean;
  journalBytes: number;
  /** The data file on disk was read without fault: it may be kept as the previous generation. */
  dataFileGood: boolean;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * About how many characters of the data file are encoded and written at a time: small enough that each piece is an
 * ordinary short-lived object for V8 (one of a megabyte or more is allocated among the long-lived ones, and a save
 * at 5,000 organisations made over ten of those).
 */
const DATA_PIECE_CHARS = 64 * 1024;

/**
 * The data file's bytes: the JSON of `data` exactly as `JSON.stringify` writes it, and a closing newline, in pieces
 * of about DATA_PIECE_CHARS, each made when the writer asks for it (one array element at a time for the arrays at the
 * top, the tenant records). At 5,000 organisations the file is over ten megabytes: as one string and its bytes it
 * was held twice at each save, and left to the collector as one large object. `seen` gets every piece, in order.
 */
function* dataFilePieces(data: object, seen: (piece: Uint8Array) => void): Generator<Uint8Array> {
  let text = '';
  const take = function* (force: boolean): Generator<Uint8Array> {
    if (text.length === 0 || (!force && text.length < DATA_PIECE_CHARS)) return;
    const piece = Buffer.from(text, 'utf8');
    text = '';
    seen(piece);
    yield piece;
  };
  text += '{';
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    const json: unknown = Array.isArray(value) ? value : JSON.stringify(value);
    // What JSON.stringify leaves out of an object (undefined, functions) is left out here too.
    if (json === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) {
      text += '[';
      for (let i = 0; i < value.length; i += 1) {
        text += `${i === 0 ? '' : ','}${JSON.stringify(value[i]) ?? 'null'}`;
        yield* take(false);
      }
      text += ']';
    } else {
      text += json as string;
    }
    yield* take(false);
  }
  text += '}\n';
  yield* take(true);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export class Persister {
  private readonly fs: StoreFs;
  private readonly dataPath: string;
  private readonly journalPath: string;
  private queue: Job[] = [];
  private draining = false;
  private generation: number;
  private journalReady: boolean;
  private journalBytes: number;
  /** The size of the data file this store last wrote (0 until it wrote one). */
  private dataFileBytes = 0;
  private journal: StoreFileHandle | null = null;
  private needsCompaction = false;
  private closed = false;
  private dataFileGood: boolean;
  /** The last write kept the previous data file and its journal. */
  private keptPrevious = false;

  constructor(private readonly options: PersisterOptions) {
    this.fs = options.fs;
    this.dataPath = join(options.dir, DATA_FILE);
    this.journalPath = join(options.dir, JOURNAL_FILE);
    this.dataFileGood = options.dataFileGood;
    this.generation = options.generation;
    this.journalReady = options.journalReady;
    this.journalBytes = options.journalBytes;
  }

  /** Appends one journal line; resolves once it (or a compaction covering it) is on disk. */
  append(line: string): Promise<void> {
    return this.enqueue(line, true);
  }

  /**
   * Writes the whole current state to the data file; resolves once it is on disk. `change` is false when the
   * caller made no change of its own (a flush): then the new generation may hold nothing its journal does not.
   */
  compact(change = true): Promise<void> {
    return this.enqueue(null, change);
  }

  /** Compacts, then refuses further writes and releases the journal file. */
  async close(): Promise<void> {
    if (this.closed) return;
    const last = this.compact(false);
    this.closed = true;
    try {
      await last;
    } finally {
      await this.closeJournal();
    }
  }

  private enqueue(line: string | null, change: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('closed', 'The app data store is closed.'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, change, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Start on the next microtask so that changes made in the same tick share one write.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // Every queued change is already in the in-memory state, so one write can carry all of them.
      const batch = this.queue.splice(0);
      const lines = batch.map((job) => job.line);
      const compact = this.needsCompaction || !this.journalReady || lines.includes(null);
      // A compaction that only folds the journal: everything it writes is already in the journal on disk.
      const foldsOnly = !this.needsCompaction && this.journalReady && batch.every((j) => j.line === null && !j.change);
      try {
        if (compact) await this.writeDataFile(foldsOnly);
        else await this.appendLines(lines.join(''));
        for (const job of batch) job.resolve();
      } catch (error) {
        const failure =
          error instanceof StoreError
            ? error
            : new StoreError(
                'write-failed',
                `Your data could not be saved in ${this.options.dir}: ${describe(error)}. ` +
                  'The app keeps it in memory and tries again with the next change.',
                { cause: error },
              );
        for (const job of batch) job.reject(failure);
        continue;
      }
      if (!compact && this.journalBytes > this.foldAtBytes()) {
        // Already confirmed to the callers; a failure here only means the next write compacts. It folds only the
        // journal unless changes came in meanwhile (they are in the state it writes, not yet in the journal).
        await this.writeDataFile(this.queue.length === 0).catch(() => undefined);
      }
    }
    this.draining = false;
  }

  /**
   * The journal size at which it is folded into the data file: the limit, or the data file's own size when that is
   * larger. A fold rewrites the whole file, so it waits until the journal has taken in as much: the folds of a scan
   * that saves 5,000 results then add up to a few times the file's size, not one rewrite per few megabytes.
   */
  private foldAtBytes(): number {
    return Math.max(this.options.compactJournalBytes, this.dataFileBytes);
  }

  private async appendLines(chunk: string): Promise<void> {
    try {
      this.journal ??= await this.fs.open(this.journalPath, 'a');
      await this.journal.write(chunk);
      await this.journal.sync();
      this.journalBytes += byteLength(chunk);
    } catch (error) {
      // The journal may now end with part of a line: never append after it.
      this.journalReady = false;
      this.needsCompaction = true;
      await this.closeJournal();
      throw error;
    }
  }

  /**
   * `foldsOnly`: the state holds nothing the current journal does not, so the new generation equals the previous
   * one plus its journal; its journal header says so, which lets a restore tell the user nothing is missing.
   */
  private async writeDataFile(foldsOnly = false): Promise<void> {
    // Read the state before the first await: it then holds exactly the changes of the current batch.
    const data = this.options.snapshot();
    const generation = ++this.generation;
    const savedAt = this.options.now().toISOString();
    const { schemaVersion: _version, ...rest } = data;
    // The state is frozen: its pieces can be made while earlier ones are written, and still hold this batch alone.
    const digest = dataDigester();
    let written = 0;
    const pieces = dataFilePieces({ schemaVersion: SCHEMA_VERSION, generation, savedAt, ...rest }, (piece) => {
      digest.update(piece);
      written += piece.byteLength;
    });
    this.needsCompaction = true;
    await this.closeJournal();
    this.journalReady = false;
    const temp = await writeTempFile(this.fs, this.dataPath, pieces);
    this.dataFileBytes = written;
    try {
      if (this.dataFileGood) await this.keepPreviousGeneration();
      await this.fs.rename(temp, this.dataPath);
    } catch (error) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(this.fs, this.options.dir);
    const previousKept = this.dataFileGood && this.keptPrevious;
    this.dataFileGood = true;
    this.needsCompaction = false;
    // The data file is durable: the batch is saved. A fresh journal lets the next results append again; if it
    // cannot be made, the next write compacts instead.
    try {
      const header = journalHeader(generation, savedAt, foldsOnly && previousKept, digest.digest('hex'));
      await writeFileAtomically(this.fs, this.journalPath, header);
      this.journalBytes = byteLength(header);
      this.journalReady = true;
    } catch {
      this.journalReady = false;
    }
  }

  /** Keeps the current data file and journal as the previous generation. Best effort: a safety net only. */
  private async keepPreviousGeneration(): Promise<void> {
    this.keptPrevious = false;
    try {
      await preserveFile(this.fs, this.dataPath, join(this.options.dir, PREVIOUS_DATA_FILE));
      this.keptPrevious = await preserveFile(this.fs, this.journalPath, join(this.options.dir, PREVIOUS_JOURNAL_FILE));
    } catch {
      // Without it the save still goes on; the previous generation is older (or absent) until the next one.
    }
  }

  private async closeJournal(): Promise<void> {
    const handle = this.journal;
    this.journal = null;
    if (handle) await handle.close().catch(() => undefined);
  }
}
