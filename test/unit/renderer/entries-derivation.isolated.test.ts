/**
 * The renderer derives the Authenticator entries only when what they are made of changed: during a real scan
 * most of main's state events carry only progress, and those must not cost a derivation (at 5,000 organisations
 * one derivation is a quarter of a second). Counted at `buildAuthenticatorEntries`, the one function that derives
 * the list, while a subscriber reads the entries as a component would.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Inventory from '../../../shared/inventory';
import type { AppSnapshot } from '../../../shared/state';
import { entriesOf } from '../../../renderer/src/views-of-state';
import { startedStore, useEmulator } from './world';

const count = vi.hoisted(() => ({ reading: false, derivations: 0 }));

vi.mock('../../../shared/inventory', async (importOriginal) => {
  const real = await importOriginal<typeof Inventory>();
  return {
    ...real,
    // Main's services run in this process too: only the derivations the renderer's read asks for are counted.
    buildAuthenticatorEntries: (...args: Parameters<typeof real.buildAuthenticatorEntries>) => {
      if (count.reading) count.derivations += 1;
      return real.buildAuthenticatorEntries(...args);
    },
  };
});

useEmulator();

/** Whether the fields the entries are made of are other objects than before (shared/selectors.ts `entries`). */
function entryInputsChanged(before: AppSnapshot, after: AppSnapshot): boolean {
  return (
    before.accounts !== after.accounts ||
    before.tenants !== after.tenants ||
    before.manualEntries !== after.manualEntries ||
    before.entryTicks !== after.entryTicks ||
    before.entryConfirmations !== after.entryConfirmations ||
    before.settings.clientId !== after.settings.clientId
  );
}

describe('entries during a scan', () => {
  it('are derived again only when a state event changed what they are made of', async () => {
    const { store, stop } = await startedStore();
    const read = (snapshot: AppSnapshot | null) => {
      count.reading = true;
      try {
        return entriesOf({ ...store.getState(), snapshot });
      } finally {
        count.reading = false;
      }
    };
    let last = store.getState().snapshot!;
    let lastEntries = read(last);
    count.derivations = 0;
    let touching = 0;
    let untouched = 0;
    const unsubscribe = store.subscribe((state) => {
      const snapshot = state.snapshot;
      if (!snapshot || snapshot === last) return;
      const changed = entryInputsChanged(last, snapshot);
      const entries = read(snapshot);
      if (changed) touching += 1;
      else {
        untouched += 1;
        // Nothing the entries read changed: the very same list, so no component showing them re-renders.
        expect(entries).toBe(lastEntries);
      }
      last = snapshot;
      lastEntries = entries;
    });

    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().toasts.map((t) => t.title)).toContain('Scan finished'), {
      timeout: 30_000,
    });
    // Whether the scan sent events with progress alone depends on how main spaced them; a setting the entries do
    // not read is certain to bring one.
    const before = untouched;
    const timeout = store.getState().snapshot!.settings.probeTimeoutSeconds;
    expect((await store.getState().updateSettings({ probeTimeoutSeconds: timeout + 1 })).ok).toBe(true);
    await vi.waitFor(() => expect(untouched).toBeGreaterThan(before));
    unsubscribe();
    stop();

    // Only the events that changed what the entries are made of cost a derivation.
    expect(untouched).toBeGreaterThan(0);
    expect(touching).toBeGreaterThan(0);
    expect(count.derivations).toBe(touching);
  });
});
