/**
 * What the Electron shell refuses, beyond the guards test/unit/main/window.test.ts already covers: external
 * links off the allow-list (the allow-list itself, the `openExternalLink` handler, and the shell's opener
 * decision), redirects away from the app, `javascript:` / `file:` / `data:` URLs, credentials in URLs,
 * IDN and homograph hosts, and parser tricks that make one URL mean two hosts. What is opened is the
 * normalised URL the check saw, never the raw string.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import { appUrlMatcher, guardWebContents } from '../../main/window';
import { allowedExternalUrl, EXTERNAL_LINK_HOSTS, isAllowedExternalUrl, shellOpenableUrl } from '../../shared/links';
import { startApp, type AppHarness } from '../support/app-harness';

/** Links a guest really needs, and what the app must open for each. */
const ALLOWED: [string, string][] = [
  [
    'https://mysignins.microsoft.com/security-info?tenantId=a1b2',
    'https://mysignins.microsoft.com/security-info?tenantId=a1b2',
  ],
  ['https://myaccount.microsoft.com/organizations', 'https://myaccount.microsoft.com/organizations'],
  ['https://learn.microsoft.com/en-us/entra/', 'https://learn.microsoft.com/en-us/entra/'],
  ['https://LEARN.Microsoft.COM/x', 'https://learn.microsoft.com/x'],
  ['https://learn.microsoft.com:443/x', 'https://learn.microsoft.com/x'],
  // A backslash is a path separator to the URL standard; the opener gets the form every browser agrees on.
  ['https://learn.microsoft.com\\@evil.example/', 'https://learn.microsoft.com/@evil.example/'],
  ['  https://learn.microsoft.com/a b"c<d>  ', 'https://learn.microsoft.com/a%20b%22c%3Cd%3E'],
  ['https://learn.micro\nsoft.com/x\t', 'https://learn.microsoft.com/x'],
];

const REFUSED: string[] = [
  // schemes
  'http://learn.microsoft.com/',
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  'javascript://learn.microsoft.com/%0aalert(1)',
  'file:///etc/passwd',
  'file://learn.microsoft.com/share/x',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'blob:https://learn.microsoft.com/0f6b',
  'ftp://learn.microsoft.com/',
  'ms-settings:privacy',
  'smb://learn.microsoft.com/share',
  'mailto:it@evil.example',
  'about:blank',
  // credentials
  'https://user@learn.microsoft.com/',
  'https://user:password@learn.microsoft.com/',
  'https://:password@learn.microsoft.com/',
  'https://learn.microsoft.com@evil.example/',
  'https://learn.microsoft.com%40evil.example/',
  // other hosts that look alike
  'https://learn.microsoft.com.evil.example/',
  'https://evil.example/?https://learn.microsoft.com/',
  'https://evil.example#@learn.microsoft.com/',
  'https://evillearn.microsoft.com/',
  'https://sub.learn.microsoft.com/',
  'https://learn.microsoft.com./',
  'https://learn.microsoft.co/',
  'https://microsoft.com/',
  'https://learn.microsoft.com:8443/',
  'https://127.0.0.1/',
  'https://[::1]/',
  // IDN and homographs: Cyrillic letters, punycode, a lookalike dot
  'https://lеarn.microsoft.com/',
  'https://learn.micrоsoft.com/',
  'https://mysignins.microsоft.com/',
  'https://xn--lern-8cd.microsoft.com/',
  'https://learn.xn--microsft-0qg.com/',
  'https://learn。microsoft。com。evil.example/',
  // not URLs at all
  '',
  ' ',
  '//learn.microsoft.com/',
  '/relative/path',
  'learn.microsoft.com',
  `https://${'a'.repeat(300)}.learn.microsoft.com/`,
];

