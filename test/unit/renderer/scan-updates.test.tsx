/**
 * During a scan, the Authenticator entries and the navigation's counters follow each result as main's state
 * events bring it, not only when the scan ends. In this world Lamna Healthcare (not checked yet in the fixture)
 * demands its own MFA and lists an Authenticator method, so its result makes one more entry "in use"; Relecloud
 * never answers, so the scan is still running when that result is shown.
 */
import './dom-setup';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app';
import { StoreProvider } from '../../../renderer/src/store-context';
import { ENTRY_TEXT } from '../../../shared/entry-labels';
import type { ScenarioInput } from '../../../tools/entra-emulator';
import { uiScenario } from '../../fixtures/ui-fixture';
import { startedStore, useEmulator } from './world';

function demandingLamna(): ScenarioInput {
  const scenario = uiScenario() as unknown as { tenants: Record<string, Record<string, unknown>> };
  scenario.tenants['lamna'] = {
    ...scenario.tenants['lamna'],
    policy: { requireMfa: true },
    inboundTrust: { mfa: false },
    guest: { state: 'active', methods: [{ type: 'microsoftAuthenticator', displayName: 'iPhone 13 (Megan)' }] },
  };
  return scenario as unknown as ScenarioInput;
}

useEmulator(demandingLamna());
afterEach(cleanup);

function lamnaEntry(): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('li[data-entry-key]')].find((li) =>
    li.textContent?.includes('Lamna Healthcare'),
  );
}

describe('a scan in progress', () => {
  it('updates the entries and the navigation counters as results arrive', async () => {
    const { world, store, stop } = await startedStore();
    await world.addFault('relecloud', { endpoint: 'token', kind: 'hang' });
    render(
      <StoreProvider store={store}>
        <FluentProvider theme={webLightTheme}>
          <App />
        </FluentProvider>
      </StoreProvider>,
    );
    act(() => store.getState().setView('entries'));
    // The navigation count reads "N in use" (absent at 0).
    const badge = () => Number(/^\d+/.exec(screen.queryByTestId('nav-count-entries')?.textContent ?? '')?.[0] ?? 0);
    const before = badge();
    expect(lamnaEntry()?.textContent ?? '').not.toContain(ENTRY_TEXT['in-use'].label);

    const fetches = () => world.calls.filter((c) => c.name === 'getState').length;
    await waitFor(() => expect(store.getState().status).toBe('ready'));
    const fetchedBefore = fetches();
    void store.getState().startScan();
    // Lamna's result is shown while the scan still waits for Relecloud.
    await waitFor(
      () => {
        expect(lamnaEntry()?.textContent).toContain(ENTRY_TEXT['in-use'].label);
        expect(badge()).toBe(before + 1);
      },
      { timeout: 20_000 },
    );
    const scan = store.getState().snapshot!.scan!;
    expect(scan.running).toBe(true);
    expect(scan.done).toBeLessThan(scan.total);
    // No refetch: what changed came with main's state events.
    expect(fetches()).toBe(fetchedBefore);

    await store.getState().cancelScan();
    await vi.waitFor(() => expect(store.getState().snapshot!.scan!.running).toBe(false), { timeout: 20_000 });
    stop();
  }, 40_000);
});
