/**
 * What the services tell the window about a scan and its failed checks, with the real services, real MSAL and
 * the emulator: when each running check began (so a slow scan can name what it waits for), a timeout that says it
 * timed out, "Check again" for one organisation, and batches of emails that are never saved without a recipient.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import type { TenantRecord } from '../../shared/model';
import type { ScenarioInput } from '../../tools/entra-emulator';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { scanProgressesIn } from '../support/state-events';

const guid = (n: number) => `5c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function scenario(): ScenarioInput {
  const trusting = (n: number, key: string, extra: Record<string, unknown> = {}) => ({
    id: guid(n),
    displayName: `Partner ${key}`,
    defaultDomain: `${key}.example`,
    policy: { requireMfa: true },
    inboundTrust: { mfa: true },
    guest: { sponsors: [{ displayName: `Sponsor ${n}`, mail: `sponsor@${key}.example` }] },
    ...extra,
  });
  return {
    name: 'scan-states',
    user: { upn: 'adele@contoso.example', displayName: 'Adele Vance', homeTenant: 'contoso' },
    tenants: {
      contoso: { id: guid(0), displayName: 'Contoso', defaultDomain: 'contoso.example', policy: { requireMfa: true } },
      steady: trusting(1, 'steady'),
      // Every answer of this tenant takes 2.5 s: the scan waits for it.
      slow: trusting(2, 'slow', { latencyMs: 2500 }),
      // Its token endpoint fails three times (the app's three attempts): the first check fails.
      flaky: trusting(3, 'flaky', {
        faults: [{ endpoint: 'token', kind: 'status', status: 503, times: 3 }],
      }),
      // A token, then a methods read that never answers: the check's time limit ends it.
      hanging: trusting(4, 'hanging', { faults: [{ endpoint: 'methods', kind: 'hang', times: 1 }] }),
      // Demands its own MFA: no token, so nothing (sponsors included) can be read there.
      northwind: {
        id: guid(5),
        displayName: 'Northwind Traders',
        defaultDomain: 'northwind.example',
        policy: { requireMfa: true },
        guest: {
          methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 7' }],
          sponsors: [{ displayName: 'Nestor Wilke', mail: 'nestor@northwind.example' }],
        },
      },
      tailspin: {
        id: guid(6),
        displayName: 'Tailspin Toys',
        defaultDomain: 'tailspin.example',
        policy: { requireMfa: true },
        guest: {
          methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 7' }],
          sponsors: [{ displayName: 'Lidia Holloway', mail: 'lidia@tailspin.example' }],
        },
      },
    },
  } as ScenarioInput;
}

describe('scan states with the real services', () => {
  let app: AppHarness;
  let accountId: string;
  const tenant = (domain: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domain)!;
  const exportsDir = () => path.join(app.userDataDir, 'exports');

  beforeAll(async () => {
    app = await startApp(scenario());
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
    // A short time limit, so the hanging read ends within the test; the 2.5 s answers still have room on a busy
    // machine.
    await app.services.handlers.updateSettings({ probeTimeoutSeconds: 10 });
    await app.services.handlers.startScan({ accountId });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('says in its progress when each running check began, and forgets it when the check ends', async () => {
    // The scan's end reaches the window with the next state event (main sends at most one per frame).
    await vi.waitFor(() => expect(scanProgressesIn(app.events).at(-1)?.running).toBe(false));
    const progress = scanProgressesIn(app.events);
    const slowId = tenant('slow.example').tenantId;
    const waiting = progress.filter((p) => p.running && p.tenants[slowId] === 'probing');
    expect(waiting.length).toBeGreaterThan(0);
    const since = waiting.map((p) => p.probingSince?.[slowId]);
    expect(since.every((s) => typeof s === 'string' && Number.isFinite(Date.parse(s!)))).toBe(true);
    // The same start for the whole check, not a new one per event.
    expect(new Set(since).size).toBe(1);
    const last = progress.at(-1)!;
    expect(last.running).toBe(false);
    expect(last.probingSince).toEqual({});
  });

  it('says a read cut off by the time limit timed out, not that it was cancelled', () => {
    const hanging = tenant('hanging.example');
    expect(hanging.classification?.verdict).toBe('home-mfa-trusted');
    expect(hanging.methodsNote).toBe(
      'Your registered methods could not be read: graph.microsoft.com did not answer before the time limit ran out',
    );
    expect(JSON.stringify(hanging)).not.toMatch(/cancel/i);
  });

  it('checks one failed organisation again, alone, and gives it its verdict', async () => {
    const flaky = tenant('flaky.example');
    expect(flaky.classification?.verdict).toBe('error');
    const tokenRequests = () => app.emulator.requestCount({ endpoint: 'token' });
    const flakyRequests = () => app.emulator.requestCount({ endpoint: 'token', tenant: 'flaky' });
    const before = { all: tokenRequests(), flaky: flakyRequests() };
    const result = await dispatchIpc(app.services.handlers, 'checkTenant', { accountId, tenantId: flaky.tenantId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const checked = result.value as TenantRecord;
    expect(checked.classification?.verdict).toBe('home-mfa-trusted');
    expect(checked.sponsors).toEqual([{ displayName: 'Sponsor 3', mail: 'sponsor@flaky.example' }]);
    // What the window gets has no recorded answers (those stay in main for "Copy what Entra answered").
    expect(checked.answers).toBeUndefined();
    expect(tenant('flaky.example').classification?.verdict).toBe('home-mfa-trusted');
    // Only that organisation was asked (its token; the home token the check starts from is the home tenant's).
    expect(flakyRequests()).toBe(before.flaky + 1);
    expect(tokenRequests() - before.all).toBeLessThanOrEqual(2);
  });

  it('refuses "Check again" while a scan runs, saying why', async () => {
    const scan = app.services.handlers.startScan({ accountId });
    await expect.poll(async () => (await app.services.handlers.getState(undefined)).scan?.running).toBe(true);
    const result = await dispatchIpc(app.services.handlers, 'checkTenant', {
      accountId,
      tenantId: tenant('steady.example').tenantId,
    });
    await scan;
    expect(result).toEqual({
      ok: false,
      error: { code: 'busy', message: 'A scan is running and checks this organisation too. Wait for it to finish.' },
    });
  }, 30_000);

  it('plans a batch with the recipients it can know, and why it knows none', async () => {
    const plan = await app.services.handlers.prepareEmailBatch({ kind: 'trust-request', accountId });
    expect(plan.tenants.map((t) => t.displayName).sort()).toEqual(['Northwind Traders', 'Tailspin Toys']);
    for (const t of plan.tenants) {
      expect(t.to).toEqual([]);
      expect(t.note).toMatch(/gave the app no token at its check/);
    }
  });

  it('refuses an organisation the batch is not for, before anything is written', async () => {
    const notACandidate = await dispatchIpc(app.services.handlers, 'saveEmailBatch', {
      kind: 'trust-request',
      accountId,
      items: [{ tenantId: tenant('steady.example').tenantId, to: ['it@steady.example'] }],
    });
    expect(notACandidate).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    // Refused before the folder dialog: nothing was written (the dialog would have made the folder).
    expect(existsSync(exportsDir())).toBe(false);
  });

  it('saves the reviewed recipients, remembers them, and proposes them next time', async () => {
    // "Sign in to this tenant" gives Tailspin a token of its own: its sponsors are read.
    await app.services.handlers.signInToTenant({ accountId, tenantId: tenant('tailspin.example').tenantId });
    const plan = await app.services.handlers.prepareEmailBatch({ kind: 'trust-request', accountId });
    const tailspin = plan.tenants.find((t) => t.displayName === 'Tailspin Toys')!;
    expect(tailspin.to).toEqual(['lidia@tailspin.example']);
    expect(tailspin.suggestions).toEqual([
      { address: 'lidia@tailspin.example', source: 'sponsor', name: 'Lidia Holloway' },
    ]);
    const northwind = plan.tenants.find((t) => t.displayName === 'Northwind Traders')!;
    const result = await dispatchIpc(app.services.handlers, 'saveEmailBatch', {
      kind: 'trust-request',
      accountId,
      items: [
        { tenantId: northwind.tenantId, to: ['it-security@northwind.example'] },
        { tenantId: tailspin.tenantId, to: tailspin.to },
      ],
      remember: true,
    });
    expect(result).toEqual({ ok: true, value: { saved: true, path: exportsDir(), count: 2, unaddressed: 0 } });
    const files = readdirSync(exportsDir()).sort();
    expect(files).toEqual(['northwind.example-trust-request.eml', 'tailspin.example-trust-request.eml']);
    const mail = await simpleParser(readFileSync(path.join(exportsDir(), files[0]!)));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('it-security@northwind.example');
    expect(tenant('northwind.example').recipients).toEqual(['it-security@northwind.example']);
    const next = await app.services.handlers.prepareEmailBatch({ kind: 'trust-request', accountId });
    expect(next.tenants.find((t) => t.tenantId === northwind.tenantId)?.to).toEqual(['it-security@northwind.example']);
  }, 30_000);

  it('saves the emails left without a recipient as drafts to address in the mail app, forgetting nothing', async () => {
    const plan = await app.services.handlers.prepareEmailBatch({ kind: 'trust-request', accountId });
    const result = await dispatchIpc(app.services.handlers, 'saveEmailBatch', {
      kind: 'trust-request',
      accountId,
      items: plan.tenants.map((t) => ({ tenantId: t.tenantId, to: [] })),
      remember: true,
    });
    expect(result).toEqual({ ok: true, value: { saved: true, path: exportsDir(), count: 2, unaddressed: 2 } });
    for (const file of readdirSync(exportsDir())) {
      const mail = await simpleParser(readFileSync(path.join(exportsDir(), file)));
      expect(mail.to, file).toBeUndefined();
      expect(mail.headers.get('x-unsent')).toBe('1');
    }
    // An empty To: is a draft to address later, not a choice to forget the remembered address.
    expect(tenant('northwind.example').recipients).toEqual(['it-security@northwind.example']);
  }, 30_000);
});
