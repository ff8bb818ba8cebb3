/**
 * What a user does over time, through the app's real services and real MSAL against the emulator:
 * sign in to one tenant to register or redeem, see the inventory change, cancel a scan, restart the app,
 * sign out.
 */
import { selectEntries } from '../../shared/selectors';
import { tenantsPutIn } from '../support/state-events';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario } from '../../tools/entra-emulator/generate-scenario';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { said } from '../support/words';

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function signedInAndScanned(scenario: Parameters<typeof startApp>[0] = 'seed-blog.json') {
  app = await startApp(scenario);
  const account = await app.services.handlers.signIn(undefined);
  await app.services.handlers.startScan({ accountId: account.accountId });
  return { app, accountId: account.accountId };
}

const byDomain = (harness: AppHarness, accountId: string, domain: string) =>
  tenantsOf(harness, accountId).find((t) => t.defaultDomain === domain)!;

describe('sign in to one tenant', () => {
  it('registers MFA where the tenant demands it and shows the new entry', async () => {
    const { app, accountId } = await signedInAndScanned();
    const before = byDomain(app, accountId, 'tailspintoys.example');
    expect(before.classification?.verdict).toBe('registration-required');
    expect(app.emulator.guestMethods('tailspin')).toHaveLength(0);

    const after = await app.services.handlers.signInToTenant({ accountId, tenantId: before.tenantId });
    expect(app.emulator.guestMethods('tailspin')).toHaveLength(1);
    // The silent check still demands MFA of the home session after the user did MFA there. The default client
    // cannot read the methods, so "own MFA" is not told apart from "a stronger method": still only likely.
    expect(after.classification).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
    expect(said(after.classification)).toMatch(/^Even after you signed in to this organisation and completed MFA/);
    expect(after.methods).toBeNull();
    expect(after.lastInteractiveSignInAt).not.toBeNull();
    expect(after.history.map((h) => h.verdict)).toEqual(['registration-required', 'separate-mfa']);

    // The entry follows the history: a registration interrupt (will be needed), then an MFA demand (in use).
    const state = await app.services.handlers.getState(undefined);
    const entry = selectEntries(state).find((e) => e.tenantId === before.tenantId);
    expect(entry).toMatchObject({ kind: 'tenant', status: 'in-use', basis: 'inferred', methods: null });
    expect(entry?.reason).toMatch(/^Tailspin Toys asked for its own MFA on \d+ \w+ \d{4}/);
  });

  it('with an own app that reads methods, the sign-in there settles it: own MFA, certain', async () => {
    app = await startApp('seed-blog.json');
    await app.services.handlers.updateSettings({ clientId: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b' });
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
    const before = byDomain(app, accountId, 'tailspintoys.example');
    expect(before.classification).toMatchObject({ verdict: 'registration-required', confidence: 'likely' });
    const after = await app.services.handlers.signInToTenant({ accountId, tenantId: before.tenantId });
    expect(after.methods?.some((m) => m.type === 'microsoftAuthenticator')).toBe(true);
    expect(after.classification).toMatchObject({ verdict: 'separate-mfa', confidence: 'certain' });
    expect(said(after.classification)).toMatch(/you have MFA methods registered with it: it relies on its own MFA/);
    // The methods Graph listed make the entry certain.
    const entry = selectEntries(await app.services.handlers.getState(undefined)).find(
      (e) => e.tenantId === before.tenantId,
    );
    expect(entry).toMatchObject({ status: 'in-use', basis: 'graph', confidence: 'certain' });
  });

  it('accepts a pending invitation and then the tenant accepts the home MFA', async () => {
    const { app, accountId } = await signedInAndScanned();
    const pending = byDomain(app, accountId, 'alpineskihouse.example');
    expect(pending.classification?.verdict).toBe('needs-sign-in');
    const after = await app.services.handlers.signInToTenant({ accountId, tenantId: pending.tenantId });
    expect(app.emulator.guestState('alpineski')).toBe('active');
    expect(after.classification?.verdict).toBe('home-mfa-trusted');
  });

  it('keeps the answer of a tenant that refuses the interactive sign-in too', async () => {
    const { app, accountId } = await signedInAndScanned();
    const blocked = byDomain(app, accountId, 'lucernepublishing.example');
    const after = await app.services.handlers.signInToTenant({ accountId, tenantId: blocked.tenantId });
    expect(after.classification?.verdict).toBe('blocked');
  });
});

describe('cancel, restart and sign-out', () => {
  it('keeps every result saved before a cancel, and the next scan completes', async () => {
    app = await startApp(generateScenario({ tenants: 40, latencyMs: 60 }));
    const events = app.events;
    const account = await app.services.handlers.signIn(undefined);
    await app.services.handlers.updateSettings({ concurrency: 2 });
    const scan = app.services.handlers.startScan({ accountId: account.accountId });
    const checked = () => tenantsPutIn(events).filter((t) => t.classification !== null);
    while (checked().length < 5) await new Promise((r) => setTimeout(r, 20));
    await app.services.handlers.cancelScan(undefined);
    const progress = await scan;
    expect(progress).toMatchObject({ running: false, cancelled: true });
    expect(progress.done).toBeLessThan(progress.total);

    const saved = tenantsOf(app, account.accountId).filter((t) => t.classification !== null);
    const updated = new Set(checked().map((t) => t.tenantId));
    expect(saved.map((t) => t.tenantId).sort()).toEqual([...updated].sort());
    expect(saved.every((t) => t.classification?.verdict !== 'error')).toBe(true);

    // The store on disk parses after the cancel and holds what was saved.
    const restarted = await app.restart();
    expect(restarted.store.data().tenants.filter((t) => t.classification !== null)).toHaveLength(saved.length);
    const second = await restarted.handlers.startScan({ accountId: account.accountId });
    expect(second).toMatchObject({ cancelled: false, error: null, done: second.total });
  });

  it('stays signed in across a restart, with a cache file that is unreadable without the key', async () => {
    const { app, accountId } = await signedInAndScanned();
    expect(app.services.diagnostics().tokenCacheWrites).toBeLessThanOrEqual(3);
    const cacheFile = path.join(app.userDataDir, 'msal-cache.bin');
    const raw = readFileSync(cacheFile).toString('latin1');
    expect(raw).not.toMatch(/RefreshToken|adele@contoso|secret/);

    const restarted = await app.restart();
    const again = await restarted.handlers.startScan({ accountId });
    expect(again.error).toBeNull();
    expect(app.emulator.requestCount({ endpoint: 'authorize' })).toBe(1);
  });

  it('writes the token cache a bounded number of times however many tenants a scan probes', async () => {
    app = await startApp(generateScenario({ tenants: 60 }));
    const account = await app.services.handlers.signIn(undefined);
    const writesAfterSignIn = app.services.diagnostics().tokenCacheWrites;
    await app.services.handlers.startScan({ accountId: account.accountId });
    await app.services.handlers.startScan({ accountId: account.accountId });
    expect(app.emulator.requestCount({ endpoint: 'token' })).toBeGreaterThan(100);
    expect(app.services.diagnostics().tokenCacheWrites - writesAfterSignIn).toBeLessThanOrEqual(2);
  });

  it('signs out: the account, its tokens and its tenants are gone', async () => {
    const { app, accountId } = await signedInAndScanned();
    await app.services.handlers.signOut({ accountId });
    expect(await app.services.auth().homeAccounts()).toEqual([]);
    const state = await app.services.handlers.getState(undefined);
    expect(state.accounts).toEqual([]);
    expect(state.tenants).toEqual([]);
    const scan = await Promise.resolve(app.services.handlers.startScan({ accountId })).catch((e: unknown) => e);
    expect(scan).toMatchObject({ code: 'not-signed-in' });
    expect(readdirSync(app.userDataDir)).toContain('msal-cache.bin');
    const key = app.env.cacheKey;
    const { createAesGcmCrypto } = await import('../../tools/aes-gcm-crypto');
    const cache = createAesGcmCrypto(key).decrypt(readFileSync(path.join(app.userDataDir, 'msal-cache.bin')));
    expect(cache).not.toContain(accountId);
  });
});
