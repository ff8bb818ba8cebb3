/**
 * The renderer's store against the real app (test/unit/renderer/world.ts): it loads main's state once, follows
 * it through main's state events, derives its views with the shared selectors, and turns failures into words.
 */
import { describe, expect, it, vi } from 'vitest';
import type { GuestMfaApi } from '../../../shared/ipc/contract';
import { callApi, createAppStore } from '../../../renderer/src/store';
import { checklistOf, entriesOf } from '../../../renderer/src/views-of-state';
import { selectChecklist, selectEntries } from '../../../shared/selectors';
import { REFUSED_SIGN_IN } from '../../support/ui-world';
import { startedStore, useEmulator } from './world';

useEmulator();

describe('app store: loading', () => {
  it('loads the state and the app info, picks the account and derives the views as main would', async () => {
    const { store, world, accountId, stop } = await startedStore();
    const state = store.getState();
    expect(state.snapshot?.tenants.filter((t) => !t.isHome).length).toBe(14);
    expect(state.activeAccountId).toBe(accountId);
    await vi.waitFor(() => expect(store.getState().info?.name).toBe('Guest MFA Inventory'));
    const data = world.services.store.data();
    expect(entriesOf(store.getState())).toEqual(selectEntries(data));
    expect(checklistOf(store.getState())).toEqual(selectChecklist(data, selectEntries(data)));
    stop();
  });

  it('explains a broken bridge instead of crashing, and never shows "undefined"', async () => {
    const rejecting = { getState: () => Promise.reject(new Error('socket')) } as unknown as GuestMfaApi;
    const store = createAppStore(rejecting);
    await store.getState().load();
    expect(store.getState().loadError).toMatch(/could not reach its background service/);
    const blank = await callApi(async () => ({
      ok: false as const,
      error: { code: 'failed' as const, message: 'undefined' },
    }));
    expect(blank.ok).toBe(false);
    if (!blank.ok) expect(blank.error.message).not.toMatch(/undefined/);
  });
});

describe('app store: following main', () => {
  it('follows main’s state without fetching it again after its own actions', async () => {
    const { store, world, stop } = await startedStore();
    const before = world.calls.filter((c) => c.name === 'getState').length;
    const fabrikam = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    const result = await store.getState().setTenantNotes(fabrikam, 'Ask about the Q3 audit.');
    expect(result.ok).toBe(true);
    await vi.waitFor(() =>
      expect(store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!.notes).toBe(
        'Ask about the Q3 audit.',
      ),
    );
    expect(world.calls.filter((c) => c.name === 'getState').length).toBe(before);
    stop();
  });

  it('asks for the whole state again when it missed a state event', async () => {
    const { store, world, stop } = await startedStore();
    const before = world.calls.filter((c) => c.name === 'getState').length;
    const revision = store.getState().snapshot!.revision;
    // An event that does not follow the revision the store has: one was lost on the way.
    store.getState().handleEvent({ type: 'state', patch: { base: revision + 1, revision: revision + 2, set: {} } });
    await vi.waitFor(() => expect(world.calls.filter((c) => c.name === 'getState').length).toBe(before + 1));
    stop();
  });

  it('follows the browser sign-in and keeps its error for the user', async () => {
    const { store, stop } = await startedStore();
    store.getState().handleEvent({ type: 'sign-in', state: 'waiting', message: null });
    expect(store.getState().signIn.waiting).toBe(true);
    store.getState().handleEvent({
      type: 'sign-in',
      state: 'failed',
      message: 'The browser was closed before the sign-in finished.',
    });
    expect(store.getState().signIn).toEqual({
      waiting: false,
      error: 'The browser was closed before the sign-in finished.',
    });
    stop();
  });

  it('runs a real scan to its end through main’s state events and announces it', async () => {
    const { store, stop } = await startedStore();
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().snapshot!.scan?.running).toBe(false), { timeout: 20_000 });
    const scan = store.getState().snapshot!.scan!;
    expect(scan.done).toBe(scan.total);
    expect(
      store.getState().snapshot!.tenants.find((t) => t.displayName === 'Lamna Healthcare')!.classification?.verdict,
    ).toBe('home-mfa-trusted');
    await vi.waitFor(() => expect(store.getState().toasts.map((t) => t.title)).toContain('Scan finished'));
    stop();
  });

  it('turns a scan without network into a message with its reason', async () => {
    const { store, world, stop } = await startedStore();
    await world.goOffline();
    await store.getState().load();
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().scanFailure?.message).toMatch(/network|reach/i), {
      timeout: 20_000,
    });
    stop();
  });
});

