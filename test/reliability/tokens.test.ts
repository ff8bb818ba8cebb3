/**
 * No token in any text the app writes or shows, even when a proxy or gateway echoes the request in its error page.
 * The real services run against the emulator through a gateway (support/echo-proxy.ts) that forwards, or answers
 * with the request it got echoed back: as an HTML error page or wrapped in the service's JSON error shape, with
 * the bearer token in a `WWW-Authenticate` header too. Four scans put each kind of echo where the app records it:
 * partner token requests (the refresh token in the form body), Graph reads (the partner access token), ARM's
 * listing (the home access token) and the home token request. Then every token the gateway saw, in either
 * direction, is looked for in every file of the data folder (store, journal, exports), the diagnostics text of
 * the scan and of each tenant, every IPC answer read and every event main sent.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { generateScenario } from '../../tools/entra-emulator/generate-scenario';
import { startEchoProxy, type EchoProxy } from './support/echo-proxy';
import { startReliabilityApp } from './support/app';
import { reliabilityFigures } from './support/figures';

const figures = reliabilityFigures('tokens');
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
const OPAQUE_SHAPE = /(?<![A-Za-z0-9._*-])[01]\.A[A-Za-z0-9_*.-]{20,}/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('a gateway that echoes the request', () => {
  let emulator: Emulator;
  let proxy: EchoProxy;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: generateScenario({ tenants: 4, mix: 'all-trusted' }),
      autoComplete: true,
    });
    proxy = await startEchoProxy(emulator);
    dir = mkdtempSync(path.join(tmpdir(), 'gmi-rel-tokens-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no token in any file, diagnostics text, IPC answer or event', async () => {
    const routes = {
      'login.microsoftonline.com': proxy.url,
      'management.azure.com': proxy.url,
      'graph.microsoft.com': proxy.url,
    };
    const app = await startReliabilityApp(emulator, dir, routes);
    const texts: { where: string; text: string }[] = [];
    try {
      const { handlers } = app.services;
      const { accountId } = await handlers.signIn(undefined);
      const home = emulator.scenario.tenants['contoso']!.id.toLowerCase();
      const isToken = (p: string) => p.endsWith('/oauth2/v2.0/token');
      const isHomeToken = (p: string) => isToken(p) && p.toLowerCase().startsWith(`/${home}/`);
      const rounds: [string, EchoProxy['echo']][] = [
        ['partner token requests', (_h, p) => (isToken(p) && !isHomeToken(p) ? 'html' : null)],
        ['Graph reads', (h) => (h.startsWith('graph.') ? 'json' : null)],
        ['the tenant listing', (h) => (h.startsWith('management.') ? 'html' : null)],
        ['the home token', (h, p) => (isHomeToken(p) ? 'json' : null)],
      ];
      for (const [what, echo] of rounds) {
        proxy.echo = echo;
        const before = proxy.echoed;
        await handlers.startScan({ accountId });
        expect(proxy.echoed, `echoes for ${what}`).toBeGreaterThan(before);
        await handlers.copyDiagnostics({ accountId });
        texts.push({ where: `diagnostics after echoing ${what}`, text: app.env.clipboardText() });
        texts.push({ where: `state after echoing ${what}`, text: JSON.stringify(await handlers.getState(undefined)) });
      }
      proxy.echo = null;
      const state = await handlers.getState(undefined);
      for (const tenant of app.services.store.data().tenants) {
        await handlers.copyDiagnostics({ accountId, tenantId: tenant.tenantId });
        texts.push({ where: `diagnostics of ${tenant.tenantId}`, text: app.env.clipboardText() });
      }
      await handlers.exportInventory({ format: 'csv' });
      await handlers.exportInventory({ format: 'json' });
      texts.push({ where: 'state', text: JSON.stringify(state) });
      texts.push({ where: 'events', text: JSON.stringify(app.events) });
      // The echoes did reach what the app keeps: the stored answers quote the gateway's pages.
      expect(texts.some((t) => t.text.includes('502 Bad Gateway'))).toBe(true);
      expect(texts.some((t) => t.text.includes('Upstream refused the request'))).toBe(true);
    } finally {
      await app.close();
    }
    for (const file of filesUnder(dir)) {
      // The sign-in cache is the one place tokens belong: encrypted (AES-GCM here, safeStorage in Electron).
      if (path.basename(file) === 'msal-cache.bin') continue;
      texts.push({ where: path.relative(dir, file), text: readFileSync(file, 'utf8') });
    }
    expect(texts.some((t) => t.where.startsWith('exports'))).toBe(true);
    expect(proxy.tokens.size).toBeGreaterThan(5);
    figures.add('tokensSought', proxy.tokens.size);
    figures.add('echoes', proxy.echoed);
    figures.add('textsSearched', texts.length);
    const found: string[] = [];
    for (const { where, text } of texts) {
      for (const token of proxy.tokens) {
        if (text.includes(token) || text.includes(encodeURIComponent(token)))
          found.push(`${where}: ${token.slice(0, 12)}…`);
      }
      if (JWT_SHAPE.test(text)) found.push(`${where}: JWT-shaped ${JWT_SHAPE.exec(text)?.[0].slice(0, 16)}…`);
      if (OPAQUE_SHAPE.test(text))
        found.push(`${where}: refresh-token-shaped ${OPAQUE_SHAPE.exec(text)?.[0].slice(0, 8)}…`);
    }
    figures.add('tokensFound', found.length);
    expect(found).toEqual([]);
  }, 120_000);
});
