/**
 * Azure Lighthouse tenants are no guest tenants. ARM's own `GET /tenants` example lists a `ManagedBy` and a
 * `ProjectedBy` tenant beside a `Home` one (test/fixtures/published/arm-get-tenants.json); a scenario with such
 * tenants, scanned through the app's real services: they are kept and shown apart with the reason, never asked
 * for a token (the emulator saw no request for them), never called "not a guest", never an orphaned entry, also
 * when a later listing leaves them out; the headless `--json` names their category.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { selectEntries, selectSummary } from '../../shared/selectors';
import { LIGHTHOUSE_REASON, isLighthouseTenant } from '../../shared/tenant-category';
import { parseArguments, runScan } from '../../tools/scan';
import { loadScenario, startEmulator, type Emulator, type ScenarioInput } from '../../tools/entra-emulator';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { REASON_CODES } from '../../shared/reasons';
import { dispatchIpc } from '../../main/ipc-dispatch';
import { entryKeyForTenant } from '../../shared/entry-keys';

const PROJECTED = 'daea2e9b-847b-4c93-850d-2aa6f2d7af33';
const MANAGED = 'a70a1586-9c4a-4373-b907-1d310660dbd1';

async function scenarioWithLighthouse(): Promise<ScenarioInput> {
  const seed = structuredClone(await loadScenario(path.join(SCENARIOS, 'seed-blog.json'))) as ScenarioInput;
  seed.tenants['projected'] = {
    id: PROJECTED,
    displayName: 'TEST_TEST_RDV',
    defaultDomain: 'rdvmohoro.example',
    tenantCategory: 'ProjectedBy',
    policy: { requireMfa: true },
  };
  seed.tenants['managed'] = {
    id: MANAGED,
    displayName: 'Test_Test_aad50',
    defaultDomain: 'aad50.example',
    tenantCategory: 'ManagedBy',
  };
  return seed;
}

const dirs: string[] = [];
let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close({ keepData: true });
  app = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function requestsFor(emulator: Emulator, key: string): number {
  return emulator.requestCount({
    tenant: key,
    endpoint: ['token', 'authorize', 'methods', 'sponsors', 'organization'],
  });
}

describe('Azure Lighthouse tenants (tenantCategory ProjectedBy / ManagedBy)', () => {
  it('are listed apart with the reason, never probed, never "not a guest" or orphaned', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-lighthouse-'));
    dirs.push(dir);
    const scenario = await scenarioWithLighthouse();
    const emulator = await startEmulator({ scenario, autoComplete: true });
    app = await startApp(scenario, { userDataDir: dir, emulator });
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });

    // ARM listed them (the emulator served them) ...
    expect(emulator.requestCount({ endpoint: 'tenants', status: 200 })).toBeGreaterThan(0);
    const tenants = tenantsOf(app, accountId);
    const projected = tenants.find((t) => t.tenantId === PROJECTED)!;
    const managed = tenants.find((t) => t.tenantId === MANAGED)!;
    expect(projected).toMatchObject({ tenantCategory: 'ProjectedBy', listed: true, classification: null });
    expect(managed).toMatchObject({ tenantCategory: 'ManagedBy', listed: true, classification: null });
    expect(isLighthouseTenant(projected)).toBe(true);
    // ... and no token was ever asked for them, nor Graph read there, while the guest tenants were probed.
    expect(requestsFor(emulator, 'projected')).toBe(0);
    expect(requestsFor(emulator, 'managed')).toBe(0);
    expect(emulator.requestCount({ tenant: 'northwind', endpoint: 'token' })).toBeGreaterThan(0);

    // No Authenticator entry, not counted among the guest organisations, not in the scan's total.
    const state = await app.services.handlers.getState(undefined);
    const entries = selectEntries(state);
    expect(entries.some((e) => e.tenantId === PROJECTED || e.tenantId === MANAGED)).toBe(false);
    // Nor may an answer about an entry be saved for one: the key names no entry the list shows.
    const answer = await dispatchIpc(app.services.handlers, 'setEntryConfirmation', {
      key: entryKeyForTenant(accountId, PROJECTED),
      answer: 'yes',
    });
    expect(answer.ok === false && answer.error.code).toBe('not-found');
    const summary = selectSummary(state, entries, accountId);
    const guestCount = tenants.filter((t) => !t.isHome && !isLighthouseTenant(t)).length;
    expect(summary.total).toBe(guestCount);
    expect(state.scan?.total).toBe(guestCount + 1);
    expect(LIGHTHOUSE_REASON).toMatch(/Azure Lighthouse, not a guest account: not checked/);
    await app.close({ keepData: true });
    app = null;
    await emulator.close();

    // The delegations end: the next listing leaves both out. Still never probed, never "not a guest" or orphaned.
    const later = structuredClone(scenario);
    delete later.tenants['projected'];
    delete later.tenants['managed'];
    const emulator2 = await startEmulator({ scenario: later, autoComplete: true });
    app = await startApp(later, { userDataDir: dir, emulator: emulator2 });
    await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    const after = tenantsOf(app, accountId).filter((t) => t.tenantId === PROJECTED || t.tenantId === MANAGED);
    expect(after).toHaveLength(2);
    for (const t of after) {
      expect(t.tenantCategory).not.toBe('Home');
      expect(t.classification).toBeNull();
      expect(t.history).toEqual([]);
    }
    const state2 = await app.services.handlers.getState(undefined);
    expect(selectEntries(state2).some((e) => e.tenantId === PROJECTED || e.tenantId === MANAGED)).toBe(false);
    await app.close({ keepData: true });
    app = null;
    await emulator2.close();
  }, 120_000);

  it('npm run scan -- --json names each tenant category and entry confidence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-lighthouse-json-'));
    dirs.push(dir);
    const file = path.join(dir, 'lighthouse.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(await scenarioWithLighthouse()));
    let out = '';
    let seen: Emulator | null = null;
    await runScan({ ...parseArguments(['--scenario', file, '--json']), inspect: (e) => (seen = e) }, (t) => (out += t));
    const json = JSON.parse(out) as {
      tenants: {
        tenantId: string;
        isHome: boolean;
        tenantCategory: string;
        checked: boolean;
        entry: string;
        entryConfidence: string;
        verdict: string;
        confidence: string;
        reason: string | null;
        explanation: string | null;
        action: string | null;
      }[];
    };
    const byId = new Map(json.tenants.map((t) => [t.tenantId, t]));
    expect(byId.get(PROJECTED)).toMatchObject({ tenantCategory: 'ProjectedBy', checked: false, entry: 'unknown' });
    expect(byId.get(MANAGED)).toMatchObject({ tenantCategory: 'ManagedBy', checked: false, entry: 'unknown' });
    expect(byId.get(PROJECTED)!.verdict).not.toBe('not-a-guest');
    for (const t of json.tenants.filter((t) => t.tenantCategory === 'Home')) {
      expect(t.checked).toBe(true);
      expect(['certain', 'likely', 'unknown']).toContain(t.entryConfidence);
      // The fields that were there before stay.
      expect(t).toHaveProperty('verdict');
      expect(t).toHaveProperty('confidence');
      // Why, as stored, and the words made from it where they are printed.
      expect(REASON_CODES).toContain(t.reason);
      expect(t.explanation).toMatch(/^[A-Z].*[.)]$/);
      expect(t.action).toMatch(/^[A-Z].*\.$/);
    }
    expect(byId.get(PROJECTED)).toMatchObject({ reason: null, explanation: null, action: null });
    // A guest tenant whose entry is inferred says so: not every entry is "certain".
    expect(json.tenants.some((t) => !t.isHome && t.entryConfidence === 'likely')).toBe(true);
    expect(seen!.requestCount({ tenant: 'projected' })).toBe(0);
  }, 120_000);
});
