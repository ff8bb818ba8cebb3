/**
 * A guest whose home is a personal Microsoft account (outlook.com): the sign-in goes through `common`, the list is
 * ARM's (which never holds the consumers tenant), no home row is made up, and every partner that requires MFA says
 * why trust cannot help; no partner is offered a trust request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { CONSUMERS_TENANT_ID } from '../../shared/identifiers';
import { PERSONAL_ACCOUNT_ACTION, PERSONAL_ACCOUNT_NO_TRUST } from '../../shared/reasons';
import { selectTrustCandidates } from '../../shared/selectors';
import { nextStepOf, PERSONAL_ACCOUNT_NEXT_STEP, tenantActions } from '../../shared/verdicts';
import { runScan } from '../../tools/scan';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { said, todo } from '../support/words';

const PERSONAL = path.join(SCENARIOS, 'personal-account.json');

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('a personal Microsoft account home', () => {
  it('scans end to end: no home row, own MFA everywhere MFA is required, and no trust request', async () => {
    app = await startApp(PERSONAL);
    const account = await app.services.handlers.signIn(undefined);
    expect(account.homeTenantId).toBe(CONSUMERS_TENANT_ID);
    // The home sign-in went through `common`, which takes personal accounts.
    const authorize = app.emulator.requests.filter((r) => r.endpoint === 'authorize');
    expect(authorize.map((r) => r.path.split('/')[1])).toEqual(['common']);

    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress.error).toBeNull();
    expect(progress.listing).toBe('complete');
    const tenants = tenantsOf(app, account.accountId);
    expect(tenants.some((t) => t.isHome || t.tenantId === CONSUMERS_TENANT_ID)).toBe(false);
    const verdicts = Object.fromEntries(tenants.map((t) => [t.defaultDomain, t.classification?.verdict]));
    // Fabrikam trusts MFA from Entra organisations; a personal account is not one.
    expect(verdicts).toEqual({
      'fabrikam.example': 'registration-required',
      'northwindtraders.example': 'separate-mfa',
      'wingtiptoys.example': 'no-mfa-required',
    });
    for (const t of tenants.filter((t) => t.classification?.verdict !== 'no-mfa-required')) {
      expect(said(t.classification).startsWith(PERSONAL_ACCOUNT_NO_TRUST)).toBe(true);
      expect(todo(t.classification)).toBe(PERSONAL_ACCOUNT_ACTION);
      expect(tenantActions(t, null)).not.toContain('request-trust');
      expect(nextStepOf(t, false)).toBe(PERSONAL_ACCOUNT_NEXT_STEP);
    }
    const state = await app.services.handlers.getState(undefined);
    expect(selectTrustCandidates(state, account.accountId)).toEqual([]);
    expect(state.accounts[0]?.homeTenantName).toBe('Personal Microsoft account');
  }, 60_000);

  it('writes no trust request from the headless runner', async () => {
    let printed = '';
    const warnings: string[] = [];
    await runScan(
      { scenario: PERSONAL, json: true, emails: null, concurrency: 2 },
      (text) => (printed = text),
      (text) => warnings.push(text),
    );
    const output = JSON.parse(printed) as { account: { homeTenantId: string }; tenants: { isHome: boolean }[] };
    expect(output.account.homeTenantId).toBe(CONSUMERS_TENANT_ID);
    expect(output.tenants).toHaveLength(3);
    expect(output.tenants.some((t) => t.isHome)).toBe(false);
    expect(warnings).toEqual([]);
  }, 60_000);
});
