/**
 * "Change since last scan" for a tenant, read from its verdict history (which records changes only). Pure.
 */
import type { HistoryEntry, Verdict } from '../../shared/model';

/** How long a change stays marked in the inventory. */
export const RECENT_CHANGE_MS = 14 * 24 * 3_600_000;

const NOW_WORDS: Record<Verdict, string> = {
  'home-mfa-trusted': 'Now accepts your home MFA',
  'separate-mfa': 'Now demands its own MFA',
  'registration-required': 'Now requires MFA registration',
  'stronger-method': 'Now asks for a stronger method',
  'no-mfa-required': 'No longer asks for MFA',
  blocked: 'Now blocks your sign-in',
  'not-a-guest': 'Guest account gone',
  'needs-sign-in': 'Now needs a sign-in',
  error: 'Check now fails',
};

export interface TenantChange {
  text: string;
  /** Good news for the guest (fewer entries), bad news, or neither. */
  direction: 'better' | 'worse' | 'neutral';
  at: string;
  from: Verdict;
  to: Verdict;
}

const RANK: Record<Verdict, number> = {
  'home-mfa-trusted': 0,
  'no-mfa-required': 0,
  'not-a-guest': 1,
  'needs-sign-in': 1,
  error: 1,
  'stronger-method': 2,
  'registration-required': 2,
  'separate-mfa': 2,
  blocked: 2,
};

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
  if (latest.verdict !== previous.verdict) text = NOW_WORDS[latest.verdict];
  else if (latest.leftoverRegistration && !previous.leftoverRegistration) text = 'Entry can now be removed';
  else return null;
  const delta = RANK[latest.verdict] - RANK[previous.verdict];
  const direction =
    latest.verdict === previous.verdict ? 'better' : delta < 0 ? 'better' : delta > 0 ? 'worse' : 'neutral';
  return { text, direction, at: latest.at, from: previous.verdict, to: latest.verdict };
}
