/**
 * Two signed-in accounts in the renderer: the navigation's count of Authenticator entries in use is the shown
 * account's, the same number the entries view lists, and follows the account switch.
 */
import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createAppStore } from '../../../renderer/src/store';
import { StoreProvider } from '../../../renderer/src/store-context';
import { buildAuthenticatorEntries } from '../../../shared/inventory';
import type { AppSnapshot } from '../../../shared/ipc/contract';
import { DEFAULT_SETTINGS, type AccountSummary } from '../../../shared/model';
import { FIXTURE_ACCOUNT, FIXTURE_ACCOUNT_ID, fixtureSnapshot, fixtureTenantId } from '../../fixtures/ui-snapshot';
import { createFakeApi } from './fake-api';

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

/** The fixture's account and a second one with only its home tenant (its home entry is its one entry in use). */
function twoAccounts(): AppSnapshot {
  const base = fixtureSnapshot();
  const home = base.tenants.find((t) => t.isHome)!;
  const tenants = [
    ...base.tenants,
    {
      ...home,
      accountId: SECOND.accountId,
      tenantId: SECOND.homeTenantId,
      displayName: 'Fourth Coffee',
      defaultDomain: 'fourthcoffee.example',
    },
  ];
  const accounts = [FIXTURE_ACCOUNT, SECOND];
  const entries = buildAuthenticatorEntries({
    accounts,
    tenants,
    manualEntries: base.manualEntries,
    ticks: {},
    confirmations: {},
    clientId: DEFAULT_SETTINGS.clientId,
  });
  return { ...base, accounts, tenants, entries };
}

describe('two accounts in the navigation', () => {
  it("counts the shown account's entries in use, as its entries view does", async () => {
    const snapshot = twoAccounts();
    const inUse = (accountId: string) =>
      snapshot.entries.filter((e) => e.status === 'in-use' && (e.accountId === null || e.accountId === accountId))
        .length;
    // The premise: the accounts differ, and together they have more than either.
    expect(inUse(FIXTURE_ACCOUNT_ID)).toBeGreaterThan(inUse(SECOND.accountId));
    const fake = createFakeApi({ snapshot });
    const store = createAppStore(fake.api);
    await store.getState().load();
    render(
      <StoreProvider store={store}>
        <FluentProvider theme={webLightTheme}>
          <App />
        </FluentProvider>
      </StoreProvider>,
    );
    const badge = () => screen.getByTestId('nav-entries').textContent;
    act(() => store.getState().setActiveAccount(FIXTURE_ACCOUNT_ID));
    // The count says what it counts: "6 in use", and in full for its tooltip and screen readers.
    expect(badge()).toBe(`Authenticator entries${inUse(FIXTURE_ACCOUNT_ID)} in use`);
    expect(screen.getByTestId('nav-count-entries').getAttribute('aria-label')).toMatch(
      /^\d+ Authenticator entr(y is|ies are) in use for this account$/,
    );
    act(() => store.getState().setActiveAccount(SECOND.accountId));
    expect(badge()).toBe(`Authenticator entries${inUse(SECOND.accountId)} in use`);
    expect(screen.getByText('Signed-in accounts')).toBeTruthy();
  });
});
