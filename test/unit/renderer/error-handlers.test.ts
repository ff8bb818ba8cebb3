/**
 * One chain of error handlers for every action of the renderer's store (renderer/src/state/errors.ts): a failure
 * becomes one message with what the user tried and main's sentence, the same failure twice stays one message, a
 * cancel is no news, and a handler put before the last one can take a failure over.
 */
import { describe, expect, it } from 'vitest';
import type { GuestMfaApi, IpcError } from '../../../shared/ipc/contract';
import { createAppStore } from '../../../renderer/src/store';
import { handleFailure, showAsMessage, type ErrorHandler, type UiMessage } from '../../../renderer/src/state/errors';

const failing = (error: IpcError) => () => Promise.resolve({ ok: false as const, error });

describe('the error-handler chain', () => {
  it('shows a failed action once, with what the user tried and main’s sentence', async () => {
    const api = {
      cancelScan: failing({ code: 'failed', message: 'The scan had already ended.' }),
      checkForUpdates: failing({ code: 'offline', message: 'You are offline.' }),
    } as unknown as GuestMfaApi;
    const store = createAppStore(api);
    await store.getState().cancelScan();
    await store.getState().cancelScan();
    await store.getState().checkForUpdates();
    expect(store.getState().messages.map(({ intent, title, message }) => ({ intent, title, message }))).toEqual([
      { intent: 'error', title: 'Could not cancel the scan', message: 'The scan had already ended.' },
      { intent: 'error', title: 'Could not check for updates', message: 'You are offline.' },
    ]);
  });

  it('tells nothing when the user cancelled', async () => {
    const api = {
      signOut: failing({ code: 'cancelled', message: 'Cancelled.' }),
      exportInventory: failing({ code: 'cancelled', message: 'Cancelled.' }),
    } as unknown as GuestMfaApi;
    const store = createAppStore(api);
    await store.getState().signOut('a');
    await store.getState().exportInventory('csv');
    expect(store.getState().messages).toEqual([]);
    expect(store.getState().toasts).toEqual([]);
  });

  it('lets a handler before the last take a failure over', () => {
    const shown: Omit<UiMessage, 'id'>[] = [];
    const offlineAsWarning: ErrorHandler = (failure, outlet) => {
      if (failure.error.code !== 'offline') return failure;
      outlet.show({ intent: 'warning', title: failure.title, message: failure.error.message });
      return null;
    };
    const outlet = { show: (m: Omit<UiMessage, 'id'>) => shown.push(m) };
    const chain = [offlineAsWarning, showAsMessage];
    handleFailure({ title: 'Export failed', error: { code: 'offline', message: 'You are offline.' } }, outlet, chain);
    handleFailure({ title: 'Export failed', error: { code: 'failed', message: 'Disk full.' } }, outlet, chain);
    expect(shown).toEqual([
      { intent: 'warning', title: 'Export failed', message: 'You are offline.' },
      { intent: 'error', title: 'Export failed', message: 'Disk full.' },
    ]);
  });
});
