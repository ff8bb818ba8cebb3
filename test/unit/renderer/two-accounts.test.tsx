/**
 * Two accounts in the renderer: the navigation's count of Authenticator entries in use is the shown account's,
 * the same number the entries view lists, and follows the account switch. The fixture's account is signed in
 * at the emulator; a second account with only its home tenant is put through the real store, and reaches the
 * window as main's state events bring it.
 */
import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { StoreProvider } from '../../../renderer/src/store-context';
import type { AccountSummary } from '../../../shared/model';
import { entriesOfAccount, selectEntries } from '../../../shared/selectors';
import { fixtureTenantId } from '../../fixtures/ui-fixture';
import { startedStore, useEmulator } from './world';

useEmulator();
afterEach(cleanup);

const SECOND: AccountSummary = {
  accountId: 'acc-alex-fourthcoffee',
  username: 'alex@fourthcoffee.example',
  displayName: 'Alex Wilber',
  homeTenantId: fixtureTenantId(900),
  homeTenantName: 'Fourth Coffee',
  homeDomain: 'fourthcoffee.example',
  homeSessionMfa: true,
};

describe('two accounts in the navigation', () => {
  it("counts the shown account's entries in use, as its entries view does", async () => {
    const { world, store, stop, accountId } = await startedStore();
    const data = world.services.store;
    await data.upsertAccount(SECOND);
    await data.upsertTenants(SECOND.accountId, [
      {
        tenantId: SECOND.homeTenantId,
        displayName: 'Fourth Coffee',
        defaultDomain: 'fourthcoffee.example',
        domains: ['fourthcoffee.example'],
        isHome: true,
        source: 'arm',
        listed: true,
      },
    ]);
    const inUse = (id: string) =>
      entriesOfAccount(selectEntries(data.data()), id).filter((e) => e.status === 'in-use').length;
    // The premise: the accounts differ, and together they have more than either.
    expect(inUse(accountId)).toBeGreaterThan(inUse(SECOND.accountId));
    expect(selectEntries(data.data()).filter((e) => e.status === 'in-use').length).toBeGreaterThan(inUse(accountId));
    await waitFor(() => expect(store.getState().snapshot?.accounts).toHaveLength(2));

    render(
      <StoreProvider store={store}>
        <FluentProvider theme={webLightTheme}>
          <App />
        </FluentProvider>
      </StoreProvider>,
    );
    const badge = () => screen.getByTestId('nav-entries').textContent;
    act(() => store.getState().setActiveAccount(accountId));
    // The count says what it counts: "6 in use", and in full for its tooltip and screen readers.
    expect(badge()).toBe(`Authenticator entries${inUse(accountId)} in use`);
    expect(screen.getByTestId('nav-count-entries').getAttribute('aria-label')).toMatch(
      /^\d+ Authenticator entr(y is|ies are) in use for this account$/,
    );
    act(() => store.getState().setActiveAccount(SECOND.accountId));
    expect(badge()).toBe(`Authenticator entries${inUse(SECOND.accountId)} in use`);
    expect(screen.getByText('Signed-in accounts')).toBeTruthy();
    stop();
  });
});
