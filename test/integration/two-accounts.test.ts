/**
 * Two home accounts in one app (the app's real services, real MSAL and the emulator running two-users.json):
 * each signs in through the browser as itself, scans its own tenants, gets its own verdicts and entries where
 * a partner is shared, and signing one out leaves the other's tenants, entries, notes and sign-in untouched.
 */
import { selectEntries } from '../../shared/selectors';
import { afterEach, describe, expect, it } from 'vitest';
import { completeSignInAutomatically } from '../../tools/entra-emulator/auto-browser';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import path from 'node:path';

const ADELE = 'adele@contoso.example';
const ALEX = 'alex@fourthcoffee.example';

let app: AppHarness | null = null;
let emulator: Emulator | null = null;
afterEach(async () => {
  await app?.close();
  await emulator?.close();
  app = null;
  emulator = null;
});

/** The app with a "system browser" that signs in as whoever `as.account` names at the time. */
async function twoAccountApp(): Promise<{ app: AppHarness; as: { account: string } }> {
  emulator = await startEmulator({ scenario: path.join(SCENARIOS, 'two-users.json'), autoComplete: true });
  const as = { account: ADELE };
  const started = await startApp('two-users.json', {
    emulator,
    env: {
      browser: async (url) => {
        await completeSignInAutomatically(url, emulator!, { account: as.account });
      },
    },
  });
  app = started;
  return { app: started, as };
}

function verdicts(harness: AppHarness, accountId: string): Record<string, string | undefined> {
  return Object.fromEntries(
    tenantsOf(harness, accountId).map((t) => [t.defaultDomain, t.classification?.verdict ?? 'not checked']),
  );
}

describe('two home accounts', () => {
  it('sign in, scan and keep per-account inventories and entries, and sign out independently', async () => {
    const { app, as } = await twoAccountApp();
    const { handlers } = app.services;
    const adele = await handlers.signIn(undefined);
    as.account = ALEX;
    const alex = await handlers.signIn(undefined);
    expect(adele.username).toBe(ADELE);
    expect(alex.username).toBe(ALEX);
    expect(alex.accountId).not.toBe(adele.accountId);
    expect(alex.homeTenantId).toBe(emulator!.scenario.tenants.fourthcoffee!.id);

    for (const account of [adele, alex]) {
      const progress = await handlers.startScan({ accountId: account.accountId });
      expect(progress.error ?? null).toBeNull();
    }
    expect(verdicts(app, adele.accountId)).toEqual({
      'contoso.example': 'home-mfa-trusted',
      'fabrikam.example': 'home-mfa-trusted',
      'northwindtraders.example': 'separate-mfa',
      'tailspintoys.example': 'registration-required',
      'wingtiptoys.example': 'no-mfa-required',
    });
    expect(verdicts(app, alex.accountId)).toEqual({
      'fourthcoffee.example': 'home-mfa-trusted',
      'contoso.example': 'registration-required',
      'fabrikam.example': 'home-mfa-trusted',
      'northwindtraders.example': 'registration-required',
      'litware.example': 'blocked',
    });
    // Contoso is Adele's home and Alex's partner: two records, one home, one guest.
    const contoso = emulator!.scenario.tenants.contoso!.id;
    expect(tenantsOf(app, adele.accountId).find((t) => t.tenantId === contoso)?.isHome).toBe(true);
    expect(tenantsOf(app, alex.accountId).find((t) => t.tenantId === contoso)?.isHome).toBe(false);

    // Entries: one per account and tenant; the shared Northwind is in use for Adele, still to come for Alex.
    const state = await handlers.getState(undefined);
    const northwind = emulator!.scenario.tenants.northwind!.id;
    const entryOf = (accountId: string, tenantId: string) =>
      selectEntries(state).find((e) => e.accountId === accountId && e.tenantId === tenantId);
    expect(entryOf(adele.accountId, northwind)?.status).toBe('in-use');
    expect(entryOf(alex.accountId, northwind)?.status).toBe('will-be-needed');
    await handlers.setTenantNotes({ accountId: alex.accountId, tenantId: northwind, notes: 'Ask Nestor' });

    // Sign Adele out: her tenants and entries go, Alex's stay, and Alex still scans without signing in again.
    await handlers.signOut({ accountId: adele.accountId });
    const after = await handlers.getState(undefined);
    expect(after.accounts.map((a) => a.username)).toEqual([ALEX]);
    expect(after.tenants.filter((t) => t.accountId === adele.accountId)).toEqual([]);
    const entriesAfter = selectEntries(after);
    expect(entriesAfter.filter((e) => e.accountId === adele.accountId)).toEqual([]);
    expect(after.tenants.filter((t) => t.accountId === alex.accountId)).toHaveLength(5);
    expect(entriesAfter.find((e) => e.accountId === alex.accountId && e.tenantId === northwind)?.status).toBe(
      'will-be-needed',
    );
    expect(tenantsOf(app, alex.accountId).find((t) => t.tenantId === northwind)?.notes).toBe('Ask Nestor');
    expect((await app.services.auth().homeAccounts()).map((a) => a.username)).toEqual([ALEX]);
    const signInsBefore = emulator!.requestCount({ endpoint: 'authorize' });
    const again = await handlers.startScan({ accountId: alex.accountId });
    expect(again.error ?? null).toBeNull();
    expect(emulator!.requestCount({ endpoint: 'authorize' })).toBe(signInsBefore);
    expect(verdicts(app, alex.accountId)['litware.example']).toBe('blocked');
    await expect(handlers.startScan({ accountId: adele.accountId })).rejects.toThrow();

    // After a restart only Alex is signed in; his saved sign-in still works.
    const restarted = await app.restart();
    expect((await restarted.handlers.getState(undefined)).accounts.map((a) => a.username)).toEqual([ALEX]);
    const afterRestart = await restarted.handlers.startScan({ accountId: alex.accountId });
    expect(afterRestart.error ?? null).toBeNull();
    expect(emulator!.requestCount({ endpoint: 'authorize' })).toBe(signInsBefore);
  }, 90_000);
});
