/**
 * Every request reaches someone, end to end: the built renderer in Chromium, the browser test host, the real
 * services under Node with real MSAL against the emulator. Each test starts its own app on its own scenario and
 * data folder, signs in, scans, and opens a fresh page; it waits on what the window shows, never on time.
 *
 * - 63 organisations that demand their own MFA give the app no token, so no sponsor is known: the batch dialog
 *   saves all 63 in one click as drafts to address in the mail app (no `To:`, `X-Unsent: 1`); screenshots of the
 *   dialog at 800×600 and 1280×800, light and dark;
 * - "Sign in to find sponsors" walks two organisations: the first sign-in completes and its sponsor fills the row,
 *   the second is skipped while it waits for the browser (cancelled), and the row says so;
 * - an address typed once for an organisation is offered again: in the next trust-request batch and in its
 *   composer for another kind of request (removal).
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator';
import { completeSignInAutomatically } from '../../tools/entra-emulator/auto-browser';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
const guid = (n: number) => `ed000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const HOME_ID = guid(0);

/** A partner that demands its own MFA (no trust): the guest's check gets no token, so its sponsors are unread. */
function ownMfa(n: number, key: string, name: string) {
  return {
    id: guid(n),
    displayName: name,
    defaultDomain: `${key}.example`,
    policy: { requireMfa: true },
    guest: {
      methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 7' }],
      sponsors: [{ displayName: `Sponsor at ${name}`, mail: `sponsor@${key}.example` }],
    },
  };
}

function scenario(partners: number): ScenarioInput {
  const tenants: Record<string, unknown> = {
    contoso: { id: HOME_ID, displayName: 'Contoso', defaultDomain: 'contoso.example', policy: { requireMfa: true } },
  };
  for (let n = 1; n <= partners; n++) {
    const key = `partner${String(n).padStart(2, '0')}`;
    tenants[key] = ownMfa(n, key, `Partner ${String(n).padStart(2, '0')}`);
  }
  return {
    name: 'email-drafts',
    user: { upn: 'adele@contoso.example', displayName: 'Adele Vance', homeTenant: 'contoso' },
    tenants,
  } as ScenarioInput;
}

