/**
 * Reading the data file back: pure functions from the file's bytes to the data the app starts with, and a
 * report of what could not be kept. A file this version wrote parses strictly; anything else (damaged JSON, a
 * schema mismatch, a newer schema version) is salvaged part by part, so one bad tenant record costs that record
 * and not the inventory. The caller sets the original file aside before anything overwrites it.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../shared/model';
import {
  accountSchema,
  checklistStepsSchema,
  dataFileSchema,
  entryConfirmationSchema,
  emptyAppData,
  entryKeySchema,
  idSchema,
  LIMITS,
  manualEntrySchema,
  SCHEMA_VERSION,
  settingsFieldSchemas,
  tenantRecordSchema,
  type AppData,
} from './schema';
import { tenantKey } from './tenant-records';

/** Files larger than this are not read into memory; they are treated as damaged. */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse that drops the keys prototype pollution uses, wherever they appear, before any schema sees the
 * value. Throws a SyntaxError for invalid JSON, like JSON.parse.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value));
}

/** Decodes UTF-8 strictly; null for bytes that are not text. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** How many entries of one part of the file were kept and how many were dropped as invalid or duplicate. */
export interface PartCount {
  kept: number;
  dropped: number;
}

/** What salvaging a file kept and lost, for the notice shown to the user. */
export interface SalvageReport {
  /** Settings fields that were unreadable and are back to their defaults. */
  settingsReset: (keyof Settings)[];
  accounts: PartCount;
  tenants: PartCount;
  manualEntries: PartCount;
  entryTicks: PartCount;
  checklist: PartCount;
  /**
   * Identities of dropped items that still name themselves (an account id; account + tenant id as tenantKey
   * spells it; an entry id): a restore can take exactly those from an earlier copy.
   */
  droppedKeys: { accounts: string[]; tenants: string[]; manualEntries: string[] };
  entryConfirmations: PartCount;
}

export type DataFileProblem =
  | { kind: 'invalid-json'; detail: string }
  | { kind: 'schema-mismatch'; detail: string; report: SalvageReport }
  | { kind: 'future-version'; version: number; report: SalvageReport };

export interface DecodedDataFile {
  data: AppData;
  /** The file's journal generation, or null when the file did not say (or could not be read). */
  generation: number | null;
  /** When the file was written, as it says (null when it does not, or could not be read). */
  savedAt: string | null;
  /** Null when the file is exactly what this version writes. */
  problem: DataFileProblem | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What makes two items of a list the same one: the key of a valid item, and of a raw one that failed to parse. */
interface ItemKey<T> {
  of: (item: T) => string;
  ofRaw: (raw: unknown) => string | null;
}

/** Items keyed by one id field (an account's `accountId`, a manual entry's `id`). */
function keyedBy<F extends string>(field: F): ItemKey<Record<F, string>> {
  return { of: (item) => item[field], ofRaw: (raw) => rawId(raw, field) };
}

function keepValid<T>(
  value: unknown,
  parse: (item: unknown) => T | null,
  { of: key, ofRaw: rawKey }: ItemKey<T>,
  max: number,
): { items: T[]; count: PartCount; droppedKeys: string[] } {
  if (value === undefined) return { items: [], count: { kept: 0, dropped: 0 }, droppedKeys: [] };
  if (!Array.isArray(value)) return { items: [], count: { kept: 0, dropped: 1 }, droppedKeys: [] };
  const seen = new Set<string>();
  const items: T[] = [];
  const invalid: string[] = [];
  let dropped = 0;
  for (const raw of value) {
    const item = items.length < max ? parse(raw) : null;
    if (item === null || seen.has(key(item))) {
      dropped += 1;
      const named = item === null ? rawKey(raw) : null;
      if (named !== null) invalid.push(named);
      continue;
    }
    seen.add(key(item));
    items.push(item);
  }
  // A key that a valid item also has was a duplicate, not a loss.
  const droppedKeys = [...new Set(invalid)].filter((k) => !seen.has(k)).slice(0, max);
  return { items, count: { kept: items.length, dropped }, droppedKeys };
}

/** The value of `field` of a raw item when it is a valid identifier. */
function rawId(raw: unknown, field: string): string | null {
  if (!isRecord(raw)) return null;
  const parsed = idSchema.safeParse(raw[field]);
  return parsed.success ? parsed.data : null;
}

function keepValidEntries<T>(
  value: unknown,
  parse: (item: unknown) => T | null,
): { entries: Record<string, T>; count: PartCount } {
  if (value === undefined) return { entries: {}, count: { kept: 0, dropped: 0 } };
  if (!isRecord(value)) return { entries: {}, count: { kept: 0, dropped: 1 } };
  const kept: [string, T][] = [];
  let dropped = 0;
  for (const [key, raw] of Object.entries(value)) {
    const item = kept.length < LIMITS.entryKeys && entryKeySchema.safeParse(key).success ? parse(raw) : null;
    if (item === null) dropped += 1;
    else kept.push([key, item]);
  }
  return { entries: Object.fromEntries(kept), count: { kept: kept.length, dropped } };
}

function parser<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }) {
  return (value: unknown): T | null => {
    const result = schema.safeParse(value);
    return result.success ? result.data : null;
  };
}

