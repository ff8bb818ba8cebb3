/** What the window says about a running scan: whether it runs, and what a slow scan waits for. */
import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../shared/model';
import { scanRunning, waitingFor, waitingSentence } from '../../../shared/scan-view';
import { tenantRecord } from '../../fixtures/emails';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'aaaaaaaa-0000-4000-8000-000000000002';
const C = 'aaaaaaaa-0000-4000-8000-000000000003';

function progress(patch: Partial<ScanProgress> = {}): ScanProgress {
  return {
    accountId: 'acc',
    running: true,
    cancelled: false,
    done: 8,
    total: 10,
    tenants: { [A]: 'probing', [B]: 'probing', [C]: 'done' },
    probingSince: { [A]: at(0), [B]: at(14) },
    startedAt: at(-30),
    finishedAt: null,
    error: null,
    ...patch,
  };
}

const tenants = [
  tenantRecord({ accountId: 'acc', tenantId: A, displayName: 'Woodgrove Bank' }),
  tenantRecord({ accountId: 'acc', tenantId: B, displayName: 'Litware' }),
];

describe('scan view', () => {
  it('does not call a scan running when main stopped answering', () => {
    expect(scanRunning(progress(), true)).toBe(true);
    expect(scanRunning(progress(), false)).toBe(false);
    expect(scanRunning(progress({ running: false }), true)).toBe(false);
    expect(scanRunning(null, true)).toBe(false);
  });

  it('names the checks that have taken 5 s or more, longest first, with their seconds', () => {
    const now = T0 + 18_400;
    expect(waitingFor(progress(), tenants, now)).toEqual([{ tenantId: A, name: 'Woodgrove Bank', seconds: 18 }]);
    const later = waitingFor(progress(), tenants, T0 + 20_000);
    expect(later.map((w) => `${w.name} ${w.seconds}`)).toEqual(['Woodgrove Bank 20', 'Litware 6']);
    expect(waitingSentence(later)).toBe('Waiting for Woodgrove Bank (20 s) and Litware (6 s)');
  });

  it('names nothing when the scan is over, or the host does not say when checks began', () => {
    expect(waitingFor(progress({ running: false }), tenants, T0 + 60_000)).toEqual([]);
    expect(waitingFor(progress({ probingSince: undefined }), tenants, T0 + 60_000)).toEqual([]);
    // A tenant that finished keeps no start time that matters.
    expect(waitingFor(progress({ tenants: { [A]: 'done', [B]: 'done' } }), tenants, T0 + 60_000)).toEqual([]);
  });

  it('falls back to the tenant id for an unknown name and shortens a long list', () => {
    const many = waitingFor(
      progress({
        tenants: { [A]: 'probing', [B]: 'probing', [C]: 'probing', x: 'probing' },
        probingSince: { [A]: at(0), [B]: at(1), [C]: at(2), x: at(3) },
      }),
      tenants,
      T0 + 30_000,
    );
    expect(many.map((w) => w.name)).toEqual(['Woodgrove Bank', 'Litware', C, 'x']);
    expect(waitingSentence(many)).toBe(`Waiting for Woodgrove Bank (30 s), Litware (29 s), ${C} (28 s) and 1 more`);
    expect(waitingSentence([])).toBe('');
  });
});
