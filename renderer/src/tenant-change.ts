/**
 * "Change since last scan" for a tenant, read from its verdict history (which records changes only). Pure.
 */
import type { HistoryEntry, Verdict } from '../../shared/model';
import { VERDICT_RULES } from '../../shared/verdicts';

/** How long a change stays marked in the inventory. */
export const RECENT_CHANGE_MS = 14 * 24 * 3_600_000;

export interface TenantChange {
  text: string;
  /** Good news for the guest (fewer entries), bad news, or neither. */
  direction: 'better' | 'worse' | 'neutral';
  at: string;
  from: Verdict;
  to: Verdict;
}

/** History newest first (by time, whatever order it was stored in). */
export function historyNewestFirst(history: readonly HistoryEntry[]): HistoryEntry[] {
  return [...history].sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
}

/**
 * The latest change of verdict when it happened within `windowMs` of `now`, else null. The first entry of a
 * history is the first observation, not a change.
 */
export function recentChange(
  history: readonly HistoryEntry[],
  now: number = Date.now(),
  windowMs: number = RECENT_CHANGE_MS,
): TenantChange | null {
  const [latest, previous] = historyNewestFirst(history);
  if (!latest || !previous) return null;
  const at = Date.parse(latest.at);
  if (!Number.isFinite(at) || now - at > windowMs) return null;
  let text: string;
  if (latest.verdict !== previous.verdict) text = VERDICT_RULES[latest.verdict].nowWords;
  // Only on a trust signal: one answer without MFA does not make an entry go (docs/entries.md, "Leftover").
  else if (latest.leftoverRegistration && !previous.leftoverRegistration && latest.verdict === 'home-mfa-trusted')
    text = 'Entry can now be removed';
  else return null;
  const delta = VERDICT_RULES[latest.verdict].burden - VERDICT_RULES[previous.verdict].burden;
  const direction =
    latest.verdict === previous.verdict ? 'better' : delta < 0 ? 'better' : delta > 0 ? 'worse' : 'neutral';
  return { text, direction, at: latest.at, from: previous.verdict, to: latest.verdict };
}
