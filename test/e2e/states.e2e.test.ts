/**
 * States that are true, the mail hand-off and the demo's honesty, end to end: the built renderer in Chromium, the
 * browser test host, the real services under Node with real MSAL against the emulator. The host runs as the demo
 * does (no browser, mail app or clipboard behind it: the window is told what would open).
 *
 * - a slow scan names the organisation it waits for and since when; rows stay put while results arrive;
 * - a failed check says it is no verdict and is checked again alone;
 * - the background service dies mid-scan: the window says so within seconds, drops Cancel and the spinner, and
 *   scans again once a service answers; a failed scan speaks of earlier results only when there were some;
 * - "Open in mail app" keeps its paste note in sight and confirms the copy; batch emails get reviewed recipients;
 * - the demo shows what "Open security info", "Leave organisation" and "Open in mail app" would open.
 *
 * The dark pictures (states-*-dark.png) are taken of the same page at the same moment as the light ones, the scheme
 * switched in place (shootBothSchemes), instead of building each state again in a dark page.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { freshPage, resetPage, settled, shootBothSchemes, showScheme, type FreshPage } from '../support/e2e-page';
import { launchChromium } from '../../tools/chromium';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
const guid = (n: number) => `e2e00000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function trusting(n: number, key: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id: guid(n),
    displayName: name,
    defaultDomain: `${key}.example`,
    policy: { requireMfa: true },
    inboundTrust: { mfa: true },
    guest: { sponsors: [{ displayName: `Sponsor of ${name}`, mail: `sponsor@${key}.example` }] },
    ...extra,
  };
}

function scenario(): ScenarioInput {
  return {
    name: 'states',
    user: { upn: 'adele@contoso.example', displayName: 'Adele Vance', homeTenant: 'contoso' },
    tenants: {
      contoso: { id: guid(0), displayName: 'Contoso', defaultDomain: 'contoso.example', policy: { requireMfa: true } },
      alpine: trusting(1, 'alpine', 'Alpine Ski House'),
      bellows: trusting(2, 'bellows', 'Bellows College', { latencyMs: 700 }),
      coho: trusting(3, 'coho', 'Coho Winery', { latencyMs: 1400 }),
      // The organisation a test keeps a scan waiting for (`whileWoodgroveWaits`); else it answers at once.
      woodgrove: trusting(4, 'woodgrove', 'Woodgrove Bank'),
      // Its token endpoint fails the app's three attempts: the first check fails.
      fourth: trusting(5, 'fourth', 'Fourth Coffee', {
        faults: [{ endpoint: 'token', kind: 'status', status: 503, times: 3 }],
      }),
      northwind: {
        id: guid(6),
        displayName: 'Northwind Traders',
        defaultDomain: 'northwind.example',
        policy: { requireMfa: true },
        guest: {
          methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 7' }],
          sponsors: [{ displayName: 'Nestor Wilke', mail: 'nestor@northwind.example' }],
        },
      },
      tailspin: {
        id: guid(7),
        displayName: 'Tailspin Toys',
        defaultDomain: 'tailspin.example',
        policy: { requireMfa: true },
        guest: { sponsors: [{ displayName: 'Lidia Holloway', mail: 'lidia@tailspin.example' }] },
      },
    },
  } as ScenarioInput;
}

describe('honest states with the real services', () => {
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;
  let accountId: string;
  /** The page of the running test: each test opens its own (freshPage), closed after it. */
  let page: Page;
  const opened: FreshPage[] = [];
  /** The address the browser host listens on, kept across a lost and restarted backend. */
  let hostAddress: { port: number; secret: string };
  let backendDown = false;
  const exportsDir = () => path.join(app.userDataDir, 'exports');

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    app = await startApp(scenario(), { env: { emit: (event) => host?.emit(event), announceHandoffs: true } });
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
    hostAddress = { port: Number(new URL(host.origin).port), secret: host.secret };
    // Signed in, and one scan done: every test starts from an inventory with verdicts.
    ({ accountId } = await app.services.handlers.signIn(undefined));
    await app.services.handlers.startScan({ accountId });
  }, 120_000);

  beforeEach(async () => {
    page = await open();
  });

  afterEach(async () => {
    for (const fresh of opened.splice(0)) await fresh.close();
    // Back to the known backend: a service that answers on the same address, and no scan running.
    if (backendDown) await startBackend();
    await expect
      .poll(async () => (await app.services.handlers.getState(undefined)).scan?.running ?? false, { timeout: 60_000 })
      .toBe(false);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
  });

  /** A fresh page at the inventory, once its rows are in. */
  async function open(): Promise<Page> {
    const fresh = await freshPage(browser, host.url, { viewport: { width: 1280, height: 800 } });
    opened.push(fresh);
    await fresh.page.getByRole('grid', { name: 'Organisations' }).waitFor({ timeout: 30_000 });
    return fresh.page;
  }

  /** The backend dies: the host and the services with it, as when the demo's process is killed. */
  async function stopBackend(): Promise<void> {
    backendDown = true;
    await host.close();
  }

  /** A new service (a restarted app) on the same address. */
  async function startBackend(): Promise<void> {
    await app.restart();
    host = await startTestHost({ rendererDir, handlers: app.services.handlers, ...hostAddress });
    backendDown = false;
  }

  /**
   * Runs `steps` while a scan waits for Woodgrove Bank: its token answer is held back (the emulator's `hold` fault)
   * until the steps are done, however long a busy machine takes to show what they look for; then it answers.
   */
  async function whileWoodgroveWaits(steps: () => Promise<void>): Promise<void> {
    app.emulator.addFault('woodgrove', { endpoint: 'token', kind: 'hold', times: 1 });
    try {
      await steps();
    } finally {
      app.emulator.release('woodgrove');
    }
  }

  /** The tenant id of a scenario tenant. */
  const tenantId = (n: number) => guid(n);

  /** A check of one organisation that fails: its token endpoint refuses the app's three attempts. */
  async function failedCheck(key: string, n: number): Promise<void> {
    app.emulator.addFault(key, { endpoint: 'token', kind: 'status', status: 503, times: 3 });
    await app.services.handlers.checkTenant({ accountId, tenantId: tenantId(n) });
  }

  const row = (name: string, on: Page = page) => on.getByRole('row', { name: new RegExp(name) });
  /** The tenant ids of the rows, top to bottom. */
  const order = () =>
    page.$$eval('[data-row-index]', (rows) =>
      rows
        .map((r) => ({ index: Number(r.getAttribute('data-row-index')), id: r.getAttribute('data-tenant-id') }))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.id),
    );
  const toast = (title: string) => page.locator('.fui-Toast').filter({ hasText: title });

  /** `<name>-light.png` and `<name>-dark.png` of what the page shows now (the scheme switched in place). */
  const shoot = (name: string) => shootBothSchemes(page, (scheme) => path.join(screenshots, `${name}-${scheme}.png`));

  it('names the organisation a slow scan waits for, and for how long', async () => {
    const waiting = page.getByTestId('scan-waiting');
    await whileWoodgroveWaits(async () => {
      await page.getByTestId('start-scan').click();
      await expect
        .poll(() => waiting.textContent(), { timeout: 30_000 })
        .toMatch(/^Waiting for Woodgrove Bank \(\d+ s\)\./);
      const first = Number(/\((\d+) s\)/.exec((await waiting.textContent()) ?? '')?.[1]);
      expect(await waiting.textContent()).toContain('Each organisation gets up to 20 s to answer');
      await page.screenshot({ path: path.join(screenshots, 'states-scan-waiting-light.png') });
      // The seconds count up while it waits (seen in dark, for the dark picture of the same wait).
      await showScheme(page, 'dark');
      await expect
        .poll(async () => Number(/\((\d+) s\)/.exec((await waiting.textContent()) ?? '')?.[1]))
        .toBeGreaterThan(first);
      await page.screenshot({ path: path.join(screenshots, 'states-scan-waiting-dark.png') });
      await showScheme(page, 'light');
    });
    await expect.poll(() => page.getByTestId('start-scan').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => waiting.count()).toBe(0);
  }, 90_000);

  it('says a failed check is no verdict, and checks that organisation again alone', async () => {
    await failedCheck('fourth', 5);
    await page.reload();
    await expect.poll(() => row('Fourth Coffee').innerText()).toContain('Check failed');
    await row('Fourth Coffee').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Fourth Coffee' });
    await expect
      .poll(() => drawer.getByTestId('failed-check-note').innerText())
      .toMatch(/^This is no verdict about Fourth Coffee/);
    const text = await drawer.innerText();
    expect(text).toContain(
      'No verdict: the check itself failed, so it says nothing about what this organisation demands.',
    );
    expect(text).not.toMatch(/Certain: Entra/);
    await shoot('states-failed-check');
    const before = app.emulator.requestCount({ endpoint: 'token' });
    await drawer.getByTestId('check-again').click();
    await expect.poll(() => drawer.getByTestId('verdict-panel').innerText()).toMatch(/Accepts your home MFA/);
    await expect.poll(() => toast('Checked again').count()).toBe(1);
    // Fourth Coffee's token (and the home token the check starts from), not a scan of every organisation.
    expect(app.emulator.requestCount({ endpoint: 'token' }) - before).toBeLessThanOrEqual(2);
    // Escape closes what is on top: first the button's tooltip (the pointer rests on it), then the drawer.
    await resetPage(page);
    await drawer.waitFor({ state: 'detached' });
  }, 60_000);

  it('keeps the rows where they are while a scan brings results that would re-sort them', async () => {
    // In this scan Bellows and Coho fail (they sort elsewhere by verdict) while Woodgrove keeps the scan going.
    for (const key of ['bellows', 'coho'])
      app.emulator.addFault(key, { endpoint: 'token', kind: 'status', status: 503, times: 3 });
    let atStart: (string | null)[] = [];
    await whileWoodgroveWaits(async () => {
      await page.getByTestId('start-scan').click();
      await page.getByTestId('scan-progress').waitFor();
      atStart = await order();
      await expect.poll(() => row('Coho Winery').innerText()).toContain('Check failed');
      expect(await row('Bellows College').innerText()).toContain('Check failed');
      expect(await page.getByTestId('cancel-scan').count()).toBe(1);
      expect(await order()).toEqual(atStart);
    });
    await expect.poll(() => page.getByTestId('start-scan').count(), { timeout: 30_000 }).toBe(1);
    // Once the scan is over the rows take the verdict order: the failed checks move.
    await expect.poll(order).not.toEqual(atStart);
  }, 90_000);

  it('says the background service stopped answering mid-scan, and scans again once one answers', async () => {
    const lost = page.getByTestId('backend-lost');
    // The scan waits for Woodgrove while the service dies: it is mid-scan however quick the rest answer.
    await whileWoodgroveWaits(async () => {
      await page.getByTestId('start-scan').click();
      // Once the list of organisations is in (the progress counts them), so that some results are there to keep.
      await page.getByRole('progressbar', { name: /Checking organisations: \d+ of [1-9]\d* done/ }).waitFor();
      await stopBackend();
      await lost.waitFor();
      expect(await lost.innerText()).toMatch(/The scan stopped at \d+ of \d+: the results that came in are saved/);
      expect(await page.getByTestId('cancel-scan').count()).toBe(0);
      expect(await page.getByTestId('scan-progress').count()).toBe(0);
      expect(await page.getByTestId('start-scan').isDisabled()).toBe(true);
      expect(await page.getByLabel('Scan running').count()).toBe(0);
      await shoot('states-backend-lost');
    });

    // A new service (a restarted app) on the same address: the window finds it and may scan again.
    await startBackend();
    await lost.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('start-scan').isEnabled()).toBe(true);
    await shoot('states-after-restart');
    await page.getByTestId('start-scan').click();
    await page.getByTestId('scan-progress').waitFor();
    await expect.poll(() => page.getByTestId('start-scan').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => toast('Scan finished').count()).toBeGreaterThan(0);
  }, 120_000);

  /** Writes Northwind's trust request and hands it to the mail app, as a user does from its details. */
  async function mailNorthwind(): Promise<void> {
    await row('Northwind Traders').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await drawer.getByRole('button', { name: 'Request trust' }).click();
    await page.getByTestId('composer-body').waitFor();
    await page.getByTestId('composer-to').fill('it-security@northwind.example');
    await page.getByRole('button', { name: 'Open in mail app' }).click();
    await expect.poll(() => page.getByTestId('composer-outcome').innerText()).toMatch(/^Paste the text into/);
  }

  it('keeps the paste note in sight after "Open in mail app" and confirms the copy', async () => {
    await mailNorthwind();
    const note = page.getByTestId('composer-outcome');
    await expect.poll(() => note.innerText()).toMatch(/^Paste the text into the new message/);
    await expect.poll(() => toast('Email text copied to the clipboard').count()).toBe(1);
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'states-mail-toast-light.png') });
    // The demo says what would have opened.
    await expect.poll(() => toast('In the app, this opens your mail app').count()).toBe(1);
    expect(await toast('In the app, this opens your mail app').innerText()).toContain(
      'a new message to it-security@northwind.example',
    );
    // Scrolled to the top of the email and to its end: the note stays on screen, above the buttons.
    for (const top of [0, 100_000]) {
      await page.evaluate(`document.querySelector('.fui-DialogContent').scrollTop = ${top}`);
      // On screen, and the topmost thing at its centre (nothing covers it).
      expect(
        await page.evaluate(`(() => {
          const el = document.querySelector('[data-testid="composer-outcome"]');
          const box = el.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return box.top >= 0 && box.bottom <= window.innerHeight && hit !== null && el.contains(hit);
        })()`),
        `scrolled to ${top}`,
      ).toBe(true);
    }
    await page.screenshot({ path: path.join(screenshots, 'states-mail-handoff-light.png') });
    // The keyboard focus stayed in the email while it was handed off: Escape closes it (it once fell to the page).
    expect(await page.evaluate<boolean>(`document.activeElement?.closest('[role="dialog"]') != null`)).toBe(true);
    await page.keyboard.press('Escape');
    await note.waitFor({ state: 'detached' });
    await page.getByRole('dialog', { name: 'Details of Northwind Traders' }).waitFor();
  }, 60_000);

  it('shows what "Open security info" and "Leave organisation" would open in the demo', async () => {
    await row('Northwind Traders').click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await drawer.getByRole('button', { name: 'Open security info' }).click();
    const shown = toast('In the app, this opens your browser');
    await expect.poll(() => shown.count()).toBeGreaterThan(0);
    expect(await shown.first().innerText()).toContain(
      `https://mysignins.microsoft.com/security-info/?tenantId=${guid(6)}`,
    );
    await page.screenshot({ path: path.join(screenshots, 'states-demo-handoff-light.png') });
    await drawer.getByRole('button', { name: 'Leave organisation' }).click();
    // It asks first, saying what leaving does.
    await page
      .getByRole('dialog', { name: 'Leave Northwind Traders?' })
      .getByRole('button', { name: 'Open My Account' })
      .click();
    await expect
      .poll(async () => (await shown.allInnerTexts()).some((t) => t.includes('myaccount.microsoft.com')))
      .toBe(true);
    await drawer.getByRole('button', { name: 'Close details' }).click();
    await drawer.waitFor({ state: 'hidden' });
  }, 30_000);

  it('lets the user review each batch email’s recipients; one without is a draft, never a block', async () => {
    // Tailspin's recipients start empty (it gave no token, so no sponsor is known) and no batch was saved before.
    await app.services.handlers.setTenantRecipients({ accountId, tenantId: guid(7), recipients: [] });
    rmSync(exportsDir(), { recursive: true, force: true });
    // Northwind's address comes from its composer.
    await mailNorthwind();
    await resetPage(page);
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: /Save trust requests \(2\) as \.eml files/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Save trust requests' });
    await expect.poll(() => dialog.getByTestId('batch-row').count()).toBe(2);
    const northwind = dialog.getByTestId('batch-row').filter({ hasText: 'Northwind Traders' });
    const tailspin = dialog.getByTestId('batch-row').filter({ hasText: 'Tailspin Toys' });
    // Northwind's address was remembered from the composer; Tailspin gave no token, so no sponsor is known.
    expect(await northwind.getByRole('textbox').inputValue()).toBe('it-security@northwind.example');
    expect(await tailspin.getByRole('textbox').inputValue()).toBe('');
    expect(await tailspin.getByTestId('batch-note').innerText()).toMatch(/gave the app no token at its check/);
    expect(await dialog.getByTestId('batch-status').innerText()).toBe(
      '2 emails ready: 1 without a recipient, saved as a draft to address in your mail app.',
    );
    expect(await dialog.getByTestId('batch-save').innerText()).toBe(
      'Save 2: 1 addressed, 1 to address in your mail app',
    );
    expect(await dialog.getByTestId('batch-save').isDisabled()).toBe(false);
    await shoot('states-batch-recipients');
    await tailspin.getByRole('textbox').fill('it@tailspin.example');
    expect(await dialog.getByTestId('batch-status').innerText()).toBe('2 emails ready.');
    await dialog.getByTestId('batch-save').click();
    await expect.poll(() => toast('2 emails saved').count()).toBe(1);
    const files = readdirSync(exportsDir())
      .filter((f) => f.endsWith('-trust-request.eml'))
      .sort();
    expect(files).toEqual(['northwind.example-trust-request.eml', 'tailspin.example-trust-request.eml']);
    const mail = await simpleParser(readFileSync(path.join(exportsDir(), files[1]!)));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('it@tailspin.example');
  }, 60_000);
});

