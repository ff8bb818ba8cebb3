/**
 * Every fault kind of the emulator on every endpoint the app uses, injected after a clean scan (what
 * scan-faults.test.ts does not cover): status with and without Retry-After, hang, malformed body and reset on
 * the token endpoint and the three Graph reads in one scan; the same kinds on ARM's tenant list, which fails
 * or cancels the whole scan; and the authorize endpoint during "Sign in to this tenant". Each time: the scan
 * or the call ends with a typed answer, nothing saved before the fault is lost, the store file parses and
 * reopens as it was, and the next scan completes with the clean verdicts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import type { ScanProgress, TenantRecord } from '../../shared/model';
import type { ScenarioFault, ScenarioInput } from '../../tools/entra-emulator';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { said } from '../support/words';

const OWN_APP_CLIENT_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

type FaultSpec = Omit<ScenarioFault, 'endpoint'>;
type Endpoint = ScenarioFault['endpoint'];

/** The kinds, each lasting long enough to defeat the app's three attempts (a hang needs one). */
const KINDS: Record<string, FaultSpec> = {
  'throttled-retry-after': { kind: 'status', status: 429, retryAfter: 1, times: 3 },
  'unavailable-retry-after': { kind: 'status', status: 503, retryAfter: 1, times: 3 },
  'server-error': { kind: 'status', status: 500, times: 3 },
  hang: { kind: 'hang', times: 1 },
  malformed: { kind: 'malformed', times: 3 },
  reset: { kind: 'reset', times: 3 },
};

/** The probe time limit of the scans without hanging answers, and of the one with them. */
const PATIENT_SECONDS = 60;
const HANG_SECONDS = 10;
/** How long a test of this file may take before it counts as stuck (a busy machine runs these scans slowly). */
const WATCHDOG_MS = 240_000;

