import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TenantDrawer } from '../../../renderer/src/components/tenant-drawer';
import type { AppStore } from '../../../renderer/src/store';
import { StoreProvider } from '../../../renderer/src/store-context';
import { EntriesView } from '../../../renderer/src/views/entries-view';
import { PhoneChangeView } from '../../../renderer/src/views/phone-change-view';
import { BACKUP_FACTS, ENTRY_TEXT } from '../../../shared/entry-labels';
import { checklistOf } from '../../../renderer/src/views-of-state';
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

/** The renderer's store over the real app with the fixture data. */
const loadedStore = () => startedStore();

/** The row of one organisation in the entries list. */
function row(name: string): HTMLElement {
  const rows = [...document.querySelectorAll<HTMLElement>('li[data-entry-key]')];
  const found = rows.find((li) => within(li).queryByText(name, { exact: true }) !== null);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

describe('EntriesView', () => {
  it('shows each entry’s word, what the app knows and how it knows it', async () => {
    const { store } = await loadedStore();
    render(wrap(<EntriesView />, store));
    const fourth = row('Fourth Coffee');
    expect(within(fourth).getByText(ENTRY_TEXT['in-use'].label)).toBeTruthy();
    expect(fourth.textContent).toMatch(
      /Fourth Coffee asked for its own MFA on \d+ \w+ \d{4}( \(first on [^)]+\))?: you most likely have an entry for it/,
    );
    // The code stays under the tenant's Evidence, out of the plain sentence.
    expect(fourth.textContent).not.toMatch(/AADSTS/);
    expect(fourth.textContent).toContain('Inferred (likely)');
    expect(fourth.textContent).toContain('the app cannot read your methods with its default sign-in');
    // An answer that still holds, and one a later change overruled (shown as a warning, answer cleared).
    expect(row('Alpine Ski House').textContent).toContain('You said so');
    const proseware = row('Proseware');
    expect(within(proseware).getByText(ENTRY_TEXT.orphaned.label)).toBeTruthy();
    expect(proseware.textContent).toMatch(
      /You said you had no entry on .*; on .* Proseware no longer had you as a guest\./,
    );
    const answers = within(proseware).getByRole('radiogroup', {
      name: 'I have this entry in Authenticator: Proseware',
    });
    expect(
      within(answers)
        .getAllByRole('radio')
        .some((r) => (r as HTMLInputElement).checked),
    ).toBe(false);
    // The home entry and a hand-made one take no answer.
    expect(within(row('Contoso')).queryByRole('radiogroup')).toBeNull();
    expect(within(row('Olympia Lab (old project)')).queryByRole('radiogroup')).toBeNull();
    // Methods read earlier (an own app registration) make the "cannot read" note wrong here: it is not shown.
    expect(screen.queryByTestId('entries-inferred-note')).toBeNull();
  });

  it('filters by the six words', async () => {
    const { store } = await loadedStore();
    render(wrap(<EntriesView />, store));
    const tabs = screen.getByRole('tablist', { name: 'Show entries' });
    for (const word of ['In use', 'Will be needed', 'Unknown', 'Leftover', 'Orphaned', 'Not needed']) {
      expect(within(tabs).getByRole('tab', { name: new RegExp(`^${word} \\(\\d+\\)$`) })).toBeTruthy();
    }
    fireEvent.click(within(tabs).getByRole('tab', { name: /^Orphaned/ }));
    await waitFor(() => expect(document.querySelectorAll('li[data-entry-key]')).toHaveLength(1));
    expect(row('Proseware')).toBeTruthy();
  });

  it('"No" corrects an inferred entry: it says so, and the word follows', async () => {
    const { store, world } = await loadedStore();
    render(wrap(<EntriesView />, store));
    const answers = within(row('Fourth Coffee')).getByRole('radiogroup', {
      name: 'I have this entry in Authenticator: Fourth Coffee',
    });
    fireEvent.click(within(answers).getByLabelText('No'));
    await waitFor(() => expect(row('Fourth Coffee').textContent).toContain(ENTRY_TEXT['will-be-needed'].label));
    expect(row('Fourth Coffee').textContent).toContain('You said so');
    expect(row('Fourth Coffee').textContent).toMatch(/that you have no entry for it/);
    expect(world.calls.filter((c) => c.name === 'setEntryConfirmation').map((c) => c.arg)).toEqual([
      { key: expect.stringMatching(/^tenant:/), answer: 'no' },
    ]);
  });

  it('offers the tenant’s Security info page and "Sign in to this tenant" where they apply', async () => {
    const { store, world } = await loadedStore();
    render(wrap(<EntriesView />, store));
    fireEvent.click(
      within(row('Tailspin Toys')).getByRole('button', { name: 'Open the Security info page of Tailspin Toys' }),
    );
    await waitFor(() =>
      expect(world.env.opened.at(-1)).toMatch(/^https:\/\/mysignins\.microsoft\.com\/security-info\/\?tenantId=/),
    );
    expect(
      within(row('Tailspin Toys')).getByRole('button', { name: 'Sign in to this tenant: Tailspin Toys' }),
    ).toBeTruthy();
    // Gone guest: no page to open there, nobody to sign in to.
    expect(within(row('Proseware')).queryByRole('button', { name: /Security info|Sign in to/ })).toBeNull();
  });
});

