/**
 * The renderer's side of watching, against the real app: a clicked notification opens its tenant, "Update
 * ready" offers the restart, the "What changed" list (as the real watch service saw the changes) opens and
 * clears, the update's progress shows as it changes, and the schedule settings are saved as they change.
 */
import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app';
import { StoreProvider } from '../../../renderer/src/store-context';
import { ChangesView } from '../../../renderer/src/views/changes-view';
import { SettingsView } from '../../../renderer/src/views/settings-view';
import type { UpdateDriver } from '../../../main/update/update-service';
import { watchOptions } from '../../fixtures/watch-fixture';
import { startedStore, useEmulator } from './world';

useEmulator();
afterEach(cleanup);

async function loaded(options: Parameters<typeof startedStore>[0] = watchOptions()) {
  const started = await startedStore(options);
  const ui = (node: React.ReactNode) =>
    render(
      <StoreProvider store={started.store}>
        <FluentProvider theme={webLightTheme}>{node}</FluentProvider>
      </StoreProvider>,
    );
  return { ...started, ui };
}

describe('notifications and the "What changed" list', () => {
  it('a clicked notification opens that tenant in the inventory', async () => {
    const { store, accountId } = await loaded();
    const tenant = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    store.getState().setView('settings');
    store.getState().handleEvent({ type: 'open-tenant', accountId, tenantId: tenant.tenantId });
    expect(store.getState()).toMatchObject({
      view: 'inventory',
      activeAccountId: accountId,
      selected: { accountId, tenantId: tenant.tenantId },
    });
    store.getState().handleEvent({ type: 'open-changes' });
    expect(store.getState().view).toBe('changes');
  });

  it('says so when the tenant of a notification is gone', async () => {
    const { store, accountId } = await loaded();
    store.getState().handleEvent({ type: 'open-tenant', accountId, tenantId: 'gone' });
    expect(store.getState().messages.at(-1)?.message).toMatch(/no longer in your inventory/);
    expect(store.getState().selected).toBeNull();
  });

  it('lists the changes in their own words, shows one, and clears the list', async () => {
    const { store, world, ui } = await loaded();
    ui(<ChangesView />);
    const list = screen.getByRole('list', { name: 'Changes' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('strong')?.textContent)).toEqual([
      'Adventure Works now accepts your home MFA',
      'Fabrikam now demands its own MFA',
      'Your guest account in Proseware is gone',
    ]);
    expect(within(items[0]!).getByText('Your Authenticator entry for it can most likely go.')).toBeTruthy();
    fireEvent.click(within(items[1]!).getByRole('button', { name: 'Show' }));
    expect(store.getState().view).toBe('inventory');
    expect(store.getState().selected?.tenantId).toBe(
      store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!.tenantId,
    );
    await act(() => store.getState().dismissChanges());
    expect(world.calls.at(-1)).toEqual({ name: 'dismissChanges', arg: {} });
    await waitFor(() => expect(screen.getByText('No changes to show')).toBeTruthy(), { timeout: 20_000 });
    expect(world.services.watch.changes).toEqual([]);
  });
});

describe('updates', () => {
  it('offers "Restart to update" in the app frame when an update is downloaded', async () => {
    const { store, world } = await loaded();
    render(
      <StoreProvider store={store}>
        <FluentProvider theme={webLightTheme}>
          <App />
        </FluentProvider>
      </StoreProvider>,
    );
    const bar = await screen.findByTestId('update-ready');
    expect(bar.textContent).toMatch(/Version 0\.2\.0 is downloaded/);
    fireEvent.click(within(bar).getByRole('button', { name: 'Restart to update' }));
    await waitFor(() => expect(world.calls.some((c) => c.name === 'installUpdate')).toBe(true));
    // The nav counts the changes.
    expect(screen.getByTestId('nav-changes').textContent).toMatch(/What changed\s*3/);
  });

  it('shows the update state in Settings as it changes', async () => {
    // A feed with 0.3.0 whose download stops at 42 % for as long as the test looks.
    const slow: UpdateDriver = {
      check: async () => ({ version: '0.3.0' }),
      download: (onProgress) => {
        onProgress(42);
        return new Promise<void>(() => undefined);
      },
      quitAndInstall: () => undefined,
    };
    const { store, ui } = await loaded({ updater: slow });
    ui(<SettingsView />);
    await act(() => store.getState().checkForUpdates());
    await vi.waitFor(() =>
      expect(screen.getByTestId('update-status').textContent).toBe('Downloading version 0.3.0 (42 %)…'),
    );
  });
});

describe('background check settings', () => {
  it('saves the schedule and the trust-request watch as soon as they change', async () => {
    const { store, world, ui } = await loaded();
    ui(<SettingsView />);
    const section = screen.getByRole('region', { name: 'Background checks' });
    expect(within(section).getByText('1 organisation watched now.')).toBeTruthy();
    // Says what closing the window does while a check is scheduled (main/tray/background-tray.ts).
    expect(section.textContent).toContain('closing the window keeps the app running behind its icon');
    fireEvent.click(within(section).getByRole('switch'));
    await waitFor(() =>
      expect(world.calls.at(-1)).toEqual({ name: 'updateSettings', arg: { watchAfterTrustRequest: false } }),
    );
    fireEvent.click(within(section).getByRole('combobox'));
    fireEvent.click(await screen.findByRole('option', { name: 'Every week' }));
    await waitFor(() => expect(world.calls.at(-1)).toEqual({ name: 'updateSettings', arg: { recheck: 'weekly' } }));
    await vi.waitFor(() =>
      expect(store.getState().snapshot?.watch?.settings).toEqual({ recheck: 'weekly', watchAfterTrustRequest: false }),
    );
  });
});
