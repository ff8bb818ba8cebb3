/**
 * Watching in the real renderer build (Chromium, the browser host, the app's real services with the fixture
 * data and the changes the real watch service saw; test/support/ui-host.ts): the "Update ready" bar
 * and its restart, the "What changed" view, a clicked notification opening its tenant, the background-check and
 * update cards in Settings; an axe check of the new view and screenshots in light and dark
 * (test-results/screenshots). Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureData, uiScenario } from '../fixtures/ui-fixture';
import { watchOptions } from '../fixtures/watch-fixture';
import { startEmulatorChild, type EmulatorChild } from '../support/emulator-child';
import { startUiHost, type UiHost } from '../support/ui-host';
import { launchChromium } from '../../tools/chromium';
import { resetPage, settled } from '../support/e2e-page';

const shotDir = path.resolve(__dirname, '../../test-results/screenshots');

let browser: Browser;
let emulator: EmulatorChild;
let app: UiHost | null = null;

beforeAll(async () => {
  mkdirSync(shotDir, { recursive: true });
  emulator = await startEmulatorChild(uiScenario());
  browser = await launchChromium();
});

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

async function open(scheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[]; app: UiHost }> {
  app = await startUiHost({ emulator, data: fixtureData(), ...watchOptions() });
  const context = await browser.newContext({
    colorScheme: scheme,
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
    // axe is injected as an inline script; the app's CSP (tested in ui.e2e.test.ts) would refuse it.
    bypassCSP: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.host.url);
  await page.getByRole('grid', { name: 'Organisations' }).waitFor();
  return { page, errors, app };
}

async function shot(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await settled(page);
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate<axe.AxeResults>(
    `axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('watching in the renderer', () => {
  it.each(['light', 'dark'] as const)('shows the update bar, What changed and the settings (%s)', async (scheme) => {
    const { page, errors } = await open(scheme);
    const bar = page.getByTestId('update-ready');
    await expect.poll(() => bar.textContent()).toMatch(/Version 0\.2\.0 is downloaded/);
    await shot(page, `watch-update-ready-${scheme}`);

    await page.getByTestId('nav-changes').click();
    await page.getByRole('heading', { level: 1, name: 'What changed' }).waitFor();
    const items = page.getByRole('list', { name: 'Changes' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('Adventure Works now accepts your home MFA');
    await shot(page, `watch-changes-${scheme}`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByTestId('nav-settings').click();
    const section = page.getByRole('region', { name: 'Background checks' });
    await section.scrollIntoViewIfNeeded();
    await expect.poll(() => section.textContent()).toContain('1 organisation watched now.');
    await shot(page, `watch-settings-${scheme}`);
    await page.getByRole('region', { name: 'Updates' }).scrollIntoViewIfNeeded();
    await shot(page, `watch-settings-updates-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a clicked notification opens its tenant; "Restart to update" asks main to install', async () => {
    const { page, app } = await open('light');
    await page.getByTestId('nav-changes').click();
    const fabrikam = app.world.services.store.data().tenants.find((t) => t.displayName === 'Fabrikam')!;
    // What the notification's click hands the renderer (main/watch/change-notifier.ts).
    app.host.emit({ type: 'open-tenant', accountId: app.world.account!.accountId, tenantId: fabrikam.tenantId });
    await page.getByRole('dialog', { name: /Fabrikam/ }).waitFor();
    await shot(page, 'watch-notification-opens-tenant');
    await resetPage(page);
    await page.getByTestId('update-ready').getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(() => app.world.calls.some((c) => c.name === 'installUpdate')).toBe(true);
    await page.context().close();
  });
});
