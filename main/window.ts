/**
 * The main window's options and guards. Takes Electron's objects as parameters (types only), so the security
 * settings are checked by plain Node tests with stand-ins.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import path from 'node:path';
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

/**
 * Sets the CSP header on every response the app session loads (the page also carries it as a meta tag). A CSP the
 * response already had, in any spelling of the header's name (the app scheme's own answers carry it), is replaced,
 * so the page gets exactly one policy.
 */
export function enforceContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/**
 * The renderer's own scheme: the built page is served as `app://gmi/index.html` from the renderer folder, not from
 * `file://` (Electron's security checklist, "Use a custom protocol instead of file://"). Registered as privileged
 * before the app is ready (standard and secure, so that it has an origin, `'self'` in the CSP means it, and
 * module scripts load), and handled by `serveAppFile` (main/index.ts wires both into `protocol`).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gmi';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The file inside `rootDir` that an `app://gmi/…` URL names, or null: another scheme or host, a path that leaves
 * the folder (`..`, encoded or not, a backslash or a drive), or a name with a NUL. `/` is `index.html`.
 */
export function appFileFor(rootDir: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || /(^|\/)\.\.(\/|$)/.test(pathname)) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Answers one `app://` request from the renderer folder: the file with its content type and the CSP header, or a
 * 404 for anything `appFileFor` refuses or that is not there. Only GET. `readFile` is passed in for tests.
 */
export async function serveAppFile(
  rootDir: string,
  request: { url: string; method: string },
  readFile: (file: string) => Promise<Uint8Array>,
): Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
  const file = appFileFor(rootDir, request.url);
  if (!file) return notFound();
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return notFound();
  }
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A predicate for "this URL is the app's own renderer" (`app://gmi/…`, a file URL of the page, or the dev server). */
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
    // A custom scheme has no origin in the URL standard ('null'): its scheme and host are the app's.
    if (app.protocol === `${APP_SCHEME}:`) return url.protocol === app.protocol && url.host === app.host;
    return url.origin === app.origin;
  };
}