describe('every request reaches someone', () => {
  let browser: Browser;
  let app: AppHarness | null = null;
  let host: TestHost | null = null;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterEach(async () => {
    await host?.close();
    await app?.close();
    host = null;
    app = null;
  });

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * A fresh app on its own scenario, signed in and scanned. `browser` stands for the system browser of
   * "Sign in to this tenant"; by default it completes every sign-in.
   */
  async function setUp(partners: number, browserFor?: (url: string, complete: () => Promise<void>) => Promise<void>) {
    const started = await startApp(scenario(partners), {
      env: {
        emit: (event) => host?.emit(event),
        announceHandoffs: true,
        browser: async (url) => {
          const complete = async () => {
            await completeSignInAutomatically(url, { browserBaseUrl: started.emulator.browserBaseUrl });
          };
          await (browserFor ? browserFor(url, complete) : complete());
        },
      },
    });
    app = started;
    const { accountId } = await started.services.handlers.signIn(undefined);
    await started.services.handlers.updateSettings({ concurrency: 8 });
    const progress = await started.services.handlers.startScan({ accountId });
    expect(progress.error).toBeNull();
    host = await startTestHost({ rendererDir, handlers: started.services.handlers });
    return { exportsDir: path.join(started.userDataDir, 'exports') };
  }

  async function openPage(size: { width: number; height: number }, scheme: 'light' | 'dark' = 'light') {
    const context = await browser.newContext({ viewport: size, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(host!.url);
    await page.getByRole('grid', { name: 'Organisations' }).waitFor();
    return page;
  }

  async function openBatch(page: Page, item: RegExp, title: string) {
    const exportButton = page.getByRole('button', { name: 'Export' });
    // The compact toolbar (small windows) keeps the export items in its More menu.
    if ((await exportButton.count()) > 0) await exportButton.click();
    else await page.getByTestId('toolbar-more').click();
    await page.getByRole('menuitem', { name: item }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.getByTestId('batch-row').first().waitFor();
    return dialog;
  }

  it('saves 63 organisations without a known recipient in one click, as drafts to address in the mail app', async () => {
    const { exportsDir } = await setUp(63);
    const page = await openPage({ width: 1280, height: 800 });
    const dialog = await openBatch(page, /Save trust requests \(63\) as \.eml files/, 'Save trust requests');
    await expect.poll(() => dialog.getByTestId('batch-row').count()).toBe(63);
    // No row is red: an empty To: is allowed. Each says whom to ask.
    expect(await dialog.locator('.fui-Field__validationMessage').count()).toBe(0);
    expect(await dialog.getByTestId('batch-note').first().innerText()).toMatch(
      /the person who invited you, the help desk named in the invitation email/,
    );
    const save = dialog.getByTestId('batch-save');
    expect(await save.innerText()).toBe('Save 63: 0 addressed, 63 to address in your mail app');
    expect(await dialog.getByTestId('batch-find-sponsors').innerText()).toBe('Sign in to find sponsors (63)');
    await page.screenshot({ path: path.join(screenshots, 'email-drafts-batch-1280-light.png') });
    await save.click();
    await expect
      .poll(() => page.locator('.fui-Toast').filter({ hasText: '63 emails saved' }).count(), { timeout: 30_000 })
      .toBe(1);
    const files = readdirSync(exportsDir).filter((f) => f.endsWith('-trust-request.eml'));
    expect(files).toHaveLength(63);
    for (const file of [files[0]!, files[62]!]) {
      const raw = readFileSync(path.join(exportsDir, file));
      const mail = await simpleParser(raw);
      expect(mail.to, file).toBeUndefined();
      expect(mail.headers.get('x-unsent')).toBe('1');
      expect(mail.text).toContain(`Home tenant ID: ${HOME_ID}`);
      expect(mail.text).toContain('"inboundTrust": { "isMfaAccepted": true }');
    }
    await page.context().close();

    // The same dialog at 800×600 and in dark mode, each in a fresh window.
    for (const [size, scheme, name] of [
      [{ width: 800, height: 600 }, 'light', '800-light'],
      [{ width: 800, height: 600 }, 'dark', '800-dark'],
      [{ width: 1280, height: 800 }, 'dark', '1280-dark'],
    ] as const) {
      const shot = await openPage(size, scheme);
      const again = await openBatch(shot, /Save trust requests \(63\) as \.eml files/, 'Save trust requests');
      await expect.poll(() => again.getByTestId('batch-row').count()).toBe(63);
      await shot.screenshot({ path: path.join(screenshots, `email-drafts-batch-${name}.png`) });
      await shot.context().close();
    }
  }, 180_000);

  it('"Sign in to find sponsors" walks two organisations: one fills its sponsor, one is cancelled', async () => {
    // Partner 02's sign-in never completes in the browser: the user skips it from the dialog.
    const waiting: string[] = [];
    await setUp(2, async (url, complete) => {
      if (url.includes(guid(2))) {
        waiting.push(url);
        return;
      }
      await complete();
    });
    const page = await openPage({ width: 1280, height: 800 });
    const dialog = await openBatch(page, /Save trust requests \(2\) as \.eml files/, 'Save trust requests');
    const first = dialog.getByTestId('batch-row').filter({ hasText: 'Partner 01' });
    const second = dialog.getByTestId('batch-row').filter({ hasText: 'Partner 02' });
    expect(await first.getByRole('textbox').inputValue()).toBe('');
    await dialog.getByTestId('batch-find-sponsors').click();
    // The first sign-in completes: its sponsor fills the row.
    await expect
      .poll(() => first.getByRole('textbox').inputValue(), { timeout: 30_000 })
      .toBe('sponsor@partner01.example');
    expect(await first.getByTestId('batch-walk-outcome').innerText()).toBe(
      'Signed in: found sponsor@partner01.example.',
    );
    // The second waits for the browser; the progress names it.
    await expect
      .poll(() => dialog.getByTestId('batch-walk-progress').innerText(), { timeout: 30_000 })
      .toMatch(/Signing in to Partner 02 \(2 of 2\)/);
    await expect.poll(() => waiting.length, { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: path.join(screenshots, 'email-drafts-walk-1280-light.png') });
    await dialog.getByRole('button', { name: 'Skip Partner 02' }).click();
    await expect
      .poll(() => second.getByTestId('batch-walk-outcome').innerText(), { timeout: 30_000 })
      .toBe('Sign-in cancelled: no sponsor read.');
    expect(await second.getByRole('textbox').inputValue()).toBe('');
    // The walk is over; one addressed, one draft.
    await dialog.getByTestId('batch-find-sponsors').waitFor();
    expect(await dialog.getByTestId('batch-save').innerText()).toBe(
      'Save 2: 1 addressed, 1 to address in your mail app',
    );
    // Again for the one left: "Stop" ends the walk and the sign-in it waits for.
    expect(await dialog.getByTestId('batch-find-sponsors').innerText()).toBe('Sign in to find sponsors (1)');
    await dialog.getByTestId('batch-find-sponsors').click();
    await expect
      .poll(() => dialog.getByTestId('batch-walk-progress').innerText(), { timeout: 30_000 })
      .toMatch(/Signing in to Partner 02 \(1 of 1\)/);
    // The browser was asked to open its sign-in page again; stop while it waits there.
    await expect.poll(() => waiting.length, { timeout: 30_000 }).toBe(2);
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await dialog.getByTestId('batch-find-sponsors').waitFor({ timeout: 30_000 });
    expect(await second.getByTestId('batch-walk-outcome').innerText()).toBe('Sign-in cancelled: no sponsor read.');
    await page.context().close();
  }, 120_000);

  it('offers an address typed once again next time, for the other request kinds too', async () => {
    const { exportsDir } = await setUp(2);
    const page = await openPage({ width: 1280, height: 800 });
    const dialog = await openBatch(page, /Save trust requests \(2\) as \.eml files/, 'Save trust requests');
    const row = dialog.getByTestId('batch-row').filter({ hasText: 'Partner 01' });
    await row.getByRole('textbox').fill('helpdesk@partner01.example');
    await dialog.getByTestId('batch-save').click();
    await expect
      .poll(() => page.locator('.fui-Toast').filter({ hasText: '2 emails saved' }).count(), { timeout: 30_000 })
      .toBe(1);
    const mail = await simpleParser(readFileSync(path.join(exportsDir, 'partner01.example-trust-request.eml')));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('helpdesk@partner01.example');
    await page.context().close();

    // A fresh window: the next trust-request batch proposes it, and so does the MFA reset batch.
    const next = await openPage({ width: 1280, height: 800 });
    const trust = await openBatch(next, /Save trust requests \(2\) as \.eml files/, 'Save trust requests');
    const again = trust.getByTestId('batch-row').filter({ hasText: 'Partner 01' });
    expect(await again.getByRole('textbox').inputValue()).toBe('helpdesk@partner01.example');
    expect(
      await trust.getByTestId('batch-row').filter({ hasText: 'Partner 02' }).getByRole('textbox').inputValue(),
    ).toBe('');
    await trust.getByRole('button', { name: 'Cancel' }).click();
    await trust.waitFor({ state: 'hidden' });
    // Another kind of request to the same organisation: the composer proposes the same address.
    await next.getByRole('row', { name: /Partner 01/ }).click();
    await next.getByRole('button', { name: 'Request trust' }).first().click();
    await next.getByRole('radio', { name: 'Remove my guest account' }).click();
    await expect.poll(() => next.getByTestId('composer-subject').inputValue()).toMatch(/remove my guest account/);
    expect(await next.getByTestId('composer-to').inputValue()).toBe('helpdesk@partner01.example');
    await next.keyboard.press('Escape');
    await next.getByTestId('composer-to').waitFor({ state: 'hidden' });
    await next.context().close();

    // Partner 02 still has no address: its composer says whom to ask, and both ways out stay open.
    const other = await openPage({ width: 1280, height: 800 });
    await other.getByRole('row', { name: /Partner 02/ }).click();
    await other.getByRole('button', { name: 'Request trust' }).first().click();
    await expect.poll(() => other.getByTestId('composer-subject').inputValue()).toMatch(/Partner 02/);
    expect(await other.getByTestId('composer-to').inputValue()).toBe('');
    expect(await other.getByRole('dialog').last().innerText()).toMatch(
      /No recipient yet\. .*the person who invited you.*or address it in your mail app\./s,
    );
    expect(await other.getByRole('button', { name: 'Open in mail app' }).isDisabled()).toBe(false);
    expect(await other.getByRole('button', { name: 'Save .eml' }).isDisabled()).toBe(false);
    await other.screenshot({ path: path.join(screenshots, 'email-drafts-composer-1280-light.png') });
    await other.context().close();
  }, 120_000);
});
