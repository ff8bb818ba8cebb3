/**
 * Every view at three window sizes, light and dark, over the real services: two scans of the seed world into one
 * data folder (the first with Fabrikam not trusting the home MFA, the second as test/scenarios/seed-blog.json,
 * where it does: a leftover entry and a change). Screenshots of the inventory, the drawer, the composer, the
 * entries, the phone change, what changed, settings and the welcome page go to test-results/screenshots/
 * (views-<view>-<width>x<height>-<scheme>.png), and at each size the layout is measured: nothing the user needs is
 * cut off or out of reach, and axe finds nothing serious.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../emulator';
import { startTestHost, type TestHost } from '../host/server';
import { SCENARIOS, startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from './browser';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
type Scheme = 'light' | 'dark';
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;

function seed(): ScenarioInput {
  return JSON.parse(readFileSync(path.join(SCENARIOS, 'seed-blog.json'), 'utf8')) as ScenarioInput;
}

/**
 * The seed world weeks earlier: Fabrikam did not trust the home MFA yet, and the guest had registered an
 * Authenticator there (so it demanded its own MFA); now it trusts the home MFA and the entry can go.
 */
function before(): ScenarioInput {
  const world = seed() as unknown as {
    tenants: Record<string, { inboundTrust?: unknown; guest?: { methods?: unknown[] } }>;
  };
  const fabrikam = world.tenants['fabrikam']!;
  delete fabrikam.inboundTrust;
  fabrikam.guest = {
    ...fabrikam.guest,
    methods: [{ type: 'microsoftAuthenticator', displayName: 'iPhone 15', createdDateTime: '2024-02-20T14:03:00Z' }],
  };
  return world as unknown as ScenarioInput;
}

describe('every view at 800×600, 1280×800 and 1600×1000, light and dark', () => {
  let data: string;
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    data = mkdtempSync(path.join(tmpdir(), 'gmi-views-e2e-'));
    const first = await startApp(before(), { userDataDir: data });
    const { accountId } = await first.services.handlers.signIn(undefined);
    await first.services.handlers.startScan({ accountId });
    await first.close({ keepData: true });
    rmSync(path.join(data, 'msal-cache.bin'), { force: true });
    app = await startApp(seed(), { userDataDir: data, env: { emit: (event) => host?.emit(event) } });
    await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await host?.close();
    await app?.close();
    rmSync(data, { recursive: true, force: true });
  });

  async function open(scheme: Scheme, size: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: size,
      reducedMotion: 'reduce',
      // Only so that axe can be injected: the app's CSP refuses any script it did not ship.
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('grid', { name: 'Organisations' }).waitFor({ timeout: 20_000 });
    return page;
  }

  const shot = (page: Page, name: string, size: { width: number; height: number }, scheme: Scheme) =>
    page.screenshot({ path: path.join(screenshots, `views-${name}-${size.width}x${size.height}-${scheme}.png`) });

  async function noSeriousAccessibilityIssues(page: Page): Promise<void> {
    await page.waitForTimeout(300);
    if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate<axe.AxeResults>(
      `axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
    );
    const violations = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(violations).toEqual([]);
  }

  /** Opens a view from the navigation (through the menu button where the navigation is collapsed). */
  async function go(page: Page, testId: string, heading: string): Promise<void> {
    const menu = page.getByRole('button', { name: 'Open navigation' });
    if (await menu.isVisible()) await menu.click();
    await page.getByTestId(testId).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForTimeout(250);
  }

  for (const scheme of ['light', 'dark'] as const) {
    for (const size of SIZES) {
      it(`${size.width}×${size.height} ${scheme}: every view`, async () => {
        const page = await open(scheme, size);
        await page.waitForTimeout(300);
        await shot(page, 'inventory', size, scheme);
        await noSeriousAccessibilityIssues(page);

        await page.getByRole('row', { name: /Northwind Traders/ }).click();
        await page.getByTestId('verdict-panel').waitFor();
        await page.waitForTimeout(300);
        await shot(page, 'drawer', size, scheme);
        await noSeriousAccessibilityIssues(page);

        await page.getByRole('button', { name: 'Request trust' }).click();
        await page.getByRole('dialog', { name: /trust/i }).waitFor();
        await page.waitForTimeout(300);
        await shot(page, 'composer', size, scheme);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(200);
        await page.keyboard.press('Escape');
        await page.getByTestId('verdict-panel').waitFor({ state: 'detached' });

        await go(page, 'nav-entries', 'Authenticator entries');
        await shot(page, 'entries', size, scheme);
        await noSeriousAccessibilityIssues(page);
        await go(page, 'nav-phone', 'Phone change');
        await shot(page, 'phone', size, scheme);
        await go(page, 'nav-changes', 'What changed');
        await shot(page, 'changes', size, scheme);
        await go(page, 'nav-settings', 'Settings');
        await shot(page, 'settings', size, scheme);
        await noSeriousAccessibilityIssues(page);
      }, 90_000);
    }
  }

  it('the welcome page at each size, light and dark', async () => {
    // A second host over services that have no account yet.
    const fresh = await startApp(seed());
    const welcomeHost = await startTestHost({ rendererDir, handlers: fresh.services.handlers });
    try {
      for (const scheme of ['light', 'dark'] as const) {
        for (const size of SIZES) {
          const context = await browser.newContext({ colorScheme: scheme, viewport: size, reducedMotion: 'reduce' });
          contexts.push(context);
          const page = await context.newPage();
          await page.goto(welcomeHost.url);
          await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
          await page.waitForTimeout(200);
          await shot(page, 'welcome', size, scheme);
        }
      }
    } finally {
      await welcomeHost.close();
      await fresh.close();
    }
  }, 90_000);
});
