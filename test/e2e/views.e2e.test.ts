/**
 * The one walk of every view (test/e2e/ui.e2e.test.ts covers the states between them: a scan, offline, empty, a
 * failed start): every view at three window sizes, light and dark, over the real services: two scans of the seed world into one
 * data folder (the first with Fabrikam not trusting the home MFA, the second as test/scenarios/seed-blog.json,
 * where it does: a leftover entry and a change). Screenshots of the inventory, the drawer, the composer, the
 * entries, the phone change, what changed, settings, the folded navigation and the welcome page go to
 * test-results/screenshots/ (views-<view>-<width>x<height>-<scheme>.png); at each size no view scrolls the window
 * past its content (issue 25: the phone change was 3,468 px tall), nothing the user needs is cut off or out of
 * reach, and the page shows no leaked placeholder, stack trace or unlabeled spinner; axe finds nothing serious or
 * critical in any view at any size.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { SCENARIOS, startApp } from '../support/app-harness';
import {
  freshPage,
  inventoryPage,
  resetPage,
  SCHEME_RULES,
  seriousAxeFindings,
  settled,
  showScheme,
  tick,
  type FreshPage,
  type FreshPageOptions,
} from '../support/e2e-page';
import { RENDERER_DIR, startServedApp, type ServedApp } from '../support/served-app';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'test-results/screenshots');
type Scheme = 'light' | 'dark';
// Scripts that run in the page are strings: this file is type-checked for Node, without the DOM library.
const UNLABELED_SPINNERS = `[...document.querySelectorAll('[role="progressbar"], .fui-Spinner')]
  .filter((el) => {
    const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
      el.querySelector('[aria-label]') || el.querySelector('.fui-Spinner__label')?.textContent?.trim();
    return !labelled && !el.closest('[aria-hidden="true"]');
  })
  .map((el) => el.outerHTML.slice(0, 120))`;
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
  let served: ServedApp;
  let host: TestHost;
  let browser: Browser;
  const opened: FreshPage[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    served = await startServedApp([before(), seed()]);
    ({ host, browser } = served);
  }, 120_000);

  afterEach(async () => {
    for (const fresh of opened.splice(0)) await fresh.close();
  });

  afterAll(() => served?.close());

  async function open(scheme: Scheme, size: { width: number; height: number }): Promise<Page> {
    const fresh = await inventoryPage(browser, host.url, { scheme, viewport: size });
    opened.push(fresh);
    return fresh.page;
  }

  const shot = (page: Page, name: string, size: { width: number; height: number }, scheme: Scheme) =>
    page.screenshot({ path: path.join(screenshots, `views-${name}-${size.width}x${size.height}-${scheme}.png`) });

  async function noSeriousAccessibilityIssues(page: Page, where = '', rules?: readonly string[]): Promise<void> {
    // Opening animations first: half-faded text would fail the contrast rule.
    await settled(page);
    expect(await seriousAxeFindings(page, 'html', rules ? { rules } : {}), where).toEqual([]);
  }

  /** The document is as tall as the window, and End (the key that scrolled the app away) moves nothing. */
  async function fitsTheWindow(page: Page, where: string): Promise<void> {
    const size = await page.evaluate<{ scroll: number; window: number; body: number }>(
      `({ scroll: document.documentElement.scrollHeight, window: window.innerHeight, body: document.body.scrollHeight })`,
    );
    expect(size.scroll, `${where}: document height`).toBe(size.window);
    expect(size.body, `${where}: body height`).toBeLessThanOrEqual(size.window);
    await page.locator('main').first().focus();
    await page.keyboard.press('End');
    await page.mouse.wheel(0, 5000);
    await expect.poll(() => page.evaluate<number>('window.scrollY'), { message: `${where}: window scroll` }).toBe(0);
    const shell = await page.locator('main').first().boundingBox();
    expect(shell?.y, `${where}: the app shell stays put`).toBe(0);
  }

  /** Nothing a user should never see: leaked placeholders, stack traces, unlabeled spinners. */
  async function expectCleanPage(page: Page, where: string): Promise<void> {
    const text = await page.locator('body').innerText();
    expect(text, where).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|Invalid Date|\[object Object\]/);
    expect(text, where).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)|Error: /);
    expect(await page.evaluate<string[]>(UNLABELED_SPINNERS), where).toEqual([]);
  }

  /** Opens a view from the navigation (through the menu button where the navigation is collapsed). */
  async function go(page: Page, testId: string, heading: string): Promise<void> {
    const menu = page.getByRole('button', { name: 'Open navigation' });
    if (await menu.isVisible()) {
      await menu.click();
      await page.getByRole('dialog', { name: 'Navigation' }).waitFor();
    }
    await page.getByTestId(testId).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByRole('dialog', { name: 'Navigation' }).waitFor({ state: 'detached' });
    await settled(page);
  }

  // The one walk of every view: at every size each view is measured (it fits the window), checked for leaked
  // placeholders and by axe, and photographed, in light; then, switched to dark in place, photographed again and
  // checked by the axe rules a scheme can change (contrast; the DOM, ARIA and layout are the scheme's twin's). The
  // composer, a dialog over the drawer, is measured by axe at 1280×800.
  for (const size of SIZES) {
    it(`${size.width}×${size.height} light and dark: every view fits the window, clean, nothing serious for axe`, async () => {
      const check = async (page: Page, view: string, { fits = true, axeHere = true } = {}) => {
        const at = `at ${size.width}×${size.height}`;
        await settled(page);
        await expectCleanPage(page, `${view} ${at}`);
        // The pictures first: the measure presses End and leaves a focus ring behind.
        await shot(page, view, size, 'light');
        await showScheme(page, 'dark');
        await settled(page);
        await shot(page, view, size, 'dark');
        if (axeHere) await noSeriousAccessibilityIssues(page, `${view} ${at} dark`, SCHEME_RULES);
        await showScheme(page, 'light');
        await settled(page);
        if (fits) await fitsTheWindow(page, `${view} ${at}`);
        if (axeHere) await noSeriousAccessibilityIssues(page, `${view} ${at} light`);
      };
      const page = await open('light', size);
      await check(page, 'inventory');

      await page.getByRole('row', { name: /Northwind Traders/ }).click();
      await page.getByTestId('verdict-panel').waitFor();
      await check(page, 'drawer');

      await page.getByRole('button', { name: 'Request trust' }).click();
      await page.getByRole('dialog', { name: /trust/i }).waitFor();
      await page.getByTestId('composer-body').waitFor();
      await check(page, 'composer', { fits: false, axeHere: size.width === 1280 });
      await resetPage(page);
      await page.getByTestId('verdict-panel').waitFor({ state: 'detached' });

      await go(page, 'nav-entries', 'Authenticator entries');
      await check(page, 'entries');
      await go(page, 'nav-phone', 'Phone change');
      await page.getByTestId('checklist-progress').waitFor();
      await check(page, 'phone');
      await go(page, 'nav-changes', 'What changed');
      await check(page, 'changes');
      await go(page, 'nav-settings', 'Settings');
      // The sender name leads; the client id is under Advanced.
      await page.getByRole('heading', { level: 2, name: 'Your name in emails' }).waitFor();
      await page.getByRole('button', { name: /Advanced/ }).click();
      await page.getByLabel('Application (client) id').waitFor();
      await check(page, 'settings');

      const menu = page.getByRole('button', { name: 'Open navigation' });
      if (size.width < 1024) {
        // The folded navigation: a modal dialog (axe's aria-allowed-attr was critical on role=navigation).
        await menu.click();
        const navigation = page.getByRole('dialog', { name: 'Navigation' });
        await navigation.waitFor();
        expect(await navigation.getAttribute('aria-modal')).toBe('true');
        await check(page, 'navigation', { fits: false });
        await page.getByTestId('nav-inventory').click();
        await navigation.waitFor({ state: 'detached' });
        await page.getByRole('heading', { level: 1, name: 'Inventory' }).waitFor();
      } else {
        expect(await menu.count()).toBe(0);
      }
    }, 180_000);
  }

  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('leads with the answer: a headline, the entry-costing verdicts grouped in their own tones, a next step per row', async () => {
    const page = await open('light', { width: 1280, height: 800 });
    expect(await page.getByTestId('summary-headline').innerText()).toBe(
      '3 organisations make you keep their own Authenticator entry; 1 will ask you to register; 1 entry can be removed.',
    );
    const costing = page.getByTestId('summary-group-costs-entry');
    expect(await costing.getByRole('button').allInnerTexts()).toEqual([
      expect.stringMatching(/3\s*Needs its own MFA/),
      expect.stringMatching(/1\s*Registration required/),
    ]);
    expect(await page.getByTestId('summary-group-no-entry').innerText()).toContain('Accepts your home MFA');
    // Each entry-costing verdict its own tone, none of them the refusal's.
    const tones = await page.$$eval('[data-testid^="summary-"][data-tone]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-tone')])),
    );
    expect(tones['summary-separate-mfa']).not.toBe(tones['summary-registration-required']);
    expect(tones['summary-separate-mfa']).not.toBe(tones['summary-blocked']);
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual([
      'Organisation',
      expect.stringContaining('Verdict'),
      'Next step',
      'Last checked',
    ]);
    // No organisation's methods were read (the default client cannot): no column of "Unknown", one line says why.
    expect(await page.getByTestId('methods-note').count()).toBe(1);
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    expect(await row('Northwind Traders').getByTestId('next-step').innerText()).toBe(
      'Keep its entry; ask it to trust your MFA',
    );
    expect(await row('A. Datum').getByTestId('next-step').innerText()).toBe(
      'Try the browser or Teams; else ask its IT',
    );
    // The leftover entry is the next step, as a filled badge (not the faintest one on the row).
    const canGo = row('Fabrikam').getByTestId('entry-can-go');
    expect(await canGo.innerText()).toBe('Entry can go');
    expect(await canGo.getAttribute('class')).toMatch(/fui-Badge/);
    expect(await row('Fabrikam').getByTestId('row-change').innerText()).toContain('Now accepts your home MFA');
    // Nothing "Own MFA required" anywhere.
    expect(await page.locator('body').innerText()).not.toContain('Own MFA required');
  }, 30_000);

  it('at 800×600: compact header, folded navigation, the useful columns in reach, full names on hover', async () => {
    const page = await open('light', { width: 800, height: 600 });
    const grid = await box(page, '[data-testid="tenant-grid"]');
    // Header, headline and toolbar leave the rows most of the window (they took ~415 of 600 px).
    expect(grid.y).toBeLessThan(200);
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual([
      'Organisation',
      expect.stringContaining('Verdict'),
      'Next step',
    ]);
    // Every visible cell ends inside the grid: nothing is cut off at the right edge.
    const cells = await page.$$eval('[role="gridcell"]', (els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect().right),
    );
    for (const right of cells) expect(right).toBeLessThanOrEqual(grid.x + grid.width + 0.5);
    expect(
      await page
        .getByRole('row', { name: /Northwind Traders/ })
        .locator('[title="Northwind Traders"]')
        .count(),
    ).toBe(1);
    // The chips fold into the Filter menu, with their counts.
    expect(await page.getByTestId('summary-group-costs-entry').count()).toBe(0);
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByRole('menuitemcheckbox', { name: /Needs its own MFA/ }).innerText()).toMatch(/3/);
    await page.keyboard.press('Escape');
    // The navigation is a menu button; it opens over the page and reaches every view.
    expect(await page.getByTestId('nav-entries').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByTestId('nav-entries').click();
    await page.getByRole('heading', { level: 1, name: 'Authenticator entries' }).waitFor();
    // The entries list fits: no row runs off the list, the Why text wraps at word boundaries.
    const overflow = await page.$$eval('li[data-entry-key]', (items) =>
      items.map((li) => li.scrollWidth - li.clientWidth),
    );
    for (const extra of overflow) expect(extra).toBeLessThanOrEqual(1);
    await noSeriousAccessibilityIssues(page);
  }, 30_000);

  it('keeps codes out of the verdict sentence and glosses them under Evidence; asks before Leave organisation', async () => {
    const page = await open('light', { width: 1280, height: 800 });
    await page.getByRole('row', { name: /Woodgrove Bank/ }).click();
    const sentence = await page.getByTestId('verdict-sentence').innerText();
    expect(sentence).not.toMatch(/AADSTS|claims challenge|authentication strength/i);
    const drawer = page.getByTestId('tenant-drawer');
    expect(await drawer.innerText()).toMatch(/Error code\s*AADSTS\d+/);
    expect(await page.getByTestId('evidence-terms').innerText()).toContain(
      'Authentication strength: a Conditional Access rule',
    );
    // UTC only under Evidence.
    const evidence = await page
      .getByRole('region', { name: 'Evidence' })
      .innerText()
      .catch(() => '');
    const outside = (await drawer.innerText()).replace(evidence, '');
    expect(outside).not.toContain('UTC');
    const leave = page.getByTestId('leave-organisation');
    expect(await leave.getAttribute('aria-label')).toContain('opens My Account in your browser');
    await leave.click();
    const confirm = page.getByRole('dialog', { name: 'Leave Woodgrove Bank?' });
    expect(await confirm.innerText()).toContain('Leaving removes your guest account there');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
  }, 30_000);

  it('an MFA reset claims a lost phone only when the user says so', async () => {
    const page = await open('light', { width: 1280, height: 800 });
    await page.getByRole('row', { name: /Northwind Traders/ }).click();
    await page.getByRole('button', { name: 'Request MFA reset' }).click();
    const body = page.getByTestId('composer-body');
    await body.waitFor();
    expect(await body.innerText()).not.toMatch(/lost|replaced/);
    await tick(page.getByTestId('composer-lost-phone'));
    await expect.poll(() => body.innerText()).toContain('has been lost or replaced');
  }, 30_000);

  it('toasts sit off the grid and never print; navigation counts and ticks say what they mean; Settings lead with the sender name', async () => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      const page = await open('light', size);
      await page.getByRole('row', { name: /Northwind Traders/ }).click();
      await page.getByRole('button', { name: 'Copy correlation id' }).click();
      const toast = page.locator('.fui-Toast').filter({ hasText: 'Correlation id copied' });
      await toast.waitFor();
      const toastBox = (await toast.boundingBox())!;
      await page.emulateMedia({ media: 'print' });
      expect(await toast.isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByTestId('verdict-panel').waitFor({ state: 'detached' });
      const rows = await box(page, '[data-testid="tenant-grid"] > [role="rowgroup"]:last-child');
      expect(overlaps(toastBox, rows), `toast over the rows at ${size.width}×${size.height}`).toBe(false);
    }
    const page = await open('light', { width: 1280, height: 800 });
    const count = page.getByTestId('nav-count-entries');
    expect(await count.innerText()).toMatch(/^\d+ in use$/);
    expect(await count.getAttribute('aria-label')).toMatch(/Authenticator entr(y is|ies are) in use for this account/);
    expect(await page.getByTestId('nav-count-phone').innerText()).toMatch(/^\d+ to do$/);
    await go(page, 'nav-entries', 'Authenticator entries');
    expect(await page.getByTestId('reviewed-help').innerText()).toContain('changes no verdict, answer or step');
    await go(page, 'nav-settings', 'Settings');
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings[0]).toBe('Your name in emails');
    expect(await page.getByLabel('Application (client) id').count()).toBe(0);
    await page.getByRole('button', { name: /Advanced/ }).click();
    await page.getByLabel('Application (client) id').waitFor();
  }, 60_000);

  it('offers the actions that fit each verdict, and the drawer, the toolbar and the batches agree', async () => {
    const page = await open('light', { width: 1280, height: 800 });
    const names = (await page.locator('[data-row-index] .fui-Text span[title]').allInnerTexts()).filter(
      (n) => n !== 'Contoso',
    );
    expect(names.length).toBeGreaterThan(8);
    const offers: Record<string, string[]> = {};
    for (const name of names) {
      await page.getByRole('row', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
      const actions = page.getByTestId('drawer-actions');
      await actions.waitFor();
      const more = page.getByTestId('drawer-more-actions');
      offers[name] = [
        ...(await actions.getByRole('button').allInnerTexts()),
        ...(await more.getByRole('button').allInnerTexts()),
      ].map((t) => t.trim());
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByTestId('verdict-panel').waitFor({ state: 'detached' });
    }
    const offering = (label: string) => names.filter((n) => offers[n]!.includes(label)).sort();
    // A tenant that refuses the device: the device email, no "Sign in to this tenant".
    expect(offers['A. Datum Corporation']).toContain('Ask to trust your devices');
    expect(offers['A. Datum Corporation']).not.toContain('Sign in to this tenant');
    // No MFA reset where nothing is registered: only entries in use or about to be.
    expect(offering('Request MFA reset')).toEqual(['Northwind Traders', 'Proseware, Inc.', 'Woodgrove Bank']);
    expect(offers['Relecloud']).not.toContain('Request MFA reset');
    // The toolbar counts the same organisations, and each batch lists exactly them.
    for (const [kind, label, title] of [
      ['Save MFA reset requests', 'Request MFA reset', 'Save MFA reset requests'],
      ['Save trust requests', 'Request trust', 'Save trust requests'],
      ['Save device-trust requests', 'Ask to trust your devices', 'Save device-trust requests'],
    ] as const) {
      await page.getByRole('button', { name: 'Export' }).click();
      const item = page.getByRole('menuitem', { name: new RegExp(`^${kind} \\(\\d+\\)`) });
      const count = Number(/\((\d+)\)/.exec(await item.innerText())?.[1]);
      expect(count, kind).toBe(offering(label).length);
      await item.click();
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.getByTestId('batch-row').first().waitFor();
      const listed = (await dialog.getByTestId('batch-row').locator('.fui-Checkbox__label').allInnerTexts()).sort();
      expect(listed, kind).toEqual(offering(label));
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
  }, 120_000);

  it('the welcome page at each size, light and dark (switched in place), clean and without serious axe findings', async () => {
    // A second host over services that have no account yet.
    const fresh = await startApp(seed());
    const welcomeHost = await startTestHost({ rendererDir: RENDERER_DIR, handlers: fresh.services.handlers });
    try {
      for (const size of SIZES) {
        const options: FreshPageOptions = { viewport: size, reducedMotion: 'reduce', bypassCSP: true };
        const fresh = await freshPage(browser, welcomeHost.url, options);
        opened.push(fresh);
        const page = fresh.page;
        await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
        await settled(page);
        await expectCleanPage(page, 'welcome');
        await shot(page, 'welcome', size, 'light');
        if (size.width === 1280) await noSeriousAccessibilityIssues(page, 'welcome light');
        await showScheme(page, 'dark');
        await settled(page);
        await shot(page, 'welcome', size, 'dark');
        if (size.width === 1280) await noSeriousAccessibilityIssues(page, 'welcome dark', SCHEME_RULES);
      }
    } finally {
      await welcomeHost.close();
      await fresh.close();
    }
  }, 90_000);
});
