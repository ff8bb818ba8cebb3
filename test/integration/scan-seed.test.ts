/**
 * The scan through the app's real services and real MSAL against the emulator running seed-blog.json: every
 * tenant gets the verdict the behaviour model implies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Confidence, TenantRecord, Verdict } from '../../shared/model';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

/**
 * Each seed case's verdict and confidence under the evidence-true rules: a token with `mfa` is at most likely
 * "accepts your home MFA" (it may also ask for none), a token without MFA at most likely "no MFA asked" (this
 * time), every MFA demand with home MFA is likely "own MFA (or a stronger method)" whatever its claims, 53003 is
 * a likely block (it may be an unattainable strength); the home token, device codes and 50014 are certain.
 */
const EXPECTED: Record<
  string,
  {
    verdict: Verdict;
    confidence: Confidence;
    leftover?: boolean;
    aadsts?: number;
    methods?: 'known' | 'unknown';
  }
> = {
  'contoso.example': { verdict: 'home-mfa-trusted', confidence: 'certain', methods: 'known' },
  'fabrikam.example': { verdict: 'home-mfa-trusted', confidence: 'likely', leftover: false, methods: 'known' },
  'northwindtraders.example': { verdict: 'separate-mfa', confidence: 'likely', aadsts: 50076 },
  'tailspintoys.example': { verdict: 'registration-required', confidence: 'likely', aadsts: 50079 },
  // Trust on, but a strength the home method does not meet: the silent answer (50076 + capolids) is no different
  // from Northwind's, so it is no longer "stronger method"; the trust request covers both causes.
  'woodgrovebank.example': { verdict: 'separate-mfa', confidence: 'likely', aadsts: 50076 },
  'litware.example': { verdict: 'blocked', confidence: 'likely', aadsts: 53003 },
  'adatum.example': { verdict: 'blocked', confidence: 'certain', aadsts: 53000 },
  'proseware.example': { verdict: 'separate-mfa', confidence: 'likely', aadsts: 50076 },
  'wingtiptoys.example': { verdict: 'no-mfa-required', confidence: 'likely', leftover: false, methods: 'known' },
  'margiestravel.example': { verdict: 'no-mfa-required', confidence: 'likely', leftover: true, methods: 'known' },
  'lucernepublishing.example': { verdict: 'blocked', confidence: 'likely', aadsts: 53003 },
  'relecloud.example': { verdict: 'home-mfa-trusted', confidence: 'likely', methods: 'unknown' },
  'alpineskihouse.example': { verdict: 'needs-sign-in', confidence: 'certain', aadsts: 50014 },
};

describe('scan of seed-blog.json through the app services', () => {
  let app: AppHarness;
  let accountId: string;
  let tenants: TenantRecord[];

  beforeAll(async () => {
    app = await startApp('seed-blog.json');
    const account = await app.services.handlers.signIn(undefined);
    accountId = account.accountId;
    const progress = await app.services.handlers.startScan({ accountId });
    expect(progress).toMatchObject({ running: false, cancelled: false, error: null });
    tenants = tenantsOf(app, accountId);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('signs in at home with MFA and marks the home tenant from the account', () => {
    const account = app.services.store.data().accounts[0]!;
    expect(account).toMatchObject({
      username: 'adele@contoso.example',
      homeSessionMfa: true,
      homeTenantName: 'Contoso',
    });
    expect(tenants.filter((t) => t.isHome).map((t) => t.defaultDomain)).toEqual(['contoso.example']);
  });

  it('gives every listed tenant the verdict the behaviour model implies', () => {
    const byDomain = Object.fromEntries(tenants.map((t) => [t.defaultDomain, t]));
    for (const [domain, expected] of Object.entries(EXPECTED)) {
      const record = byDomain[domain];
      expect(record, domain).toBeDefined();
      expect({
        domain,
        verdict: record!.classification?.verdict,
        confidence: record!.classification?.confidence,
      }).toEqual({ domain, verdict: expected.verdict, confidence: expected.confidence });
      if (expected.leftover !== undefined)
        expect(record!.classification?.leftoverRegistration, domain).toBe(expected.leftover);
      if (expected.aadsts) expect(record!.classification?.evidence.aadsts, domain).toBe(expected.aadsts);
      if (expected.methods === 'known') expect(record!.methods, domain).not.toBeNull();
      if (expected.methods === 'unknown') {
        expect(record!.methods, domain).toBeNull();
        // The token holds no methods permission: the app's limit, said as such (not as the tenant's refusal).
        expect(record!.methodsNote, domain).toMatch(/The app's sign-in may not read your methods/);
      }
    }
  });

  it('does not list the removed guest tenant, and probes it as not-a-guest when added by domain', async () => {
    expect(tenants.some((t) => t.defaultDomain === 'cohowinery.example')).toBe(false);
    const added = await app.services.handlers.addTenant({ accountId, query: 'cohowinery.example' });
    expect(added).toMatchObject({ source: 'added-by-user', listed: false });
    expect(added.classification?.verdict).toBe('not-a-guest');
    expect(added.classification?.evidence.aadsts).toBe(50020);
  });

  it('records the evidence the emails need: correlation id and time of the MFA demand', () => {
    const northwind = tenants.find((t) => t.defaultDomain === 'northwindtraders.example')!;
    expect(northwind.classification?.evidence.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(northwind.classification?.evidence.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const fabrikam = tenants.find((t) => t.defaultDomain === 'fabrikam.example')!;
    expect(fabrikam.classification?.evidence.amr).toContain('mfa');
  });

  it('asked each tenant with the tenant authority, not the home token (toolchain trap)', () => {
    const tokenTenants = new Set(app.emulator.requests.filter((r) => r.endpoint === 'token').map((r) => r.tenant));
    for (const key of ['fabrikam', 'northwind', 'wingtip', 'relecloud']) expect(tokenTenants.has(key), key).toBe(true);
  });

  it('saves sponsors for the emails', () => {
    const withSponsors = tenants.filter((t) => t.sponsors.length > 0);
    expect(withSponsors.length).toBeGreaterThan(0);
    expect(withSponsors.every((t) => t.sponsors.every((s) => typeof s.displayName === 'string'))).toBe(true);
  });

  it('streams progress and per-tenant updates', () => {
    const updates = app.events.filter((e) => e.type === 'tenant-updated');
    expect(updates.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
    const last = app.events.filter((e) => e.type === 'scan-progress').at(-1);
    expect(last?.type === 'scan-progress' && last.progress).toMatchObject({
      running: false,
      done: tenants.length,
      total: tenants.length,
    });
  });
});
