/**
 * Background re-checks and change notifications through the app's real services, real MSAL and the emulator,
 * with the app's clock in the test's hand: the partner organisations change (the emulator's world is edited
 * between scans, as a partner edits its policies), a day passes, the due re-check runs as an ordinary scan, and
 * the user gets exactly one notification per changed tenant, in the right words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/ipc/contract';
import { DAY_MS, HOUR_MS } from '../../shared/schedule';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { saveBatch } from '../support/email-batch';

interface Shown {
  title: string;
  body: string;
  onClick(): void;
}

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** Signed in and scanned once at "day 0", with a clock the test moves and a notification recorder. */
async function scannedOnce(settings: { recheck: 'off' | 'daily' }) {
  let clock = new Date();
  const shown: Shown[] = [];
  app = await startApp('seed-blog.json', {
    env: { now: () => clock, notifications: { show: (n) => shown.push(n) }, backgroundChecks: false },
  });
  const harness = app;
  const handlers = harness.services.handlers;
  const account = await handlers.signIn(undefined);
  await handlers.updateSettings({ recheck: settings.recheck });
  const first = await handlers.startScan({ accountId: account.accountId });
  expect(first).toMatchObject({ error: null, cancelled: false });
  const tenant = (domain: string) => tenantsOf(harness, account.accountId).find((t) => t.defaultDomain === domain)!;
  return {
    harness,
    handlers,
    accountId: account.accountId,
    shown,
    tenant,
    world: harness.emulator.world,
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

const events = (harness: AppHarness, type: AppEvent['type']) => harness.events.filter((e) => e.type === type);

describe('background re-checks and change notifications', () => {
  it('a scenario switched between two scans gives exactly one notification per changed tenant', async () => {
    const t = await scannedOnce({ recheck: 'daily' });
    expect(t.tenant('northwindtraders.example').classification?.verdict).toBe('separate-mfa');
    expect(t.tenant('fabrikam.example').classification?.verdict).toBe('home-mfa-trusted');
    expect(t.tenant('tailspintoys.example').classification?.verdict).toBe('registration-required');
    expect(t.tenant('woodgrovebank.example').classification?.verdict).toBe('separate-mfa');

    // The user's scan counts as today's run: nothing is due.
    expect(await t.harness.services.watch.runDue()).toEqual([]);

    // The partners change: Northwind trusts the home MFA, Fabrikam blocks guests, Tailspin removes the guest;
    // Woodgrove's token endpoint throttles every request (a failed check, which says nothing about Woodgrove).
    t.world.tenants['northwind']!.inboundTrust.mfa = true;
    t.world.tenants['fabrikam']!.policy.blockGuests = true;
    t.world.tenants['tailspin']!.guest!.state = 'removed';
    t.harness.emulator.addFault('woodgrove', { endpoint: 'token', kind: 'status', status: 429, retryAfter: 0 });

    t.advance(23 * HOUR_MS);
    expect(await t.harness.services.watch.runDue()).toEqual([]);
    t.advance(HOUR_MS);
    expect(await t.harness.services.watch.runDue()).toEqual([{ kind: 'scan', accountId: t.accountId }]);

    expect(t.tenant('woodgrovebank.example').classification?.verdict).toBe('error');
    expect(t.shown.map(({ title, body }) => ({ title, body })).sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { title: 'Fabrikam, Inc. now blocks your sign-in', body: expect.stringMatching(/^A policy there blocks you/) },
      {
        title: 'Northwind Traders now accepts your home MFA',
        body: 'Your Authenticator entry for it can most likely go.',
      },
      {
        title: 'Your guest account in Tailspin Toys is gone',
        body: 'You can no longer sign in there as a guest.',
      },
    ]);

    // The same changes make the "What changed" list.
    const state = await t.handlers.getState(undefined);
    expect(state.changes?.map((c) => c.kind).sort()).toEqual(['blocks', 'guest-removed', 'trusts-home-mfa']);

    // Clicking a notification opens that tenant.
    t.shown.find((n) => n.title.startsWith('Northwind'))!.onClick();
    expect(events(t.harness, 'open-tenant').at(-1)).toEqual({
      type: 'open-tenant',
      accountId: t.accountId,
      tenantId: t.tenant('northwindtraders.example').tenantId,
    });

    // Not twice: nothing more is due today, and tomorrow's re-check of an unchanged world tells nothing new.
    expect(await t.harness.services.watch.runDue()).toEqual([]);
    t.advance(DAY_MS);
    expect(await t.harness.services.watch.runDue()).toHaveLength(1);
    expect(t.shown).toHaveLength(3);
  });

  it('groups many changes at once into one notification that opens the "What changed" list', async () => {
    const t = await scannedOnce({ recheck: 'daily' });
    t.world.tenants['northwind']!.inboundTrust.mfa = true;
    t.world.tenants['fabrikam']!.policy.blockGuests = true;
    t.world.tenants['tailspin']!.guest!.state = 'removed';
    t.world.tenants['woodgrove']!.policy.authStrength = 'mfa';
    t.advance(DAY_MS);
    await t.harness.services.watch.runDue();
    expect(t.tenant('woodgrovebank.example').classification?.verdict).toBe('home-mfa-trusted');
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0]!.title).toBe('4 organisations changed what they ask of you');
    t.shown[0]!.onClick();
    expect(events(t.harness, 'open-changes')).toHaveLength(1);
    expect((await t.handlers.getState(undefined)).changes).toHaveLength(4);
  });

  it('after a trust request, re-checks that tenant alone the next day and tells when it trusts the home MFA', async () => {
    const t = await scannedOnce({ recheck: 'off' });
    const tailspin = t.tenant('tailspintoys.example');
    await t.handlers.openEmail({ kind: 'trust-request', accountId: t.accountId, tenantId: tailspin.tenantId });
    expect((await t.handlers.getState(undefined)).watch?.watched).toEqual([
      { accountId: t.accountId, tenantId: tailspin.tenantId, until: expect.any(String) },
    ]);

    t.world.tenants['tailspin']!.inboundTrust.mfa = true;
    t.advance(HOUR_MS);
    expect(await t.harness.services.watch.runDue()).toEqual([]);
    t.advance(DAY_MS);
    const before = t.harness.emulator.requests.length;
    expect(await t.harness.services.watch.runDue()).toEqual([
      { kind: 'tenant', accountId: t.accountId, tenantId: tailspin.tenantId },
    ]);
    // An ordinary check of Tailspin alone: the tenant list is not read, no other partner is asked.
    const since = t.harness.emulator.requests.slice(before);
    expect(since.filter((r) => r.endpoint === 'tenants')).toEqual([]);
    expect([...new Set(since.filter((r) => r.endpoint === 'token').map((r) => r.tenant))].sort()).toEqual(['tailspin']);

    expect(t.shown.map(({ title, body }) => ({ title, body }))).toEqual([
      {
        title: 'Tailspin Toys now accepts your home MFA',
        body: 'You need no Authenticator entry for it: the MFA you do at home is enough.',
      },
    ]);
    expect(t.tenant('tailspintoys.example').history.map((h) => h.verdict)).toEqual([
      'registration-required',
      'home-mfa-trusted',
    ]);
  });

  it("lists the changes a scan of the user's own finds, without a desktop notification", async () => {
    const t = await scannedOnce({ recheck: 'off' });
    t.world.tenants['northwind']!.inboundTrust.mfa = true;
    await t.handlers.startScan({ accountId: t.accountId });
    expect(t.shown).toEqual([]);
    const changes = (await t.handlers.getState(undefined)).changes ?? [];
    expect(changes.map((c) => c.title)).toEqual(['Northwind Traders now accepts your home MFA']);
    await t.handlers.dismissChanges({});
    expect((await t.handlers.getState(undefined)).changes).toEqual([]);
  });

  it('watches every organisation of a saved batch of trust-request emails', async () => {
    const t = await scannedOnce({ recheck: 'off' });
    const result = await saveBatch(t.handlers, { kind: 'trust-request', accountId: t.accountId });
    const candidates = tenantsOf(t.harness, t.accountId)
      .filter((r) => ['separate-mfa', 'registration-required'].includes(r.classification?.verdict ?? ''))
      .map((r) => r.tenantId)
      .sort();
    expect(result.count).toBe(candidates.length);
    const watched = (await t.handlers.getState(undefined)).watch?.watched.map((w) => w.tenantId).sort();
    expect(watched).toEqual(candidates);
  });
});
