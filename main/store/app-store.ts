/**
 * The app's data store: settings, accounts, the tenant inventory with its history, notes and recipients,
 * hand-added Authenticator entries, ticks and phone-change progress, kept in one directory (Electron's
 * `userData` in the app, a temporary directory in tests). Plain Node, no Electron.
 *
 * Every change is applied to the in-memory state at once, in call order (so `data()` shows it immediately and
 * concurrent callers cannot interleave), and the returned promise resolves once the change is on disk. How it
 * gets there, and why that is safe against crashes, is described in persister.ts. The state is deep-frozen:
 * `data()` hands out the live snapshot without copying, and nobody can change it behind the store's back.
 */
import { entryKeyForTenant, isTenantKeyOfAccount } from '../../shared/entry-keys';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  AccountSummary,
  ChecklistStepId,
  EntryAnswer,
  EntryConfirmation,
  ManualEntry,
  Notice,
  Settings,
  TenantRecord,
  Verdict,
} from '../../shared/model';
import { applyChanges, journalLine, journalRecordLine, type JournalChange } from './journal';
import { ensureDirectory, loadStore } from './load';
import { acquireDirLock, type DirLock } from './lock';
import { DEFAULT_COMPACT_JOURNAL_BYTES, Persister } from './persister';
import {
  accountSchema,
  checklistStepSchema,
  entryAnswerSchema,
  entryConfirmationSchema,
  entryKeySchema,
  idSchema,
  LIMITS,
  manualEntryInputSchema,
  notesSchema,
  recipientsSchema,
  settingsSchema,
  tenantListingSchema,
  tenantResultSchema,
  timeSchema,
  type AppData,
  type ManualEntryInput,
  type TenantListing,
  type TenantResult,
} from './schema';
import { StoreError } from './store-error';
import { nodeStoreFs, type StoreFs } from '../fs/atomic-fs';
import {
  applyResult,
  markUnlisted,
  mergeListing,
  newTenantRecord,
  normaliseRecipients,
  tenantKey,
} from './tenant-records';

export interface StoreOptions {
  /** The directory that holds the data; created if missing. The store writes nowhere else. */
  dir: string;
  /** Clock for timestamps (notices, hand-added entries, file names of set-aside files). */
  now?: () => Date;
  /** File system; the real one by default. Fault tests inject one whose writes fail. */
  fs?: StoreFs;
  /** Journal size in bytes after which it is folded into the data file (default 4 MiB). */
  compactJournalBytes?: number;
  /** Ids for hand-added entries (random UUIDs by default). */
  newId?: () => string;
  /** What this process is, named to another process that finds the folder locked (default: see lock.ts). */
  processName?: string;
}

export interface UpsertTenantsOptions {
  /**
   * The listing is ARM's complete list for the account: stored tenants missing from it are marked as no longer
   * listed (and kept, with their history, so the scan still probes them).
   */
  complete?: boolean;
}

const accountIdArg = idSchema;
const tenantIdArg = idSchema;
const booleanArg = z.boolean();

function parseArg<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : '';
  throw new StoreError('invalid-argument', `Not a valid ${what}${where}: ${issue?.message ?? 'unexpected value'}.`);
}

function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) freezeDeep(child);
  return Object.freeze(value);
}

function withoutKeys<V>(record: Record<string, V>, drop: (key: string) => boolean): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !drop(key)));
}

export class AppStore {
  private state: AppData;
  /** The state of the latest change whose write has settled, and its number (changes are written in order). */
  private settled: { state: AppData; change: number };
  private changes = 0;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  /** `tenantIndex()`: the list it was built for, and each record's position in it. */
  private index: { tenants: readonly TenantRecord[]; positions: Map<string, number> } | null = null;

  private constructor(
    state: AppData,
    private readonly persister: Persister,
    private readonly lock: DirLock,
    private readonly now: () => Date,
    private readonly newId: () => string,
    private readonly compactJournalBytes: number,
  ) {
    this.state = freezeDeep(state);
    this.settled = { state: this.state, change: 0 };
  }

