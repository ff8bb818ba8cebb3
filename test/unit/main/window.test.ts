import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_ORIGIN,
  appFileFor,
  appUrlMatcher,
  serveAppFile,
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  enforceContentSecurityPolicy,
  guardWebContents,
  createMainWindow,
} from '../../../main/window';
import { DEFAULT_BOUNDS } from '../../../main/window-state';

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: vi.fn((name: string, listener: Listener) => {
      listeners.set(name, listener);
    }),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => { action: string }) => {
      openHandler = handler;
    }),
    fire(name: string, url: string) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)?.(event, url);
      return event;
    },
    open(url: string) {
      return openHandler?.({ url });
    },
  };
}

const appUrl = 'file:///opt/app/out/renderer/index.html';

describe('main window options', () => {
  const optionsOf = (bounds: typeof DEFAULT_BOUNDS) => {
    let seen: BrowserWindowConstructorOptions = {};
    class FakeWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        seen = options;
      }
    }
    createMainWindow(FakeWindow, '/opt/app/out/preload/preload.js', bounds);
    return seen;
  };
  const options = optionsOf(DEFAULT_BOUNDS);

  it('isolates and sandboxes the renderer without Node integration', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/opt/app/out/preload/preload.js',
    });
  });

  it('restores remembered bounds', () => {
    const restored = optionsOf({ x: 10, y: 20, width: 900, height: 700, maximized: false });
    expect(restored).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });
});

describe('content security policy', () => {
  it('allows scripts only from the app and forbids eval, plugins and framing', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('is added to every response of the session', () => {
    let listener:
      ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    const session = { webRequest: { onHeadersReceived: vi.fn((l) => (listener = l)) } };
    enforceContentSecurityPolicy(session as never);
    const callback = vi.fn();
    listener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
});

describe('navigation guards', () => {
  it('keeps in-app navigation and refuses navigation elsewhere', () => {
    const contents = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, appUrlMatcher(appUrl), openExternal);
    expect(contents.fire('will-navigate', `${appUrl}#/inventory`).preventDefault).not.toHaveBeenCalled();
    expect(contents.fire('will-navigate', 'https://evil.example/phish').preventDefault).toHaveBeenCalled();
    expect(contents.fire('will-navigate', 'file:///etc/passwd').preventDefault).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('sends allow-listed https links to the system browser and denies every new window', () => {
    const contents = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, appUrlMatcher(appUrl), openExternal);
    expect(contents.open('https://mysignins.microsoft.com/security-info?tenantId=x')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://mysignins.microsoft.com/security-info?tenantId=x');
    for (const url of [
      'http://mysignins.microsoft.com/',
      'https://evil.example/',
      'https://mysignins.microsoft.com.evil.example/',
      'https://user:pw@myaccount.microsoft.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(contents.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses webviews', () => {
    const contents = fakeContents();
    guardWebContents(contents as never, appUrlMatcher(appUrl), vi.fn());
    expect(contents.fire('will-attach-webview', 'about:blank').preventDefault).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as never);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      request?.({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(check?.()).toBe(false);
  });
});

describe('the renderer served as app://gmi', () => {
  it('maps app URLs to files inside the renderer folder and refuses everything else', () => {
    const root = path.resolve('/opt/app/out/renderer');
    expect(appFileFor(root, `${APP_ORIGIN}/index.html`)).toBe(path.join(root, 'index.html'));
    expect(appFileFor(root, `${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(appFileFor(root, `${APP_ORIGIN}/assets/index-1.js?v=2#x`)).toBe(path.join(root, 'assets', 'index-1.js'));
    // Dot segments the URL parser resolves itself stay inside the folder.
    expect(appFileFor(root, 'app://gmi/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(appFileFor(root, 'app://gmi/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    for (const refused of [
      'app://gmi/assets/..%2f..%2f..%2fetc/passwd',
      'app://gmi/..%5c..%5cwindows',
      'app://gmi/index.html%00.js',
      'app://other/index.html',
      'file:///opt/app/out/renderer/index.html',
      'https://gmi/index.html',
      'app://gmi/%E0%A4%A',
      'not a url',
    ]) {
      expect({ refused, file: appFileFor(root, refused) }).toEqual({ refused, file: null });
    }
  });

  it('answers with the file, its type and the CSP; 404 for a refused or missing file, 405 for a POST', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'gmi-scheme-'));
    try {
      await mkdir(path.join(root, 'assets'));
      await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
      await writeFile(path.join(root, 'assets', 'main.js'), 'console.log(1)');
      await writeFile(path.join(root, '..', `${path.basename(root)}-secret.txt`), 'outside');
      const read = (file: string) => readFile(file);
      const page = await serveAppFile(root, { url: `${APP_ORIGIN}/index.html`, method: 'GET' }, read);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await page.text()).toContain('<title>app</title>');
      const script = await serveAppFile(root, { url: `${APP_ORIGIN}/assets/main.js`, method: 'GET' }, read);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const outside = `${APP_ORIGIN}/..%2f${path.basename(root)}-secret.txt`;
      expect((await serveAppFile(root, { url: outside, method: 'GET' }, read)).status).toBe(404);
      expect((await serveAppFile(root, { url: `${APP_ORIGIN}/nope.js`, method: 'GET' }, read)).status).toBe(404);
      expect((await serveAppFile(root, { url: `${APP_ORIGIN}/index.html`, method: 'POST' }, read)).status).toBe(405);
    } finally {
      await rm(path.join(root, '..', `${path.basename(root)}-secret.txt`), { force: true });
      await rm(root, { recursive: true, force: true });
    }
  });

  it('counts only app://gmi pages as the app, whatever their path', () => {
    const isApp = appUrlMatcher(`${APP_ORIGIN}/index.html`);
    expect(isApp(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isApp(`${APP_ORIGIN}/index.html#/tenants`)).toBe(true);
    expect(isApp('app://evil/index.html')).toBe(false);
    expect(isApp('file:///opt/app/out/renderer/index.html')).toBe(false);
    expect(isApp('https://gmi/index.html')).toBe(false);
  });
});
