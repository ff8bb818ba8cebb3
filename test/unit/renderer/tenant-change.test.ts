import { describe, expect, it } from 'vitest';
import { historyNewestFirst, recentChange } from '../../../renderer/src/tenant-change';
import type { HistoryEntry } from '../../../shared/model';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const h = (verdict: HistoryEntry['verdict'], at: string, leftoverRegistration = false): HistoryEntry => ({
  verdict,
  at,
  leftoverRegistration,
});

describe('change since last scan', () => {
  it('names a recent change of verdict and whether it is good news', () => {
    const change = recentChange(
      [h('separate-mfa', '2025-11-01T00:00:00Z'), h('home-mfa-trusted', '2026-03-10T10:00:00Z')],
      NOW,
    );
    expect(change).toMatchObject({ text: 'Now accepts your home MFA', direction: 'better' });
  });

  it('reads the history in time order whatever order it is stored in', () => {
    const change = recentChange(
      [h('blocked', '2026-03-09T10:00:00Z'), h('home-mfa-trusted', '2026-01-01T00:00:00Z')],
      NOW,
    );
    expect(change).toMatchObject({ text: 'Now blocks your sign-in', direction: 'worse' });
    expect(
      historyNewestFirst([h('error', '2026-01-01T00:00:00Z'), h('blocked', '2026-02-01T00:00:00Z')])[0]!.verdict,
    ).toBe('blocked');
  });

  it('ignores the first observation and old changes', () => {
    expect(recentChange([h('separate-mfa', '2026-03-10T10:00:00Z')], NOW)).toBeNull();
    expect(
      recentChange([h('separate-mfa', '2025-01-01T00:00:00Z'), h('home-mfa-trusted', '2025-06-01T00:00:00Z')], NOW),
    ).toBeNull();
  });

  it('reports an entry that became removable', () => {
    const change = recentChange(
      [h('home-mfa-trusted', '2026-01-01T00:00:00Z'), h('home-mfa-trusted', '2026-03-09T00:00:00Z', true)],
      NOW,
    );
    expect(change?.text).toBe('Entry can now be removed');
  });
});