describe('a failed scan with nothing before it', () => {
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp(scenario(), { env: { emit: (event) => host?.emit(event) } });
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
  });

  it('speaks of earlier results only once there are some', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The connection to ARM drops for the first scan's tenant list (the app's three attempts): a scan that cannot
    // reach Microsoft stops (a refused or broken list no longer does: the known organisations are checked).
    app.emulator.addFault('contoso', { endpoint: 'tenants', kind: 'reset', times: 3 });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    const failure = page.getByTestId('scan-failure');
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.innerText()).not.toMatch(/last successful scan|earlier checks/);
    await page.screenshot({ path: path.join(screenshots, 'states-first-scan-failed-light.png') });
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByTestId('start-scan').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('scan-failure').count()).toBe(0);
    await expect.poll(() => page.getByRole('row', { name: /Alpine Ski House/ }).count(), { timeout: 30_000 }).toBe(1);
    app.emulator.addFault('contoso', { endpoint: 'tenants', kind: 'reset', times: 3 });
    await page.getByTestId('start-scan').click();
    await expect
      .poll(() => page.getByTestId('scan-failure').innerText(), { timeout: 30_000 })
      .toMatch(/The results you see are from earlier checks \(the latest .+\)\./);
    await page.close();
  }, 120_000);
});
