/**
 * Azure Lighthouse tenants in the inventory, over the real services: a scan of the seed world plus a `ProjectedBy`
 * and a `ManagedBy` tenant (as ARM's own GetTenants.json example lists them). They are not rows of the grid and not
 * counted; below it, a card names them with the reason, at 800×600 and 1280×800, light and dark
 * (test-results/screenshots/lighthouse-<width>x<height>-<scheme>.png), with nothing serious for axe.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator';
import type { TestHost } from '../../tools/browser-host';
import { SCENARIOS } from '../support/app-harness';
import { inventoryPage, seriousAxeFindings, type FreshPage } from '../support/e2e-page';
import { startServedApp, type ServedApp } from '../support/served-app';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'test-results/screenshots');

function world(): ScenarioInput {
  const seed = JSON.parse(readFileSync(path.join(SCENARIOS, 'seed-blog.json'), 'utf8')) as ScenarioInput;
  seed.tenants['projected'] = {
    id: 'daea2e9b-847b-4c93-850d-2aa6f2d7af33',
    displayName: 'Tailwind Managed Services',
    defaultDomain: 'tailwindtraders-msp.example',
    tenantCategory: 'ProjectedBy',
  };
  seed.tenants['managed'] = {
    id: 'a70a1586-9c4a-4373-b907-1d310660dbd1',
    displayName: 'Wide World Importers (customer)',
    defaultDomain: 'wideworldimporters.example',
    tenantCategory: 'ManagedBy',
  };
  return seed;
}

describe('Azure Lighthouse tenants, listed apart', () => {
  let served: ServedApp;
  let host: TestHost;
  let browser: Browser;
  const opened: FreshPage[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    served = await startServedApp([world()]);
    ({ host, browser } = served);
  }, 120_000);

  afterEach(async () => {
    for (const fresh of opened.splice(0)) await fresh.close();
  });

  afterAll(() => served?.close());

  for (const scheme of ['light', 'dark'] as const) {
    for (const size of [
      { width: 800, height: 600 },
      { width: 1280, height: 800 },
    ]) {
      it(`${size.width}×${size.height} ${scheme}: a card below the grid, not rows of it`, async () => {
        const fresh = await inventoryPage(browser, host.url, { scheme, viewport: size });
        opened.push(fresh);
        const { page } = fresh;
        const grid = page.getByRole('grid', { name: 'Organisations' });
        const group = page.getByTestId('lighthouse-group');
        await group.scrollIntoViewIfNeeded();
        await expect.poll(() => group.isVisible()).toBe(true);
        await expect
          .poll(() => group.getByTestId('lighthouse-tenant').allInnerTexts())
          .toEqual([
            expect.stringContaining('Tailwind Managed Services'),
            expect.stringContaining('Wide World Importers (customer)'),
          ]);
        expect(await group.innerText()).toContain(
          'Managed through Azure Lighthouse, not a guest account: not checked.',
        );
        expect(await group.getByRole('heading', { name: 'Listed apart (2)' }).count()).toBe(1);
        // Not in the grid: neither name is a row.
        expect(await grid.getByRole('row', { name: /Tailwind Managed Services|Wide World Importers/ }).count()).toBe(0);
        await page.screenshot({
          path: path.join(screenshots, `lighthouse-${size.width}x${size.height}-${scheme}.png`),
        });
        expect(await seriousAxeFindings(page, '[data-testid="lighthouse-group"]')).toEqual([]);
      }, 90_000);
    }
  }
});
