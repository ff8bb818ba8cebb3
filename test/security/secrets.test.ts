/**
 * No secret leaves the main process's token handling. A full flow runs against the emulator (sign in, scan
 * seed-blog, copy what Entra answered, sign in to one tenant, compose, open, copy and save emails, save a
 * batch, export CSV, JSON and the checklist, notes, recipients, add a tenant, restart) with every IPC answer,
 * every event, every log line and console line captured. The emulator reports every token and authorization
 * code it issued; none of them, and not the cache key in any encoding, may appear in the store, the journal,
 * the exports (raw and decoded), the IPC traffic, the clipboard, the diagnostics copies, the opened links or
 * the logs. The token cache on disk is ciphertext: no JSON,
 * no MSAL section names, and another key cannot open it.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import type { RequestName } from '../../shared/ipc/contract';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { createAesGcmCrypto } from '../../tools/aes-gcm-crypto';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';

interface Issued {
  accessTokens: Set<string>;
  refreshTokens: Set<string>;
  idTokens: Set<string>;
  codes: Set<string>;
}

/** Reads the secrets out of the emulator's answers: token responses and the auto-completed authorize form. */
function collectIssued(issued: Issued) {
  return (record: { endpoint: string; status: number }, body: string): void => {
    if (record.endpoint === 'token' && record.status === 200) {
      const answer = JSON.parse(body) as Record<string, unknown>;
      if (typeof answer['access_token'] === 'string') issued.accessTokens.add(answer['access_token']);
      if (typeof answer['refresh_token'] === 'string') issued.refreshTokens.add(answer['refresh_token']);
      if (typeof answer['id_token'] === 'string') issued.idTokens.add(answer['id_token']);
    }
    for (const match of body.matchAll(/name="code" value="([^"]+)"/g)) issued.codes.add(match[1]!);
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A JWT anywhere in text: header and payload both base64url JSON objects (base64 bodies have no dots). */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./;

describe('secrets stay in the token cache', () => {
  const issued: Issued = { accessTokens: new Set(), refreshTokens: new Set(), idTokens: new Set(), codes: new Set() };
  const traffic: string[] = [];
  const logs: string[] = [];
  const consoleLines: string[] = [];
  const diagnostics: string[] = [];
  let emulator: Emulator;
  let app: AppHarness;
  let accountId: string;

  const call = async (name: RequestName, arg?: unknown) => {
    const result = await dispatchIpc(app.services.handlers, name, arg, {
      onUnexpectedError: (failed, error) => logs.push(`IPC ${failed} failed: ${String(error)}`),
    });
    traffic.push(JSON.stringify(result));
    expect(result.ok, `${name}: ${JSON.stringify(result).slice(0, 300)}`).toBe(true);
    return result.ok ? (result.value as Record<string, unknown>) : {};
  };

  beforeAll(async () => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map(String).join(' '));
      });
    }
    emulator = await startEmulator({
      scenario: path.join(SCENARIOS, 'seed-blog.json'),
      autoComplete: true,
      onAnswer: collectIssued(issued),
    });
    app = await startApp('seed-blog.json', {
      emulator,
      env: { log: (line) => logs.push(line), renderPdf: async (html) => Buffer.from(html, 'utf8') },
    });

    accountId = (await call('signIn')).accountId as string;
    await call('startScan', { accountId });
    const byDomain = (domain: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domain)!.tenantId;
    const northwind = byDomain('northwindtraders.example');
    // "Copy what Entra answered", for the whole scan and for one tenant: error bodies as received, no secret.
    await call('copyDiagnostics', { accountId });
    diagnostics.push(app.env.clipboardText());
    await call('copyDiagnostics', { accountId, tenantId: northwind });
    diagnostics.push(app.env.clipboardText());
    await call('signInToTenant', { accountId, tenantId: byDomain('tailspintoys.example') });
    const draft = await call('composeEmail', { kind: 'trust-request', accountId, tenantId: northwind });
    await call('copyToClipboard', { text: draft.body });
    await call('openEmail', { kind: 'trust-request', accountId, tenantId: northwind });
    await call('saveEmail', { kind: 'mfa-reset', accountId, tenantId: northwind });
    const plan = (await call('prepareEmailBatch', { kind: 'trust-request', accountId })) as {
      tenants: { tenantId: string; to: string[] }[];
    };
    const items = plan.tenants.map((t) => ({
      tenantId: t.tenantId,
      to: t.to.length > 0 ? t.to : ['it@partner.example'],
    }));
    await call('saveEmailBatch', { kind: 'trust-request', accountId, items, remember: true });
    await call('checkTenant', { accountId, tenantId: northwind });
    await call('setTenantNotes', { accountId, tenantId: northwind, notes: 'Asked Nestor on Monday.' });
    await call('setTenantRecipients', { accountId, tenantId: northwind, recipients: ['it@northwindtraders.example'] });
    await call('addTenant', { accountId, query: 'cohowinery.example' });
    await call('exportInventory', { format: 'csv' });
    await call('exportInventory', { format: 'json' });
    await call('exportChecklistPdf');
    await call('getState');
    await app.restart();
    await call('startScan', { accountId });
    await call('getState');
    await app.services.store.flush();
  }, 90_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await app?.close();
    await emulator?.close();
  });

  it('knows what to look for: the emulator issued every kind of secret in this flow', () => {
    expect(issued.accessTokens.size).toBeGreaterThan(10);
    expect(issued.refreshTokens.size).toBeGreaterThanOrEqual(1);
    expect(issued.idTokens.size).toBeGreaterThanOrEqual(1);
    expect(issued.codes.size).toBeGreaterThanOrEqual(2);
    // The persisted cache (decrypted with the right key) holds some of them: the collection is the real thing.
    const cache = createAesGcmCrypto(app.env.cacheKey).decrypt(
      readFileSync(path.join(app.userDataDir, 'msal-cache.bin')),
    );
    expect([...issued.refreshTokens].some((token) => cache.includes(token))).toBe(true);
    expect([...issued.idTokens].some((token) => cache.includes(token))).toBe(true);
  });

  it('finds no token, code or key in files, exports, IPC traffic, clipboard, opened links or logs', async () => {
    const key = app.env.cacheKey;
    const needles: string[] = [
      ...issued.refreshTokens,
      ...issued.codes,
      // A JWT is also caught by its signature alone (a copy of the payload without it is not a usable token).
      ...[...issued.accessTokens, ...issued.idTokens].flatMap((jwt) => [jwt, jwt.split('.')[2]!]),
      key.toString('hex'),
      key.toString('base64'),
      key.toString('base64url'),
    ];
    expect(needles.every((needle) => needle.length >= 30)).toBe(true);

    const files = filesUnder(app.userDataDir);
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining([
        'app-data.json',
        'msal-cache.bin',
        'guest-mfa-inventory.csv',
        'guest-mfa-inventory.json',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(3);
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);

    const haystacks: { where: string; text: string }[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      const where = path.relative(app.userDataDir, file);
      expect(bytes.indexOf(key), `${where}: raw key bytes`).toBe(-1);
      haystacks.push({ where, text: bytes.toString('utf8') });
      haystacks.push({ where: `${where} (latin1)`, text: bytes.toString('latin1') });
      if (file.endsWith('.eml')) {
        const mail = await simpleParser(bytes);
        const headers = [...mail.headers.entries()].map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
        haystacks.push({ where: `${where} (decoded)`, text: `${headers.join('\n')}\n${mail.text ?? ''}` });
      }
    }
    haystacks.push({ where: 'IPC answers', text: traffic.join('\n') });
    haystacks.push({ where: 'events', text: JSON.stringify(app.events) });
    haystacks.push({ where: 'clipboard', text: app.env.clipboardText() });
    // The copies hold real error answers (the scan met 50076, 50079, 53003 …) and still no secret.
    expect(diagnostics.join('\n')).toMatch(/body as received:\n {4}\{"error":"/);
    haystacks.push({ where: 'diagnostics', text: diagnostics.join('\n') });
    haystacks.push({ where: 'opened links', text: app.env.opened.join('\n') });
    haystacks.push({ where: 'log', text: logs.join('\n') });
    haystacks.push({ where: 'console', text: consoleLines.join('\n') });

    expect(traffic.length).toBeGreaterThan(15);
    expect(app.events.length).toBeGreaterThan(10);
    for (const { where, text } of haystacks) {
      for (const needle of needles) expect(text.includes(needle), `${where} holds a secret`).toBe(false);
      if (where !== 'msal-cache.bin (latin1)' && where !== 'msal-cache.bin') {
        expect(text, where).not.toMatch(JWT_SHAPE);
        // ("access_token" may appear: it is the key of a claims challenge, which is evidence, not a token.)
        expect(text, where).not.toMatch(/refresh_token|RefreshToken|"secret"/);
      }
    }
  });

  it('keeps the token cache on disk as ciphertext that only its key opens', () => {
    const file = path.join(app.userDataDir, 'msal-cache.bin');
    const raw = readFileSync(file);
    expect(raw.length).toBeGreaterThan(100);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    const asText = raw.toString('latin1');
    expect(() => JSON.parse(raw.toString('utf8'))).toThrow();
    for (const marker of [
      'RefreshToken',
      'AccessToken',
      'IdToken',
      'Account',
      'home_account_id',
      'eyJ',
      'adele@contoso',
    ]) {
      expect(asText.includes(marker), marker).toBe(false);
    }
    expect(() => createAesGcmCrypto(randomBytes(32)).decrypt(raw)).toThrow();
    const tampered = Buffer.from(raw);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 0x01, tampered.length - 1);
    expect(() => createAesGcmCrypto(app.env.cacheKey).decrypt(tampered)).toThrow();
    expect(JSON.parse(createAesGcmCrypto(app.env.cacheKey).decrypt(raw))).toHaveProperty('RefreshToken');
  });

  it('starts signed out, with a notice, when the cache was written with another key', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'gmi-other-key-'));
    cpSync(app.userDataDir, copy, { recursive: true });
    const other = await startApp('seed-blog.json', { emulator, userDataDir: copy, env: { cacheKey: randomBytes(32) } });
    try {
      // Reported at start, before anything needs a token.
      const state = await other.services.handlers.getState(undefined);
      expect(state.notices.map((n) => n.title)).toContain('Please sign in again');
      const scan = await dispatchIpc(other.services.handlers, 'startScan', { accountId });
      expect(scan.ok === false && scan.error.code).toBe('not-signed-in');
      expect(await other.services.auth().homeAccounts()).toEqual([]);
      // The unreadable file is set aside, not overwritten: the right key could still open it.
      expect(readdirSync(copy).some((name) => name.startsWith('msal-cache.bin.unreadable-'))).toBe(true);
    } finally {
      await other.close();
    }
  });
});
