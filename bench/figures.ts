/**
 * The benchmark's arithmetic, kept pure so that it can be unit-tested: what a scan's request log says about
 * requests per tenant and the critical path, the ideal wall time the targets compare against, and the plain
 * text table the figures are printed in.
 */
import type { LoggedRequest } from './protocol';

/** Endpoints a tenant probe calls: the token request, then the three Graph reads. */
export const PROBE_ENDPOINTS = ['token', 'methods', 'sponsors', 'organization'] as const;
const PROBE_SET: ReadonlySet<string> = new Set(PROBE_ENDPOINTS);

/** Two requests of one tenant whose intervals overlap by less than this (ms) count as one after the other. */
const OVERLAP_TOLERANCE_MS = 3;

export interface ScanLogStats {
  /** Guest tenants (home excluded) that received probe requests. */
  guestTenants: number;
  /** Probe requests (token + Graph) per guest tenant: mean, min and max. */
  requestsPerTenant: { mean: number; min: number; max: number };
  /** Mean requests per guest tenant by endpoint. */
  perEndpoint: Record<string, number>;
  /** Median number of sequential round trips per guest tenant (parallel requests count once). */
  criticalPath: number;
  /** ARM `GET /tenants` pages fetched before the probes could start. */
  listingRequests: number;
  /** Requests that were neither probe nor listing requests (discovery, sign-in…): should be 0. */
  otherRequests: number;
  /** When the first probe request reached the emulator, ms after startScan was called; null without probes. */
  firstProbeStartMs: number | null;
}

interface Interval {
  start: number;
  end: number;
}

function intervalOf(record: LoggedRequest): Interval {
  const end = Date.parse(record.at);
  return { start: end - record.durationMs, end };
}

/**
 * Counts the round trips one after the other in a tenant's requests: requests whose intervals overlap belong
 * to one round (they were in flight together); a request that starts after the round ended opens the next.
 */
export function sequentialRounds(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let rounds = 0;
  let roundEnd = -Infinity;
  for (const interval of sorted) {
    if (interval.start >= roundEnd - OVERLAP_TOLERANCE_MS) {
      rounds += 1;
      roundEnd = interval.end;
    } else {
      roundEnd = Math.max(roundEnd, interval.end);
    }
  }
  return rounds;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Reads one scan's part of the emulator's request log. `homeKey` is the scenario key of the home tenant. */
export function analyseScanLog(
  records: readonly LoggedRequest[],
  context: { homeKey: string; startedAtEpochMs: number },
): ScanLogStats {
  const byTenant = new Map<string, LoggedRequest[]>();
  let listingRequests = 0;
  let otherRequests = 0;
  let firstProbe = Infinity;
  for (const record of records) {
    if (record.endpoint === 'tenants') {
      listingRequests += 1;
      continue;
    }
    if (!PROBE_SET.has(record.endpoint) || record.tenant === null) {
      otherRequests += 1;
      continue;
    }
    firstProbe = Math.min(firstProbe, intervalOf(record).start);
    if (record.tenant === context.homeKey) continue;
    const list = byTenant.get(record.tenant) ?? [];
    list.push(record);
    byTenant.set(record.tenant, list);
  }
  const counts = [...byTenant.values()].map((list) => list.length);
  const perEndpoint: Record<string, number> = {};
  for (const endpoint of PROBE_ENDPOINTS) {
    let total = 0;
    for (const list of byTenant.values()) total += list.filter((r) => r.endpoint === endpoint).length;
    perEndpoint[endpoint] = byTenant.size > 0 ? total / byTenant.size : 0;
  }
  const rounds = [...byTenant.values()].map((list) => sequentialRounds(list.map(intervalOf)));
  return {
    guestTenants: byTenant.size,
    requestsPerTenant: {
      mean: counts.length > 0 ? counts.reduce((a, b) => a + b, 0) / counts.length : 0,
      min: counts.length > 0 ? Math.min(...counts) : 0,
      max: counts.length > 0 ? Math.max(...counts) : 0,
    },
    perEndpoint,
    criticalPath: median(rounds),
    listingRequests,
    otherRequests,
    firstProbeStartMs: Number.isFinite(firstProbe) ? firstProbe - context.startedAtEpochMs : null,
  };
}

/**
 * The ideal wall time of a scan at concurrency C: every wave of C tenants costs the round trips on a tenant's
 * critical path, each one `latencyMs`, and nothing else (no listing, no CPU). ceil(tenants / C) waves.
 */
export function idealScanMs(tenants: number, concurrency: number, roundTrips: number, latencyMs: number): number {
  return Math.ceil(tenants / concurrency) * roundTrips * latencyMs;
}

/** The best speed-up of C parallel probes over one at a time: N tenants in ceil(N / C) waves instead of N. */
export function maxSpeedUp(tenants: number, concurrency: number): number {
  return tenants / Math.ceil(tenants / concurrency);
}

/** Time per tenant added between two sizes: constant when the scan grows linearly. */
export function marginalPerTenantMs(
  smaller: { tenants: number; wallMs: number },
  larger: { tenants: number; wallMs: number },
): number {
  return (larger.wallMs - smaller.wallMs) / (larger.tenants - smaller.tenants);
}

export type Cell = string | number | null;

/** Formats a number for a table: fixed decimals, thousands kept plain; null becomes "n/a". */
export function num(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toFixed(decimals);
}

/** A plain-text table: a header row, a rule, rows; numbers right-aligned, text left-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) =>
    headers.map((_, i) => (row[i] === null || row[i] === undefined ? 'n/a' : String(row[i]))),
  );
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i]!.length)));
  const numeric = headers.map((_, i) => text.every((row) => row[i] === 'n/a' || /^[\d.+-]/.test(row[i]!)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/** Bytes as KB (1024) with one decimal. */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Bytes as MB (1024²) with one decimal. */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