  /**
   * Opens (or creates) the store in `options.dir`. A damaged data file, a file from a newer version or a
   * damaged journal is copied aside under a new name in the same directory, the app keeps what it can read,
   * and a notice says what happened and where the copy is. Rejects with a StoreError (`unreadable`) only when
   * a file cannot be read or a copy cannot be made; then nothing on disk was changed. Rejects with `in-use`,
   * naming the other process, when another store holds the folder (one writer per folder, see lock.ts).
   */
  static async open(options: StoreOptions): Promise<{ store: AppStore; notices: Notice[] }> {
    const fs = options.fs ?? nodeStoreFs;
    const now = options.now ?? (() => new Date());
    await ensureDirectory(fs, options.dir);
    const lock = await acquireDirLock(options.dir, {
      now,
      ...(options.processName ? { what: options.processName } : {}),
    });
    let loaded;
    try {
      loaded = await loadStore({ fs, dir: options.dir, now });
    } catch (error) {
      await lock.release();
      throw error;
    }
    let store: AppStore | null = null;
    const compactJournalBytes = options.compactJournalBytes ?? DEFAULT_COMPACT_JOURNAL_BYTES;
    const persister = new Persister({
      fs,
      dir: options.dir,
      now,
      snapshot: () => {
        if (!store) throw new Error('The store is not open yet.');
        return store.state;
      },
      compactJournalBytes,
      generation: loaded.generation,
      journalReady: loaded.clean,
      journalBytes: loaded.journalBytes,
      dataFileGood: loaded.dataFileGood,
    });
    store = new AppStore(loaded.data, persister, lock, now, options.newId ?? randomUUID, compactJournalBytes);
    const notices = [...loaded.notices];
    if (!loaded.clean) {
      // Fold the replayed journal and any recovered data into a fresh data file right away.
      try {
        await persister.compact();
      } catch (error) {
        notices.push({
          id: randomUUID(),
          intent: 'error',
          title: 'Changes cannot be saved',
          message:
            error instanceof StoreError
              ? error.message
              : `The app's data could not be saved in ${options.dir}. Changes are kept until the app closes.`,
          at: now().toISOString(),
        });
      }
    }
    return { store, notices };
  }

  /** The current state: a deep-frozen snapshot, replaced (never changed) by every update. */
  data(): Readonly<AppData> {
    return this.state;
  }

  /**
   * The state as far as its writes have settled: every change in it is on disk (or failed to reach it, and is
   * kept in memory, with a notice). What the renderer is shown, so that what it shows is saved; `data()` may be a
   * little ahead of it.
   */
  settledData(): Readonly<AppData> {
    return this.settled.state;
  }

