/**
 * The browser test host itself: the real renderer loads through it with the preload shim and the real
 * services answer; requests without the per-run secret, from another origin or for another host are refused.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from '../support/app-harness';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { launchChromium } from '../../tools/chromium';

const rendererDir = path.resolve(__dirname, '../../out/renderer');

describe('renderer in Chromium through the browser test host', () => {
  let browser: Browser;
  let host: TestHost;
  let app: AppHarness;

  beforeAll(async () => {
    app = await startApp('seed-blog.json');
    host = await startTestHost({ rendererDir, handlers: app.services.handlers });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
  });

  it('loads the real renderer, which asks a signed-out user to sign in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Sign in with your work account' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses IPC calls without the per-run secret, from another origin, or for another host', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(`${host.origin}/__host/ipc/getAppInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(403);
    expect((await call({ 'x-host-secret': host.secret, origin: 'https://evil.example' })).status).toBe(403);
    expect((await call({ 'x-host-secret': host.secret })).status).toBe(200);
    const rebound = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(`${host.origin}/__host/ipc/getAppInfo`, {
          method: 'POST',
          headers: { host: 'evil.example', 'content-type': 'application/json', 'x-host-secret': host.secret },
        });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end('{}');
      }, reject);
    });
    expect(rebound).toBe(421);
  });
});
