/**
 * What the window says about a scan, derived from main's progress: whether it runs (not when main stopped
 * answering: then nothing runs any more, whatever the last progress said) and which organisations a scan that
 * seems stuck is waiting for, and for how long. Pure.
 */
import type { ScanProgress, TenantRecord } from './model';

/** A check that has run this long is named under the progress bar. */
export const WAITING_NAMED_AFTER_SECONDS = 5;

export interface WaitingTenant {
  tenantId: string;
  name: string;
  /** Whole seconds since its check began. */
  seconds: number;
}

/** True while the scan runs as far as the window can tell: main says so and still answers. */
export function scanRunning(progress: ScanProgress | null | undefined, backendReachable: boolean): boolean {
  return backendReachable && progress?.running === true;
}

/**
 * The organisations the running scan has been waiting on for at least `afterSeconds`, longest first. Empty when
 * the scan is not running or the host does not say when each check began.
 */
export function waitingFor(
  progress: ScanProgress | null | undefined,
  tenants: readonly TenantRecord[],
  nowMs: number,
  afterSeconds = WAITING_NAMED_AFTER_SECONDS,
): WaitingTenant[] {
  if (!progress?.running || !progress.probingSince) return [];
  const names = new Map(
    tenants.filter((t) => t.accountId === progress.accountId).map((t) => [t.tenantId, t.displayName]),
  );
  const waiting: WaitingTenant[] = [];
  for (const [tenantId, since] of Object.entries(progress.probingSince)) {
    if (progress.tenants[tenantId] !== 'probing') continue;
    const started = Date.parse(since);
    if (!Number.isFinite(started)) continue;
    const seconds = Math.max(0, Math.floor((nowMs - started) / 1000));
    if (seconds < afterSeconds) continue;
    waiting.push({ tenantId, name: names.get(tenantId) || tenantId, seconds });
  }
  return waiting.sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name));
}

/** "Waiting for Woodgrove Bank (18 s)", "… Woodgrove Bank (18 s) and Litware (12 s)", "… and 3 more". */
export function waitingSentence(waiting: readonly WaitingTenant[], shown = 3): string {
  if (waiting.length === 0) return '';
  const named = waiting.slice(0, shown).map((w) => `${w.name} (${w.seconds} s)`);
  const more = waiting.length - named.length;
  if (more > 0) return `Waiting for ${named.join(', ')} and ${more} more`;
  if (named.length === 1) return `Waiting for ${named[0]}`;
  return `Waiting for ${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}
