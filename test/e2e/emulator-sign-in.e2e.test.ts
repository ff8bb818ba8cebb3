/**
 * The emulator's sign-in pages in a real browser (Chromium through Playwright), completed as a person would,
 * with the real MSAL `acquireTokenInteractive` waiting on its loopback server: headings, labels and button
 * names are what a person (and Playwright's role queries) expect, the page's CSP lets the final auto-submit
 * run, and axe finds no accessibility violations.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import { PublicClientApplication } from '@azure/msal-node';
import { createMsalNetworkClient, createTransport } from '../../main/net/transport';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { launchChromium } from '../../tools/chromium';

const CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  // A string expression: this project's Node typings have no DOM.
  return page.evaluate<string[]>(
    "axe.run(document).then((result) => result.violations.map((v) => v.id + ': ' + v.help))",
  );
}

describe('emulator sign-in pages in Chromium', () => {
  let browser: Browser;
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: path.resolve(__dirname, '../scenarios/seed-blog.json') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  it('a person signs in to a tenant that makes them register: password, Approve, Finish setup', async () => {
    const transport = createTransport({ routes: emulator.routes, extraCaPem: emulator.caPem });
    const pca = new PublicClientApplication({
      auth: { clientId: CLIENT_ID, authority: 'https://login.microsoftonline.com/organizations' },
      system: { networkClient: createMsalNetworkClient(transport) },
    });
    const page = await browser.newPage();
    const violations: string[] = [];
    const headings: string[] = [];
    const result = await pca.acquireTokenInteractive({
      scopes: ['https://graph.microsoft.com/.default'],
      authority: `https://login.microsoftonline.com/${emulator.scenario.tenants.tailspin!.id}`,
      openBrowser: async (url) => {
        await page.goto(emulator.toBrowserUrl(url));
        headings.push(await page.getByRole('heading', { level: 1 }).innerText());
        violations.push(...(await axeViolations(page)));
        await page.getByLabel('Password').fill('correct horse battery staple');
        await page.getByRole('button', { name: 'Sign in' }).click();

        await expect
          .poll(() => page.getByText('Approve the sign-in request in Microsoft Authenticator on iPhone 15').count())
          .toBe(1);
        headings.push(await page.getByRole('heading', { level: 1 }).innerText());
        violations.push(...(await axeViolations(page)));
        await page.getByRole('button', { name: 'Approve' }).click();

        await expect
          .poll(() => page.getByText('Tailspin Toys requires you to set up Microsoft Authenticator').count())
          .toBe(1);
        headings.push(await page.getByRole('heading', { level: 1 }).innerText());
        violations.push(...(await axeViolations(page)));
        await page.getByRole('button', { name: 'Finish setup' }).click();
      },
    });
    expect(headings).toEqual(['Sign in', 'Approve sign in request', 'Set up Microsoft Authenticator']);
    expect(violations).toEqual([]);
    expect(result.tenantId).toBe(emulator.scenario.tenants.tailspin!.id);
    expect(emulator.guestMethods('tailspin')).toHaveLength(1);
    // The form posted to MSAL's loopback server by itself; MSAL's success text is what the person sees last.
    await expect.poll(() => page.content()).toContain('Auth code was successfully acquired');
    await page.close();
    transport.close();
  });

  it('a refusal page explains and hands the error back to the application on a click', async () => {
    const transport = createTransport({ routes: emulator.routes, extraCaPem: emulator.caPem });
    const pca = new PublicClientApplication({
      auth: { clientId: CLIENT_ID, authority: 'https://login.microsoftonline.com/organizations' },
      system: { networkClient: createMsalNetworkClient(transport) },
    });
    const page = await browser.newPage();
    const outcome = pca
      .acquireTokenInteractive({
        scopes: ['https://graph.microsoft.com/.default'],
        authority: 'https://login.microsoftonline.com/lucernepublishing.example',
        openBrowser: async (url) => {
          await page.goto(emulator.toBrowserUrl(url));
          await page.getByLabel('Password').fill('x');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).innerText())
            .toBe("You can't get there from here");
          expect(await page.getByText('Error code: AADSTS53003').count()).toBe(1);
          await page.getByRole('button', { name: 'Return to the application' }).click();
        },
      })
      .then(
        () => null,
        (error: unknown) => error as { errorCode?: string; errorMessage?: string },
      );
    const error = await outcome;
    expect(error?.errorCode).toBe('access_denied');
    expect(error?.errorMessage).toContain('AADSTS53003');
    await page.close();
    transport.close();
  });
});
