/**
 * The journal's line format (pure). The journal is a JSON-lines file: a header naming the data file generation
 * it continues, then one line per changed tenant record holding the whole record as it stood after the change,
 * so every line can be applied on its own and the last line for a tenant wins. Each line ends with "\n"; a last
 * line without it was cut off by a crash before its write was confirmed.
 */
import { z } from 'zod';
import type { TenantRecord } from '../../shared/model';
import { decodeUtf8, MAX_FILE_BYTES, parseJson } from './recover';
import { tenantRecordSchema, timeSchema } from './schema';

export const JOURNAL_VERSION = 1;

const headerSchema = z.object({
  journal: z.int().min(1),
  generation: z.int().min(0),
  /** When the data file this journal continues was saved (absent in journals of earlier versions). */
  savedAt: timeSchema.optional(),
  /** Its data file holds nothing the previous generation and that one's journal do not (a fold, a flush). */
  sameAsPrevious: z.boolean().optional(),
});

const lineSchema = z.object({ op: z.literal('tenant'), record: tenantRecordSchema });

/** The first line of a journal that continues data file `generation`, saved at `savedAt`. */
export function journalHeader(generation: number, savedAt?: string, sameAsPrevious = false): string {
  return `${JSON.stringify({
    journal: JOURNAL_VERSION,
    generation,
    ...(savedAt ? { savedAt } : {}),
    ...(sameAsPrevious ? { sameAsPrevious } : {}),
  })}\n`;
}

/** One journal line: the tenant record as it stands after a change. */
export function journalRecordLine(record: TenantRecord): string {
  return `${JSON.stringify({ op: 'tenant', record })}\n`;
}

export type DecodedJournal =
  | {
      kind: 'ok';
      generation: number;
      /** When its data file was saved, if the header says. */
      savedAt: string | null;
      /** Its data file holds nothing the previous generation and its journal do not. */
      sameAsPrevious: boolean;
      /** The valid records, in the order they were written. */
      records: TenantRecord[];
      /** Complete lines that did not parse or validate (damage, not a crash): they are skipped. */
      badLines: number;
      /** The last line lacked its newline and did not parse: a write cut off by a crash, never confirmed. */
      tornTail: boolean;
      /** Nothing beyond the header. */
      empty: boolean;
    }
  | { kind: 'future'; version: number }
  | { kind: 'unreadable'; detail: string };

/** Reads a journal's bytes. A damaged header makes the whole journal unreadable; a damaged line only itself. */
export function decodeJournal(bytes: Uint8Array): DecodedJournal {
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

  const records: TenantRecord[] = [];
  let badLines = 0;
  const readLine = (line: string): boolean => {
    try {
      const parsed = lineSchema.safeParse(parseJson(line));
      if (!parsed.success) return false;
      records.push(parsed.data.record);
      return true;
    } catch {
      return false;
    }
  };
  for (const line of body) {
    if (line.trim() === '') continue;
    if (!readLine(line)) badLines += 1;
  }
  // A cut-off last line is used if it happens to be complete, and otherwise ignored: it was never confirmed.
  const tornTail = tail.trim() !== '' && !readLine(tail);
  return {
    kind: 'ok',
    generation: parsedHeader.data.generation,
    savedAt: parsedHeader.data.savedAt ?? null,
    sameAsPrevious: parsedHeader.data.sameAsPrevious ?? false,
    records,
    badLines,
    tornTail,
    empty: records.length === 0 && badLines === 0 && !tornTail,
  };
}
