/**
 * Settings → Advanced, the platform's sign-in broker, in Chromium over the app's real services: on Windows with the
 * broker's plugin loaded (a recording stand-in: no WAM here) the switch is on and can be turned off, and the line
 * under it says which way the account's last sign-in went; on Linux the switch is greyed with the reason.
 * Screenshots at 800×600 and 1280×800, light and dark, go to test-results/screenshots/settings-broker-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INativeBrokerPlugin } from '@azure/msal-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../main/services/app-services';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { launchChromium } from '../../tools/chromium';
import { createNodeEnvironment } from '../../tools/node-env';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { SCENARIOS } from '../support/app-harness';
import { refusesDevice } from '../../shared/verdicts';
import { settled } from '../support/e2e-page';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const;

/** A broker plugin that is there and available; the sign-in below goes through the browser (broker off). */
const availableBroker = { isBrokerAvailable: true, setLogger: () => undefined } as unknown as INativeBrokerPlugin;

interface Running {
  emulator: Emulator;
  services: AppServices;
  host: TestHost;
  dir: string;
}

async function run(
  platform: NodeJS.Platform,
  scenario = 'seed-blog.json',
  plugin: INativeBrokerPlugin = availableBroker,
  signIn = true,
): Promise<Running> {
  const emulator = await startEmulator({ scenario: path.join(SCENARIOS, scenario), autoComplete: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'gmi-broker-e2e-'));
  let host: TestHost | null = null;
  const env = createNodeEnvironment({ userDataDir: dir, emulator, browser: 'auto', emit: (e) => host?.emit(e) });
  const services = await createAppServices({
    ...env,
    platform,
    broker: { loadPlugin: async () => plugin },
    backgroundChecks: false,
  });
  if (!signIn) {
    host = await startTestHost({ rendererDir, handlers: services.handlers });
    return { emulator, services, host, dir };
  }
  if (platform === 'win32') await services.handlers.updateSettings({ useBroker: false });
  const { accountId } = await services.handlers.signIn(undefined);
  if (scenario !== 'seed-blog.json') await services.handlers.startScan({ accountId });
  if (platform === 'win32') await services.handlers.updateSettings({ useBroker: true });
  host = await startTestHost({ rendererDir, handlers: services.handlers });
  return { emulator, services, host, dir };
}

