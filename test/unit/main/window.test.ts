import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  appUrlMatcher,
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