const guid = (n: number) => `fa000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** One guest tenant per (endpoint, kind) that trusts the home MFA and has methods, sponsors and contacts. */
function matrixScenario() {
  const cases: { key: string; endpoint: Endpoint; kind: string }[] = [];
  for (const endpoint of ['token', 'methods', 'sponsors', 'organization'] as const) {
    for (const kind of Object.keys(KINDS)) {
      if (endpoint !== 'token' && kind === 'unavailable-retry-after') continue;
      cases.push({ key: `${endpoint}-${kind}`, endpoint, kind });
    }
  }
  const tenants: Record<string, unknown> = {
    contoso: { id: guid(0), displayName: 'Contoso', defaultDomain: 'contoso.example', policy: { requireMfa: true } },
    steady: guestTenant(1, 'steady'),
    registering: { ...guestTenant(2, 'registering'), inboundTrust: { mfa: false }, guest: {} },
  };
  cases.forEach((c, i) => (tenants[c.key] = guestTenant(10 + i, c.key)));
  const scenario: ScenarioInput = {
    name: 'fault-matrix',
    user: { upn: 'adele@contoso.example', displayName: 'Adele Vance', homeTenant: 'contoso' },
    tenants: tenants as ScenarioInput['tenants'],
  };
  return { scenario, cases };
}

function guestTenant(n: number, key: string) {
  return {
    id: guid(n),
    displayName: `Partner ${key}`,
    defaultDomain: `${key}.example`,
    policy: { requireMfa: true },
    inboundTrust: { mfa: true },
    guest: {
      methods: [{ type: 'microsoftAuthenticator', displayName: `Pixel ${n}` }],
      sponsors: [{ displayName: `Sponsor ${n}`, mail: `sponsor@${key}.example` }],
    },
    // Contacts a guest may read only where the partner allows it (Graph gives guests null otherwise).
    contacts: { technicalNotificationMails: [`it@${key}.example`], readableByGuests: true },
  };
}

/** What a fault must never take away from a tenant: its facts and the history of its verdicts. */
const kept = (t: TenantRecord) => ({
  tenantId: t.tenantId,
  displayName: t.displayName,
  methods: t.methods,
  sponsors: t.sponsors,
  technicalContacts: t.technicalContacts,
  // Each verdict observed and when; how often a verdict was seen again (checks, lastAt) grows with every scan.
  history: t.history.map(({ at, verdict, leftoverRegistration }) => ({ at, verdict, leftoverRegistration })),
  notes: t.notes,
});

describe('every fault kind on every endpoint, after a clean scan', () => {
  const { scenario, cases } = matrixScenario();
  let app: AppHarness;
  let accountId: string;
  let clean: Map<string, TenantRecord>;
  const domainOf = (key: string) => `${key}.example`;
  const record = (key: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domainOf(key))!;
  const dataFile = () => JSON.parse(readFileSync(path.join(app.userDataDir, 'app-data.json'), 'utf8'));

  beforeAll(async () => {
    app = await startApp(scenario);
    // An own app registration: only it may read methods (the default Azure CLI client never can), and these
    // tests are about the methods, sponsors and contacts a fault must not lose.
    await app.services.handlers.updateSettings({ clientId: OWN_APP_CLIENT_ID });
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
    // Answers that come must not time out on a busy machine; only the scan with hanging answers takes a short limit.
    await app.services.handlers.updateSettings({ probeTimeoutSeconds: PATIENT_SECONDS });
    const first = await app.services.handlers.startScan({ accountId });
    expect(first).toMatchObject({ error: null, cancelled: false });
    for (const t of tenantsOf(app, accountId)) {
      await app.services.handlers.setTenantNotes({ accountId, tenantId: t.tenantId, notes: `note ${t.defaultDomain}` });
    }
    clean = new Map(tenantsOf(app, accountId).map((t) => [t.tenantId, t]));
  }, WATCHDOG_MS);

  afterAll(async () => {
    await app?.close();
  });

  async function expectNextScanLikeTheClean(): Promise<void> {
    const next = await app.services.handlers.startScan({ accountId });
    expect(next).toMatchObject({ error: null, cancelled: false, done: next.total });
    for (const t of tenantsOf(app, accountId)) {
      const before = clean.get(t.tenantId)!;
      expect(t.classification?.verdict, t.defaultDomain).toBe(before.classification?.verdict);
      expect(kept(t), t.defaultDomain).toEqual(kept(before));
    }
  }

  it('a clean scan sees every partner with its methods, sponsors and contacts', () => {
    expect(record('steady').classification).toMatchObject({ verdict: 'home-mfa-trusted', leftoverRegistration: true });
    for (const c of cases) {
      const t = record(c.key);
      expect(t.classification?.verdict, c.key).toBe('home-mfa-trusted');
      expect(t.methods?.length, c.key).toBe(1);
      expect(t.sponsors.length, c.key).toBe(1);
      expect(t.technicalContacts, c.key).toEqual([`it@${c.key}.example`]);
    }
  });

  it(
    'token and Graph faults: the scan finishes, each tenant keeps what it had, the next scan is clean',
    async () => {
      for (const c of cases) app.emulator.addFault(c.key, { endpoint: c.endpoint, ...KINDS[c.kind]! });
      // The hanging answers end at this limit: long enough for the answers that do come on a busy machine.
      await app.services.handlers.updateSettings({ probeTimeoutSeconds: HANG_SECONDS });
      const progress = await app.services.handlers.startScan({ accountId });
      await app.services.handlers.updateSettings({ probeTimeoutSeconds: PATIENT_SECONDS });
      expect(progress).toMatchObject({ error: null, cancelled: false, done: progress.total });

      for (const c of cases) {
        const t = record(c.key);
        const label = `${c.endpoint} ${c.kind}`;
        expect(
          app.emulator.requestCount({ endpoint: c.endpoint, tenant: c.key, fault: KINDS[c.kind]!.kind }),
          label,
        ).toBeGreaterThan(0);
        // Nothing observed earlier is lost: methods, sponsors, contacts, history and notes are all still there.
        expect(kept(t), label).toEqual(kept(clean.get(t.tenantId)!));
        if (c.endpoint === 'token') {
          expect(t.classification?.verdict, label).toBe('error');
          expect(said(t.classification), label).toMatch(/\S/);
        } else {
          // A Graph read that fails is not the tenant's answer: the verdict and its details stay.
          expect(t.classification?.verdict, label).toBe('home-mfa-trusted');
          expect(t.classification?.leftoverRegistration, label).toBe(
            clean.get(t.tenantId)!.classification?.leftoverRegistration,
          );
        }
        if (c.endpoint === 'methods') expect(t.methodsNote, label).toMatch(/\S/);
      }
      expect(record('steady').classification?.verdict).toBe('home-mfa-trusted');

      expect(dataFile().schemaVersion).toBe(1);
      const inMemory = JSON.stringify(app.services.store.data().tenants);
      const restarted = await app.restart();
      expect(JSON.stringify(restarted.store.data().tenants)).toBe(inMemory);
      expect((await restarted.handlers.getState(undefined)).notices).toEqual([]);
      await expectNextScanLikeTheClean();
    },
    WATCHDOG_MS,
  );

  it(
    'ARM tenant-list faults: the known organisations are still checked (listing unavailable); a dropped connection stops the scan',
    async () => {
      const listedAndVerdict = () =>
        JSON.stringify(
          app.services.store
            .data()
            .tenants.map((t) => [t.tenantId, t.listed, t.source, t.classification?.verdict])
            .sort(),
        );
      for (const kind of ['throttled-retry-after', 'server-error', 'malformed']) {
        const before = listedAndVerdict();
        app.emulator.addFault('contoso', { endpoint: 'tenants', ...KINDS[kind]! });
        const result = await dispatchIpc(app.services.handlers, 'startScan', { accountId });
        expect(result.ok, kind).toBe(true);
        const progress = result.ok ? (result.value as ScanProgress) : null;
        expect(progress?.running, kind).toBe(false);
        expect(progress?.error, kind).toBeNull();
        expect(progress?.listing, kind).toBe('unavailable');
        expect(progress?.listingProblem?.kind, kind).toBe('failed');
        expect(progress?.done, kind).toBe(app.services.store.data().tenants.length);
        // Nothing was marked as no longer listed, and every verdict is the one of the clean scan.
        expect(listedAndVerdict(), kind).toBe(before);
        const notices = (await app.services.handlers.getState(undefined)).notices;
        expect(
          notices.map((n) => n.title),
          kind,
        ).toContain('Listing unavailable: the list of your organisations could not be read');
        expect(dataFile().schemaVersion, kind).toBe(1);
      }
      {
        const before = JSON.stringify(app.services.store.data().tenants);
        app.emulator.addFault('contoso', { endpoint: 'tenants', ...KINDS['reset']! });
        const result = await dispatchIpc(app.services.handlers, 'startScan', { accountId });
        const progress = result.ok ? (result.value as ScanProgress) : null;
        expect(progress?.running).toBe(false);
        expect(progress?.error).toMatch(/could not reach Microsoft/);
        expect(JSON.stringify(app.services.store.data().tenants)).toBe(before);
      }

      // A hanging list is left by cancelling; the scan ends at once and nothing changed.
      const before = JSON.stringify(app.services.store.data().tenants);
      app.emulator.addFault('contoso', { endpoint: 'tenants', ...KINDS['hang']! });
      const hangs = () => app.emulator.requestCount({ endpoint: 'tenants', fault: 'hang' });
      const scan = app.services.handlers.startScan({ accountId });
      while (hangs() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await app.services.handlers.cancelScan(undefined);
      expect(await scan).toMatchObject({ running: false, cancelled: true, done: 0 });
      expect(JSON.stringify(app.services.store.data().tenants)).toBe(before);
      await expectNextScanLikeTheClean();
    },
    WATCHDOG_MS,
  );

  it(
    'cancelling while probes hang keeps the earlier results of the tenants that hung',
    async () => {
      const hanging = cases.filter((c) => c.endpoint === 'token').map((c) => c.key);
      for (const key of hanging) app.emulator.addFault(key, { endpoint: 'token', kind: 'hang', times: 1 });
      const hangs = () =>
        hanging.reduce((n, key) => n + app.emulator.requestCount({ tenant: key, fault: 'hang', endpoint: 'token' }), 0);
      const already = hangs();
      await app.services.handlers.updateSettings({ probeTimeoutSeconds: 60 });
      const scan = app.services.handlers.startScan({ accountId });
      // Every injected hang is in flight (the other probes finish and free their workers) before the cancel.
      while (hangs() < already + hanging.length) await new Promise((resolve) => setTimeout(resolve, 20));
      await app.services.handlers.cancelScan(undefined);
      const progress = await scan;
      expect(progress).toMatchObject({ running: false, cancelled: true });
      expect(progress.done).toBeLessThan(progress.total);
      for (const t of tenantsOf(app, accountId)) {
        // No tenant was marked as failed by the cancel: a hung probe observed nothing.
        expect(t.classification?.verdict, t.defaultDomain).not.toBe('error');
        expect(kept(t), t.defaultDomain).toEqual(kept(clean.get(t.tenantId)!));
      }
      await app.services.handlers.updateSettings({ probeTimeoutSeconds: PATIENT_SECONDS });
      await expectNextScanLikeTheClean();
    },
    WATCHDOG_MS,
  );

  it(
    'authorize faults during "Sign in to this tenant" answer a typed error and change nothing',
    async () => {
      const target = record('registering');
      expect(target.classification?.verdict).toBe('registration-required');
      for (const kind of ['unavailable-retry-after', 'malformed', 'reset']) {
        const before = JSON.stringify(record('registering'));
        app.emulator.addFault('registering', { endpoint: 'authorize', ...KINDS[kind]!, times: 1 });
        const result = await dispatchIpc(app.services.handlers, 'signInToTenant', {
          accountId,
          tenantId: target.tenantId,
        });
        expect(result.ok, kind).toBe(false);
        expect(!result.ok && result.error.code, kind).toBe('failed');
        expect(!result.ok && result.error.message, kind).toMatch(/sign-in/i);
        expect(JSON.stringify(record('registering')), kind).toBe(before);
        expect(app.emulator.guestMethods('registering'), kind).toHaveLength(0);
      }

      // A sign-in page that never loads: the user cancels from the app.
      const before = JSON.stringify(record('registering'));
      app.emulator.addFault('registering', { endpoint: 'authorize', kind: 'hang', times: 1 });
      const pending = dispatchIpc(app.services.handlers, 'signInToTenant', { accountId, tenantId: target.tenantId });
      while (app.emulator.requestCount({ endpoint: 'authorize', tenant: 'registering', fault: 'hang' }) === 0)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await app.services.handlers.cancelSignIn(undefined);
      const cancelled = await pending;
      expect(!cancelled.ok && cancelled.error.code).toBe('cancelled');
      expect(JSON.stringify(record('registering'))).toBe(before);

      // With the faults gone, the sign-in completes: the tenant registers a method and is re-probed.
      const done = await app.services.handlers.signInToTenant({ accountId, tenantId: target.tenantId });
      expect(done.classification?.verdict).toBe('separate-mfa');
      expect(done.lastInteractiveSignInAt).not.toBeNull();
      expect(dataFile().schemaVersion).toBe(1);
    },
    WATCHDOG_MS,
  );
});
