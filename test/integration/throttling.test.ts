/**
 * Throttling is a failed check to retry later, never a tenant verdict: through the app's real services and msal-node,
 * a tenant answering AADSTS50196 (LoopDetected) or 90055 (TenantThrottlingError) in their real shapes shows "check
 * failed, scan again in a few minutes", keeps its verdict history and stays in the trust-request batch by its last
 * real verdict. Also the other codes the emulator can fault with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { saveBatch } from '../support/email-batch';
import { todo } from '../support/words';

describe('throttling and session codes from a partner, after a clean scan of seed-blog.json', () => {
  let app: AppHarness;
  let accountId: string;
  const record = (domain: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domain)!;

  beforeAll(async () => {
    app = await startApp('seed-blog.json');
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  // 50196 comes as HTTP 400 (invalid_grant), 90055 as 429 (retried first, then kept with its code).
  for (const [code, key, domain] of [
    [50196, 'northwind', 'northwindtraders.example'],
    [90055, 'proseware', 'proseware.example'],
  ] as const) {
    it(`AADSTS${code}: a failed check, history untouched, still a trust-request candidate`, async () => {
      const before = record(domain);
      expect(before.classification?.verdict).toBe('separate-mfa');
      app.emulator.addFault(key, { endpoint: 'token', kind: 'aadsts', code });
      await app.services.handlers.startScan({ accountId });
      const throttled = record(domain);
      expect(throttled.classification).toMatchObject({ verdict: 'error', evidence: { aadsts: code } });
      expect(todo(throttled.classification)).toMatch(/^Scan again in a few minutes; this says nothing/);
      expect(throttled.history).toEqual(before.history);
      const batch = await saveBatch(app.services.handlers, { kind: 'trust-request', accountId });
      expect(batch.count).toBeGreaterThan(0);
      const draft = await app.services.handlers.composeEmail({
        kind: 'trust-request',
        accountId,
        tenantId: throttled.tenantId,
      });
      expect(draft.subject).toContain(before.displayName);
      // It does not pretend the failed check said anything about the tenant.
      expect(draft.body).toContain(`My last check of ${before.displayName} did not complete.`);
    }, 60_000);
  }

  it('70000, 70008 and 700082 ask for a fresh sign-in; 1000104 is a cross-cloud block', async () => {
    const cases = [
      ['wingtip', 'wingtiptoys.example', 70000, 'needs-sign-in'],
      ['margies', 'margiestravel.example', 70008, 'needs-sign-in'],
      ['fabrikam', 'fabrikam.example', 700082, 'needs-sign-in'],
      ['relecloud', 'relecloud.example', 1000104, 'blocked'],
    ] as const;
    for (const [key, , code] of cases) app.emulator.addFault(key, { endpoint: 'token', kind: 'aadsts', code });
    await app.services.handlers.startScan({ accountId });
    for (const [, domain, code, verdict] of cases) {
      expect(record(domain).classification, domain).toMatchObject({
        verdict,
        confidence: 'certain',
        evidence: { aadsts: code },
      });
    }
  }, 60_000);
});