describe('Settings → Advanced: the sign-in broker', () => {
  let browser: Browser;
  const running: Running[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const r of running) {
      await r.host.close();
      await r.services.shutdown();
      await r.emulator.close();
      rmSync(r.dir, { recursive: true, force: true });
    }
  });

  async function openAdvanced(url: string, scheme: 'light' | 'dark', size: { width: number; height: number }) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: size, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(url);
    const menu = page.getByRole('button', { name: 'Open navigation' });
    await page.getByTestId('nav-settings').or(menu).first().waitFor();
    if (await menu.isVisible()) await menu.click();
    await page.getByTestId('nav-settings').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Advanced: how the app signs in' }).click();
    await page.getByTestId('broker-switch').waitFor();
    await page
      .getByRole('button', { name: 'Advanced: how the app signs in' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await settled(page);
    return { page, close: () => context.close() };
  }

  const shot = (page: Page, name: string, size: { width: number; height: number }, scheme: string) =>
    page.screenshot({
      path: path.join(screenshots, `settings-broker-${name}-${size.width}x${size.height}-${scheme}.png`),
    });

  it('on Windows: on by default, turned off and on again, and says the last sign-in used the browser', async () => {
    const windows = await run('win32');
    running.push(windows);
    for (const scheme of ['light', 'dark'] as const) {
      for (const size of SIZES) {
        const { page, close } = await openAdvanced(windows.host.url, scheme, size);
        const toggle = page.getByRole('switch', { name: 'Use the system’s sign-in broker' });
        await expect.poll(() => toggle.isChecked()).toBe(true);
        expect(await toggle.isEnabled()).toBe(true);
        await expect
          .poll(() => page.getByTestId('sign-in-path').first().textContent())
          .toMatch(/last signed in through the browser \(the sign-in broker is off in Settings\)/);
        await shot(page, 'windows', size, scheme);
        await close();
      }
    }
    const { page, close } = await openAdvanced(windows.host.url, 'light', SIZES[1]);
    await page.getByRole('switch', { name: 'Use the system’s sign-in broker' }).click();
    await expect.poll(() => windows.services.store.data().settings.useBroker).toBe(false);
    await expect.poll(() => page.getByText(/Off: the app signs in through your browser/).count()).toBe(1);
    await page.getByRole('switch', { name: 'Use the system’s sign-in broker' }).click();
    await expect.poll(() => windows.services.store.data().settings.useBroker).toBe(true);
    await close();
  }, 180_000);

  it('on Linux: greyed, with the reason', async () => {
    const linux = await run('linux');
    running.push(linux);
    for (const scheme of ['light', 'dark'] as const) {
      for (const size of SIZES) {
        const { page, close } = await openAdvanced(linux.host.url, scheme, size);
        const toggle = page.getByRole('switch', { name: 'Use the system’s sign-in broker' });
        expect(await toggle.isDisabled()).toBe(true);
        expect(await toggle.isChecked()).toBe(false);
        expect(await page.getByText(/Only Windows and macOS have a sign-in broker/).count()).toBe(1);
        await expect
          .poll(() => page.getByTestId('sign-in-path').first().textContent())
          .toMatch(/no sign-in broker on this platform/);
        await shot(page, 'linux', size, scheme);
        await close();
      }
    }
  }, 180_000);

  it("a partner's device refusal says the sign-in used the browser, and why", async () => {
    const linux = await run('linux', 'home-compliant-device.json');
    running.push(linux);
    const refused = linux.services.store.data().tenants.find((t) => refusesDevice(t));
    expect(refused).toBeDefined();
    // A scan's update of the account keeps the sign-in's path.
    expect(linux.services.store.data().accounts[0]?.signInPath).toBe('loopback:platform');
    const context = await browser.newContext({ colorScheme: 'light', viewport: SIZES[1], reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(linux.host.url);
    await page.getByRole('row', { name: new RegExp(refused!.displayName) }).click();
    const note = page.getByTestId('sign-in-path-note');
    await note.waitFor();
    expect(await note.textContent()).toMatch(
      /used the browser: this platform has no sign-in broker the app can use, so the organisation could not see this device/,
    );
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'settings-broker-device-refusal-1280x800-light.png') });
    await context.close();
  }, 120_000);

  it("the welcome page says to continue in the system's sign-in window, and Cancel ends the wait", async () => {
    // A broker whose window stays open until the user acts.
    const waitingBroker = {
      isBrokerAvailable: true,
      setLogger: () => undefined,
      getAllAccounts: async () => [],
      acquireTokenInteractive: () => new Promise<never>(() => undefined),
    } as unknown as INativeBrokerPlugin;
    const windows = await run('win32', 'seed-blog.json', waitingBroker, false);
    running.push(windows);
    for (const scheme of ['light', 'dark'] as const) {
      for (const size of SIZES) {
        const context = await browser.newContext({ colorScheme: scheme, viewport: size, reducedMotion: 'reduce' });
        const page = await context.newPage();
        await page.goto(windows.host.url);
        await page.getByText(/Sign-in happens in your system’s sign-in window/).waitFor();
        await page.getByRole('button', { name: 'Sign in with your work account' }).click();
        await page.getByText('Continue in the sign-in window').waitFor();
        expect(await page.getByTestId('sign-in-waiting-text').textContent()).toMatch(/sign-in window is open/);
        await settled(page);
        await page.screenshot({
          path: path.join(screenshots, `settings-broker-welcome-waiting-${size.width}x${size.height}-${scheme}.png`),
        });
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
        await context.close();
      }
    }
    expect(windows.services.store.data().accounts).toEqual([]);
  }, 180_000);
});
