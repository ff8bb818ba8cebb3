/**
 * How an e2e test starts from a state it sets up, and waits on conditions instead of fixed sleeps.
 *
 * - `freshPage(browser, url, options)`: a new browser context (its own storage, no leftover overlay, toast or
 *   focus of an earlier test) with one page opened at `url`, collecting page errors; `close()` ends the context.
 *   Every e2e test opens its own: no test depends on what an earlier one left open, in any order.
 * - `resetPage(page)`: for a test that keeps its page on purpose (a long story inside one test): closes every
 *   overlay (tooltip, menu, dialog, drawer) with Escape and waits until none is left on screen.
 * - `settled(page)`: waits until nothing on the page is moving (every finite CSS or Web Animations API animation
 *   has finished) and the fonts are loaded: what "let the drawer finish sliding in" means before a screenshot or
 *   an axe contrast check. Endless animations (spinners) and a toast's dismiss timer do
 *   not count.
 * - `inventoryPage(browser, url, options)`: `freshPage` for the app's views (motion reduced, axe allowed in) that
 *   returns once the inventory's grid is on screen; `waitForInventory(page)` is that wait alone.
 * - `seriousAxeFindings(page)`: what axe calls serious or critical on the page, one line each; in a scheme whose
 *   twin was checked in full, only the rules a scheme can change (`SCHEME_RULES`).
 * - `showScheme(page, scheme)` switches light/dark in place; `shootBothSchemes(page, file)` photographs what is on
 *   screen now in both schemes (then switches back): a dark picture of a state without building it again in a
 *   second page.
 */
import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export type Scheme = 'light' | 'dark';

export interface FreshPageOptions {
  scheme?: Scheme;
  viewport?: { width: number; height: number };
  /** Only so that axe can be injected: the app's CSP refuses any script it did not ship. */
  bypassCSP?: boolean;
  reducedMotion?: 'reduce' | 'no-preference';
}

export interface FreshPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors, in order. */
  errors: string[];
  close(): Promise<void>;
}

