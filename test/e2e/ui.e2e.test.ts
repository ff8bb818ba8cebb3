/**
 * The real renderer build in Chromium against the real app: the browser host serving the app's real services
 * (createAppServices), signed in for real at the Entra emulator (a child process) and holding the fixture data,
 * put through the real store (test/support/ui-world.ts). The detail drawer, the email composer, the checklist, a
 * real scan, offline, empty and failed-start states, keyboard use, with screenshots in light and dark
 * (test-results/screenshots, git-ignored); the walk of every view with axe is views.e2e.test.ts. Needs
 * `npm run build` first.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectChecklist, selectEntries } from '../../shared/selectors';
import { fixtureData, largeFixtureData, uiScenario } from '../fixtures/ui-fixture';
import { startEmulatorChild, type EmulatorChild } from '../support/emulator-child';
import { startUiHost, type UiHost } from '../support/ui-host';
import type { UiWorldOptions } from '../support/ui-world';
import { launchChromium } from '../../tools/chromium';
import { settled, shootBothSchemes, tick } from '../support/e2e-page';

const shotDir = path.resolve(__dirname, '../../test-results/screenshots');
type Scheme = 'light' | 'dark';

let browser: Browser;
let emulator: EmulatorChild;
const apps: UiHost[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shotDir, { recursive: true });
  emulator = await startEmulatorChild(uiScenario());
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const app of apps.splice(0)) await app.close();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

/** A fresh world of the real app: the fixture data, signed in (or, with `data: null`, nobody signed in). */
async function startWorld(options: Partial<Omit<UiWorldOptions, 'emulator'>> = {}): Promise<UiHost> {
  const app = await startUiHost({ emulator, data: fixtureData(), ...options });
  apps.push(app);
  return app;
}

interface Opened {
  page: Page;
  errors: string[];
}