  /**
   * Calls `listener` after every change of the state, once the change's write has settled (`settledData`).
   * Returns the function that stops it.
   */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes some settings; the result must be valid as a whole. Resolves with the saved settings. */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    this.assertOpen();
    const fields = parseArg(settingsSchema.partial(), patch, 'settings change');
    const settings = parseArg(settingsSchema, { ...this.state.settings, ...fields }, 'settings');
    await this.commit({ ...this.state, settings }, null);
    return settings;
  }

  /** Adds a signed-in account or refreshes its identifiers. */
  async upsertAccount(account: AccountSummary): Promise<void> {
    this.assertOpen();
    const given = parseArg(accountSchema, account, 'account');
    const known = this.state.accounts.find((a) => a.accountId === given.accountId);
    // Which way the last sign-in went is the sign-in's to say: a scan's update of the account keeps it.
    const signInPath = given.signInPath ?? known?.signInPath;
    const parsed = signInPath ? { ...given, signInPath } : given;
    const exists = known !== undefined;
    if (!exists && this.state.accounts.length >= LIMITS.accounts) {
      throw new StoreError('invalid-argument', `At most ${LIMITS.accounts} accounts can be signed in.`);
    }
    const accounts = exists
      ? this.state.accounts.map((a) => (a.accountId === parsed.accountId ? parsed : a))
      : [...this.state.accounts, parsed];
    await this.commit({ ...this.state, accounts }, null);
  }

  /**
   * Removes an account with its tenant records and the ticks and checklist progress of their entries. Also
   * clears the records of an account that is no longer stored (kept after a damaged file was salvaged).
   */
  async removeAccount(accountId: string): Promise<void> {
    this.assertOpen();
    const id = parseArg(accountIdArg, accountId, 'account id');
    const known =
      this.state.accounts.some((a) => a.accountId === id) || this.state.tenants.some((t) => t.accountId === id);
    if (!known) throw this.accountNotFound(id);
    await this.commit(
      {
        ...this.state,
        accounts: this.state.accounts.filter((a) => a.accountId !== id),
        tenants: this.state.tenants.filter((t) => t.accountId !== id),
        entryTicks: withoutKeys(this.state.entryTicks, (key) => isTenantKeyOfAccount(key, id)),
        checklist: withoutKeys(this.state.checklist, (key) => isTenantKeyOfAccount(key, id)),
        entryConfirmations: withoutKeys(this.state.entryConfirmations, (key) => isTenantKeyOfAccount(key, id)),
      },
      null,
    );
  }

  /**
   * Merges a tenant listing (from ARM, earlier scans or the user) into the account's records without losing
   * stored fields: results, history, notes, recipients and sign-in times stay; the merge rules are in
   * `mergeListing`. A tenant listed twice takes its last entry. Resolves with all of the account's records
   * after the merge (the tenants a scan should probe), in stored order.
   */
  async upsertTenants(
    accountId: string,
    listing: TenantListing[],
    options: UpsertTenantsOptions = {},
  ): Promise<TenantRecord[]> {
    this.assertOpen();
    const id = parseArg(accountIdArg, accountId, 'account id');
    const entries = parseArg(tenantListingSchema.array().max(LIMITS.tenants), listing, 'tenant list');
    if (!this.state.accounts.some((a) => a.accountId === id)) throw this.accountNotFound(id);
    const incoming = new Map(entries.map((entry) => [entry.tenantId, entry]));
    const tenants: TenantRecord[] = [];
    // The records the listing added or changed, in list order: replayed in this order, journal lines give the
    // same list (journal.ts `applyChanges`: a changed record keeps its place, a new one is added at the end).
    const changed: TenantRecord[] = [];
    for (const record of this.state.tenants) {
      if (record.accountId !== id) {
        tenants.push(record);
        continue;
      }
      const entry = incoming.get(record.tenantId);
      if (entry) incoming.delete(record.tenantId);
      const next = entry ? mergeListing(record, entry) : options.complete ? markUnlisted(record) : record;
      tenants.push(next);
      if (next !== record) changed.push(freezeDeep(next));
    }
    for (const entry of incoming.values()) {
      const record = freezeDeep(newTenantRecord(id, entry));
      tenants.push(record);
      changed.push(record);
    }
    if (tenants.length > LIMITS.tenants) {
      throw new StoreError('invalid-argument', `The inventory cannot hold more than ${LIMITS.tenants} tenants.`);
    }
    Object.freeze(tenants);
    // An organisation the user added by hand is saved in the data file: no scan could give it back.
    const byHand = entries.some((entry) => entry.source === 'added-by-user');
    await this.commit({ ...this.state, tenants }, byHand ? null : this.recordLines(changed));
    return this.state.tenants.filter((t) => t.accountId === id);
  }

  /**
   * The journal lines of these tenant records, or null (rewrite the data file) when they come to more than the
   * journal may hold: a listing that changed a few records, or a page of a first listing, appends a few lines; one
   * that changed thousands of records is cheaper as one whole file than as lines that are folded in right after.
   * No records: an empty line, which writes nothing and settles once the changes before it are on disk.
   */
  private recordLines(records: readonly TenantRecord[]): string | null {
    let lines = '';
    for (const record of records) {
      lines += journalRecordLine(record);
      if (lines.length > this.compactJournalBytes) return null;
    }
    return lines;
  }

  /** Removes one tenant record and the ticks and checklist progress of its entry. */
  async removeTenant(accountId: string, tenantId: string): Promise<void> {
    this.assertOpen();
    const record = this.findTenant(accountId, tenantId);
    const key = entryKeyForTenant(record.accountId, record.tenantId);
    await this.commit(
      {
        ...this.state,
        tenants: this.state.tenants.filter((t) => t !== record),
        entryTicks: withoutKeys(this.state.entryTicks, (k) => k === key),
        checklist: withoutKeys(this.state.checklist, (k) => k === key),
        entryConfirmations: withoutKeys(this.state.entryConfirmations, (k) => k === key),
      },
      null,
    );
  }

  /**
   * Saves one tenant's scan result and resolves once it is durable (a crash after that cannot lose it). The
   * latest result replaces the previous one; history gains an entry only when the verdict or the leftover flag
   * changed (see `historyChange`). Meant for the scan's hot path: it appends one journal line.
   */
  async recordResult(accountId: string, tenantId: string, result: TenantResult): Promise<TenantRecord> {
    this.assertOpen();
    const record = this.findTenant(accountId, tenantId);
    const parsed = parseArg(tenantResultSchema, result, 'scan result');
    return this.updateTenant(record, applyResult(record, parsed));
  }

  /** Notes when the user last signed in to this tenant interactively ("Sign in to this tenant"). */
  async markInteractiveSignIn(accountId: string, tenantId: string, at: string): Promise<TenantRecord> {
    this.assertOpen();
    const record = this.findTenant(accountId, tenantId);
    const time = parseArg(timeSchema, at, 'sign-in time');
    return this.updateTenant(record, { ...record, lastInteractiveSignInAt: time });
  }

  /** Replaces the user's notes on a tenant. */
  async setNotes(accountId: string, tenantId: string, notes: string): Promise<TenantRecord> {
    this.assertOpen();
    const record = this.findTenant(accountId, tenantId);
    const text = parseArg(notesSchema, notes, 'note');
    return this.updateTenant(record, { ...record, notes: text });
  }

  /** Replaces the addresses remembered for a tenant's emails (trimmed, duplicates removed). */
  async setRecipients(accountId: string, tenantId: string, recipients: string[]): Promise<TenantRecord> {
    this.assertOpen();
    const record = this.findTenant(accountId, tenantId);
    const raw = parseArg(
      z.array(z.string().max(LIMITS.email)).max(LIMITS.recipients * 2),
      recipients,
      'recipient list',
    );
    const addresses = parseArg(recipientsSchema, normaliseRecipients(raw), 'recipient list');
    return this.updateTenant(record, { ...record, recipients: addresses });
  }

  /** Adds an Authenticator entry by hand, for an organisation the app cannot see. */
  async addManualEntry(input: ManualEntryInput): Promise<ManualEntry> {
    this.assertOpen();
    const parsed = parseArg(manualEntryInputSchema, input, 'entry');
    if (this.state.manualEntries.length >= LIMITS.manualEntries) {
      throw new StoreError('invalid-argument', `At most ${LIMITS.manualEntries} entries can be added by hand.`);
    }
    const entry: ManualEntry = {
      id: parseArg(idSchema, this.newId(), 'new entry id'),
      organisation: parsed.organisation,
      label: parsed.label ?? '',
      note: parsed.note ?? '',
      createdAt: this.now().toISOString(),
    };
    await this.commitChange({ op: 'entry', entry });
    return entry;
  }

  /** Removes a hand-added entry with its tick and checklist progress. */
  async removeManualEntry(id: string): Promise<void> {
    this.assertOpen();
    const entryId = parseArg(idSchema, id, 'entry id');
    if (!this.state.manualEntries.some((m) => m.id === entryId)) {
      throw new StoreError('not-found', 'That hand-added entry no longer exists.');
    }
    await this.commitChange({ op: 'entry-removed', id: entryId });
  }

  /** Ticks an Authenticator entry off (or un-ticks it; un-ticked entries are not stored). */
  async setEntryTicked(key: string, ticked: boolean): Promise<void> {
    this.assertOpen();
    const entryKey = parseArg(entryKeySchema, key, 'entry key');
    const done = parseArg(booleanArg, ticked, 'tick');
    if (done && !(entryKey in this.state.entryTicks) && Object.keys(this.state.entryTicks).length >= LIMITS.entryKeys) {
      throw new StoreError('invalid-argument', 'Too many entries are ticked.');
    }
    await this.commitChange({ op: 'tick', key: entryKey, ticked: done });
  }

  /**
   * Stores the user's answer to "I have this entry in Authenticator" for one entry (`null` forgets it), with
   * the time and the tenant's informative verdict at that moment: the answer holds until that verdict changes.
   */
  async setEntryConfirmation(
    key: string,
    answer: EntryAnswer | null,
    at: string,
    verdict: Verdict | null,
  ): Promise<EntryConfirmation | null> {
    this.assertOpen();
    const entryKey = parseArg(entryKeySchema, key, 'entry key');
    if (answer === null) {
      await this.commitChange({ op: 'answer', key: entryKey, confirmation: null });
      return null;
    }
    const confirmation = parseArg(
      entryConfirmationSchema,
      { answer: parseArg(entryAnswerSchema, answer, 'answer'), at, verdict },
      'answer',
    );
    const answers = this.state.entryConfirmations;
    if (!(entryKey in answers) && Object.keys(answers).length >= LIMITS.entryKeys) {
      throw new StoreError('invalid-argument', 'Too many entries have an answer.');
    }
    await this.commitChange({ op: 'answer', key: entryKey, confirmation });
    return confirmation;
  }

  /** Records one step of the phone-change checklist for one entry. */
  async setChecklistStep(key: string, step: ChecklistStepId, done: boolean): Promise<void> {
    this.assertOpen();
    const entryKey = parseArg(entryKeySchema, key, 'entry key');
    const stepId = parseArg(checklistStepSchema, step, 'checklist step');
    const value = parseArg(booleanArg, done, 'step state');
    const current = this.state.checklist[entryKey] ?? {};
    if (!(entryKey in this.state.checklist) && Object.keys(this.state.checklist).length >= LIMITS.entryKeys) {
      throw new StoreError('invalid-argument', 'The checklist has too many entries.');
    }
    await this.commitChange({ op: 'steps', key: entryKey, steps: { ...current, [stepId]: value } });
  }

  /** Folds the journal into the data file; resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    this.assertOpen();
    await this.persister.compact(false);
  }

  /** Flushes and closes; later changes reject with `closed`. Calling it twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.persister.close();
    } finally {
      await this.lock.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'The app data store is closed.');
  }

  private accountNotFound(accountId: string): StoreError {
    return new StoreError('not-found', `No signed-in account has the id ${accountId}.`);
  }

  /**
   * One tenant's record as stored now, or undefined: a look-up in the index, not a walk through the list (the
   * scan's hot path asks once per result; at 5,000 organisations a walk per result made the scan quadratic).
   */
  tenant(accountId: string, tenantId: string): TenantRecord | undefined {
    const at = this.tenantIndex().get(tenantKey(accountId, tenantId));
    return at === undefined ? undefined : this.state.tenants[at];
  }

  /** Where each tenant record is in `state.tenants`, by `tenantKey`; rebuilt only when the list itself changed. */
  private tenantIndex(): Map<string, number> {
    const tenants = this.state.tenants;
    if (this.index?.tenants !== tenants) {
      const positions = new Map<string, number>();
      tenants.forEach((t, at) => {
        // Like a walk through the list, the first record of a key is the one found.
        const key = tenantKey(t.accountId, t.tenantId);
        if (!positions.has(key)) positions.set(key, at);
      });
      this.index = { tenants, positions };
    }
    return this.index.positions;
  }

  private findTenant(accountId: string, tenantId: string): TenantRecord {
    const account = parseArg(accountIdArg, accountId, 'account id');
    const tenant = parseArg(tenantIdArg, tenantId, 'tenant id');
    const record = this.tenant(account, tenant);
    if (!record) throw new StoreError('not-found', `The tenant ${tenant} is not in the inventory of this account.`);
    return record;
  }

  /**
   * Replaces one tenant record and journals it (the cheap path: one appended line). The record keeps its place, so
   * the index stays valid; only the new record and the new list are frozen (the other records already are).
   */
  private async updateTenant(previous: TenantRecord, next: TenantRecord): Promise<TenantRecord> {
    const frozen = freezeDeep(next);
    const positions = this.tenantIndex();
    const at = positions.get(tenantKey(previous.accountId, previous.tenantId));
    if (at === undefined || this.state.tenants[at] !== previous) {
      throw new StoreError('not-found', `The tenant ${previous.tenantId} is not in the inventory of this account.`);
    }
    // A spread, not slice(): on a frozen array V8's slice() leaves its fast path and costs about a millisecond at
    // 5,000 records, once per scan result.
    const tenants = [...this.state.tenants];
    tenants[at] = frozen;
    Object.freeze(tenants);
    this.index = { tenants, positions };
    await this.commit({ ...this.state, tenants }, journalRecordLine(frozen));
    return frozen;
  }

  /** Applies one change of an entry (a tick, an answer, checklist steps, a hand-added entry) and journals it. */
  private commitChange(change: JournalChange): Promise<void> {
    return this.commit(applyChanges(this.state, [change]), journalLine(change));
  }

  /**
   * Makes `next` the current state synchronously, then waits for it to reach the disk: as a journal line when
   * one tenant record or one entry's mark changed, else as a rewrite of the data file.
   */
  private commit(next: AppData, journalLine: string | null): Promise<void> {
    this.state = freezeDeep(next);
    const change = (this.changes += 1);
    const state = this.state;
    const saved = journalLine === null ? this.persister.compact() : this.persister.append(journalLine);
    return saved.finally(() => {
      if (change > this.settled.change) this.settled = { state, change };
      for (const listener of this.listeners) listener();
    });
  }
}
