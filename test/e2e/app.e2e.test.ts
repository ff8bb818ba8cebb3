/**
 * The real app end to end in Chromium: the built renderer, the browser test host, the real main-process
 * services under Node, real MSAL, and the Entra emulator running seed-blog.json with its HTML sign-in pages
 * completed by clicking, as a person would.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';
import { freshPage, resetPage, settled, until, type FreshPage, type Scheme, tick } from '../support/e2e-page';

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

/** The real app on its own emulator world, served to Chromium; sign-in pages open as tabs of `context`. */
interface World {
  emulator: Emulator;
  app: AppHarness;
  host: TestHost;
  /** Sign-in pages the app opened in "the system browser" (new tabs of the same browser). */
  signInPages: Page[];
  close(): Promise<void>;
}

async function startWorld(context: BrowserContext): Promise<World> {
  const signInPages: Page[] = [];
  const emulator = await startEmulator({ scenario: path.join(root, 'test/scenarios/seed-blog.json') });
  // The host starts after the services it serves; main's events reach it once it is there.
  const late: { host?: TestHost } = {};
  const app = await startApp('seed-blog.json', {
    emulator,
    env: {
      browser: async (browserUrl) => {
        const tab = await context.newPage();
        signInPages.push(tab);
        await tab.goto(browserUrl);
      },
      emit: (event) => late.host?.emit(event),
    },
  });
  const host = await startTestHost({ rendererDir, handlers: app.services.handlers });
  late.host = host;
  return {
    emulator,
    app,
    host,
    signInPages,
    async close() {
      await host.close();
      await app.close();
      await emulator.close();
    },
  };
}

/** Completes the next sign-in the app opened, by clicking through the emulator's pages as a person would. */
async function completeSignIn(world: World, steps: 'home' | 'register'): Promise<void> {
  await until(() => world.signInPages.length > 0, 'the sign-in page to open');
  const tab = world.signInPages.shift()!;
  await tab.getByLabel('Password').fill('correct horse battery staple');
  await tab.getByRole('button', { name: 'Sign in' }).click();
  // The home MFA first (the app asks for it up front), then, in a tenant that demands it, the registration.
  await tab.getByRole('button', { name: 'Approve' }).click();
  if (steps === 'register') await tab.getByRole('button', { name: 'Finish setup' }).click();
  // The last page posts the code to the app's loopback listener, which shows its result page.
  await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
  await tab.close();
}

