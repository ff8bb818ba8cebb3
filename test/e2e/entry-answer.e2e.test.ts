/**
 * The user's own answer counts at once, everywhere (issue 19, "The user's answer does not count"): in the real
 * renderer with the real main services, real MSAL and the emulator (test/scenarios/entries-before.json, where
 * Fabrikam demands its own MFA and the app infers an entry, likely). Ticking "No, I have no entry" in the drawer
 * changes the drawer's bold advice, the row's Next step, the headline and the MFA-reset batch in one step, and the
 * checklist drops the move steps. A second test takes the screenshots of the likely and the certain case (the
 * user's "Yes") in light and dark at 800×600 and 1280×800 (test-results/screenshots/answer-*; each view photographed
 * in both schemes from one page, the scheme switched in place).
 *
 * Each test starts its own emulator, data folder, services, host and browser context, and waits on conditions only;
 * the file shares one Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';
import { shootBothSchemes, tick } from '../support/e2e-page';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
type Scheme = 'light' | 'dark';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

interface World {
  app: AppHarness;
  host: TestHost;
  browser: Browser;
  data: string;
}

/** A fresh world: its own data folder, one sign-in and one scan of entries-before.json, and a host. */
async function freshWorld(scenario = 'entries-before.json'): Promise<World> {
  const data = mkdtempSync(path.join(tmpdir(), 'gmi-answer-e2e-'));
  // Main's pushes (a new snapshot after an answer) reach the page through the host.
  let host: TestHost | null = null;
  const app = await startApp(scenario, { userDataDir: data, env: { emit: (event) => host?.emit(event) } });
  const { accountId } = await app.services.handlers.signIn(undefined);
  await app.services.handlers.startScan({ accountId });
  host = await startTestHost({ rendererDir, handlers: app.services.handlers });
  return { app, host: host!, browser, data };
}

async function closeWorld(world: World | null): Promise<void> {
  if (!world) return;
  for (const context of world.browser.contexts()) await context.close();
  await world.host.close();
  await world.app.close();
  rmSync(world.data, { recursive: true, force: true });
}

