/**
 * The state events' patches (shared/state.ts): `diffState` sends what changed, and `applyStatePatch` of it gives the
 * state it was made from, whether the tenant records kept their places (the one-pass path) or not (matched by key).
 */
import { describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../../shared/model';
import { applyStatePatch, diffState, type AppSnapshot } from '../../../shared/state';
import { FIXTURE_ACCOUNT_ID, fixtureData, fixtureStateFields } from '../../fixtures/ui-fixture';

const AT = '2026-01-01T00:00:00.000Z';

function snapshot(): AppSnapshot {
  const data = fixtureData(0);
  return {
    revision: 1,
    ...fixtureStateFields(data),
    settings: data.settings,
    scan: {
      accountId: FIXTURE_ACCOUNT_ID,
      running: true,
      cancelled: false,
      done: 0,
      total: data.tenants.length,
      tenants: Object.fromEntries(data.tenants.map((t) => [t.tenantId, 'queued' as const])),
      startedAt: AT,
      finishedAt: null,
      error: null,
    },
    notices: [],
    signInPending: false,
  } as unknown as AppSnapshot;
}

const renamed = (record: TenantRecord, name: string): TenantRecord => ({ ...record, displayName: name });

const byTenant = (tenants: readonly TenantRecord[]) =>
  [...tenants].sort((a, b) => a.tenantId.localeCompare(b.tenantId));

/**
 * The patch from `before` to `after`, checked to give `after` back (a patch keeps records where the renderer has them,
 * so the records of a reordered list are compared in tenant order).
 */
function roundTrip(before: AppSnapshot, change: Partial<AppSnapshot>) {
  const after: AppSnapshot = { ...before, ...change, revision: before.revision + 1 };
  const patch = diffState(before, after);
  const applied = applyStatePatch(before, patch).state!;
  expect({ ...applied, tenants: byTenant(applied.tenants) }).toEqual({ ...after, tenants: byTenant(after.tenants) });
  return patch;
}

describe('diffState', () => {
  it('sends the records that changed in their places, and the ones added at the end', () => {
    const before = snapshot();
    const tenants = [...before.tenants];
    tenants[1] = renamed(tenants[1]!, 'Renamed');
    const added = { ...tenants[2]!, tenantId: 'added-tenant' };
    const patch = roundTrip(before, { tenants: [...tenants, added] });
    expect(patch.tenants).toEqual({ put: [tenants[1], added], drop: [] });
  });

  it('sends nothing for a new list of the same records, or a record rebuilt with the same fields', () => {
    const before = snapshot();
    const tenants = [...before.tenants];
    tenants[0] = { ...tenants[0]! };
    expect(roundTrip(before, { tenants }).tenants).toBeUndefined();
  });

  it('matches records by tenant when the list was reordered or lost some', () => {
    const before = snapshot();
    const [first, ...rest] = before.tenants;
    const reordered = roundTrip(before, { tenants: [...rest, renamed(first!, 'Moved')] });
    expect(reordered.tenants?.put.map((t) => t.displayName)).toEqual(['Moved']);
    expect(reordered.tenants?.drop).toEqual([]);
    const shorter = roundTrip(before, { tenants: rest });
    expect(shorter.tenants).toEqual({ put: [], drop: [{ accountId: first!.accountId, tenantId: first!.tenantId }] });
  });

  it("sends the scan's changed per-tenant states, or all of them when a tenant left or the scan is another", () => {
    const before = snapshot();
    const scan = before.scan!;
    const [first, second] = Object.keys(scan.tenants);
    const one = roundTrip(before, { scan: { ...scan, done: 1, tenants: { ...scan.tenants, [first!]: 'done' } } });
    expect(one.scan).toMatchObject({ tenants: { [first!]: 'done' }, replace: false });
    const { [second!]: _left, ...fewer } = scan.tenants;
    const lost = roundTrip(before, { scan: { ...scan, tenants: fewer } });
    expect(lost.scan).toMatchObject({ tenants: fewer, replace: true });
    const another = roundTrip(before, { scan: { ...scan, startedAt: '2026-01-02T00:00:00.000Z' } });
    expect(another.scan).toMatchObject({ tenants: scan.tenants, replace: true });
    expect(roundTrip(before, { scan: { ...scan } }).scan).toBeUndefined();
    expect(roundTrip(before, { scan: null }).scan).toEqual({ progress: null, tenants: {}, replace: true });
  });

  it("sends just the states it is told changed, when the scan's per-tenant map is one object changed in place", () => {
    const before = snapshot();
    const live = { ...before.scan!.tenants };
    const base: AppSnapshot = { ...before, scan: { ...before.scan!, tenants: live } };
    const copy = { ...live };
    const [first, second] = Object.keys(live);
    live[first!] = 'done';
    live[second!] = 'probing';
    const after: AppSnapshot = { ...base, revision: 2, scan: { ...base.scan!, done: 1, tenants: live } };
    const patch = diffState(base, after, { scanTenants: [first!, second!] });
    expect(patch.scan).toMatchObject({ tenants: { [first!]: 'done', [second!]: 'probing' }, replace: false });
    expect(Object.keys(patch.scan!.tenants)).toHaveLength(2);
    expect(applyStatePatch({ ...base, scan: { ...base.scan!, tenants: copy } }, patch).state).toEqual(after);
    // Told nothing changed, it sends the progress alone; for another scan the hint does not count.
    expect(diffState(base, after, { scanTenants: [] }).scan).toMatchObject({ tenants: {}, replace: false });
    const another = { ...after, scan: { ...after.scan!, startedAt: '2026-01-02T00:00:00.000Z' } };
    expect(diffState(base, another, { scanTenants: [] }).scan).toMatchObject({ tenants: live, replace: true });
  });
});
