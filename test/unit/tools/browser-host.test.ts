/**
 * The browser test host serves the real renderer with the real handlers on loopback; it must not be framable by
 * another page (clickjacking of the app's buttons): every answer carries X-Frame-Options: DENY and a CSP
 * frame-ancestors 'none' (https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcHandlers } from '../../../main/ipc-dispatch';
import { startTestHost, type TestHost } from '../../../tools/browser-host';

let host: TestHost;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gmi-host-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head></head><body>app</body></html>');
  host = await startTestHost({ rendererDir: dir, handlers: {} as IpcHandlers, log: () => undefined });
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function expectNoFraming(response: Response): void {
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

describe('the browser test host', () => {
  it('forbids framing on the page, the shim, errors and refusals', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/__host/shim.js');
    expectNoFraming(page);
    expectNoFraming(await fetch(`${host.origin}/__host/shim.js`));
    expectNoFraming(await fetch(`${host.origin}/missing.js`));
    const refused = await fetch(`${host.origin}/__host/ipc/getState`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expectNoFraming(refused);
  });

  it('forbids framing on the event stream too', async () => {
    const controller = new AbortController();
    const events = await fetch(`${host.origin}/__host/events?k=${encodeURIComponent(host.secret)}`, {
      signal: controller.signal,
    });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    expectNoFraming(events);
    controller.abort();
  });
});