describe('ticking a hand-made entry', () => {
  it('changes its word and the checklist at once, from main’s state', async () => {
    const { store } = await loadedStore();
    render(wrap(<EntriesView />, store));
    const olympia = () => row('Olympia Lab (old project)');
    expect(within(olympia()).getByText(ENTRY_TEXT['in-use'].label)).toBeTruthy();
    const before = checklistOf(store.getState()).find((i) => i.organisation === 'Olympia Lab (old project)')!;
    expect(before.removeOnly).toBe(false);
    fireEvent.click(within(olympia()).getByRole('checkbox', { name: 'No longer needed: Olympia Lab (old project)' }));
    // Main saves the tick and sends its new state; the word and the checklist follow from it.
    await waitFor(() => expect(within(olympia()).getByText(ENTRY_TEXT.leftover.label)).toBeTruthy(), {
      timeout: 20_000,
    });
    const after = checklistOf(store.getState()).find((i) => i.organisation === 'Olympia Lab (old project)')!;
    expect(after.removeOnly).toBe(true);
    expect(after.urgencyReason).toBe('You ticked this entry off: delete it from the Authenticator app.');
    cleanup();
    render(wrap(<PhoneChangeView />, store));
    const card = [...document.querySelectorAll<HTMLElement>('li[data-entry-key]')].find((li) =>
      li.textContent?.includes('Olympia Lab (old project)'),
    )!;
    expect(card.textContent).toContain('You ticked this entry off');
  });
});

describe('the drawer’s entry section', () => {
  it('shows the entry, how it is known and the answer control', async () => {
    const { store } = await loadedStore();
    const fourth = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fourth Coffee')!;
    store.getState().select({ accountId: fourth.accountId, tenantId: fourth.tenantId });
    render(wrap(<TenantDrawer />, store));
    const section = await screen.findByTestId('entry-section');
    expect(section.textContent).toContain('Authenticator entry');
    expect(section.textContent).toContain(ENTRY_TEXT['in-use'].label);
    expect(section.textContent).toContain('Inferred from what the organisation answered at the checks');
    expect(
      within(section).getByRole('radiogroup', { name: 'I have this entry in Authenticator: Fourth Coffee' }),
    ).toBeTruthy();
  });
});

describe('PhoneChangeView', () => {
  it('shows the backup facts, the entry word and the steps before the wipe and after the new phone', async () => {
    const { store } = await loadedStore();
    render(wrap(<PhoneChangeView />, store));
    const facts = screen.getByTestId('backup-facts');
    for (const fact of BACKUP_FACTS) expect(facts.textContent).toContain(fact);
    const card = [...document.querySelectorAll<HTMLElement>('li[data-entry-key]')].find((li) =>
      li.textContent?.includes('Fourth Coffee'),
    )!;
    expect(card.textContent).toContain('Entry: In use');
    expect(card.textContent).toContain('Methods unknown');
    const before = within(card).getByRole('list', { name: 'Before you wipe the old phone: Fourth Coffee' });
    const after = within(card).getByRole('list', { name: 'After you set up the new phone: Fourth Coffee' });
    expect(within(before).getAllByRole('checkbox')).toHaveLength(2);
    expect(within(after).getAllByRole('checkbox')).toHaveLength(3);
    expect(before.textContent).toContain('Add a second method there while the old phone still works');
  });
});
