import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailComposer } from '../../../renderer/src/components/email-composer';
import { MethodChips } from '../../../renderer/src/components/method-chips';
import { TenantDrawer } from '../../../renderer/src/components/tenant-drawer';
import { VerdictBadge } from '../../../renderer/src/components/verdict-badge';
import type { AppStore } from '../../../renderer/src/store';
import { StoreProvider } from '../../../renderer/src/store-context';
import { InventoryView } from '../../../renderer/src/views/inventory-view';
import { describeMethod } from '../../../shared/method-labels';
import { METHOD_TYPES, VERDICTS } from '../../../shared/model';
import { VERDICT_RULES } from '../../../shared/verdicts';
import { fixtureData } from '../../fixtures/ui-fixture';
import { startedStore, useEmulator } from './world';
import { said, todo } from '../../support/words';

afterEach(cleanup);

function wrap(children: ReactNode, store?: AppStore) {
  const inner = <FluentProvider theme={webLightTheme}>{children}</FluentProvider>;
  return store ? <StoreProvider store={store}>{inner}</StoreProvider> : inner;
}

useEmulator();

/** The renderer's store over the real app with the fixture data. */
async function loadedStore(options: Parameters<typeof startedStore>[0] = {}) {
  const started = await startedStore(options);
  return { ...started, FIXTURE_ACCOUNT_ID: started.accountId };
}

describe('VerdictBadge', () => {
  it.each(VERDICTS)('shows words and an icon for %s, never colour alone', (verdict) => {
    const { container } = render(wrap(<VerdictBadge verdict={verdict} />));
    expect(screen.getByText(VERDICT_RULES[verdict].label)).toBeTruthy();
    expect(container.querySelector('svg')).not.toBeNull();
  });

  it('marks a likely verdict, an unsure one, and shows the raw code of an answer the app does not know', () => {
    render(wrap(<VerdictBadge verdict="separate-mfa" confidence="likely" code={50076} />));
    expect(screen.getByText('likely').getAttribute('data-confidence')).toBe('likely');
    cleanup();
    render(wrap(<VerdictBadge verdict="error" confidence="unknown" code={70011} />));
    expect(screen.getByText('AADSTS70011')).toBeTruthy();
    cleanup();
    render(wrap(<VerdictBadge verdict="needs-sign-in" confidence="unknown" code={50076} />));
    expect(screen.getByText('unsure')).toBeTruthy();
    cleanup();
    const { container } = render(wrap(<VerdictBadge verdict="blocked" confidence="certain" code={530003} />));
    expect(container.querySelector('[data-confidence]')).toBeNull();
  });

  it('says "Not checked yet" without a classification and marks a leftover entry', () => {
    render(wrap(<VerdictBadge verdict={null} />));
    expect(screen.getByText('Not checked yet')).toBeTruthy();
    cleanup();
    render(wrap(<VerdictBadge verdict="home-mfa-trusted" leftover />));
    expect(screen.getByText('Entry can go')).toBeTruthy();
  });
});

describe('MethodChips', () => {
  it('names every method kind in the words of the CSV and the PDF (shared/method-labels.ts)', () => {
    const methods = METHOD_TYPES.map((type) => ({ type, displayName: '' }));
    render(wrap(<MethodChips methods={methods} note={null} budget={10_000} wrap />));
    for (const method of methods) {
      // Without a name, the CSV's and the PDF's words for a method are its label alone.
      expect(screen.getAllByLabelText(describeMethod(method)).length, method.type).toBeGreaterThan(0);
    }
  });

  it('says "Not readable" (with the reason on hover), not the entry word "Unknown", when methods could not be read', () => {
    render(wrap(<MethodChips methods={null} note="403 from Microsoft Graph" />));
    expect(screen.getByTestId('methods-unknown').textContent).toBe('Not readable');
  });

  it('shows device names and how many more there are', () => {
    render(
      wrap(
        <MethodChips
          methods={[
            { type: 'microsoftAuthenticator', displayName: 'Pixel 8' },
            { type: 'phone', displayName: '+1 425 555 0100' },
            { type: 'fido2', displayName: 'YubiKey' },
          ]}
          note={null}
        />,
      ),
    );
    expect(screen.getByText('Pixel 8')).toBeTruthy();
    expect(screen.getByText('+1 more')).toBeTruthy();
  });
});

