/**
 * Renderer figures: the production bundle's initial size (gzip), and the time from navigation to the first
 * painted inventory rows in Chromium, with the real services behind the browser test host.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface AssetSize {
  /** Path relative to the renderer folder. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  assets: AssetSize[];
  totalBytes: number;
  totalGzipBytes: number;
}

/**
 * The assets a page loads before anything else: module and classic scripts, stylesheets and module preloads
 * named in index.html (local ones only; chunks loaded later by dynamic import are not initial).
 */
export function initialAssets(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attribute = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    let target: string | undefined;
    if (/^<script/i.test(tag)) target = attribute('src');
    else if (/^(stylesheet|modulepreload)$/i.test(attribute('rel') ?? '')) target = attribute('href');
    if (!target || /^[a-z]+:|^\/\//i.test(target)) continue;
    const file = target.replace(/^\.?\//, '').replace(/[?#].*$/, '');
    if (/\.(m?js|css)$/i.test(file) && !found.includes(file)) found.push(file);
  }
  return found;
}

/** Gzips (level 9) every initial asset of a built renderer. */
export async function measureBundle(rendererDir: string): Promise<BundleSize> {
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const assets: AssetSize[] = [];
  for (const file of initialAssets(html)) {
    const content = await readFile(path.join(rendererDir, file));
    assets.push({ file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length });
  }
  return {
    assets,
    totalBytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    totalGzipBytes: assets.reduce((sum, a) => sum + a.gzipBytes, 0),
  };
}

/** Runs the production build (`electron-vite build --config electron.config.ts`) in `root`. */
export function buildRenderer(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const bin = path.join(root, 'node_modules', '.bin', 'electron-vite');
    const child = spawn(bin, ['build', '--config', 'electron.config.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`electron-vite build failed (${code}): ${output.slice(-2000)}`)),
    );
  });
}

export interface PaintRun {
  /** First contentful paint (ms after navigation start). */
  fcpMs: number | null;
  /** When the inventory rows were in the DOM. */
  rowsInDomMs: number;
  /** The first frame after that: the rows are painted. */
  rowsPaintedMs: number;
  /** Matching elements at that moment (a virtualised grid renders only the visible rows). */
  rows: number;
}

export interface PaintResult {
  selector: string;
  runs: PaintRun[];
  /** Set when the selector never matched: the inventory view is missing or named differently. */
  missing: string | null;
}

/**
 * Page code, installed before the page's own scripts (a string: the Node tsconfig has no DOM types). Watches
 * the DOM until `minRows` elements match the selector, notes the time, then notes the first frame after it:
 * requestAnimationFrame runs just before a frame is drawn, and a message posted from there arrives after it.
 * Reports through `window.__benchPainted`, a binding to Node (the page's CSP forbids Playwright's polling).
 */
function rowWatcher(selector: string, minRows: number): string {
  return `(() => {
  const selector = ${JSON.stringify(selector)};
  const minRows = ${minRows};
  const result = { domMs: null, paintMs: null, rows: 0 };
  const check = () => {
    if (result.domMs !== null) return;
    const rows = document.querySelectorAll(selector).length;
    if (rows < minRows) return;
    result.domMs = performance.now();
    result.rows = rows;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        result.paintMs = performance.now();
        window.__benchPainted(result);
      };
      channel.port2.postMessage(null);
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

interface Watched {
  domMs: number;
  paintMs: number;
  rows: number;
}

/**
 * Opens `url` `runs` times, each in a fresh browser context (cold cache), and measures until `minRows`
 * elements match `selector` and the next frame is painted.
 */
export async function measureFirstPaint(
  browser: Browser,
  options: { url: string; selector: string; minRows: number; runs: number; timeoutMs: number },
): Promise<PaintResult> {
  const runs: PaintRun[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      let painted: (watched: Watched) => void = () => undefined;
      const watched = new Promise<Watched>((resolve) => (painted = resolve));
      await page.exposeFunction('__benchPainted', (result: Watched) => painted(result));
      await page.addInitScript({ content: rowWatcher(options.selector, options.minRows) });
      await page.goto(options.url, { waitUntil: 'commit' });
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        watched,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), options.timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!result) {
        const text = (await page.evaluate<string>('document.body ? document.body.innerText : ""').catch(() => ''))
          .replace(/\s+/g, ' ')
          .slice(0, 160);
        return {
          selector: options.selector,
          runs,
          missing: `no element matched ${options.selector} within ${options.timeoutMs} ms (page shows: "${text}")`,
        };
      }
      const fcp = await page.evaluate<number | null>(
        `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`,
      );
      runs.push({ fcpMs: fcp, rowsInDomMs: result.domMs, rowsPaintedMs: result.paintMs, rows: result.rows });
    } finally {
      await context.close();
    }
  }
  return { selector: options.selector, runs, missing: null };
}
