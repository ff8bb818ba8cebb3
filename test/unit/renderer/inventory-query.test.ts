import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, applyQuery, toggleVerdict } from '../../../renderer/src/inventory-query';
import { fixtureTenants } from '../../fixtures/ui-fixture';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const tenants = fixtureTenants(NOW);
const names = (rows: { displayName: string }[]) => rows.map((r) => r.displayName);

describe('inventory search, filter and sort', () => {
  it('keeps the home tenant first and sorts the rest by verdict urgency', () => {
    const rows = applyQuery(tenants, DEFAULT_QUERY);
    expect(rows[0]!.isHome).toBe(true);
    expect(rows[1]!.classification?.verdict).toBe('separate-mfa');
    expect(rows[rows.length - 1]!.classification).toBeNull();
  });

  it('searches name, domain and tenant id, ignoring case', () => {
    expect(names(applyQuery(tenants, { ...DEFAULT_QUERY, search: 'FABRI' }))).toEqual(['Fabrikam']);
    expect(names(applyQuery(tenants, { ...DEFAULT_QUERY, search: 'woodgrovebank.com' }))).toEqual(['Woodgrove Bank']);
    const id = tenants.find((t) => t.displayName === 'Litware')!.tenantId;
    expect(names(applyQuery(tenants, { ...DEFAULT_QUERY, search: id.toUpperCase() }))).toEqual(['Litware']);
  });

  it('filters by one or several verdicts and hides the home tenant while filtering', () => {
    const rows = applyQuery(tenants, { ...DEFAULT_QUERY, verdicts: ['separate-mfa'] });
    expect(names(rows).sort()).toEqual(['Fabrikam', 'Fourth Coffee', 'Trey Research']);
    const two = applyQuery(tenants, { ...DEFAULT_QUERY, verdicts: ['blocked', 'unchecked'] });
    expect(names(two).sort()).toEqual(['Lamna Healthcare', 'Wide World Importers']);
  });

  it('sorts by name both ways and by last checked, newest first', () => {
    const az = names(applyQuery(tenants, { ...DEFAULT_QUERY, sort: 'name' })).slice(1);
    expect(az).toEqual([...az].sort((a, b) => a.localeCompare(b)));
    const za = names(applyQuery(tenants, { ...DEFAULT_QUERY, sort: 'name', direction: 'descending' })).slice(1);
    expect(za).toEqual([...az].reverse());
    const checked = applyQuery(tenants, { ...DEFAULT_QUERY, sort: 'checked' }).slice(1);
    expect(checked[checked.length - 1]!.observedAt).toBeNull();
    expect(Date.parse(checked[0]!.observedAt!)).toBeGreaterThanOrEqual(Date.parse(checked[1]!.observedAt!));
  });

  it('toggles verdicts in the filter', () => {
    expect(toggleVerdict(['blocked'], 'error')).toEqual(['blocked', 'error']);
    expect(toggleVerdict(['blocked', 'error'], 'blocked')).toEqual(['error']);
  });
});
