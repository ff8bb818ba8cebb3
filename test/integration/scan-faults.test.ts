/**
 * Faults injected by the emulator on every endpoint the scan uses (faults.json): the scan finishes, tenants
 * whose fault clears on retry get their real verdict, the others show `error` with a reason, nothing saved
 * earlier is lost and the data file parses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../shared/model';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { said } from '../support/words';

const OWN_APP_CLIENT_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('scan with injected faults (faults.json)', () => {
  let app: AppHarness;
  let accountId: string;
  let first: TenantRecord[];
  const find = (records: TenantRecord[], domain: string) => records.find((t) => t.defaultDomain === domain)!;

  beforeAll(async () => {
    app = await startApp('faults.json');
    // An own app registration: only it may read methods (the default Azure CLI client never can), and these
    // tests are about the methods, sponsors and contacts a fault must not lose.
    await app.services.handlers.updateSettings({ clientId: OWN_APP_CLIENT_ID });
    const account = await app.services.handlers.signIn(undefined);
    accountId = account.accountId;
    // The hanging answer ends at this limit; the answers that do come have room on a busy machine.
    await app.services.handlers.updateSettings({ probeTimeoutSeconds: 10 });
    const progress = await app.services.handlers.startScan({ accountId });
    expect(progress).toMatchObject({ running: false, error: null });
    first = tenantsOf(app, accountId);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lists tenants after a 503 with Retry-After on ARM', () => {
    expect(app.emulator.requestCount({ endpoint: 'tenants', status: 503 })).toBe(1);
    expect(first.length).toBeGreaterThan(5);
  });

  it('gets the real verdict once a 429, a malformed body or a reset clears on retry', () => {
    expect(find(first, 'throttled.example').classification?.verdict).toBe('home-mfa-trusted');
    expect(find(first, 'garbled.example').classification?.verdict).toBe('no-mfa-required');
    expect(find(first, 'dropping.example').classification?.verdict).toBe('no-mfa-required');
  });

  it('shows an error with the reason for a tenant that never answers, and the others finish', () => {
    const hanging = find(first, 'hanging.example');
    expect(hanging.classification).toMatchObject({ verdict: 'error' });
    expect(said(hanging.classification)).toMatch(/10 s/);
    expect(first.filter((t) => t.classification === null)).toEqual([]);
  });

  it('keeps the verdict when Graph fails, and says why the methods are unknown', () => {
    for (const domain of ['flakygraph.example', 'busygraph.example']) {
      const record = find(first, domain);
      expect(record.classification?.verdict, domain).toBe('no-mfa-required');
    }
    const flaky = find(first, 'flakygraph.example');
    expect(flaky.methods === null ? flaky.methodsNote : 'read').toBeTruthy();
    // busygraph answers 429/503/500 once each: the retries read everything.
    expect(find(first, 'busygraph.example').methods).not.toBeNull();
  });

  it('leaves a data file that parses and a second scan that completes without losing results', async () => {
    const file = JSON.parse(readFileSync(path.join(app.userDataDir, 'app-data.json'), 'utf8'));
    expect(file.schemaVersion).toBe(1);
    const progress = await app.services.handlers.startScan({ accountId });
    expect(progress).toMatchObject({ error: null, done: progress.total });
    const second = tenantsOf(app, accountId);
    expect(second.map((t) => t.tenantId).sort()).toEqual(first.map((t) => t.tenantId).sort());
    expect(find(second, 'throttled.example').classification?.verdict).toBe('home-mfa-trusted');
    expect(find(second, 'hanging.example').history.length).toBeLessThanOrEqual(
      find(first, 'hanging.example').history.length,
    );
  }, 180_000);
});
