/**
 * A tenant the user was a guest in at the last scan but that ARM no longer lists (the guest account was
 * removed) is still probed, and its verdict says so: its Authenticator entry is orphaned.
 */
import { selectEntries } from '../../shared/selectors';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadScenario, startEmulator } from '../../tools/entra-emulator';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';

let app: AppHarness | null = null;
const dir = mkdtempSync(path.join(tmpdir(), 'gmi-unlisted-'));
afterEach(async () => {
  await app?.close({ keepData: true });
  app = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('tenants no longer listed', () => {
  it('probes a tenant seen in an earlier scan and shows the guest account is gone', async () => {
    const seed = await loadScenario(path.join(SCENARIOS, 'seed-blog.json'));
    // Yesterday: Northwind still had the guest (with an Authenticator entry registered there).
    app = await startApp('seed-blog.json', { userDataDir: dir });
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
    const before = tenantsOf(app, accountId).find((t) => t.defaultDomain === 'northwindtraders.example')!;
    expect(before).toMatchObject({ listed: true, source: 'arm' });
    await app.close({ keepData: true });

    // Today: Northwind removed the guest. Same user, same data folder, a new emulator whose Northwind says so.
    const today = structuredClone(seed);
    today.tenants['northwind']!.guest!.state = 'removed';
    const emulator = await startEmulator({ scenario: today, autoComplete: true });
    app = await startApp(today, { userDataDir: dir, emulator });
    const again = (await app.services.handlers.signIn(undefined)).accountId;
    expect(again).toBe(accountId);
    await app.services.handlers.startScan({ accountId });
    const after = tenantsOf(app, accountId).find((t) => t.tenantId === before.tenantId)!;
    expect(after).toMatchObject({ listed: false, source: 'previous-scan' });
    expect(after.classification?.verdict).toBe('not-a-guest');
    expect(after.history.map((h) => h.verdict)).toEqual(['separate-mfa', 'not-a-guest']);
    const state = await app.services.handlers.getState(undefined);
    expect(selectEntries(state).find((e) => e.tenantId === before.tenantId)?.status).toBe('orphaned');
    await app.close({ keepData: true });
    app = null;
    await emulator.close();
  }, 60_000);
});