async function openPage(
  world: World,
  scheme: Scheme,
  viewport: { width: number; height: number },
  wait: RegExp = /Fabrikam, Inc\./,
): Promise<Page> {
  const context = await world.browser.newContext({ colorScheme: scheme, viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(world.host.url);
  await page.getByRole('grid', { name: 'Organisations' }).waitFor();
  await page.getByRole('row', { name: wait }).waitFor();
  return page;
}

/** Opens a view from the navigation, through the folded menu on a narrow window. */
async function go(page: Page, testId: string): Promise<void> {
  const target = page.getByTestId(testId);
  if (!(await target.isVisible())) await page.getByRole('button', { name: 'Open navigation' }).click();
  await target.click();
}

const fabrikamRow = (page: Page) => page.getByRole('row', { name: /Fabrikam, Inc\./ });
const drawerOf = (page: Page) => page.getByRole('dialog', { name: 'Details of Fabrikam, Inc.' });

/** The count the toolbar's Export menu gives for the MFA-reset batch. */
async function resetBatchCount(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Export' }).click();
  const item = page.getByRole('menuitem', { name: /^Save MFA reset requests \(\d+\)/ });
  const count = Number(/\((\d+)\)/.exec(await item.innerText())?.[1]);
  await page.keyboard.press('Escape');
  await item.waitFor({ state: 'detached' });
  return count;
}

/** The number before "make(s) you keep" in the headline, 0 when the headline names none. */
function keepCount(headline: string): number {
  const m = /^(\d+) organisations? makes? you keep/.exec(headline);
  return m ? Number(m[1]) : 0;
}

async function answerInDrawer(page: Page, answer: 'Yes' | 'No'): Promise<void> {
  await tick(
    drawerOf(page)
      .getByRole('radiogroup', { name: 'I have this entry in Authenticator: Fabrikam, Inc.' })
      .getByRole('radio', { name: answer, exact: true }),
  );
}

describe('the user’s answer about an entry', () => {
  it('"No, I have no entry" changes the drawer, the Next step, the headline, the batches and the checklist in one step', async () => {
    let world: World | null = null;
    try {
      world = await freshWorld();
      const page = await openPage(world, 'light', { width: 1280, height: 800 });

      // Before: the app infers an entry (likely) from Fabrikam's own-MFA demand.
      const next = fabrikamRow(page).getByTestId('next-step');
      expect(await next.innerText()).toBe('Keep its entry; ask it to trust your MFA');
      const headlineBefore = await page.getByTestId('summary-headline').innerText();
      const keepBefore = keepCount(headlineBefore);
      expect(keepBefore).toBeGreaterThan(0);
      const resetsBefore = await resetBatchCount(page);
      expect(resetsBefore).toBeGreaterThan(0);

      await fabrikamRow(page).click();
      const advice = drawerOf(page).getByTestId('verdict-advice');
      await advice.waitFor();
      expect(await advice.innerText()).toMatch(/^Keep its Authenticator entry/);

      // One answer…
      await answerInDrawer(page, 'No');

      // …and the drawer, the row, the headline and the batch follow at once.
      await expect.poll(() => drawerOf(page).getByTestId('entry-section').innerText()).toContain('Will be needed');
      await expect
        .poll(() => advice.innerText())
        .toMatch(/^You said you have no Authenticator entry for it: nothing to keep or move/);
      await page.getByRole('button', { name: 'Close details' }).click();
      await drawerOf(page).waitFor({ state: 'detached' });
      await expect.poll(() => next.innerText()).toBe('No entry to keep; ask it to trust your MFA');
      const headlineAfter = await page.getByTestId('summary-headline').innerText();
      expect(keepCount(headlineAfter)).toBe(keepBefore - 1);
      expect(headlineAfter).toMatch(/1 asks for its own MFA where you said you have no entry/);
      expect(await resetBatchCount(page)).toBe(resetsBefore - 1);

      // The checklist: no move steps for an organisation the user has no entry for.
      await go(page, 'nav-phone');
      const card = page.locator('li[data-entry-key]').filter({ hasText: 'Fabrikam, Inc.' }).first();
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain('Will be needed');
      expect(text).not.toMatch(/Sign in once with the new phone/);
      expect(text).not.toMatch(/Add a second method there while the old phone still works/);
      const counts = await page.getByTestId('checklist-counts').innerText();
      expect(counts).toMatch(/to register on the new phone/);
    } finally {
      await closeWorld(world);
    }
  }, 180_000);

  it('the checklist counts only known moves, names whom to ask when locked out, and the cards say the same', async () => {
    let world: World | null = null;
    try {
      // The seed world: sponsors in most partners, and Alpine Ski House's invitation never accepted.
      world = await freshWorld('seed-blog.json');
      const page = await openPage(world, 'light', { width: 1280, height: 800 }, /Northwind Traders/);
      await go(page, 'nav-phone');
      const counts = await page.getByTestId('checklist-counts').innerText();
      const words = await page
        .locator('li[data-entry-key] [data-entry-status]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-entry-status')));
      const moves = Number(/(\d+) organisations? to move/.exec(counts)?.[1]);
      expect(moves).toBe(words.filter((w) => w === 'in-use').length);
      const check = Number(/(\d+) to check/.exec(counts)?.[1] ?? 0);
      expect(check).toBe(words.filter((w) => w === 'unknown').length);
      const register = Number(/(\d+) to register on the new phone/.exec(counts)?.[1] ?? 0);
      expect(register).toBe(words.filter((w) => w === 'will-be-needed').length);
      const card = (name: string) => page.locator('li[data-entry-key]').filter({ hasText: name });
      // Sponsors are read only where the partner gave the app a token, as Wingtip Toys (no MFA asked): once the
      // user says they have an entry there, its card names the sponsor to call.
      expect(await card('Wingtip Toys').count()).toBe(0);
      await go(page, 'nav-entries');
      await tick(
        page
          .locator('li[data-entry-key]')
          .filter({ hasText: 'Wingtip Toys' })
          .getByRole('radio', { name: 'Yes', exact: true }),
      );
      await go(page, 'nav-phone');
      await expect
        .poll(() => card('Wingtip Toys').getByTestId('lockout-contact').innerText())
        .toMatch(/Locked out there\? Ask your sponsor there, Grady Archie \(grady\.archie@wingtiptoys\.example\)/);
      // No invitation accepted, so no entry to check there.
      expect(await card('Alpine Ski House').count()).toBe(0);
    } finally {
      await closeWorld(world);
    }
  }, 180_000);

  it('screenshots: the likely and the certain case, light and dark, 800×600 and 1280×800', async () => {
    let world: World | null = null;
    mkdirSync(screenshots, { recursive: true });
    try {
      world = await freshWorld();
      const sizes = [
        { width: 800, height: 600 },
        { width: 1280, height: 800 },
      ];
      // Likely first: the app's own inference (no answer yet). Then certain: the user's "Yes", given once. Each view
      // in light and dark from one page.
      for (const certainty of ['likely', 'certain'] as const) {
        for (const viewport of sizes) {
          const page = await openPage(world, 'light', viewport);
          const size = `${viewport.width}x${viewport.height}`;
          const shot = (name: string) =>
            shootBothSchemes(page, (scheme) =>
              path.join(screenshots, `answer-${name}-${certainty}-${size}-${scheme}.png`),
            );
          await page.getByTestId('summary-headline').waitFor();
          await shot('headline');
          await fabrikamRow(page).click();
          const section = drawerOf(page).getByTestId('entry-section');
          await section.waitFor();
          if (certainty === 'certain' && !(await section.innerText()).includes('You said so')) {
            await drawerOf(page)
              .getByRole('radiogroup', { name: 'I have this entry in Authenticator: Fabrikam, Inc.' })
              .getByRole('radio', { name: 'Yes', exact: true })
              .click();
          }
          await expect
            .poll(() => section.innerText())
            .toContain(certainty === 'certain' ? 'You said so' : 'Inferred (likely)');
          await shot('drawer');
          await page.getByRole('button', { name: 'Close details' }).click();
          await drawerOf(page).waitFor({ state: 'detached' });
          await go(page, 'nav-entries');
          await page.getByRole('heading', { level: 1, name: 'Authenticator entries' }).waitFor();
          await shot('entries');
          await go(page, 'nav-phone');
          await page.getByTestId('checklist-counts').waitFor();
          await shot('checklist');
          await page.context().close();
        }
      }
    } finally {
      await closeWorld(world);
    }
  }, 300_000);
});
