/**
 * A home that blocks Azure management ("Windows Azure Service Management API", refused with 53003) closes one door
 * only: the app signs in for Microsoft Graph, and a scan still checks every organisation it knows (stored from an
 * earlier scan, added by hand by domain), marks the inventory "listing unavailable" and says why, in the app's
 * notices and in the headless runner's --json.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario, startEmulator } from '../../tools/entra-emulator';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { tempDirs } from '../support/temp-dirs';
import { runScan } from '../../tools/scan';

const BLOCKED = path.join(SCENARIOS, 'home-blocks-azure-management.json');

let app: AppHarness | null = null;
const dirs = tempDirs('gmi-listing-');
const tempDir = () => dirs.make();
afterEach(async () => {
  await app?.close({ keepData: true });
  app = null;
  dirs.removeAll();
});

describe('a home that refuses the Azure management sign-in', () => {
  it('signs in for Graph only and checks organisations added by hand, saying why nothing was listed', async () => {
    app = await startApp(BLOCKED, { userDataDir: tempDir() });
    const account = await app.services.handlers.signIn(undefined);
    // The user was told while the browser opened again.
    const waiting = app.events.flatMap((e) => (e.type === 'sign-in' && e.state === 'waiting' ? [e.message] : []));
    expect(waiting.some((m) => m?.includes('AADSTS53003') && m.includes('Microsoft Graph only'))).toBe(true);

    const added = await app.services.handlers.addTenant({ accountId: account.accountId, query: 'fabrikam.example' });
    expect(added.classification?.verdict).toBe('home-mfa-trusted');

    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress.error).toBeNull();
    expect(progress.listing).toBe('unavailable');
    expect(progress.listingProblem).toMatchObject({ kind: 'home-refused', aadsts: 53003 });
    const tenants = tenantsOf(app, account.accountId);
    expect(tenants.map((t) => [t.defaultDomain, t.classification?.verdict]).sort()).toEqual([
      ['contoso.example', 'home-mfa-trusted'],
      ['fabrikam.example', 'home-mfa-trusted'],
    ]);
    const state = await app.services.handlers.getState(undefined);
    const notice = state.notices.find((n) => n.title.startsWith('Listing unavailable'));
    expect(notice?.message).toContain('AADSTS53003');
    expect(notice?.message).toContain('Windows Azure Service Management API');
    expect(notice?.message).toMatch(/ask your home IT/i);
    expect(notice?.message).toContain('My Account');
    // "Copy what Entra answered" shows the sign-in page's refusal and the listing state.
    await app.services.handlers.copyDiagnostics({ accountId: account.accountId });
    const diagnostics = app.env.clipboardText();
    expect(diagnostics).toContain('Tenant listing: unavailable');
    expect(diagnostics).toContain('refused the Azure management sign-in');
    expect(diagnostics).toContain('AADSTS53003');
  }, 60_000);

  it('still checks every organisation stored from an earlier scan, marking none as no longer listed', async () => {
    const dir = tempDir();
    const open = await loadScenario(BLOCKED);
    open.arm.homeRefusesSignIn = false;
    // Yesterday the home let the app list the organisations.
    const before = await startEmulator({ scenario: open, autoComplete: true });
    app = await startApp(open, { userDataDir: dir, emulator: before });
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    const first = await app.services.handlers.startScan({ accountId });
    expect(first.listing).toBe('complete');
    const yesterday = new Map(tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]));
    expect(yesterday.size).toBe(4);
    await app.close({ keepData: true });
    await before.close();

    // Today the home blocks Azure management.
    app = await startApp(BLOCKED, { userDataDir: dir });
    expect((await app.services.handlers.signIn(undefined)).accountId).toBe(accountId);
    const second = await app.services.handlers.startScan({ accountId });
    expect(second.listing).toBe('unavailable');
    const today = tenantsOf(app, accountId);
    expect(new Map(today.map((t) => [t.tenantId, t.classification?.verdict]))).toEqual(yesterday);
    expect(today.every((t) => t.listed || t.isHome)).toBe(true);
    expect(today.every((t) => t.history.length === 1)).toBe(true);
  }, 90_000);

  it('prints listing "unavailable" with the refusal in --json', async () => {
    let printed = '';
    await runScan(
      { scenario: BLOCKED, json: true, emails: null, concurrency: 2 },
      (text) => (printed = text),
      () => undefined,
    );
    const output = JSON.parse(printed) as {
      listing: string;
      listingProblem: { kind: string; aadsts: number; message: string } | null;
      tenants: { isHome: boolean; verdict: string }[];
    };
    expect(output.listing).toBe('unavailable');
    expect(output.listingProblem).toMatchObject({ kind: 'home-refused', aadsts: 53003 });
    expect(output.listingProblem?.message).toContain('My Account');
    expect(output.tenants).toEqual([expect.objectContaining({ isHome: true, verdict: 'home-mfa-trusted' })]);
  }, 60_000);
});