/**
 * Keeps every part of a parsed file that validates on its own: each settings field, each account, tenant
 * record, manual entry, tick and checklist entry. Duplicates (same account, same account + tenant, same entry
 * id) keep the first. Tenant records whose account is missing are kept: signing in with that account again
 * brings their history back.
 */
export function salvage(raw: unknown): { data: AppData; report: SalvageReport } {
  const source = isRecord(raw) ? raw : {};
  const rawSettings = isRecord(source.settings) ? source.settings : {};
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const settingsReset: (keyof Settings)[] = [];
  for (const field of Object.keys(settingsFieldSchemas) as (keyof Settings)[]) {
    const parsed = settingsFieldSchemas[field].safeParse(rawSettings[field]);
    if (parsed.success) (settings as unknown as Record<string, unknown>)[field] = parsed.data;
    else settingsReset.push(field);
  }
  const accounts = keepValid(source.accounts, parser(accountSchema), keyedBy('accountId'), LIMITS.accounts);
  const tenants = keepValid(
    source.tenants,
    parser(tenantRecordSchema),
    {
      of: (t) => tenantKey(t.accountId, t.tenantId),
      ofRaw: (raw) => {
        const accountId = rawId(raw, 'accountId');
        const id = rawId(raw, 'tenantId');
        return accountId && id ? tenantKey(accountId, id) : null;
      },
    },
    LIMITS.tenants,
  );
  const manualEntries = keepValid(source.manualEntries, parser(manualEntrySchema), keyedBy('id'), LIMITS.manualEntries);
  const entryTicks = keepValidEntries(source.entryTicks, (value) => (typeof value === 'boolean' ? value : null));
  const checklist = keepValidEntries(source.checklist, parser(checklistStepsSchema));
  const entryConfirmations = keepValidEntries(source.entryConfirmations, parser(entryConfirmationSchema));
  return {
    data: {
      schemaVersion: SCHEMA_VERSION,
      settings,
      accounts: accounts.items,
      tenants: tenants.items.map((t) =>
        t.history.length > LIMITS.historyKept ? { ...t, history: t.history.slice(-LIMITS.historyKept) } : t,
      ),
      manualEntries: manualEntries.items,
      entryTicks: entryTicks.entries,
      checklist: checklist.entries,
      entryConfirmations: entryConfirmations.entries,
    },
    report: {
      settingsReset,
      accounts: accounts.count,
      tenants: tenants.count,
      manualEntries: manualEntries.count,
      entryTicks: entryTicks.count,
      checklist: checklist.count,
      droppedKeys: {
        accounts: accounts.droppedKeys,
        tenants: tenants.droppedKeys,
        manualEntries: manualEntries.droppedKeys,
      },
      entryConfirmations: entryConfirmations.count,
    },
  };
}

function hasDuplicates<T>(items: readonly T[], key: (item: T) => string): boolean {
  return new Set(items.map(key)).size !== items.length;
}

