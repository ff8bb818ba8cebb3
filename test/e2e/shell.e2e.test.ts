import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppHarness } from '../support/app-harness';
import { startTestHost, type TestHost } from '../host/server';
import { launchChromium } from './browser';

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

  it('shows the version the main process reports', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe(`Version 0.1.0 on ${process.platform}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses IPC calls without the per-run secret', async () => {
    const response = await fetch(`${host.origin}/__host/ipc/getAppInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });
});
