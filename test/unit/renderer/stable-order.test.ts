/** Rows keep their place while a scan's results arrive. */
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../../shared/model';
import { applyQuery, DEFAULT_QUERY } from '../../../renderer/src/inventory-query';
import { followOrder, useStableRows } from '../../../renderer/src/stable-order';
import { classification, tenantRecord } from '../../fixtures/emails';

const id = (n: number) => `bbbbbbbb-0000-4000-8000-00000000000${n}`;
const unchecked = (n: number, name: string) =>
  tenantRecord({ tenantId: id(n), displayName: name, classification: null, history: [] });
const names = (rows: TenantRecord[]) => rows.map((r) => r.displayName);

describe('stable order during a scan', () => {
  it('follows the frozen order and puts new rows after it', () => {
    const a = unchecked(1, 'Alpha');
    const b = unchecked(2, 'Beta');
    const c = unchecked(3, 'Gamma');
    expect(
      names(followOrder([c, a, b], ['k', `${b.accountId}:${b.tenantId}`, `${a.accountId}:${a.tenantId}`])),
    ).toEqual(['Beta', 'Alpha', 'Gamma']);
  });

  it('keeps rows where they were while results would re-sort them, and re-sorts when the scan ends', () => {
    const before = [unchecked(1, 'Alpha'), unchecked(2, 'Beta'), unchecked(3, 'Gamma')];
    const queryKey = 'default';
    const { result, rerender } = renderHook(
      ({ tenants, freeze }: { tenants: TenantRecord[]; freeze: boolean }) =>
        useStableRows(applyQuery(tenants, DEFAULT_QUERY), freeze, queryKey),
      { initialProps: { tenants: before, freeze: true } },
    );
    const first = names(result.current);
    // Gamma gets a verdict that sorts first (by verdict, the default sort): it must not jump to the top.
    const after = before.map((t) =>
      t.displayName === 'Gamma' ? { ...t, classification: classification({ verdict: 'separate-mfa' }) } : t,
    );
    expect(names(applyQuery(after, DEFAULT_QUERY))[0]).toBe('Gamma');
    rerender({ tenants: after, freeze: true });
    expect(names(result.current)).toEqual(first);
    rerender({ tenants: after, freeze: false });
    expect(names(result.current)[0]).toBe('Gamma');
  });

  it('takes the new order at once when the user changes the query during the scan', () => {
    const tenants = [unchecked(1, 'Alpha'), unchecked(2, 'Beta')];
    const { result, rerender } = renderHook(
      ({ key, direction }: { key: string; direction: 'ascending' | 'descending' }) =>
        useStableRows(applyQuery(tenants, { ...DEFAULT_QUERY, sort: 'name', direction }), true, key),
      { initialProps: { key: 'a', direction: 'ascending' as 'ascending' | 'descending' } },
    );
    expect(names(result.current)).toEqual(['Alpha', 'Beta']);
    rerender({ key: 'b', direction: 'descending' });
    expect(names(result.current)).toEqual(['Beta', 'Alpha']);
  });
});
