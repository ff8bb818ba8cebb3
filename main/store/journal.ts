/**
 * The journal's line format (pure). The journal is a JSON-lines file: a header naming the data file generation
 * it continues, then one line per change, each saying the changed thing's whole value after the change (a tenant
 * record; one entry's tick, answer or checklist steps; a hand-added entry, or its removal), so every line can be
 * applied on its own, over the data file it continues or an older one, and the last line for a thing wins. Each
 * line ends with "\n"; a last line without it was cut off by a crash before its write was confirmed.
 *
 * Versions: 1 had tenant lines only; 2 (this one) adds the entry lines. A version 1 journal is read as it is (its
 * lines are valid version 2 lines); the store then starts a version 2 journal, so an older app never meets lines
 * it does not know under a header it does.
 */
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { entryKeyForManual } from '../../shared/entry-keys';
import type { TenantRecord } from '../../shared/model';
import { decodeUtf8, MAX_FILE_BYTES, parseJson } from './recover';
import {
  checklistStepsSchema,
  entryConfirmationSchema,
  entryKeySchema,
  idSchema,
  LIMITS,
  manualEntrySchema,
  tenantRecordSchema,
  timeSchema,
  type AppData,
} from './schema';
import { tenantKey } from './tenant-records';

export const JOURNAL_VERSION = 2;

