/**
 * The renderer's side of "Sign in with MFA" (after Azure refused the tenant list for want of MFA), of "Copy what
 * Entra answered", and of the message shown while the browser opens a second time, against the real app: here
 * the emulator's Azure asks for MFA before it lists the organisations (`arm.mandatoryMfa`) and the home sign-in
 * ignores the app's MFA request.
 */
import { describe, expect, it, vi } from 'vitest';
import { uiScenario } from '../../fixtures/ui-fixture';
import { startedStore, useEmulator } from './world';

useEmulator(uiScenario({ azureAsksForMfa: true }));

describe('Sign in with MFA', () => {
  it('signs in with the challenge, then scans again, and the refusal is gone', async () => {
    const { store, world, accountId, stop } = await startedStore();
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.homeMfaRequired).toBe(true));
    expect(store.getState().scanFailure?.message).toMatch(/multifactor authentication/);

    await store.getState().signInWithMfa();
    const names = world.calls.map((c) => c.name);
    expect(names.slice(names.indexOf('signInWithMfa'))).toContain('startScan');
    expect(world.calls.find((c) => c.name === 'signInWithMfa')?.arg).toEqual({ accountId });
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.running).toBe(false), { timeout: 20_000 });
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.homeMfaRequired).toBeUndefined());
    expect(store.getState().scanFailure).toBeNull();
    stop();
  });

  it('a sign-in that does not complete says so and does not scan', async () => {
    const { store, world, stop } = await startedStore();
    world.browser = 'refuse';
    const before = world.calls.filter((c) => c.name === 'startScan').length;
    await store.getState().signInWithMfa();
    expect(
      store
        .getState()
        .messages.map((m) => m.message)
        .join(' '),
    ).toMatch(/The sign-in did not complete/);
    expect(world.calls.filter((c) => c.name === 'startScan').length).toBe(before);
    stop();
  });
});

describe('Copy what Entra answered', () => {
  it("copies one organisation's answers, or the whole scan's, and confirms it", async () => {
    const { store, world, stop } = await startedStore();
    await store.getState().startScan();
    await vi.waitFor(() => expect(store.getState().snapshot?.scan?.running).toBe(false), { timeout: 20_000 });
    const tenant = store.getState().snapshot!.tenants.find((t) => !t.isHome)!;
    expect(await store.getState().copyDiagnostics({ accountId: tenant.accountId, tenantId: tenant.tenantId })).toBe(
      true,
    );
    expect(world.env.clipboardText()).toContain(tenant.displayName);
    expect(world.env.clipboardText()).not.toContain('\nScan\n');
    expect(
      store
        .getState()
        .takeToasts()
        .map((t) => t.title),
    ).toContain('What Entra answered is on the clipboard');
    expect(await store.getState().copyDiagnostics()).toBe(true);
    // The whole scan's answers: the listing Azure refused for want of MFA, with its claims challenge.
    expect(world.env.clipboardText()).toContain('\nScan\n');
    expect(world.env.clipboardText()).toMatch(/401/);
    stop();
  });
});

describe('the second browser page', () => {
  it('shows why the browser opened again while it waits', async () => {
    const { store, stop } = await startedStore();
    store.getState().handleEvent({ type: 'sign-in', state: 'waiting', message: 'Continue in the new browser page.' });
    expect(store.getState().signIn).toMatchObject({ waiting: true, notice: 'Continue in the new browser page.' });
    store.getState().handleEvent({ type: 'sign-in', state: 'finished', message: null });
    expect(store.getState().signIn.waiting).toBe(false);
    stop();
  });
});