function generationOf(source: unknown): number | null {
  if (!isRecord(source)) return null;
  const value = source.generation;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function savedAtOf(source: unknown): string | null {
  if (!isRecord(source)) return null;
  const value = source.savedAt;
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** Turns the data file's bytes into the data the app starts with, and says what, if anything, was wrong. */
export function decodeDataFile(bytes: Uint8Array): DecodedDataFile {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      data: emptyAppData(),
      generation: null,
      savedAt: null,
      problem: { kind: 'invalid-json', detail: 'the file is larger than the app accepts' },
    };
  }
  const text = decodeUtf8(bytes);
  if (text === null) {
    return {
      data: emptyAppData(),
      generation: null,
      savedAt: null,
      problem: { kind: 'invalid-json', detail: 'it is not text' },
    };
  }
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (error) {
    const detail = text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(error as Error).message})`;
    return { data: emptyAppData(), generation: null, savedAt: null, problem: { kind: 'invalid-json', detail } };
  }
  const version = isRecord(raw) ? raw.schemaVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION) {
    const { data, report } = salvage(raw);
    return {
      data,
      generation: generationOf(raw),
      savedAt: savedAtOf(raw),
      problem: { kind: 'future-version', version, report },
    };
  }
  const strict = dataFileSchema.safeParse(raw);
  if (
    strict.success &&
    !hasDuplicates(strict.data.accounts, (a) => a.accountId) &&
    !hasDuplicates(strict.data.tenants, (t) => tenantKey(t.accountId, t.tenantId)) &&
    !hasDuplicates(strict.data.manualEntries, (m) => m.id)
  ) {
    const { generation: _generation, savedAt: _savedAt, ...data } = strict.data;
    return { data, generation: strict.data.generation, savedAt: strict.data.savedAt, problem: null };
  }
  const { data, report } = salvage(raw);
  const detail = strict.success ? 'it lists some items twice' : describeFirstIssue(strict.error.issues);
  return {
    data,
    generation: generationOf(raw),
    savedAt: savedAtOf(raw),
    problem: { kind: 'schema-mismatch', detail, report },
  };
}

function describeFirstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'it does not have the expected form';
  const where = first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  return `it does not have the expected form${where}: ${first.message}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Sentences for the user: what a salvage kept and what it dropped. */
export function describeSalvage(report: SalvageReport): { kept: string; dropped: string | null } {
  const parts: [PartCount, string, string][] = [
    [report.accounts, 'account', 'accounts'],
    [report.tenants, 'tenant record', 'tenant records'],
    [report.manualEntries, 'hand-added entry', 'hand-added entries'],
    [report.entryTicks, 'ticked entry', 'ticked entries'],
    [report.checklist, 'checklist entry', 'checklist entries'],
    [report.entryConfirmations, 'answer about an entry', 'answers about entries'],
  ];
  const settingsKept =
    report.settingsReset.length === 0
      ? 'the settings'
      : `the settings (${report.settingsReset.join(', ')} back to default)`;
  const kept = [settingsKept, ...parts.map(([count, one, many]) => plural(count.kept, one, many))];
  const dropped = parts
    .filter(([count]) => count.dropped > 0)
    .map(([count, one, many]) => plural(count.dropped, one, many));
  return { kept: kept.join(', '), dropped: dropped.length > 0 ? dropped.join(', ') : null };
}

/** What a data set holds, in words for a notice: "1 account, 4 tenant records (2 with notes), …, the settings". */
export function summariseData(data: AppData): string {
  const withNotes = data.tenants.filter((t) => t.notes.trim() !== '').length;
  return [
    plural(data.accounts.length, 'account', 'accounts'),
    `${plural(data.tenants.length, 'tenant record', 'tenant records')} (${withNotes} with notes)`,
    plural(data.manualEntries.length, 'hand-added entry', 'hand-added entries'),
    plural(Object.keys(data.entryTicks).length, 'ticked entry', 'ticked entries'),
    plural(Object.keys(data.checklist).length, 'checklist entry', 'checklist entries'),
    plural(Object.keys(data.entryConfirmations).length, 'answer about an entry', 'answers about entries'),
    'the settings',
  ].join(', ');
}

/** A stored time for a notice: "2026-03-04 05:06 UTC" (or the text as it is when it is not ISO-8601). */
export function formatSavedAt(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The generation a data file names near its start (`{"schemaVersion":1,"generation":N,…`), read from the bytes
 * of a file that no longer parses (a truncated file keeps its head). Null when it cannot be found.
 */
export function sniffGeneration(bytes: Uint8Array): number | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const match = /^\{"schemaVersion":\d+,"generation":(\d{1,15})[,}]/.exec(head);
  return match ? Number(match[1]) : null;
}
