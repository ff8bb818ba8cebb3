/**
 * Azure's claims challenge and "Copy what Entra answered" in the real renderer, with the real main services,
 * real MSAL and the emulator: the home tenant does not honour the app's MFA request and ARM's mandatory MFA is on
 * (`arm.mandatoryMfa`: `GET /tenants` answers 401 with a claims challenge,
 * https://learn.microsoft.com/entra/identity-platform/claims-challenge). The first scan says in words that Azure
 * wants MFA and offers "Sign in with MFA"; the user clicks, signs in, and the scan lists every organisation. The
 * copy buttons put the services' answers on the clipboard, the 401 and its challenge included, and no token.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator/scenario';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { completeSignInAutomatically } from '../../tools/entra-emulator/auto-browser';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';
import { freshPage, settled, type FreshPage } from '../support/e2e-page';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');

const SCENARIO: ScenarioInput = {
  name: 'home-mfa-e2e',
  homeMfaRequest: 'ignore',
  arm: { mandatoryMfa: true },
  user: {
    upn: 'adele@contoso.example',
    displayName: 'Adele Vance',
    homeTenant: 'contoso',
    homeMfa: 'none',
    homeMethods: [{ type: 'microsoftAuthenticator', displayName: 'iPhone 15', deviceTag: 'SoftwareTokenActivated' }],
  },
  tenants: {
    contoso: { id: '5c0f0000-0000-4000-8000-0000000000e1', displayName: 'Contoso', defaultDomain: 'contoso.example' },
    northwind: {
      id: '5c0f0000-0000-4000-8000-0000000000e2',
      displayName: 'Northwind Traders',
      defaultDomain: 'northwindtraders.example',
      policy: { requireMfa: true },
      guest: {},
    },
    fabrikam: {
      id: '5c0f0000-0000-4000-8000-0000000000e3',
      displayName: 'Fabrikam, Inc.',
      defaultDomain: 'fabrikam.example',
      policy: { requireMfa: true },
      inboundTrust: { mfa: true },
      guest: {},
    },
  },
};

describe('Azure asks for MFA to list the organisations', () => {
  const secrets = new Set<string>();
  let browser: Browser;
  // Each test has its own world (emulator, services, host) and page: none depends on another's sign-ins.
  let emulator: Emulator;
  let app: AppHarness;
  let host: TestHost;
  let page: Page;
  let fresh: FreshPage;
  let signIns = 0;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  beforeEach(async () => {
    signIns = 0;
    emulator = await startEmulator({
      scenario: SCENARIO,
      autoComplete: true,
      onAnswer: (record, body) => {
        if (record.endpoint !== 'token' || record.status !== 200) return;
        const answer = JSON.parse(body) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token']) {
          if (typeof answer[key] === 'string') secrets.add(answer[key]);
        }
      },
    });
    app = await startApp(SCENARIO, {
      emulator,
      env: {
        browser: async (browserUrl) => {
          signIns += 1;
          await completeSignInAutomatically(browserUrl, emulator);
        },
        emit: (event) => host?.emit(event),
      },
    });
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
    fresh = await freshPage(browser, host.url, {
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    page = fresh.page;
  }, 60_000);

  afterEach(async () => {
    await fresh?.close();
    await host?.close();
    await app?.close();
    await emulator?.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  function expectNoSecret(text: string): void {
    expect(secrets.size).toBeGreaterThan(0);
    for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  }

  /** Signs in from the welcome page: the first scan stops at Azure's MFA demand. */
  async function signInUntilAzureAsksForMfa() {
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    const bar = page.getByTestId('home-mfa-required');
    await bar.waitFor();
    return bar;
  }

  /** Signs in once more with MFA from the bar: the scan lists every organisation. */
  async function signInWithMfa(): Promise<void> {
    await page.getByTestId('home-mfa-required').getByRole('button', { name: 'Sign in with MFA' }).click();
    await page.getByRole('row', { name: /Northwind Traders/ }).waitFor();
    await page.getByRole('row', { name: /Fabrikam/ }).waitFor();
  }

  it('the first scan says so in words, opens no browser, and offers Sign in with MFA', async () => {
    const bar = await signInUntilAzureAsksForMfa();
    expect(await bar.innerText()).toContain('Azure asks for MFA to list your organisations');
    expect(await bar.innerText()).toContain('Sign in with MFA');
    expect(await bar.innerText()).not.toMatch(/401|InvalidAuthenticationToken|insufficient_claims/);
    expect(await page.getByTestId('scan-failure').count()).toBe(0);
    expect(signIns).toBe(1);
    await page.screenshot({ path: path.join(screenshots, 'real-home-mfa-required-light.png') });

    await bar.getByRole('button', { name: 'Copy what Entra answered' }).click();
    await expect.poll(() => app.env.clipboardText()).toContain('management.azure.com/tenants  →  HTTP 401');
    expect(app.env.clipboardText()).toContain('error="insufficient_claims"');
    expectNoSecret(app.env.clipboardText());
  }, 60_000);

  it('Sign in with MFA signs in once more and the scan lists every organisation', async () => {
    await signInUntilAzureAsksForMfa();
    await signInWithMfa();
    expect(signIns).toBe(2);
    await expect.poll(() => page.getByTestId('home-mfa-required').count()).toBe(0);
    expect(app.services.store.data().accounts[0]!.homeSessionMfa).toBe(true);
  }, 60_000);

  it("copies one organisation's answers from its details, and the whole scan's from the toolbar", async () => {
    await signInUntilAzureAsksForMfa();
    await signInWithMfa();
    // Once the scan is over, so that the toolbar's copy holds every organisation's answers.
    await page.getByTestId('start-scan').waitFor({ timeout: 30_000 });
    await page.getByRole('row', { name: /Northwind Traders/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await drawer.getByRole('button', { name: 'Copy what Entra answered' }).click();
    await expect.poll(() => app.env.clipboardText()).toContain('Northwind Traders · northwindtraders.example');
    const tenantText = app.env.clipboardText();
    expect(tenantText).toMatch(/oauth2\/v2\.0\/token {2}→ {2}HTTP 400 /);
    expect(tenantText).toContain('body as received:');
    expect(tenantText).not.toContain('Fabrikam');
    expectNoSecret(tenantText);
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'real-drawer-copy-answers-light.png') });
    await drawer.getByRole('button', { name: 'Close details' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // In the toolbar's More menu.
    await page.getByTestId('toolbar-more').click();
    await page.getByTestId('copy-scan-diagnostics').click();
    await expect.poll(() => app.env.clipboardText()).toContain('Scan\n  Started');
    const scanText = app.env.clipboardText();
    expect(scanText).toContain('management.azure.com/tenants  →  HTTP 200');
    for (const name of ['Northwind Traders', 'Fabrikam, Inc.', 'Contoso']) expect(scanText).toContain(name);
    expectNoSecret(scanText);
    // At most three toasts show at once; this one may wait for earlier ones to go.
    await expect
      .poll(() => page.getByText('What Entra answered is on the clipboard').count(), { timeout: 45_000 })
      .toBeGreaterThan(0);
  }, 90_000);
});