describe('the external-link allow-list', () => {
  it('lets through the Microsoft pages a guest needs, as their normalised URL', () => {
    for (const host of EXTERNAL_LINK_HOSTS) expect(isAllowedExternalUrl(`https://${host}/`), host).toBe(true);
    for (const [raw, opened] of ALLOWED) expect(allowedExternalUrl(raw), JSON.stringify(raw)).toBe(opened);
  });

  it('refuses other schemes, credentials, lookalike and homograph hosts', () => {
    for (const raw of REFUSED) {
      expect(allowedExternalUrl(raw), JSON.stringify(raw)).toBeNull();
      expect(isAllowedExternalUrl(raw), JSON.stringify(raw)).toBe(false);
    }
  });

  it("decides for the shell's opener: allow-listed links, and mailto: drafts without line breaks", () => {
    expect(shellOpenableUrl('mailto:it@fabrikam.example?subject=Trust%20request&body=Hello%0D%0A')).toBe(
      'mailto:it@fabrikam.example?subject=Trust%20request&body=Hello%0D%0A',
    );
    expect(shellOpenableUrl('https://learn.microsoft.com\\@evil.example/')).toBe(
      'https://learn.microsoft.com/@evil.example/',
    );
    for (const raw of [
      ...REFUSED.filter((url) => !url.startsWith('mailto:')),
      'mailto:it@fabrikam.example\r\n--dangerous-flag',
      'mailto:it@fabrikam.example?body=a b',
      'MAILTO:it@fabrikam.example\u0000',
      ' mailto:it@fabrikam.example',
    ]) {
      expect(shellOpenableUrl(raw), JSON.stringify(raw)).toBeNull();
    }
  });
});

describe('the openExternalLink handler', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp('seed-blog.json');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses every link off the allow-list with a typed error and opens nothing', async () => {
    for (const url of REFUSED) {
      const result = await dispatchIpc(app.services.handlers, 'openExternalLink', { url });
      expect(result.ok, JSON.stringify(url)).toBe(false);
      expect(!result.ok && result.error.code, JSON.stringify(url)).toBe('invalid-argument');
    }
    expect(app.env.opened).toEqual([]);
  });

  it('opens an allowed link as the normalised URL it checked', async () => {
    for (const [raw, opened] of ALLOWED) {
      expect(await dispatchIpc(app.services.handlers, 'openExternalLink', { url: raw })).toEqual({
        ok: true,
        value: null,
      });
      expect(app.env.opened.at(-1)).toBe(opened);
    }
  });
});

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => (openHandler = handler),
    fire(name: string, url: string) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)?.(event, url);
      return event;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('window guards', () => {
  const appUrl = 'file:///opt/guest-mfa/resources/app.asar/out/renderer/index.html';
  const isAppUrl = appUrlMatcher(appUrl);

  it('refuses redirects away from the app and opens nothing for them', () => {
    const contents = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, isAppUrl, openExternal);
    expect(contents.fire('will-redirect', `${appUrl}#/settings`).preventDefault).not.toHaveBeenCalled();
    for (const url of [
      'https://learn.microsoft.com/',
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<h1>x</h1>',
      'http://127.0.0.1:8080/',
    ]) {
      expect(contents.fire('will-redirect', url).preventDefault, url).toHaveBeenCalled();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses navigation and new windows to script, file, data, credential and homograph URLs', () => {
    const contents = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, isAppUrl, openExternal);
    for (const url of REFUSED) {
      expect(contents.fire('will-navigate', url).preventDefault, url).toHaveBeenCalled();
      expect(contents.open(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('sends an allowed link to the system browser as its normalised URL, from a link or a new window', () => {
    const contents = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(contents as never, isAppUrl, openExternal);
    contents.fire('will-navigate', 'https://learn.microsoft.com\\@evil.example/');
    expect(contents.open('https://LEARN.microsoft.com/a b')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([
      ['https://learn.microsoft.com/@evil.example/'],
      ['https://learn.microsoft.com/a%20b'],
    ]);
  });

  it('treats only the app page itself as the app: not another host, file or origin', () => {
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}?x=1#/inventory`)).toBe(true);
    for (const url of [
      // A UNC path on Windows: the same path on another machine is not the app.
      'file://attacker.example/opt/guest-mfa/resources/app.asar/out/renderer/index.html',
      'file://localhost.evil/opt/guest-mfa/resources/app.asar/out/renderer/index.html',
      'file:///opt/guest-mfa/resources/app.asar/out/renderer/other.html',
      'file:///opt/guest-mfa/resources/app.asar/out/renderer/index.html/../../../../etc/passwd',
      'https://opt/guest-mfa/resources/app.asar/out/renderer/index.html',
      'data:text/html,index.html',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    const dev = appUrlMatcher('http://localhost:5173/');
    expect(dev('http://localhost:5173/#/x')).toBe(true);
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://user@localhost.evil:5173/',
    ]) {
      expect(dev(url), url).toBe(false);
    }
  });
});