describe('InventoryView', () => {
  it('shows the summary sentence and filters rows with the summary chips', async () => {
    const { store } = await loadedStore();
    render(wrap(<InventoryView />, store));
    // The headline leads with what costs an entry.
    expect(screen.getByTestId('summary-headline').textContent).toMatch(
      /^3 organisations make you keep their own Authenticator entry[;.]/,
    );
    const grid = screen.getByRole('grid', { name: 'Organisations' });
    expect(within(grid).getByText('Fabrikam')).toBeTruthy();
    fireEvent.click(screen.getByTestId('summary-blocked'));
    expect(screen.getByTestId('summary-blocked').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(within(grid).queryByText('Fabrikam')).toBeNull());
    expect(within(grid).getByText('Wide World Importers')).toBeTruthy();
    expect(within(grid).getAllByRole('row')).toHaveLength(2); // header + one tenant
  });

  it('shows "likely" in the row of a likely verdict and nothing beside a certain one', async () => {
    const { store } = await loadedStore();
    render(wrap(<InventoryView />, store));
    const row = (name: string) => screen.getAllByRole('row').find((r) => r.textContent?.includes(name))!;
    expect(within(row('Fabrikam')).getByText('likely')).toBeTruthy();
    expect(within(row('Wide World Importers')).queryByText('likely')).toBeNull();
  });

  it('opens the detail drawer with Enter on a row', async () => {
    const { store } = await loadedStore();
    render(wrap(<InventoryView />, store));
    const row = screen.getAllByRole('row').find((r) => r.textContent?.includes('Northwind Traders'))!;
    fireEvent.keyDown(row, { key: 'Enter' });
    expect(store.getState().selected?.tenantId).toBe(row.getAttribute('data-tenant-id'));
  });

  it('shows the empty state when there are no organisations', async () => {
    const data = fixtureData();
    const { store } = await loadedStore({ data: { ...data, tenants: data.tenants.filter((t) => t.isHome) } });
    render(wrap(<InventoryView />, store));
    expect(screen.getByText('No organisations yet — run a scan')).toBeTruthy();
  });
});

describe('TenantDrawer', () => {
  it('puts the verdict sentence and action first and the claims in words', async () => {
    const { store, FIXTURE_ACCOUNT_ID } = await loadedStore();
    const northwind = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Northwind Traders')!;
    store.getState().select({ accountId: FIXTURE_ACCOUNT_ID, tenantId: northwind.tenantId });
    render(wrap(<TenantDrawer />, store));
    const panel = await screen.findByTestId('verdict-panel');
    expect(panel.textContent).toContain(said(northwind.classification));
    expect(panel.textContent).toContain(todo(northwind.classification));
    expect(screen.getByText('MFA was performed (password, Authenticator app / key)')).toBeTruthy();
  });

  it('words a claims challenge as no verdict, names its policy, and shows the code and trace id', async () => {
    const { store, FIXTURE_ACCOUNT_ID } = await loadedStore();
    const woodgrove = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Woodgrove Bank')!;
    store.getState().select({ accountId: FIXTURE_ACCOUNT_ID, tenantId: woodgrove.tenantId });
    render(wrap(<TenantDrawer />, store));
    expect(
      await screen.findByText(/sent a claims challenge with its answer \(it names the policies that asked\)/),
    ).toBeTruthy();
    expect(screen.getByText('Policy that asked')).toBeTruthy();
    expect(screen.getByText('0b6e8f42-2c1d-4e7a-9f3b-5a8c1d2e3f40')).toBeTruthy();
    expect(screen.getByText('5c3bd525-61b3-44d4-a70a-fb93e9ddc500')).toBeTruthy();
    expect(screen.getByText('AADSTS50076')).toBeTruthy();
  });

  it('marks a likely verdict and says what "likely" means', async () => {
    const { store, FIXTURE_ACCOUNT_ID } = await loadedStore();
    const fabrikam = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    store.getState().select({ accountId: FIXTURE_ACCOUNT_ID, tenantId: fabrikam.tenantId });
    render(wrap(<TenantDrawer />, store));
    const panel = await screen.findByTestId('verdict-panel');
    expect(panel.textContent).toContain('Needs its own MFA (likely)');
    expect(panel.textContent).toContain("Likely, not certain: Entra's answer also fits the other cause named above.");
    expect(screen.getByText("Likely: Entra's answer also fits another cause, named in the explanation.")).toBeTruthy();
  });
});

describe('EmailComposer', () => {
  it('shows the text exactly as main composed it', async () => {
    const { store, world, FIXTURE_ACCOUNT_ID } = await loadedStore();
    const fabrikam = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    const target = { accountId: FIXTURE_ACCOUNT_ID, tenantId: fabrikam.tenantId, kind: 'trust-request' as const };
    const expected = await world.handlers.composeEmail({ ...target });
    act(() => store.getState().openComposer(target));
    render(wrap(<EmailComposer placement="app" />, store));
    const body = await screen.findByTestId('composer-body');
    expect(body.textContent).toBe(expected.body);
    expect((screen.getByTestId('composer-subject') as HTMLInputElement).value).toBe(expected.subject);
    expect((screen.getByTestId('composer-to') as HTMLInputElement).value).toBe('adele.vance@fabrikam.com');
  });

  it('refuses a malformed recipient before anything is sent', async () => {
    const { store, FIXTURE_ACCOUNT_ID } = await loadedStore();
    const fabrikam = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    act(() =>
      store.getState().openComposer({ accountId: FIXTURE_ACCOUNT_ID, tenantId: fabrikam.tenantId, kind: 'mfa-reset' }),
    );
    render(wrap(<EmailComposer placement="app" />, store));
    await screen.findByTestId('composer-body');
    fireEvent.change(screen.getByTestId('composer-to'), { target: { value: 'adele@fabrikam.com, not-an-address' } });
    expect(await screen.findByText('“not-an-address” is not an e-mail address.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Open in mail app' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
