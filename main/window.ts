/**
 * The main window's options and guards. Takes Electron's objects as parameters (types only), so the security
 * settings are checked by plain Node tests with stand-ins.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { allowedExternalUrl } from '../shared/links';
import type { WindowBounds } from './window-state';

/**
 * Content-Security-Policy of the renderer. Scripts only from the app itself; no eval, no remote content.
 * `style-src 'unsafe-inline'` is needed by Fluent UI (Griffel injects style elements at run time).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The window class, passed in so that tests can record the options without Electron. */
export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the main window with the security baseline spelled out where `new BrowserWindow` is called (so
 * that electronegativity, which reads the call site, sees every option).
 */
export function createMainWindow<W>(
  BrowserWindow: BrowserWindowClass<W>,
  preloadPath: string,
  bounds: WindowBounds,
): W {
  return new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Guest MFA Inventory',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
}

/**
 * A hidden window that renders one generated HTML document for `printToPDF` (the phone-change checklist).
 * JavaScript is off: the document is static text the app generated with every data string escaped.
 */
export function createPdfWindow<W>(BrowserWindow: BrowserWindowClass<W>): W {
  return new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Opens a URL in the system browser; the shell's `openExternal` in the app. */
export type ExternalOpener = (url: string) => Promise<void>;

/**
 * Installs the navigation guards on a window's contents: in-app navigation away from the app URL, every
 * new window and every `<webview>` are refused; an allow-listed https link goes to the system browser.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  isAppUrl: (url: string) => boolean,
  openExternal: ExternalOpener,
  log: (message: string) => void = () => undefined,
): void {
  const sendOut = (url: string): void => {
    const allowed = allowedExternalUrl(url);
    if (allowed) {
      void openExternal(allowed);
    } else {
      log(`Refused to open a link that is not on the allow-list: ${url.slice(0, 200)}`);
    }
  };
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    sendOut(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Refuses every permission request and check (camera, notifications, clipboard-read, …) of the session. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Adds the CSP header to every response the app session loads (the page also carries it as a meta tag). */
export function enforceContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** A predicate for "this URL is the app's own renderer" (file URL of the built page, or the dev server). */
export function appUrlMatcher(appUrl: string): (url: string) => boolean {
  const app = new URL(appUrl);
  return (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    // The host matters for file: URLs too: on Windows `file://server/…` is a UNC path on another machine.
    if (app.protocol === 'file:')
      return url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname;
    return url.origin === app.origin;
  };
}