describe('the app with real services against the emulator', () => {
  let browser: Browser;
  /** Signed in through the emulator's pages and scanned once: where every test but the first starts. */
  let scanned: World;
  let scannedContext: BrowserContext;
  /** The page of the running test: a fresh one per test (freshPage), closed after it. */
  let page: Page;
  const opened: FreshPage[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    scannedContext = await browser.newContext();
    scanned = await startWorld(scannedContext);
    const [{ accountId }] = await Promise.all([
      scanned.app.services.handlers.signIn(undefined),
      completeSignIn(scanned, 'home'),
    ]);
    await scanned.app.services.handlers.startScan({ accountId });
  }, 120_000);

  afterEach(async () => {
    for (const fresh of opened.splice(0)) await fresh.close();
  });

  afterAll(async () => {
    await browser?.close();
    await scanned?.close();
  });

  async function open(url: string | null, scheme: Scheme = 'light', context?: BrowserContext): Promise<Page> {
    if (context) {
      const tab = await context.newPage();
      if (url) await tab.goto(url);
      return tab;
    }
    const fresh = await freshPage(browser, url, { scheme, viewport: { width: 1440, height: 900 } });
    opened.push(fresh);
    return fresh.page;
  }

  function row(name: string, on: Page = page) {
    return on.getByRole('row', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  }

  async function noSeriousAccessibilityIssues(url: string): Promise<void> {
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
    const axePage = await axeContext.newPage();
    await axePage.goto(url);
    await axePage.getByRole('grid', { name: 'Organisations' }).waitFor();
    await settled(axePage);
    await axePage.addScriptTag({ content: axe.source });
    const result = await axePage.evaluate<axe.AxeResults>(
      `axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
    );
    const violations = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.length}`);
    await axeContext.close();
    expect(violations).toEqual([]);
  }

  it('signs in through the emulator pages and scans every organisation', async () => {
    // A world of its own, nobody signed in yet.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const world = await startWorld(context);
    try {
      page = await open(world.host.url, 'light', context);
      await page.getByRole('button', { name: 'Sign in with your work account' }).click();
      await completeSignIn(world, 'home');
      await page.getByRole('grid', { name: 'Organisations' }).waitFor();
      for (const [name, badge] of Object.entries(BADGES)) {
        await expect.poll(() => row(name).innerText()).toContain(badge);
      }
      await page.screenshot({ path: path.join(screenshots, 'real-inventory-light.png') });
      await noSeriousAccessibilityIssues(world.host.url);
    } finally {
      await context.close();
      await world.close();
    }
  }, 120_000);

  it('shows why a tenant demands its own MFA, with the evidence', async () => {
    page = await open(scanned.host.url);
    await row('Northwind Traders').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await expect.poll(() => drawer.innerText()).toContain('AADSTS50076');
    expect(await drawer.innerText()).toMatch(/Correlation id/i);
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'real-detail-light.png') });
    // The trust request, exactly as it will be sent, with the facts of this tenant.
    await drawer.getByRole('button', { name: 'Request trust' }).click();
    const body = page.getByTestId('composer-body');
    await expect.poll(() => body.innerText()).toContain('AADSTS50076');
    expect(await body.innerText()).toContain(scanned.app.services.store.data().accounts[0]!.homeTenantId);
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'real-composer-light.png') });
    await page.keyboard.press('Escape');
    await body.waitFor({ state: 'detached' });
  }, 60_000);

  it('registers MFA in one tenant through "Sign in to this tenant" and the inventory follows', async () => {
    // Its sign-in pages open in the world's own context.
    page = await open(scanned.host.url, 'light', scannedContext);
    try {
      await row('Tailspin Toys').click();
      const drawer = page.getByRole('dialog', { name: 'Details of Tailspin Toys' });
      await expect.poll(() => drawer.getByTestId('verdict-panel').innerText()).toMatch(/Registration required/);
      await drawer.getByRole('button', { name: 'Sign in to this tenant' }).click();
      await completeSignIn(scanned, 'register');
      await expect.poll(() => drawer.getByTestId('verdict-panel').innerText()).toMatch(/Needs its own MFA/);
      expect(scanned.emulator.guestMethods('tailspin')).toHaveLength(1);
      await resetPage(page);
      await expect.poll(() => row('Tailspin Toys').innerText()).toContain('Needs its own MFA');
    } finally {
      await page.close();
    }
  }, 90_000);

  it('keeps phone-change progress across a reload', async () => {
    // A world of its own: another test's registration changes the checklist of the shared one.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const world = await startWorld(context);
    try {
      page = await open(world.host.url, 'light', context);
      await page.getByRole('button', { name: 'Sign in with your work account' }).click();
      await completeSignIn(world, 'home');
      await page.getByTestId('start-scan').waitFor({ timeout: 60_000 });
      await page.getByTestId('nav-phone').click();
      await page.getByRole('heading', { level: 1, name: 'Phone change' }).waitFor();
      const first = page.getByRole('checkbox').first();
      await tick(first);
      await expect.poll(() => page.getByTestId('checklist-progress').innerText()).toMatch(/^1 of \d+ steps done/);
      await page.screenshot({ path: path.join(screenshots, 'real-phone-change-light.png') });
      await page.reload();
      await page.getByTestId('nav-phone').click();
      await expect.poll(() => page.getByTestId('checklist-progress').innerText()).toMatch(/^1 of \d+ steps done/);
      expect(await page.getByRole('checkbox').first().isChecked()).toBe(true);
    } finally {
      await context.close();
      await world.close();
    }
  }, 120_000);

  it('looks finished in dark mode too', async () => {
    const darkPage = await open(scanned.host.url, 'dark');
    await darkPage.getByRole('grid', { name: 'Organisations' }).waitFor();
    await settled(darkPage);
    await darkPage.screenshot({ path: path.join(screenshots, 'real-inventory-dark.png') });
    const text = await darkPage.locator('body').innerText();
    expect(text).not.toMatch(/\bundefined\b|\bNaN\b|at Object\.|TypeError/);
  });
});
