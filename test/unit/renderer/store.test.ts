import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuestMfaApi } from '../../../shared/ipc/contract';
import { callApi, createAppStore } from '../../../renderer/src/store';
import { emptySnapshot, fixtureSnapshot, FIXTURE_ACCOUNT_ID } from '../../fixtures/ui-snapshot';
import { createFakeApi } from './fake-api';

afterEach(() => {
  vi.useRealTimers();
});

async function startedStore(options: Parameters<typeof createFakeApi>[0] = {}) {
  const fake = createFakeApi(options);
  const store = createAppStore(fake.api);
  const stop = store.getState().start();
  await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
  return { ...fake, store, stop };
}

describe('app store: loading', () => {
  it('loads the snapshot and the app info, and picks the account', async () => {
    const { store, stop } = await startedStore();
    const state = store.getState();
    expect(state.snapshot?.tenants.length).toBe(fixtureSnapshot().tenants.length);
    expect(state.activeAccountId).toBe(FIXTURE_ACCOUNT_ID);
    await vi.waitFor(() => expect(store.getState().info?.name).toBe('Guest MFA Inventory'));
    stop();
  });

  it('shows the typed error message when the snapshot cannot be read', async () => {
    const fake = createFakeApi();
    fake.fixture.failNext('getState', { code: 'failed', message: 'The data file is locked by another program.' });
    const store = createAppStore(fake.api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      status: 'failed',
      loadError: 'The data file is locked by another program.',
    });
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

describe('app store: events', () => {
  it('applies scan progress and tenant updates as they arrive', async () => {
    const { store, emit, stop } = await startedStore();
    const tenant = store.getState().snapshot!.tenants[3]!;
    emit({
      type: 'scan-progress',
      progress: {
        ...store.getState().snapshot!.scan!,
        running: true,
        done: 1,
        total: 14,
        tenants: { [tenant.tenantId]: 'probing' },
      },
    });
    expect(store.getState().snapshot!.scan).toMatchObject({ running: true, done: 1 });
    emit({ type: 'tenant-updated', tenant: { ...tenant, displayName: 'Renamed Ltd' } });
    expect(store.getState().snapshot!.tenants.find((t) => t.tenantId === tenant.tenantId)!.displayName).toBe(
      'Renamed Ltd',
    );
    stop();
  });

  it('refetches the snapshot on state-changed', async () => {
    const { store, fixture, stop } = await startedStore();
    fixture.reset(emptySnapshot());
    await vi.waitFor(() => expect(store.getState().snapshot!.accounts).toEqual([]));
    stop();
  });

  it('follows the browser sign-in and keeps its error for the user', async () => {
    const { store, emit, stop } = await startedStore();
    emit({ type: 'sign-in', state: 'waiting', message: null });
    expect(store.getState().signIn.waiting).toBe(true);
    emit({ type: 'sign-in', state: 'failed', message: 'The browser was closed before the sign-in finished.' });
    expect(store.getState().signIn).toEqual({
      waiting: false,
      error: 'The browser was closed before the sign-in finished.',
    });
    stop();
  });

  it('runs a scan to its end through the events and announces it', async () => {
    const { store, stop } = await startedStore({ scanDurationMs: 200 });
    await store.getState().startScan();
    expect(store.getState().snapshot!.scan!.running).toBe(true);
    await vi.waitFor(() => expect(store.getState().snapshot!.scan!.running).toBe(false), { timeout: 3000 });
    const scan = store.getState().snapshot!.scan!;
    expect(scan.done).toBe(scan.total);
    expect(
      store.getState().snapshot!.tenants.find((t) => t.displayName === 'Lamna Healthcare')!.classification,
    ).not.toBeNull();
    expect(store.getState().toasts.map((t) => t.title)).toContain('Scan finished');
    stop();
  });

  it('turns an offline scan into a message with its reason', async () => {
    const { store, fixture, stop } = await startedStore();
    fixture.setScanOutcome('offline');
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().scanFailure?.message).toMatch(/internet connection/), {
      timeout: 3000,
    });
    stop();
  });
});

describe('app store: actions', () => {
  it('ticks an entry at once and takes it back with a message when main refuses', async () => {
    const { store, fixture, stop } = await startedStore();
    const key = store.getState().snapshot!.entries[1]!.key;
    await store.getState().setEntryTicked(key, true);
    expect(store.getState().snapshot!.entries[1]!.ticked).toBe(true);
    expect(fixture.state().entries[1]!.ticked).toBe(true);
    fixture.failNext('setEntryTicked', { code: 'failed', message: 'Could not write your data file.' });
    await store.getState().setEntryTicked(key, false);
    expect(store.getState().snapshot!.entries[1]!.ticked).toBe(true);
    expect(store.getState().messages.at(-1)).toMatchObject({
      intent: 'error',
      message: 'Could not write your data file.',
    });
    stop();
  });

  it('saves a checklist step', async () => {
    const { store, fixture, stop } = await startedStore();
    const item = store.getState().snapshot!.phoneChange[0]!;
    await store.getState().setChecklistStep(item.entryKey, 'add-new-phone', true);
    expect(fixture.state().phoneChange[0]!.steps.find((s) => s.id === 'add-new-phone')!.done).toBe(true);
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
    const ok = await store.getState().addTenant('contoso-partner.com');
    expect(ok.ok).toBe(true);
    expect(store.getState().snapshot!.tenants.some((t) => t.defaultDomain === 'contoso-partner.com')).toBe(true);
    stop();
  });

  it('remembers recipients even when called with a composer target (main refuses unknown keys)', async () => {
    const { store, fixture, stop } = await startedStore();
    const tenant = store.getState().snapshot!.tenants[1]!;
    const target = { accountId: tenant.accountId, tenantId: tenant.tenantId, kind: 'trust-request' as const };
    const result = await store.getState().setTenantRecipients(target, ['it@fabrikam.com']);
    expect(result.ok).toBe(true);
    expect(fixture.state().tenants[1]!.recipients).toEqual(['it@fabrikam.com']);
    stop();
  });

  it('reports where an export was saved', async () => {
    const { store, stop } = await startedStore();
    await store.getState().exportInventory('csv');
    expect(store.getState().toasts.at(-1)).toMatchObject({
      title: 'Inventory exported as CSV',
      message: 'Saved to /home/megan/Documents/guest-mfa-inventory.csv',
    });
    stop();
  });

  it('does not show a cancelled sign-in as an error', async () => {
    const { store, fixture, stop } = await startedStore({ snapshot: emptySnapshot(), signInDelayMs: 5000 });
    const pending = store.getState().signInHome();
    await vi.waitFor(() => expect(fixture.calls.some((c) => c.name === 'signIn')).toBe(true));
    expect(store.getState().signIn.waiting).toBe(true);
    await store.getState().cancelSignIn();
    await pending;
    expect(store.getState().signIn).toEqual({ waiting: false, error: null });
    stop();
  });
});
