/**
 * Two home accounts end to end in Chromium: the built renderer, the browser test host, the real main-process
 * services, real MSAL, and the emulator running two-users.json with its HTML pages. A person signs in as
 * Adele, adds Alex with "Add another account" (picking the account on the emulator's "Pick an account" page),
 * both are scanned, each account shows its own inventory and Authenticator entries, and signing Adele out
 * leaves Alex's tenants, entries and sign-in as they were. Screenshots: test-results/screenshots/two-accounts-*.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');

const ADELE = 'adele@contoso.example';
const ALEX = 'alex@fourthcoffee.example';

/** What each account's rows say after its scan (the behaviour model's verdicts for its own guest objects). */
const ADELE_BADGES: Record<string, string> = {
  'Fabrikam, Inc.': 'Accepts your home MFA',
  'Northwind Traders': 'Needs its own MFA',
  'Tailspin Toys': 'Registration required',
  'Wingtip Toys': 'No MFA asked',
};
const ALEX_BADGES: Record<string, string> = {
  'Fabrikam, Inc.': 'Accepts your home MFA',
  'Northwind Traders': 'Registration required',
  'Litware, Inc.': 'Blocked',
  Contoso: 'Registration required',
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('two home accounts in the app', () => {
  let emulator: Emulator;
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const signInPages: Page[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  // Each test has its own world (emulator, services, host) and browser context: none depends on another's accounts.
  beforeEach(async () => {
    signInPages.splice(0);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    emulator = await startEmulator({ scenario: path.join(root, 'test/scenarios/two-users.json') });
    app = await startApp('two-users.json', {
      emulator,
      env: {
        browser: async (browserUrl) => {
          const tab = await context.newPage();
          signInPages.push(tab);
          await tab.goto(browserUrl);
        },
        emit: (event) => host?.emit(event),
      },
    });
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
    page = await context.newPage();
    await page.goto(host.url);
  }, 60_000);

  afterEach(async () => {
    await context?.close();
    await host?.close();
    await app?.close();
    await emulator?.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The emulator's pages as a person goes through them: pick the account, password, approve at home. */
  async function signInAs(upn: string, name: string, { check = true } = {}): Promise<void> {
    await expect.poll(() => signInPages.length).toBeGreaterThan(0);
    const tab = signInPages.shift()!;
    await tab.getByRole('heading', { level: 1, name: 'Pick an account' }).waitFor();
    expect(await tab.getByRole('button').allInnerTexts()).toEqual([`Adele Vance\n${ADELE}`, `Alex Wilber\n${ALEX}`]);
    if (upn === ALEX && check) {
      await tab.screenshot({ path: path.join(screenshots, 'two-accounts-pick-an-account.png') });
      await tab.evaluate(axe.source);
      // A string expression: this project's Node typings have no DOM.
      const violations = await tab.evaluate<string[]>(
        "axe.run(document).then((result) => result.violations.map((v) => v.id + ': ' + v.help))",
      );
      expect(violations).toEqual([]);
    }
    await tab.getByRole('button', { name: new RegExp(escape(name)) }).click();
    await tab.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await tab.getByLabel('Account').inputValue()).toBe(upn);
    await tab.getByLabel('Password').fill('correct horse battery staple');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'You are signed in' }).count()).toBe(1);
    await tab.close();
  }

  function row(name: string) {
    return page.getByRole('row', { name: new RegExp(escape(name)) });
  }

  async function expectInventory(badges: Record<string, string>, absent: string[]): Promise<void> {
    await page.getByTestId('nav-inventory').click();
    await page.getByRole('grid', { name: 'Organisations' }).waitFor();
    for (const [name, badge] of Object.entries(badges)) {
      await expect.poll(() => row(name).innerText()).toContain(badge);
    }
    for (const name of absent) expect(await row(name).count(), name).toBe(0);
  }

  async function accountMenu(name: string, item: string | RegExp, screenshot?: string): Promise<void> {
    await page.getByRole('button', { name: `Account options for ${name}` }).click();
    const entry = page.getByRole('menuitem', { name: item });
    await entry.waitFor();
    if (screenshot) await page.screenshot({ path: path.join(screenshots, screenshot) });
    await entry.click();
  }

  const entryRow = (name: string) => page.locator('li[data-entry-key]').filter({ hasText: name }).first();

  async function expectEntries(words: Record<string, string>, absent: string[]): Promise<void> {
    await page.getByTestId('nav-entries').click();
    await page.getByRole('heading', { level: 1, name: 'Authenticator entries' }).waitFor();
    for (const [name, word] of Object.entries(words)) {
      await expect.poll(() => entryRow(name).innerText()).toContain(word);
    }
    for (const name of absent) {
      expect(await page.locator('li[data-entry-key]').filter({ hasText: name }).count(), name).toBe(0);
    }
    // The navigation counts this account's entries in use, as the view's "In use" tab does.
    const tab = await page.getByRole('tab', { name: /^In use \(\d+\)$/ }).innerText();
    const inUse = /\((\d+)\)/.exec(tab)![1]!;
    // The count says what it counts.
    expect(await page.getByTestId('nav-entries').innerText()).toMatch(
      new RegExp(`Authenticator entries\\s*${inUse} in use$`),
    );
  }

  /** Adele signs in from the welcome page, then adds Alex: both are signed in and scanned. */
  async function signInBoth(): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    await signInAs(ADELE, 'Adele Vance', { check: false });
    await expectInventory(ADELE_BADGES, []);
    await accountMenu('Adele Vance', 'Add another account');
    await signInAs(ALEX, 'Alex Wilber', { check: false });
    await expectInventory(ALEX_BADGES, []);
    await page.getByTestId('start-scan').waitFor({ timeout: 30_000 });
  }

  it('signs in Adele, then adds Alex on the account page; each account is scanned', async () => {
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    await signInAs(ADELE, 'Adele Vance');
    await expectInventory(ADELE_BADGES, ['Litware, Inc.']);
    await page.screenshot({ path: path.join(screenshots, 'two-accounts-adele-inventory.png') });

    await accountMenu('Adele Vance', 'Add another account');
    await signInAs(ALEX, 'Alex Wilber');
    // The new account is shown and scanned by itself (its first sign-in).
    await expectInventory(ALEX_BADGES, ['Tailspin Toys', 'Wingtip Toys']);
    const footer = await page.getByText('Signed-in accounts').locator('..').innerText();
    expect(footer).toContain(ADELE);
    expect(footer).toContain(ALEX);
    await page.screenshot({ path: path.join(screenshots, 'two-accounts-alex-inventory.png') });

    const accounts = app.services.store.data().accounts.map((a) => a.username);
    expect(accounts.sort()).toEqual([ADELE, ALEX]);
    const scanned = app.services.store
      .data()
      .tenants.filter((t) => t.classification)
      .map((t) => t.accountId);
    expect(new Set(scanned).size).toBe(2);
  }, 120_000);

  it("shows each account's own Authenticator entries", async () => {
    await signInBoth();
    await expectEntries({ 'Northwind Traders': 'Will be needed', Contoso: 'Will be needed' }, ['Tailspin Toys']);
    await page.screenshot({ path: path.join(screenshots, 'two-accounts-alex-entries.png') });

    await accountMenu('Adele Vance', 'Show inventory of Contoso', 'two-accounts-account-menu.png');
    await expectEntries({ 'Northwind Traders': 'In use', 'Tailspin Toys': 'Will be needed' }, ['Litware, Inc.']);
    await page.screenshot({ path: path.join(screenshots, 'two-accounts-adele-entries.png') });
    await expectInventory(ADELE_BADGES, ['Litware, Inc.']);
  }, 120_000);

  it('signs Adele out and leaves Alex, his tenants, entries and sign-in as they were', async () => {
    await signInBoth();
    const alexId = app.services.store.data().accounts.find((a) => a.username === ALEX)!.accountId;
    const alexTenants = app.services.store
      .data()
      .tenants.filter((t) => t.accountId === alexId)
      .map((t) => [t.tenantId, t.classification?.verdict]);
    const authorizeBefore = emulator.requestCount({ endpoint: 'authorize' });

    await accountMenu('Adele Vance', `Sign out ${ADELE}`);
    await expect.poll(() => page.getByRole('button', { name: 'Account options for Adele Vance' }).count()).toBe(0);
    // Alex is the one account left, shown with his inventory.
    await expectInventory(ALEX_BADGES, ['Tailspin Toys', 'Wingtip Toys']);
    await page.screenshot({ path: path.join(screenshots, 'two-accounts-after-sign-out.png') });
    expect(app.services.store.data().accounts.map((a) => a.username)).toEqual([ALEX]);
    expect(
      app.services.store
        .data()
        .tenants.filter((t) => t.accountId === alexId)
        .map((t) => [t.tenantId, t.classification?.verdict]),
    ).toEqual(alexTenants);
    expect(app.services.store.data().tenants.every((t) => t.accountId === alexId)).toBe(true);
    expect((await app.services.auth().homeAccounts()).map((a) => a.username)).toEqual([ALEX]);
    await expectEntries({ 'Northwind Traders': 'Will be needed' }, ['Tailspin Toys', 'Wingtip Toys']);

    // Alex scans again with his own saved sign-in: no browser page opens.
    const checkedAt = () =>
      app.services.store.data().tenants.find((t) => t.accountId === alexId && !t.isHome)?.observedAt ?? null;
    const before = checkedAt();
    await page.getByTestId('nav-inventory').click();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await expect.poll(checkedAt).not.toBe(before);
    await expectInventory(ALEX_BADGES, ['Tailspin Toys', 'Wingtip Toys']);
    expect(emulator.requestCount({ endpoint: 'authorize' })).toBe(authorizeBefore);
    expect(signInPages).toHaveLength(0);
  }, 120_000);
});