async function open(app: UiHost, scheme: Scheme = 'light', options: { bypassCSP?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({
    colorScheme: scheme,
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
    bypassCSP: options.bypassCSP ?? false,
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(app.host.url);
  return { page, errors };
}

async function waitForInventory(page: Page): Promise<void> {
  await page.getByRole('grid', { name: 'Organisations' }).waitFor();
  await page.getByRole('row', { name: /Fabrikam/ }).waitFor();
}

const NAV_IDS = {
  Inventory: 'nav-inventory',
  'Authenticator entries': 'nav-entries',
  'Phone change': 'nav-phone',
  Settings: 'nav-settings',
} as const;

async function nav(page: Page, label: keyof typeof NAV_IDS) {
  await page.getByTestId(NAV_IDS[label]).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

async function shot(page: Page, name: string, scheme: Scheme): Promise<void> {
  await settled(page);
  await page.screenshot({ path: path.join(shotDir, `${name}-${scheme}.png`) });
}

/** `<name>-light.png` and `<name>-dark.png` of what the page shows now (the scheme switched in place). */
const shots = (page: Page, name: string) =>
  shootBothSchemes(page, (scheme) => path.join(shotDir, `${name}-${scheme}.png`));

// Scripts that run in the page are strings: this file is type-checked for Node, without the DOM library.
const UNLABELED_SPINNERS = `[...document.querySelectorAll('[role="progressbar"], .fui-Spinner')]
  .filter((el) => {
    const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
      el.querySelector('[aria-label]') || el.querySelector('.fui-Spinner__label')?.textContent?.trim();
    return !labelled && !el.closest('[aria-hidden="true"]');
  })
  .map((el) => el.outerHTML.slice(0, 120))`;
const FOCUSED_ROW = `document.activeElement?.getAttribute('data-row-index') ?? null`;

/** Nothing a user should never see: leaked placeholders, stack traces, unlabeled spinners. */
async function expectCleanPage(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|Invalid Date|\[object Object\]/);
  expect(text).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)|Error: /);
  expect(await page.evaluate<string[]>(UNLABELED_SPINNERS)).toEqual([]);
}

/** "N of M steps done", as the checklist view words the fixture's progress from main's data. */
function progressOf(app: UiHost): string {
  const data = app.world.services.store.data();
  const items = selectChecklist(data, selectEntries(data));
  const total = items.reduce((n, i) => n + i.steps.length, 0);
  const done = items.reduce((n, i) => n + i.steps.filter((s) => s.done).length, 0);
  return `${done} of ${total} ${total === 1 ? 'step' : 'steps'} done`;
}

const row = (page: Page, name: RegExp) => page.getByRole('row', { name });

/**
 * Runs `steps` while Fourth Coffee's check is held at the token endpoint (the emulator's `hold` fault), so a scan
 * is still running whatever the machine's load when the steps look for it; then lets the check answer.
 */
async function whileHeld(app: UiHost, steps: () => Promise<void>): Promise<void> {
  await app.world.addFault('fourthcoffee', { endpoint: 'token', kind: 'hold', times: 1 });
  try {
    await steps();
  } finally {
    await app.world.release('fourthcoffee');
  }
}

describe('the renderer over the real app with the fixture data', () => {
  // The views themselves are walked once, at every size and scheme with axe, in views.e2e.test.ts; here: the states
  // between them, in a world of the fixture data.
  // Light and dark pictures of each state from one walk (the scheme switched in place), not a second walk in dark.
  it('shows a scan, offline, empty and a failed start, cleanly, in light and dark', async () => {
    const app = await startWorld();
    const { page, errors } = await open(app);
    await waitForInventory(page);
    await expect.poll(() => page.getByTestId('summary-headline').textContent()).toMatch(/^3 organisations make you/);

    // A real scan: Fourth Coffee's answer is held back until its row has been seen with the check running, in
    // light and in dark (the scheme switched in place, on the same running check).
    await whileHeld(app, async () => {
      await page.getByTestId('start-scan').click();
      await row(page, /Fourth Coffee/)
        .getByText('Checking…')
        .waitFor();
      await expectCleanPage(page);
      await shots(page, 'inventory-scanning');
    });
    await page.getByTestId('start-scan').waitFor({ timeout: 30_000 });

    // The network goes away: the services start again without it, and the page follows them.
    await app.world.goOffline();
    await page.getByTestId('start-scan').click();
    await page.getByTestId('scan-failure').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('scan-failure').textContent()).toMatch(/You seem to be offline/);
    await expectCleanPage(page);
    await shots(page, 'inventory-offline');

    const data = fixtureData();
    const homeOnly = await startWorld({ data: { ...data, tenants: data.tenants.filter((t) => t.isHome) } });
    await page.goto(homeOnly.host.url);
    await page.getByTestId('empty-state').waitFor();
    await expectCleanPage(page);
    await shots(page, 'inventory-empty');

    // The bridge to main fails while the app starts: the page says so and offers to try again.
    await page.goto(app.host.url);
    await page.route('**/__host/ipc/getState', (route) => route.abort());
    await page.reload();
    await page.getByRole('heading', { name: 'The app could not start' }).waitFor();
    await expectCleanPage(page);
    await shots(page, 'startup-error');
    await page.unroute('**/__host/ipc/getState');
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitForInventory(page);

    expect(errors.filter((e) => !/Failed to fetch|net::ERR_FAILED/.test(e))).toEqual([]);
  });

  it('opens a detail, composes an email, and copies, opens and saves it', async () => {
    const app = await startWorld();
    const { page, errors } = await open(app);
    await waitForInventory(page);
    await row(page, /Tailspin Toys/).click();
    const drawer = page.getByRole('dialog', { name: 'Details of Tailspin Toys' });
    await expect.poll(() => drawer.getByTestId('verdict-panel').textContent()).toMatch(/Registration required/);
    await drawer.getByRole('button', { name: 'Request trust' }).click();

    const body = page.getByTestId('composer-body');
    await expect.poll(() => body.textContent()).toMatch(/^Hello Lidia Holloway,/);
    expect(await page.getByTestId('composer-to').inputValue()).toBe('lidia@tailspintoys.com');
    await page.getByRole('button', { name: 'Copy text' }).click();
    await expect.poll(() => app.world.env.clipboardText()).toBe(await body.textContent());

    await page.getByRole('button', { name: 'Open in mail app' }).click();
    await expect.poll(() => page.getByTestId('composer-outcome').textContent()).toMatch(/mail app|clipboard/);
    expect(app.world.env.opened.at(-1)).toMatch(/^mailto:lidia@tailspintoys\.com\?/);
    await page.getByRole('button', { name: 'Save .eml' }).click();
    const saved = path.join(app.world.env.userDataDir, 'exports', 'tailspintoys.com-trust-request.eml');
    await expect.poll(() => page.getByTestId('composer-outcome').textContent()).toContain(`Saved to ${saved}`);

    // The composer offers only the emails that fit: Tailspin asks for a registration, so nothing is registered
    // there to reset.
    expect(await page.getByLabel('MFA reset').count()).toBe(0);
    await tick(page.getByLabel('Remove my guest account'));
    await expect.poll(() => body.textContent()).toMatch(/I no longer need my guest account at Tailspin Toys\./);
    expect(app.world.calls.filter((c) => c.name === 'composeEmail').length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Escape');
    await body.waitFor({ state: 'detached' });

    // Notes are saved shortly after typing, with a visible state; recipients are validated before saving.
    await drawer.getByRole('textbox', { name: 'Notes' }).fill('Ask Lidia about the Q3 audit.');
    await expect.poll(() => drawer.getByTestId('notes-status').textContent()).toMatch(/Saved/);
    const tailspin = () => app.world.services.store.data().tenants.find((t) => t.displayName === 'Tailspin Toys')!;
    expect(tailspin().notes).toBe('Ask Lidia about the Q3 audit.');
    await drawer.getByRole('textbox', { name: 'Add a recipient address' }).fill('it@tailspintoys.com, oops');
    await drawer.getByRole('button', { name: 'Add', exact: true }).click();
    await drawer.getByText('“oops” is not an e-mail address.').waitFor();
    await drawer.getByRole('textbox', { name: 'Add a recipient address' }).fill('it@tailspintoys.com');
    await drawer.getByRole('button', { name: 'Add', exact: true }).click();
    // The first address joins the one the emails went to so far (the sponsor's).
    await expect.poll(() => tailspin().recipients).toEqual(['lidia@tailspintoys.com', 'it@tailspintoys.com']);
    expect(errors).toEqual([]);
  });

  it('signs in to one tenant from the detail and shows the new verdict', async () => {
    const app = await startWorld();
    app.world.browserDelayMs = 800;
    const { page, errors } = await open(app);
    await waitForInventory(page);
    await row(page, /Alpine Ski House/).click();
    const drawer = page.getByRole('dialog', { name: 'Details of Alpine Ski House' });
    await expect.poll(() => drawer.getByTestId('verdict-panel').textContent()).toMatch(/Sign-in needed/);
    await drawer.getByRole('button', { name: 'Sign in to this tenant' }).click();
    await drawer.getByRole('button', { name: 'Waiting for the browser…' }).waitFor();
    await expect.poll(() => drawer.getByTestId('verdict-panel').textContent()).toMatch(/Accepts your home MFA/);
    await page.keyboard.press('Escape');
    await expect.poll(() => row(page, /Alpine Ski House/).textContent()).toMatch(/just now/);
    expect(errors).toEqual([]);
  });

  it('ticks a checklist step and an entry, and keeps both after a reload', async () => {
    const app = await startWorld();
    const { page, errors } = await open(app);
    await waitForInventory(page);
    await nav(page, 'Phone change');
    const before = progressOf(app);
    expect(await page.getByTestId('checklist-progress').textContent()).toBe(before);
    const fabrikam = page.locator('li[data-entry-key]').filter({ hasText: 'Fabrikam' }).first();
    await tick(fabrikam.getByLabel(/^Add the account on the new phone/));
    await expect.poll(() => page.getByTestId('checklist-progress').textContent()).not.toBe(before);
    const after = progressOf(app);
    expect(await page.getByTestId('checklist-progress').textContent()).toBe(after);

    await nav(page, 'Authenticator entries');
    await tick(page.getByLabel('Reviewed: Fabrikam'));
    await expect.poll(() => page.getByLabel('Reviewed: Fabrikam').isChecked()).toBe(true);

    await page.reload();
    await waitForInventory(page);
    await nav(page, 'Phone change');
    await expect.poll(() => page.getByTestId('checklist-progress').textContent()).toBe(after);
    expect(await fabrikam.getByLabel(/^Add the account on the new phone/).isChecked()).toBe(true);
    await nav(page, 'Authenticator entries');
    expect(await page.getByLabel('Reviewed: Fabrikam').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('ticking a hand-made entry updates its word and the checklist at once (pictures in light and dark)', async () => {
    const app = await startWorld();
    const { page, errors } = await open(app);
    await waitForInventory(page);
    await nav(page, 'Phone change');
    const olympiaCard = page.locator('li[data-entry-key]').filter({ hasText: 'Olympia Lab (old project)' });
    await expect.poll(() => olympiaCard.textContent()).toContain('Entry: In use');

    await nav(page, 'Authenticator entries');
    const olympia = page.locator('li[data-entry-key]').filter({ hasText: 'Olympia Lab (old project)' });
    await tick(olympia.getByLabel('No longer needed: Olympia Lab (old project)'));
    // The word follows main's state at once, without a reload.
    await expect.poll(() => olympia.textContent()).toContain('Leftover');
    await olympia.scrollIntoViewIfNeeded();
    await shots(page, 'entries-after-manual-tick');

    await nav(page, 'Phone change');
    await expect.poll(() => olympiaCard.textContent()).toContain('You ticked this entry off');
    expect(await olympiaCard.textContent()).toContain('Leftover');
    await olympiaCard.scrollIntoViewIfNeeded();
    await shots(page, 'checklist-after-manual-tick');
    expect(await page.getByTestId('checklist-progress').textContent()).toBe(progressOf(app));
    expect(app.world.calls.filter((c) => c.name === 'getState')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('runs a real scan: progress, per-row spinners, rows updated as results arrive', async () => {
    const app = await startWorld();
    const { page, errors } = await open(app);
    await waitForInventory(page);
    const lamna = row(page, /Lamna Healthcare/);
    expect(await lamna.textContent()).toContain('Not checked yet');
    await whileHeld(app, async () => {
      await page.getByTestId('start-scan').click();
      await page.getByRole('progressbar', { name: /Checking organisations: \d+ of \d+ done/ }).waitFor();
      await page.getByRole('button', { name: 'Cancel scan' }).waitFor();
      await page.getByText('Checking…').first().waitFor();
    });
    await page.getByTestId('start-scan').waitFor({ timeout: 30_000 });
    await expect.poll(() => lamna.textContent()).toContain('Accepts your home MFA');
    const scan = (await app.world.handlers.getState(undefined)).scan!;
    await expect
      .poll(() => page.getByTestId('scan-live').textContent())
      .toBe(`Scan finished: ${scan.total} of ${scan.total} organisations checked.`);
    expect(errors).toEqual([]);
  });

  it('cancels a running scan', async () => {
    const app = await startWorld();
    const { page } = await open(app);
    await waitForInventory(page);
    await whileHeld(app, async () => {
      await page.getByTestId('start-scan').click();
      await page.getByRole('button', { name: 'Cancel scan' }).click();
      await page.getByText('Scan cancelled', { exact: true }).first().waitFor();
    });
    expect(app.world.calls.some((c) => c.name === 'cancelScan')).toBe(true);
  });

  it('is usable with the keyboard alone', async () => {
    const app = await startWorld();
    const { page } = await open(app);
    await waitForInventory(page);
    const firstRow = page.locator('[role="row"][data-row-index="0"]');
    await firstRow.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate<string | null>(FOCUSED_ROW)).toBe('2');
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: /^Details of / });
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate<string | null>(FOCUSED_ROW)).toBe('2');

    // Every view is reachable from the navigation with Tab and Enter.
    await page.getByTestId('nav-settings').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  });

  it('validates input: a tenant that is not a domain, a client id that is not a GUID', async () => {
    const app = await startWorld();
    const { page } = await open(app);
    await waitForInventory(page);
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.getByRole('textbox', { name: 'Domain or tenant id' }).fill('not a domain');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Enter a domain such as fabrikam.com').waitFor();
    await page.getByRole('textbox', { name: 'Domain or tenant id' }).fill('nosuch.example');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('No Microsoft Entra organisation uses the domain nosuch.example.').waitFor();
    await page.getByRole('textbox', { name: 'Domain or tenant id' }).fill('lamna-partner.com');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await row(page, /lamna-partner\.com/).waitFor();

    await nav(page, 'Settings');
    await page.getByRole('button', { name: /Advanced/ }).click();
    // Settings save on change: Enter (or leaving the field) saves; a wrong value stays with its reason, unsaved.
    await page.getByLabel('Application (client) id').fill('my-app');
    await page.getByLabel('Application (client) id').press('Enter');
    await page.getByText('Enter an application (client) id').waitFor();
    await page.getByLabel('Application (client) id').fill('11111111-2222-4333-8444-555555555555');
    await page.getByLabel('Application (client) id').press('Enter');
    await expect
      .poll(() => app.world.services.store.data().settings.clientId)
      .toBe('11111111-2222-4333-8444-555555555555');
  });

  it('shows an action error from main as a message, not a stack trace', async () => {
    const app = await startWorld();
    // Where the export would go stands a link into a folder that does not exist: the name looks free (a re-save
    // takes the next free name), and the real write fails.
    const exportsDir = path.join(app.world.env.userDataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    symlinkSync(path.join(exportsDir, 'no-such-folder', 'x.csv'), path.join(exportsDir, 'guest-mfa-inventory.csv'));
    const { page } = await open(app);
    await waitForInventory(page);
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'CSV file (Excel)' }).click();
    await expect.poll(() => page.getByTestId('action-error').textContent()).toMatch(/The file could not be saved/);
    await expectCleanPage(page);
  });

  it('signs in from the welcome page: waits for the browser, can cancel, then succeeds', async () => {
    const app = await startWorld({ data: null });
    const { page, errors } = await open(app);
    app.world.browser = 'wait';
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    await page.getByText('Continue in your browser').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();

    app.world.browser = 'refuse';
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(/AADSTS50126/);
    await expectCleanPage(page);

    app.world.browser = 'complete';
    await page.getByRole('button', { name: 'Try again' }).click();
    // A first sign-in scans at once: the organisations appear.
    await waitForInventory(page);
    expect(errors).toEqual([]);
  });

  it('stays a window of rows with 500 tenants and scrolls to the end', async () => {
    const app = await startWorld({ data: largeFixtureData(500) });
    const { page } = await open(app);
    await page.getByRole('grid', { name: 'Organisations' }).waitFor();
    await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe('502');
    const rendered = await page.locator('[role="row"][data-row-index]').count();
    expect(rendered).toBeLessThan(60);
    await page.locator('[role="row"][data-row-index="0"]').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate<string | null>(FOCUSED_ROW)).toBe('500');
    await shot(page, 'inventory-500', 'light');
  });
});