export async function freshPage(
  browser: Browser,
  url: string | null,
  options: FreshPageOptions = {},
): Promise<FreshPage> {
  const context = await browser.newContext({
    colorScheme: options.scheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    reducedMotion: options.reducedMotion ?? 'no-preference',
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  if (url) await page.goto(url);
  return { page, context, errors, close: () => context.close() };
}

/** Waits until the inventory's grid of organisations is on screen (a signed-in app has loaded its data). */
export async function waitForInventory(page: Page, { timeout = 30_000 } = {}): Promise<void> {
  await page.getByRole('grid', { name: 'Organisations' }).waitFor({ timeout });
}

/**
 * A fresh page of the app at `url`, ready for screenshots and axe (motion reduced, axe allowed in past the CSP),
 * once the inventory is on screen.
 */
export async function inventoryPage(browser: Browser, url: string, options: FreshPageOptions = {}): Promise<FreshPage> {
  const fresh = await freshPage(browser, url, { reducedMotion: 'reduce', bypassCSP: true, ...options });
  await waitForInventory(fresh.page);
  return fresh;
}

/**
 * The axe rules whose result a colour scheme can change: every other rule reads the DOM, ARIA and layout, which are
 * the same in light and dark (the themes swap colour tokens only). A page checked in full in one scheme needs only
 * these in the other.
 */
export const SCHEME_RULES = ['color-contrast', 'link-in-text-block'] as const;

/**
 * What axe finds serious or critical on the page (in `include`, a CSS selector), one line each (`id (impact):
 * targets`); `rules` runs only those rules (e.g. SCHEME_RULES), else every rule axe runs by default. The page must
 * allow the script in (`bypassCSP`). Fluent's focus-trap sentinels (tabster's `<i data-tabster-dummy tabindex=0
 * aria-hidden>`) are left out: focusable on purpose, they hand focus on at once, and axe's aria-hidden-focus finding
 * on them is a known false positive (microsoft/tabster#288).
 */
export async function seriousAxeFindings(
  page: Page,
  include = 'html',
  { rules }: { rules?: readonly string[] } = {},
): Promise<string[]> {
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.addScriptTag({ content: axe.source });
  const only = rules ? `runOnly: { type: 'rule', values: ${JSON.stringify(rules)} }, ` : '';
  const result = await page.evaluate<axe.AxeResults>(
    `axe.run({ include: [[${JSON.stringify(include)}]], exclude: [['[data-tabster-dummy]']] }, { ${only}resultTypes: ['violations'] })`,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Page scripts are strings: the test files are type-checked for Node, without the DOM library.
const OPEN_OVERLAYS = `[...document.querySelectorAll(
  '[role="dialog"], [role="alertdialog"], [role="menu"], [role="tooltip"], .fui-OverlayDrawer__backdrop, .fui-DialogSurface__backdrop'
)].filter((el) => el.getClientRects().length > 0).length`;

/**
 * Resolves in the page once `condition` (a JavaScript expression) has been true for `frames` animation frames in a
 * row (true), or gives up after `timeout` ms (false). One evaluation that polls inside the page: Playwright's waitForFunction compiles a
 * string predicate with eval, which the app's CSP refuses.
 */
async function inPageUntil(page: Page, condition: string, { timeout = 15_000, frames = 1 } = {}): Promise<boolean> {
  return page.evaluate<boolean>(`new Promise((resolve) => {
    const deadline = performance.now() + ${timeout};
    let calm = 0;
    const tick = () => {
      calm = (${condition}) ? calm + 1 : 0;
      if (calm >= ${frames}) return resolve(true);
      if (performance.now() > deadline) return resolve(false);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}

/** Closes every open overlay with Escape, one at a time, and waits until none is on screen. */
export async function resetPage(page: Page, { timeout = 30_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const open = await page.evaluate<number>(OPEN_OVERLAYS);
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`resetPage: ${open} overlays still open after ${timeout} ms`);
    await page.keyboard.press('Escape');
    // Wait for that Escape to take effect (one overlay fewer), or try again: under load a closing animation runs
    // long, and a tooltip takes the first Escape before the dialog under it gets the next one.
    await inPageUntil(page, `${OPEN_OVERLAYS} < ${open}`, { timeout: 2_000 });
  }
}

const MOVING = `(() => {
  if (document.fonts && document.fonts.status !== 'loaded') return true;
  return document.getAnimations().some((a) => {
    if (a.playState !== 'running' && a.playState !== 'pending') return false;
    // A toast's dismiss timer is an invisible CSS animation as long as the toast stays: not movement.
    const target = a.effect && a.effect.target;
    if (target && target.closest && target.closest('[data-timer-status]')) return false;
    const end = a.effect ? a.effect.getComputedTiming().endTime : 0;
    return Number.isFinite(end);
  });
})()`;

/** Waits until every finite animation has finished (two frames in a row) and the fonts are loaded. */
export async function settled(page: Page, { timeout = 15_000 } = {}): Promise<void> {
  // From the next frame on, so that what the last action started is registered as running.
  if (!(await inPageUntil(page, `!${MOVING}`, { timeout, frames: 2 })))
    throw new Error(`settled: the page was still moving after ${timeout} ms`);
}

/** Waits until `condition` holds, checking every 50 ms (for hooks, where vitest's expect.poll is not allowed). */
export async function until(condition: () => boolean, what: string, { timeout = 30_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Ticks a checkbox or radio whose state the app sets once main has answered (a controlled input): clicks it and
 * waits until it shows as ticked. Playwright's own `check()` looks right after the click and fails on a busy machine.
 */
export async function tick(input: Locator, { timeout = 15_000 } = {}): Promise<void> {
  if (!(await input.isChecked())) await input.click();
  const deadline = Date.now() + timeout;
  while (!(await input.isChecked())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${String(input)} to be ticked`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Shows the page in `scheme` by switching the window's colour scheme in place (the app follows
 * `prefers-color-scheme` live while its theme setting is System, renderer/src/main.tsx), and waits until the app
 * shows it; throws if it does not follow (a theme setting of Light or Dark).
 */
export async function showScheme(page: Page, scheme: Scheme, { timeout = 15_000 } = {}): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  if (!(await inPageUntil(page, `document.documentElement.style.colorScheme === '${scheme}'`, { timeout })))
    throw new Error(`showScheme: the app did not switch to ${scheme} within ${timeout} ms`);
}

/**
 * Screenshots of what is on screen now in both schemes, first in the one the page shows, then in the other
 * (switched in place with `showScheme`, then back), each once the page has settled: a dark picture of a state
 * without building the state again in a second page. `file(scheme)` names each picture.
 */
export async function shootBothSchemes(page: Page, file: (scheme: Scheme) => string): Promise<void> {
  const first: Scheme = (await page.evaluate<boolean>(`matchMedia('(prefers-color-scheme: dark)').matches`))
    ? 'dark'
    : 'light';
  for (const scheme of first === 'dark' ? (['dark', 'light'] as const) : (['light', 'dark'] as const)) {
    await showScheme(page, scheme);
    await settled(page);
    await page.screenshot({ path: file(scheme) });
  }
  await showScheme(page, first);
}
