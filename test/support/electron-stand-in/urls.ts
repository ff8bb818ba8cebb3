/**
 * TEST TOOLING: how the stand-in window shows an app URL that plain Chromium cannot load as such.
 *
 * Electron serves `file://` pages with privileges Chromium gives no web page (module scripts from file://), and a
 * scheme registered with `protocol.registerSchemesAsPrivileged` + `protocol.handle` does not exist in Chromium at
 * all. The stand-in therefore loads such a URL at a made-up https origin that only it answers (the window's request
 * interception; nothing goes to a network): `file:///a/b.html` → `https://file.electron-stand-in.test/a/b.html`,
 * `app://bundle/x` → `https://bundle.app.electron-stand-in.test/x`. Everything the shell sees (the URL of a sender
 * frame, of a navigation, of a request) is translated back, so its own URL checks run on the real URLs.
 */

const DOMAIN = 'electron-stand-in.test';

/** The URL Chromium loads for an app URL (unchanged for http, https, data and about). */
export function toPageUrl(appUrl: string, customSchemes: ReadonlySet<string>): string {
  const url = new URL(appUrl);
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'file') {
    if (url.host) throw new Error(`the Electron stand-in loads local files only, not ${appUrl}`);
    return `https://file.${DOMAIN}${url.pathname}${url.search}${url.hash}`;
  }
  if (customSchemes.has(scheme)) {
    const host = url.host ? `${url.host}.` : '';
    return `https://${host}${scheme}.${DOMAIN}${url.pathname}${url.search}${url.hash}`;
  }
  return url.href;
}

/** The app URL a page URL stands for (unchanged when it is not one of the stand-in's origins). */
export function toAppUrl(pageUrl: string): string {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return pageUrl;
  }
  if (url.protocol !== 'https:' || !url.hostname.endsWith(`.${DOMAIN}`)) return pageUrl;
  const labels = url.hostname.slice(0, -DOMAIN.length - 1).split('.');
  const scheme = labels.pop()!;
  const host = labels.join('.');
  if (scheme === 'file') return `file://${url.pathname}${url.search}${url.hash}`;
  return `${scheme}://${host}${url.pathname}${url.search}${url.hash}`;
}

/** Whether Chromium's request is for one of the stand-in's origins (answered by the stand-in, never the network). */
export function isStandInOrigin(pageUrl: string): boolean {
  return toAppUrl(pageUrl) !== pageUrl;
}

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

export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return CONTENT_TYPES[dot >= 0 ? file.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream';
}