const headerSchema = z.object({
  journal: z.int().min(1),
  generation: z.int().min(0),
  /** When the data file this journal continues was saved (absent in journals of earlier versions). */
  savedAt: timeSchema.optional(),
  /** Its data file holds nothing the previous generation and that one's journal do not (a fold, a flush). */
  sameAsPrevious: z.boolean().optional(),
  /**
   * The SHA-256 of the data file's bytes as written (absent before format 2): when the data file is later the
   * previous copy, it is checked against this instead of being parsed on every start.
   */
  dataSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

const changeSchema = z.discriminatedUnion('op', [
  /** A tenant record as it stands after a change (a result, a note, recipients, a sign-in time). */
  z.object({ op: z.literal('tenant'), record: tenantRecordSchema }),
  /** An entry ticked off (true) or not (false). */
  z.object({ op: z.literal('tick'), key: entryKeySchema, ticked: z.boolean() }),
  /** The answer to "I have this entry" for one entry, or null when it was withdrawn. */
  z.object({ op: z.literal('answer'), key: entryKeySchema, confirmation: entryConfirmationSchema.nullable() }),
  /** One entry's phone-change checklist, all its steps as they stand. */
  z.object({ op: z.literal('steps'), key: entryKeySchema, steps: checklistStepsSchema }),
  /** A hand-added entry. */
  z.object({ op: z.literal('entry'), entry: manualEntrySchema }),
  /** A hand-added entry removed, with its tick and checklist. */
  z.object({ op: z.literal('entry-removed'), id: idSchema }),
]);

/** One change as the journal holds it. */
export type JournalChange = z.output<typeof changeSchema>;
export type JournalOp = JournalChange['op'];

/** The first line of a journal that continues data file `generation`, saved at `savedAt`. */
export function journalHeader(
  generation: number,
  savedAt?: string,
  sameAsPrevious = false,
  dataSha256?: string,
): string {
  return `${JSON.stringify({
    journal: JOURNAL_VERSION,
    generation,
    ...(savedAt ? { savedAt } : {}),
    ...(sameAsPrevious ? { sameAsPrevious } : {}),
    ...(dataSha256 ? { dataSha256 } : {}),
  })}\n`;
}

/** The digest a journal header keeps of its data file's bytes. */
export function dataDigest(bytes: Uint8Array | string): string {
  return dataDigester().update(bytes).digest('hex');
}

/** The same digest, taken piece by piece (`update` each piece in order, then `digest('hex')`). */
export function dataDigester(): Hash {
  return createHash('sha256');
}

/** One journal line. */
export function journalLine(change: JournalChange): string {
  return `${JSON.stringify(change)}\n`;
}

/** One journal line: the tenant record as it stands after a change. */
export function journalRecordLine(record: TenantRecord): string {
  return journalLine({ op: 'tenant', record });
}

function withoutKey<V>(map: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> {
  if (!(key in map)) return map;
  const { [key]: _dropped, ...rest } = map;
  return rest;
}

function withKey<V>(map: Readonly<Record<string, V>>, key: string, value: V | null, max: number): Record<string, V> {
  if (value === null) return withoutKey(map, key);
  // A new key beyond the limit is not taken (the store refuses it too); the data file stays within its schema.
  if (!(key in map) && Object.keys(map).length >= max) return map;
  return { ...map, [key]: value };
}

/**
 * The data after `changes`, in order: the one rule of what a journal line does, used when a change is made
 * (app-store.ts) and when a journal is replayed (load.ts). Tenant records replace the stored record of their
 * tenant or are added; the others set or clear one entry's value.
 */
export function applyChanges(data: AppData, changes: readonly JournalChange[]): AppData {
  if (changes.length === 0) return data;
  let next = data;
  let tenants: Map<string, TenantRecord> | null = null;
  for (const change of changes) {
    switch (change.op) {
      case 'tenant':
        tenants ??= new Map(next.tenants.map((t) => [tenantKey(t.accountId, t.tenantId), t]));
        if (tenants.size < LIMITS.tenants || tenants.has(tenantKey(change.record.accountId, change.record.tenantId))) {
          tenants.set(tenantKey(change.record.accountId, change.record.tenantId), change.record);
        }
        break;
      case 'tick':
        next = {
          ...next,
          entryTicks: withKey(next.entryTicks, change.key, change.ticked ? true : null, LIMITS.entryKeys),
        };
        break;
      case 'answer':
        next = {
          ...next,
          entryConfirmations: withKey(next.entryConfirmations, change.key, change.confirmation, LIMITS.entryKeys),
        };
        break;
      case 'steps':
        next = { ...next, checklist: withKey(next.checklist, change.key, change.steps, LIMITS.entryKeys) };
        break;
      case 'entry': {
        const others = next.manualEntries.filter((m) => m.id !== change.entry.id);
        if (others.length < LIMITS.manualEntries) next = { ...next, manualEntries: [...others, change.entry] };
        break;
      }
      case 'entry-removed': {
        const key = entryKeyForManual(change.id);
        next = {
          ...next,
          manualEntries: next.manualEntries.filter((m) => m.id !== change.id),
          entryTicks: withoutKey(next.entryTicks, key),
          checklist: withoutKey(next.checklist, key),
          entryConfirmations: withoutKey(next.entryConfirmations, key),
        };
        break;
      }
    }
  }
  return tenants ? { ...next, tenants: [...tenants.values()] } : next;
}

export type DecodedJournal =
  | {
      kind: 'ok';
      /** The journal format version its header names (1 or 2). */
      version: number;
      generation: number;
      /** When its data file was saved, if the header says. */
      savedAt: string | null;
      /** Its data file holds nothing the previous generation and its journal do not. */
      sameAsPrevious: boolean;
      /** The SHA-256 of its data file's bytes, if the header says. */
      dataSha256: string | null;
      /** The valid changes, in the order they were written. */
      changes: JournalChange[];
      /** Complete lines that did not parse or validate (damage, not a crash): they are skipped. */
      badLines: number;
      /** For each damaged line, what it still shows it was about, in words (see `describeDamagedLine`). */
      damaged: string[];
      /** The last line lacked its newline and did not parse: a write cut off by a crash, never confirmed. */
      tornTail: boolean;
      /** Nothing beyond the header. */
      empty: boolean;
    }
  | { kind: 'future'; version: number }
  | { kind: 'unreadable'; detail: string };

function sniff(line: string, field: string): string | null {
  const match = new RegExp(`"${field}":"((?:[^"\\\\]|\\\\.){1,120})"`).exec(line);
  if (!match) return null;
  try {
    const value = JSON.parse(`"${match[1]}"`) as unknown;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * What a damaged journal line was about, read from what is left of it: "a change to Fabrikam's record (a result,
 * notes or e-mail recipients)", "an answer about an entry", … or "a change the app can no longer tell".
 */
export function describeDamagedLine(line: string): string {
  const op = sniff(line, 'op');
  const name = sniff(line, 'displayName') ?? sniff(line, 'defaultDomain') ?? sniff(line, 'tenantId');
  switch (op) {
    case 'tenant':
      return `a change to ${name ? `the record of ${name}` : 'a tenant record'} (a result, notes or e-mail recipients)`;
    case 'tick':
      return 'a tick of an entry';
    case 'answer':
      return 'an answer about an entry';
    case 'steps':
      return 'a checklist step of an entry';
    case 'entry': {
      const organisation = sniff(line, 'organisation');
      return `a hand-added entry${organisation ? ` (${organisation})` : ''}`;
    }
    case 'entry-removed':
      return 'the removal of a hand-added entry';
    default:
      return name ? `a change to the record of ${name}` : 'a change the app can no longer tell';
  }
}

/**
 * Reads a journal's bytes. A damaged header makes the whole journal unreadable; a damaged line only itself. With
 * `check` the lines are only checked to be JSON and not kept (`changes` is empty): for a journal that is not
 * replayed, to find damage without validating thousands of records.
 */
export function decodeJournal(bytes: Uint8Array, check = false): DecodedJournal {
  if (bytes.byteLength > MAX_FILE_BYTES) return { kind: 'unreadable', detail: 'it is larger than the app accepts' };
  const text = decodeUtf8(bytes);
  if (text === null) return { kind: 'unreadable', detail: 'it is not text' };
  const body = text.split('\n');
  // After the last "\n" comes either nothing or a line whose write never finished.
  let tail = body.pop() ?? '';
  let headerLine = body.shift();
  if (headerLine === undefined) {
    headerLine = tail;
    tail = '';
  }
  if (headerLine.trim() === '') return { kind: 'unreadable', detail: 'it is empty' };
  let header: unknown;
  try {
    header = parseJson(headerLine);
  } catch {
    return { kind: 'unreadable', detail: 'its first line is not valid JSON' };
  }
  const parsedHeader = headerSchema.safeParse(header);
  if (!parsedHeader.success) return { kind: 'unreadable', detail: 'its first line is not a journal header' };
  if (parsedHeader.data.journal > JOURNAL_VERSION) return { kind: 'future', version: parsedHeader.data.journal };

  const changes: JournalChange[] = [];
  const damaged: string[] = [];
  const readLine = (line: string): boolean => {
    try {
      if (check) {
        JSON.parse(line);
        return true;
      }
      const parsed = changeSchema.safeParse(parseJson(line));
      if (!parsed.success) return false;
      changes.push(parsed.data);
      return true;
    } catch {
      return false;
    }
  };
  for (const line of body) {
    if (line.trim() === '') continue;
    if (!readLine(line)) damaged.push(describeDamagedLine(line));
  }
  // A cut-off last line is used if it happens to be complete, and otherwise ignored: it was never confirmed.
  const tornTail = tail.trim() !== '' && !readLine(tail);
  return {
    kind: 'ok',
    version: parsedHeader.data.journal,
    generation: parsedHeader.data.generation,
    savedAt: parsedHeader.data.savedAt ?? null,
    sameAsPrevious: parsedHeader.data.sameAsPrevious ?? false,
    dataSha256: parsedHeader.data.dataSha256 ?? null,
    changes,
    badLines: damaged.length,
    damaged,
    tornTail,
    empty: changes.length === 0 && damaged.length === 0 && !tornTail,
  };
}
