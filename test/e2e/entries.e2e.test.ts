/**
 * The Authenticator inventory as a user with the app's default client sees it, in the real renderer with the
 * real main services, real MSAL and the emulator: two scans into one data folder (test/scenarios/
 * entries-before.json, then entries-after.json, in which Northwind Traders trusts the home MFA and Tailspin
 * Toys removed the guest). The entries view, the tenant drawer and the phone-change checklist say what the app
 * knows and how it knows it; the user corrects one entry; screenshots in light and dark
 * (test-results/screenshots/entries-*, drawer-entry-*, checklist-*), each view photographed in both schemes on the
 * page that checked it (the scheme switched in place), not walked again in a dark page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from '../../tools/browser-host';
import type { AppHarness } from '../support/app-harness';
import { startServedApp, type ServedApp } from '../support/served-app';
import {
  inventoryPage,
  seriousAxeFindings,
  settled,
  shootBothSchemes,
  tick,
  type FreshPage,
  type Scheme,
} from '../support/e2e-page';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'test-results/screenshots');

describe('Authenticator entries with the default client, after two scans', () => {
  let served: ServedApp;
  let app: AppHarness;
  let host: TestHost;
  let browser: Browser;
  const opened: FreshPage[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The second scan weeks later, against the changed world.
    served = await startServedApp(['entries-before.json', 'entries-after.json']);
    ({ app, host, browser } = served);
  }, 90_000);

  afterEach(async () => {
    for (const fresh of opened.splice(0)) await fresh.close();
  });

  afterAll(() => served?.close());

  async function open(scheme: Scheme): Promise<Page> {
    const fresh = await inventoryPage(browser, host.url, { scheme, viewport: { width: 1440, height: 900 } });
    opened.push(fresh);
    return fresh.page;
  }

  async function entriesView(page: Page): Promise<void> {
    await page.getByTestId('nav-entries').click();
    await page.getByRole('heading', { level: 1, name: 'Authenticator entries' }).waitFor();
  }

  /** Screenshots of a view that scrolls inside the window, in light and dark: its top, then its end. */
  async function shots(page: Page, testId: string, name: string): Promise<void> {
    await shootBothSchemes(page, (scheme) => path.join(screenshots, `${name}-${scheme}.png`));
    await page.getByTestId(testId).evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await shootBothSchemes(page, (scheme) => path.join(screenshots, `${name}-end-${scheme}.png`));
    await page.getByTestId(testId).evaluate((el) => el.scrollTo(0, 0));
  }

  const row = (page: Page, name: string) => page.locator('li[data-entry-key]').filter({ hasText: name }).first();

  async function expectClean(page: Page): Promise<void> {
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|Invalid Date|\[object Object\]|an unknown day/);
  }

  async function noSeriousAccessibilityIssues(page: Page): Promise<void> {
    await settled(page);
    expect(await seriousAxeFindings(page)).toEqual([]);
  }

  it('the entries view says each word, why, since when and how it is known', async () => {
    const page = await open('light');
    await entriesView(page);
    const note = page.getByTestId('entries-inferred-note');
    expect(await note.innerText()).toMatch(
      /cannot read your methods: Microsoft Graph refuses that in every organisation/,
    );
    const expectations: [string, string, RegExp][] = [
      [
        'Fabrikam, Inc.',
        'In use',
        /Fabrikam, Inc\. asked for its own MFA on \d+ \w+ \d{4}( \(first on [^)]+\))?: you most likely have an entry for it/,
      ],
      [
        'Northwind Traders',
        'Leftover',
        /since \d+ \w+ \d{4} it accepts your home MFA: the entry you registered there can most likely go/,
      ],
      ['Tailspin Toys', 'Orphaned', /Your guest account in Tailspin Toys is gone/],
      ['Woodgrove Bank', 'Will be needed', /to register an MFA method with it: at your next sign-in there/],
      ['Relecloud', 'Not needed', /has only ever accepted your home MFA/],
      ['Litware, Inc.', 'Unknown', /cannot tell whether you have an entry/],
    ];
    for (const [name, word, reason] of expectations) {
      const text = await row(page, name).innerText();
      expect(text, name).toContain(word);
      expect(text, name).toMatch(reason);
      // The code stays under the tenant's Evidence, out of the plain sentence.
      expect(text, name).not.toMatch(/AADSTS/);
      expect(text, name).toContain('Inferred from what the organisation answered at the checks');
    }
    expect(
      await row(page, 'Northwind Traders')
        .getByRole('button', { name: 'Open the Security info page of Northwind Traders' })
        .count(),
    ).toBe(1);
    expect(
      await row(page, 'Woodgrove Bank').getByRole('button', { name: 'Sign in to this tenant: Woodgrove Bank' }).count(),
    ).toBe(1);
    await expectClean(page);
    await shots(page, 'entries-view', 'entries-default-client');
    await noSeriousAccessibilityIssues(page);
  });

  it('opens the tenant’s own Security info page from an entry', async () => {
    const page = await open('light');
    await entriesView(page);
    await row(page, 'Northwind Traders')
      .getByRole('button', { name: 'Open the Security info page of Northwind Traders' })
      .click();
    const northwind = app.services.store.data().tenants.find((t) => t.defaultDomain === 'northwindtraders.example')!;
    await expect
      .poll(() => app.env.opened.at(-1))
      .toBe(`https://mysignins.microsoft.com/security-info/?tenantId=${northwind.tenantId}`);
  });

  it('takes the user’s answer: "No" for Fabrikam makes it "Will be needed", said so, and kept after a reload', async () => {
    const page = await open('light');
    await entriesView(page);
    const fabrikam = row(page, 'Fabrikam, Inc.');
    await tick(
      fabrikam
        .getByRole('radiogroup', { name: 'I have this entry in Authenticator: Fabrikam, Inc.' })
        .getByRole('radio', { name: 'No', exact: true }),
    );
    await expect.poll(() => fabrikam.innerText()).toContain('Will be needed');
    expect(await fabrikam.innerText()).toMatch(/You said on \d+ \w+ \d{4} that you have no entry for it/);
    expect(await fabrikam.innerText()).toContain('You said so');
    await page.reload();
    await entriesView(page);
    expect(await row(page, 'Fabrikam, Inc.').getByRole('radio', { name: 'No', exact: true }).isChecked()).toBe(true);
    // Back to the inference for the rest of the run.
    await tick(row(page, 'Fabrikam, Inc.').getByRole('radio', { name: 'Not sure' }));
    await expect.poll(() => row(page, 'Fabrikam, Inc.').innerText()).toContain('In use');
  });

  it('the drawer shows the entry with what the app knows, the answer and where to act', async () => {
    const page = await open('light');
    await page.getByRole('row', { name: /Northwind Traders/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    const section = drawer.getByTestId('entry-section');
    await section.waitFor();
    const text = await section.innerText();
    expect(text).toContain('Leftover');
    expect(text).toMatch(
      /asked for its own MFA \(first on \d+ \w+ \d{4}\); since \d+ \w+ \d{4} it accepts your home MFA/,
    );
    expect(text).toContain('the app cannot read your methods with its default sign-in');
    expect(text).toContain('I have this entry in Authenticator');
    expect(text).toContain('Remove the method on its Security info page, then delete the entry.');
    // Where to act on a leftover: its Security info page, first; it accepts the home MFA, so no sign-in there.
    await drawer.getByRole('button', { name: 'Open security info' }).waitFor();
    expect(await drawer.getByTestId('drawer-actions').getByRole('button').first().innerText()).toBe(
      'Open security info',
    );
    expect(await drawer.getByRole('button', { name: 'Sign in to this tenant' }).count()).toBe(0);
    await expectClean(page);
    await shootBothSchemes(page, (scheme) => path.join(screenshots, `drawer-entry-default-client-${scheme}.png`));
    await noSeriousAccessibilityIssues(page);
  });

  it('the checklist ranks by lockout, says the methods are unknown, splits before and after, with backup facts', async () => {
    const page = await open('light');
    await page.getByTestId('nav-phone').click();
    await page.getByRole('heading', { level: 1, name: 'Phone change' }).waitFor();
    const cards = page.locator('li[data-entry-key]');
    await cards.first().waitFor();
    const order = await cards.evaluateAll((items) =>
      items.map((i) => i.querySelector('h3, .fui-Text')?.textContent ?? ''),
    );
    expect(order.map((t) => t.replace(/^\d+\.\s*/, '').trim())).toEqual([
      'Contoso',
      'Fabrikam, Inc.',
      'Litware, Inc.',
      'Woodgrove Bank',
      'Northwind Traders',
      'Tailspin Toys',
    ]);
    const fabrikam = cards.filter({ hasText: 'Fabrikam, Inc.' });
    const text = await fabrikam.innerText();
    expect(text).toContain('Entry: In use');
    expect(text).toMatch(
      /does not know which methods you have there: it counts the Authenticator entry as your only one/,
    );
    expect(text).toContain('Methods unknown');
    expect(text.indexOf('Before you wipe the old phone')).toBeLessThan(text.indexOf('After you set up the new phone'));
    expect(text).toContain('Add a second method there while the old phone still works');
    const facts = await page.getByTestId('backup-facts').innerText();
    expect(facts).toContain('restores only to the same kind of phone');
    expect(facts).toContain('work or school accounts back by name only');
    expect(await page.locator('body').innerText()).not.toContain('Relecloud');
    await expectClean(page);
    await shots(page, 'phone-change-view', 'checklist-default-client');
    await noSeriousAccessibilityIssues(page);
  });
});
