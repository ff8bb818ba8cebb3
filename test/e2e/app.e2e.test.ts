/**
 * The real app end to end in Chromium: the built renderer, the browser test host, the real main-process
 * services under Node, real MSAL, and the Entra emulator running seed-blog.json with its HTML sign-in pages
 * completed by clicking, as a person would.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');

/** What each seed-blog organisation's badge says after the first scan (the behaviour model's verdicts). */
const BADGES: Record<string, string> = {
  'Fabrikam, Inc.': 'Accepts your home MFA',
  'Northwind Traders': 'Needs its own MFA',
  'Tailspin Toys': 'Registration required',
  'Woodgrove Bank': 'Needs its own MFA',
  'Litware, Inc.': 'Blocked',
  'A. Datum Corporation': 'Blocked',
  'Proseware, Inc.': 'Needs its own MFA',
  'Wingtip Toys': 'No MFA asked',
  "Margie's Travel": 'No MFA asked',
  'Lucerne Publishing': 'Blocked',
  Relecloud: 'Accepts your home MFA',
  'Alpine Ski House': 'Sign-in needed',
};

describe('the app with real services against the emulator', () => {
  let emulator: Emulator;
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Sign-in pages the app opened in "the system browser" (new tabs of the same browser). */
  const signInPages: Page[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    emulator = await startEmulator({ scenario: path.join(root, 'test/scenarios/seed-blog.json') });
    app = await startApp('seed-blog.json', {
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
    await emulator?.close();
  });

  async function completeSignIn(steps: 'home' | 'register'): Promise<void> {
    await expect.poll(() => signInPages.length).toBeGreaterThan(0);
    const tab = signInPages.shift()!;
    await tab.getByLabel('Password').fill('correct horse battery staple');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    // The home MFA first (the app asks for it up front), then, in a tenant that demands it, the registration.
    await tab.getByRole('button', { name: 'Approve' }).click();
    if (steps === 'register') await tab.getByRole('button', { name: 'Finish setup' }).click();
    // The last page posts the code to the app's loopback listener, which shows its result page.
    await expect
      .poll(() => tab.getByRole('heading', { name: 'You are signed in' }).count(), { timeout: 15_000 })
      .toBe(1);
    await tab.close();
  }

  function row(name: string) {
    return page.getByRole('row', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  }

  async function noSeriousAccessibilityIssues(): Promise<void> {
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
    const copy = await axeContext.newPage();
    await copy.goto(host.url);
    await copy.waitForLoadState('networkidle');
    await copy.addScriptTag({ content: axe.source });
    const result = await copy.evaluate<axe.AxeResults>(
      `axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
    );
    const violations = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.length}`);
    await axeContext.close();
    expect(violations).toEqual([]);
  }

  it('signs in through the emulator pages and scans every organisation', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    await completeSignIn('home');
    await page.getByRole('grid', { name: 'Organisations' }).waitFor({ timeout: 20_000 });
    for (const [name, badge] of Object.entries(BADGES)) {
      await expect.poll(() => row(name).innerText(), { timeout: 20_000 }).toContain(badge);
    }
    await page.screenshot({ path: path.join(screenshots, 'real-inventory-light.png') });
    await noSeriousAccessibilityIssues();
  }, 90_000);

  it('shows why a tenant demands its own MFA, with the evidence', async () => {
    await row('Northwind Traders').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await expect.poll(() => drawer.innerText()).toContain('AADSTS50076');
    expect(await drawer.innerText()).toMatch(/Correlation id/i);
    await page.waitForTimeout(500); // let the drawer finish sliding in
    await page.screenshot({ path: path.join(screenshots, 'real-detail-light.png') });
    // The trust request, exactly as it will be sent, with the facts of this tenant.
    await drawer.getByRole('button', { name: 'Request trust' }).click();
    const body = page.getByTestId('composer-body');
    await expect.poll(() => body.innerText()).toContain('AADSTS50076');
    expect(await body.innerText()).toContain(app.services.store.data().accounts[0]!.homeTenantId);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshots, 'real-composer-light.png') });
    await page.keyboard.press('Escape');
    await body.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
  });

  it('registers MFA in one tenant through "Sign in to this tenant" and the inventory follows', async () => {
    await row('Tailspin Toys').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Tailspin Toys' });
    await drawer.getByRole('button', { name: 'Sign in to this tenant' }).click();
    await completeSignIn('register');
    await expect
      .poll(() => drawer.getByTestId('verdict-panel').innerText(), { timeout: 20_000 })
      .toMatch(/Needs its own MFA/);
    expect(emulator.guestMethods('tailspin')).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => row('Tailspin Toys').innerText()).toContain('Needs its own MFA');
  }, 60_000);

  it('keeps phone-change progress across a reload', async () => {
    await page.getByTestId('nav-phone').click();
    await page.getByRole('heading', { level: 1, name: 'Phone change' }).waitFor();
    const first = page.getByRole('checkbox').first();
    await first.check();
    await expect.poll(() => page.getByTestId('checklist-progress').innerText()).toMatch(/^1 of \d+ steps done/);
    await page.screenshot({ path: path.join(screenshots, 'real-phone-change-light.png') });
    await page.reload();
    await page.getByTestId('nav-phone').click();
    await expect.poll(() => page.getByTestId('checklist-progress').innerText()).toMatch(/^1 of \d+ steps done/);
    expect(await page.getByRole('checkbox').first().isChecked()).toBe(true);
  });

  it('looks finished in dark mode too', async () => {
    const dark = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(host.url);
    await darkPage.getByRole('grid', { name: 'Organisations' }).waitFor();
    await darkPage.screenshot({ path: path.join(screenshots, 'real-inventory-dark.png') });
    const text = await darkPage.locator('body').innerText();
    expect(text).not.toMatch(/\bundefined\b|\bNaN\b|at Object\.|TypeError/);
    await dark.close();
  });
});