describe('app store: actions', () => {
  it('ticks an entry through main, and says so when main refuses one', async () => {
    const { store, world, stop } = await startedStore();
    const entry = entriesOf(store.getState()).find((e) => e.organisation === 'Fabrikam')!;
    expect(entry.ticked).toBe(false);
    await store.getState().setEntryTicked(entry.key, true);
    await vi.waitFor(() => expect(entriesOf(store.getState()).find((e) => e.key === entry.key)!.ticked).toBe(true));
    expect(world.services.store.data().entryTicks[entry.key]).toBe(true);
    // A key of no entry (the entry went away meanwhile): main refuses, and the store says why.
    await store.getState().setEntryTicked(`${entry.key}-gone`, true);
    expect(store.getState().messages.at(-1)).toMatchObject({
      intent: 'error',
      message: expect.stringMatching(/no longer in your list/),
    });
    stop();
  });

  it('saves a checklist step, and the checklist follows at once', async () => {
    const { store, world, stop } = await startedStore();
    const item = checklistOf(store.getState())[0]!;
    const step = item.steps.find((s) => !s.done)!;
    await store.getState().setChecklistStep(item.entryKey, step.id, true);
    await vi.waitFor(() =>
      expect(
        checklistOf(store.getState())
          .find((i) => i.entryKey === item.entryKey)!
          .steps.find((s) => s.id === step.id)!.done,
      ).toBe(true),
    );
    expect(world.services.store.data().checklist[item.entryKey]?.[step.id]).toBe(true);
    stop();
  });

  it('returns validation errors of addTenant to the caller', async () => {
    const { store, stop } = await startedStore();
    const bad = await store.getState().addTenant('not a domain');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/tenant id \(GUID\) or a domain name/);
    const missing = await store.getState().addTenant('nosuch.example');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/No Microsoft Entra organisation/);
    const ok = await store.getState().addTenant('lamna-partner.com');
    expect(ok.ok).toBe(true);
    await vi.waitFor(() =>
      expect(store.getState().snapshot!.tenants.some((t) => t.defaultDomain === 'lamna-partner.com')).toBe(true),
    );
    stop();
  });

  it('remembers recipients even when called with a composer target (main refuses unknown keys)', async () => {
    const { store, world, stop } = await startedStore();
    const tenant = store.getState().snapshot!.tenants.find((t) => t.displayName === 'Fabrikam')!;
    const target = { accountId: tenant.accountId, tenantId: tenant.tenantId, kind: 'trust-request' as const };
    const result = await store.getState().setTenantRecipients(target, ['it@fabrikam.com']);
    expect(result.ok).toBe(true);
    expect(world.services.store.data().tenants.find((t) => t.tenantId === tenant.tenantId)!.recipients).toEqual([
      'it@fabrikam.com',
    ]);
    stop();
  });

  it('reports where an export was saved', async () => {
    const { store, world, stop } = await startedStore();
    await store.getState().exportInventory('csv');
    expect(store.getState().toasts.at(-1)).toMatchObject({
      title: 'Inventory exported as CSV',
      message: `Saved to ${world.env.userDataDir}/exports/guest-mfa-inventory.csv`,
    });
    stop();
  });

  it('does not show a cancelled sign-in as an error, and shows a refused one', async () => {
    const { store, world, stop } = await startedStore({ data: null });
    world.browser = 'wait';
    const pending = store.getState().signInHome();
    await vi.waitFor(() => expect(world.services.auth().signInPending).toBe(true));
    expect(store.getState().signIn.waiting).toBe(true);
    await store.getState().cancelSignIn();
    await pending;
    expect(store.getState().signIn).toEqual({ waiting: false, error: null });

    world.browser = 'refuse';
    await store.getState().signInHome();
    expect(store.getState().signIn.error).toContain(REFUSED_SIGN_IN.split(':')[0]!);
    stop();
  });
});
