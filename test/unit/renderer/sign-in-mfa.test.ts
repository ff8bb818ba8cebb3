/**
 * The renderer's side of "Sign in with MFA" (after Azure refused the tenant list for want of MFA), of "Copy what
 * Entra answered", and of the message shown while the browser opens a second time.
 */
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../renderer/src/store';
import { FIXTURE_ACCOUNT_ID } from '../../fixtures/ui-snapshot';
import { createFakeApi } from './fake-api';

async function startedStore() {
  const fake = createFakeApi({ scanDurationMs: 40, signInDelayMs: 40 });
  const store = createAppStore(fake.api);
  const stop = store.getState().start();
  await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
  return { ...fake, store, stop };
}

describe('Sign in with MFA', () => {
  it('signs in with the challenge, then scans again, and the refusal is gone', async () => {
    const { store, fixture, stop } = await startedStore();
    fixture.setScanOutcome('home-mfa');
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.homeMfaRequired).toBe(true));
    expect(store.getState().scanFailure?.message).toMatch(/multifactor authentication/);

    await store.getState().signInWithMfa();
    const names = fixture.calls.map((c) => c.name);
    expect(names.slice(names.indexOf('signInWithMfa'))).toContain('startScan');
    expect(fixture.calls.find((c) => c.name === 'signInWithMfa')?.arg).toEqual({ accountId: FIXTURE_ACCOUNT_ID });
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.running).toBe(false));
    expect(store.getState().snapshot?.scan?.homeMfaRequired).toBeUndefined();
    expect(store.getState().scanFailure).toBeNull();
    stop();
  });

  it('a failed sign-in says so and does not scan', async () => {
    const { store, fixture, stop } = await startedStore();
    fixture.failNext('signInWithMfa', { code: 'failed', message: 'The sign-in did not complete: AADSTS50126.' });
    const before = fixture.calls.filter((c) => c.name === 'startScan').length;
    await store.getState().signInWithMfa();
    expect(store.getState().messages.map((m) => m.message)).toContain('The sign-in did not complete: AADSTS50126.');
    expect(fixture.calls.filter((c) => c.name === 'startScan').length).toBe(before);
    stop();
  });
});

describe('Copy what Entra answered', () => {
  it("copies one organisation's answers, or the whole scan's, and confirms it", async () => {
    const { store, fixture, stop } = await startedStore();
    const tenant = store.getState().snapshot!.tenants.find((t) => !t.isHome)!;
    expect(await store.getState().copyDiagnostics({ accountId: tenant.accountId, tenantId: tenant.tenantId })).toBe(
      true,
    );
    expect(fixture.clipboard()).toContain(tenant.displayName);
    expect(fixture.clipboard()).not.toContain('\nScan\n');
    expect(
      store
        .getState()
        .takeToasts()
        .map((t) => t.title),
    ).toContain('What Entra answered is on the clipboard');
    expect(await store.getState().copyDiagnostics()).toBe(true);
    expect(fixture.clipboard()).toContain('\nScan\n');
    stop();
  });
});

describe('the second browser page', () => {
  it('shows why the browser opened again while it waits', async () => {
    const { store, emit, stop } = await startedStore();
    emit({ type: 'sign-in', state: 'waiting', message: 'Continue in the new browser page.' });
    expect(store.getState().signIn).toMatchObject({ waiting: true, notice: 'Continue in the new browser page.' });
    emit({ type: 'sign-in', state: 'finished', message: null });
    expect(store.getState().signIn.waiting).toBe(false);
    stop();
  });
});
