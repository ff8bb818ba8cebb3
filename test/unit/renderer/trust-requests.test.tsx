/**
 * One rule for "who gets a trust-request email" (shared/verdicts.ts `isTrustRequestCandidate`): the toolbar's
 * count, the batch main saves and the drawer's "Request trust" agree, also for a tenant whose latest check
 * failed (judged by the last verdict it really gave). Before, the toolbar and the drawer went by the latest
 * verdict only and the batch by the last real one, so "Save trust requests (N)" could save more than N.
 */
import './dom-setup';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InventoryToolbar } from '../../../renderer/src/components/inventory-toolbar';
import { TenantDrawer } from '../../../renderer/src/components/tenant-drawer';
import type { AppStore } from '../../../renderer/src/store';
import { StoreProvider } from '../../../renderer/src/store-context';
import { selectTrustCandidates } from '../../../shared/selectors';
import { startedStore, useEmulator } from './world';

useEmulator();
afterEach(cleanup);

function wrap(children: ReactNode, store: AppStore) {
  return (
    <StoreProvider store={store}>
      <FluentProvider theme={webLightTheme}>{children}</FluentProvider>
    </StoreProvider>
  );
}

describe('trust-request candidates', () => {
  it('the toolbar count, the saved batch and the drawer agree, also after a failed check', async () => {
    const { store, world, accountId, stop } = await startedStore();
    // A scan in which Fabrikam's check fails (its token endpoint answers what is not JSON): its latest verdict
    // is "Check failed", its last real one "Needs its own MFA".
    await world.addFault('fabrikam', { endpoint: 'token', kind: 'malformed' });
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.running).toBe(false), { timeout: 20_000 });
    const fabrikam = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    expect(fabrikam.classification?.verdict).toBe('error');
    expect(fabrikam.history.at(-1)?.verdict).toBe('separate-mfa');

    const candidates = selectTrustCandidates(world.services.store.data(), accountId).map((t) => t.displayName);
    expect(candidates).toContain('Fabrikam');

    // The toolbar says how many it will save.
    render(wrap(<InventoryToolbar />, store));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const item = await screen.findByRole('menuitem', { name: /^Save trust requests \(\d+\) as \.eml files…$/ });
    const shown = Number(/\((\d+)\)/.exec(item.textContent ?? '')![1]);
    expect(shown).toBe(candidates.length);

    // The batch dialog lists those organisations, Fabrikam among them, and saves that many once each has a
    // recipient (the user types one where the app knows none).
    fireEvent.click(item);
    const rows = await screen.findAllByTestId('batch-row', {}, { timeout: 20_000 });
    expect(rows.filter((row) => row.textContent?.includes('Fabrikam'))).toHaveLength(1);
    expect(rows).toHaveLength(shown);
    for (const row of rows) {
      const box = row.querySelector<HTMLInputElement>('input[type="text"]')!;
      if (box.value === '') fireEvent.change(box, { target: { value: 'it@partner.example' } });
    }
    const save = screen.getByTestId('batch-save');
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(store.getState().toasts.at(-1)?.title).toBe(`${shown} emails saved`), {
      timeout: 20_000,
    });
    const saved = readdirSync(path.join(world.env.userDataDir, 'exports')).filter((f) => f.endsWith('.eml'));
    expect(saved).toHaveLength(shown);

    // And the drawer of every candidate offers the request, Fabrikam's too; a tenant that is none does not.
    cleanup();
    for (const name of ['Fabrikam', 'Northwind Traders']) {
      const tenant = store.getState().snapshot!.tenants.find((t) => t.displayName === name)!;
      store.getState().select({ accountId, tenantId: tenant.tenantId });
      render(wrap(<TenantDrawer />, store));
      const drawer = await screen.findByTestId('tenant-drawer');
      expect(within(drawer).queryByRole('button', { name: 'Request trust' }) !== null, name).toBe(
        candidates.includes(name),
      );
      cleanup();
    }
    stop();
  });
});
