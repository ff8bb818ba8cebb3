/**
 * Keeps the inventory's rows where they are while a scan runs: each result that arrives would otherwise move its
 * row (the default sort is by verdict), and the row under the pointer would jump away. While frozen, rows keep the
 * order they had when the scan started (or when the user last changed the search, filter or sort); rows that were
 * not there yet come after them, in the query's order. When the scan ends, the rows take the query's order again.
 */
import { useRef } from 'react';
import type { TenantRecord } from '../../shared/model';

const keyOf = (t: TenantRecord) => `${t.accountId}:${t.tenantId}`;

/** `rows` (already in the query's order) reordered to follow `frozen`, a list of row keys. */
export function followOrder(rows: readonly TenantRecord[], frozen: readonly string[]): TenantRecord[] {
  const position = new Map(frozen.map((key, index) => [key, index]));
  const known: TenantRecord[] = [];
  const added: TenantRecord[] = [];
  for (const row of rows) (position.has(keyOf(row)) ? known : added).push(row);
  known.sort((a, b) => position.get(keyOf(a))! - position.get(keyOf(b))!);
  return [...known, ...added];
}

/**
 * The rows to show: in the query's order, or, while `freeze` is true, in the order they had when freezing began
 * or `queryKey` (search, filter and sort) last changed.
 */
export function useStableRows(rows: TenantRecord[], freeze: boolean, queryKey: string): TenantRecord[] {
  const frozen = useRef<{ order: string[]; queryKey: string } | null>(null);
  if (!freeze) {
    frozen.current = null;
    return rows;
  }
  if (frozen.current === null || frozen.current.queryKey !== queryKey) {
    frozen.current = { order: rows.map(keyOf), queryKey };
    return rows;
  }
  const ordered = followOrder(rows, frozen.current.order);
  // Rows that arrived meanwhile keep the place they were first shown at.
  frozen.current.order = ordered.map(keyOf);
  return ordered;
}
