/**
 * A corporate network: the app's sign-in, ARM and Graph requests go through a proxy on loopback, as the transport's
 * proxy resolver says (main/net/proxy.ts), and the verdicts are those of a direct scan. Two stand-ins: a forwarding
 * proxy that asks for credentials (CONNECT, then bytes passed through), and a TLS-inspecting one that ends TLS with a
 * certificate of its own private CA and opens a new TLS session to the service, which the app trusts only when told.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { adviseReason, explainReason } from '../../shared/reasons';
import { platformCa } from '../../main/net/system-ca';
import { createTransport } from '../../main/net/transport';
import { resolveTenantId } from '../../main/services/tenant-lookup';
import type { NodeEnvironmentOptions } from '../../tools/node-env';
import { runScan } from '../../tools/scan';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

interface ProxyStandIn {
  url: string;
  connects: { target: string; auth: string | null }[];
  close(): Promise<void>;
}

/**
 * A forwarding proxy on loopback: joins each CONNECT's client to `tunnel(host, port)`'s socket, or refuses it with
 * 407 and one `Proxy-Authenticate` header per challenge: without `credentials` when they are set (Basic), or always
 * when `refuseAll` (a proxy that wants a sign-in the app cannot give).
 */
async function startProxy(
  tunnel: (client: Socket, host: string, port: number) => void,
  options: { credentials?: string; refuseAll?: boolean; challenges?: string[] } = {},
): Promise<ProxyStandIn> {
  const challenges = options.challenges ?? ['Basic realm="corp"'];
  const connects: ProxyStandIn['connects'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    const auth = req.headers['proxy-authorization'] ?? null;
    connects.push({ target: req.url ?? '', auth });
    const refuses =
      options.refuseAll === true ||
      (options.credentials !== undefined && auth !== `Basic ${Buffer.from(options.credentials).toString('base64')}`);
    if (refuses) {
      const headers = challenges.map((c) => `Proxy-Authenticate: ${c}\r\n`).join('');
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\n${headers}Content-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tunnel(client, host ?? '127.0.0.1', Number(port));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const forward = (client: Socket, host: string, port: number): void => {
  const upstream = netConnect(port, host);
  client.pipe(upstream).pipe(client);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
};

/** What a call failed with; null when it did not fail. */
async function failureOf(call: () => unknown): Promise<Error | null> {
  try {
    await call();
    return null;
  } catch (error) {
    return error as Error;
  }
}

let proxyCa: { cert: string; key: string };
let baseline: Record<string, string | undefined>;

async function scan(env: Partial<NodeEnvironmentOptions>) {
  app = await startApp('seed-blog.json', { env });
  const { accountId } = await app.services.handlers.signIn(undefined);
  const progress = await app.services.handlers.startScan({ accountId });
  expect(progress.error).toBeNull();
  return Object.fromEntries(tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]));
}

beforeAll(async () => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Inspecting proxy test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
  });
  proxyCa = { cert: pems.cert, key: pems.private };
  baseline = await scan({});
  await app?.close();
  app = null;
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('a scan through a proxy', () => {
  it('a forwarding proxy with credentials: every request tunnels through it, verdicts unchanged', async () => {
    const proxy = await startProxy(forward, { credentials: 'alex:s3cret' });
    try {
      const through = await scan({ proxy: () => `http://alex:s3cret@${proxy.url.slice('http://'.length)}` });
      expect(through).toEqual(baseline);
      expect(proxy.connects.length).toBeGreaterThan(0);
      expect(proxy.connects.every((c) => c.auth === `Basic ${Buffer.from('alex:s3cret').toString('base64')}`)).toBe(
        true,
      );
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('a TLS-inspecting proxy with a private CA: trusted, the verdicts are unchanged; not trusted, nothing passes', async () => {
    let inspected = 0;
    // The emulator of the running app (one at a time: CAs of the same name would shadow each other).
    const emulatorCa: string[] = [];
    const inspect = (client: Socket, host: string, port: number): void => {
      inspected += 1;
      const inner = new TLSSocket(client, { isServer: true, key: proxyCa.key, cert: proxyCa.cert });
      const upstream = tlsConnect({ host, port, servername: 'localhost', ca: emulatorCa });
      inner.pipe(upstream).pipe(inner);
      inner.on('error', () => upstream.destroy());
      upstream.on('error', () => inner.destroy());
    };
    const proxy = await startProxy(inspect);
    try {
      // The proxy re-encrypts to the emulator, whose CA it trusts (as a real one trusts the public roots).
      app = await startApp('seed-blog.json', { env: { proxy: () => proxy.url } });
      emulatorCa.splice(0, emulatorCa.length, app.emulator.caPem);
      // Without the proxy's CA the app refuses the proxy's certificate: no sign-in, nothing saved.
      await expect(app.services.handlers.signIn(undefined)).rejects.toThrow(/could not reach Microsoft|sign-in/i);
      expect(inspected).toBeGreaterThan(0);
      await app.close();
      app = null;

      inspected = 0;
      app = await startApp('seed-blog.json', { env: { proxy: () => proxy.url, trustedCaPem: proxyCa.cert } });
      emulatorCa.splice(0, emulatorCa.length, app.emulator.caPem);
      const { accountId } = await app.services.handlers.signIn(undefined);
      const progress = await app.services.handlers.startScan({ accountId });
      expect(progress.error).toBeNull();
      const verdicts = Object.fromEntries(
        tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]),
      );
      expect(verdicts).toEqual(baseline);
      expect(inspected).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it("the proxy's CA from the OS certificate store or from NODE_EXTRA_CA_CERTS is trusted: the verdicts are unchanged", async () => {
    const emulatorCa: string[] = [];
    const inspect = (client: Socket, host: string, port: number): void => {
      const inner = new TLSSocket(client, { isServer: true, key: proxyCa.key, cert: proxyCa.cert });
      const upstream = tlsConnect({ host, port, servername: 'localhost', ca: emulatorCa });
      inner.pipe(upstream).pipe(inner);
      inner.on('error', () => upstream.destroy());
      upstream.on('error', () => inner.destroy());
    };
    const proxy = await startProxy(inspect);
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-ca-'));
    const extraFile = path.join(dir, 'corporate-ca.pem');
    writeFileSync(extraFile, proxyCa.cert);
    // The OS store as Node >= 22.15 reads it (`tls.getCACertificates('system')`, absent from this Node 20), and
    // NODE_EXTRA_CA_CERTS read from its file as the app reads it under any Node.
    const sources = [
      {
        getCACertificates: (type: 'system') => (type === 'system' ? [proxyCa.cert] : []),
        env: {},
        from: 'system-store',
      },
      { env: { NODE_EXTRA_CA_CERTS: extraFile }, from: 'node-extra-ca-certs' },
    ] as const;
    try {
      for (const source of sources) {
        const ca = platformCa({ ...source, readFile: (file) => readFileSync(file, 'utf8') });
        expect(ca.from).toEqual([source.from]);
        app = await startApp('seed-blog.json', { env: { proxy: () => proxy.url, trustedCaPem: ca.pem! } });
        emulatorCa.splice(0, emulatorCa.length, app.emulator.caPem);
        const { accountId } = await app.services.handlers.signIn(undefined);
        const progress = await app.services.handlers.startScan({ accountId });
        expect(progress.error).toBeNull();
        const verdicts = Object.fromEntries(
          tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]),
        );
        expect(verdicts).toEqual(baseline);
        await app.close();
        app = null;
      }
      const unreadable = platformCa({
        env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'missing.pem') },
        readFile: () => {
          throw new Error('ENOENT');
        },
      });
      expect(unreadable).toMatchObject({ pem: null, from: [] });
      expect(unreadable.problems[0]).toMatch(/NODE_EXTRA_CA_CERTS names .*missing\.pem, which could not be read/);
    } finally {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a proxy that wants the app to sign in to it (407)', () => {
  const verdictsOf = (harness: AppHarness, accountId: string) =>
    Object.fromEntries(tenantsOf(harness, accountId).map((t) => [t.tenantId, t.classification?.verdict]));

  /** Signs in and scans with no proxy in the way; after `behindTheProxy()` every request goes through `proxyUrl`. */
  async function scannedBeforeTheProxy(proxyUrl: string) {
    let through: string | null = null;
    const harness = await startApp('seed-blog.json', { env: { proxy: () => through } });
    app = harness;
    const { accountId } = await harness.services.handlers.signIn(undefined);
    expect((await harness.services.handlers.startScan({ accountId })).error).toBeNull();
    return {
      harness,
      accountId,
      behindTheProxy: () => {
        through = proxyUrl;
      },
    };
  }

  it('Windows sign-in only (Negotiate, NTLM): the sign-in names the proxy, what it asked for and what to do', async () => {
    const proxy = await startProxy(forward, { refuseAll: true, challenges: ['Negotiate', 'NTLM'] });
    const host = proxy.url.slice('http://'.length);
    try {
      app = await startApp('seed-blog.json', { env: { proxy: () => proxy.url } });
      const error = await failureOf(() => app!.services.handlers.signIn(undefined));
      expect(error?.message).toContain(`The proxy ${host} refused to pass on the app's requests`);
      expect(error?.message).toContain('it asked for Negotiate or NTLM sign-in');
      expect(error?.message).toContain('Use the installed app, or ask your IT team to let login.microsoftonline.com');
      expect(error?.message).not.toMatch(/check your network connection/i);
      expect(proxy.connects.length).toBeGreaterThan(0);
      const state = await app.services.handlers.getState(undefined);
      expect(state.accounts).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('a password proxy (Basic): a refused password is called so and never shown; no password, where to put one', async () => {
    const proxy = await startProxy(forward, { credentials: 'alex:s3cret', challenges: ['Basic realm="corp"'] });
    const host = proxy.url.slice('http://'.length);
    try {
      app = await startApp('seed-blog.json', { env: { proxy: () => `http://alex:wr0ng-Pa55@${host}` } });
      const refused = await failureOf(() => app!.services.handlers.signIn(undefined));
      expect(refused?.message).toContain(`The proxy ${host} refused`);
      expect(refused?.message).toContain('It did not accept the user name and password in the proxy address');
      expect(refused?.message).not.toMatch(/wr0ng-Pa55|alex/);
      await app.close();

      app = await startApp('seed-blog.json', { env: { proxy: () => proxy.url } });
      const none = await failureOf(() => app!.services.handlers.signIn(undefined));
      expect(none?.message).toContain('it asked for Basic sign-in');
      expect(none?.message).toContain(
        `Put your proxy user name and password in the proxy address (HTTPS_PROXY=http://user:password@${host})`,
      );
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('a scan that meets it: the scan and "Copy what Entra answered" carry its words; what was saved stays', async () => {
    const proxy = await startProxy(forward, { refuseAll: true, challenges: ['Negotiate', 'NTLM'] });
    const host = proxy.url.slice('http://'.length);
    try {
      const { harness, accountId, behindTheProxy } = await scannedBeforeTheProxy(proxy.url);
      const saved = verdictsOf(harness, accountId);
      expect(Object.keys(saved).length).toBeGreaterThan(0);

      // The laptop moves onto the corporate network.
      behindTheProxy();
      const progress = await harness.services.handlers.startScan({ accountId });
      expect(progress.error).toContain(`The proxy ${host} refused to pass on the app's requests`);
      expect(progress.error).toContain('Negotiate or NTLM');
      // Not "You seem to be offline": the window reads those words as a lost connection.
      expect(progress.error).not.toMatch(/offline|internet|network|connection/i);
      expect(proxy.connects.length).toBeGreaterThan(0);
      expect(verdictsOf(harness, accountId)).toEqual(saved);

      await harness.services.handlers.copyDiagnostics({ accountId });
      expect(harness.env.clipboardText()).toContain(`The proxy ${host} refused`);

      // The next morning the home token has run out: its renewal meets the proxy, and the sign-in is not lost.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 3 * 3600_000);
      const later = await harness.services.handlers.startScan({ accountId });
      expect(later.error).toContain(`The proxy ${host} refused to pass on the app's requests`);
      expect(later.error).not.toMatch(/expired|revoked/);
    } finally {
      vi.useRealTimers();
      await proxy.close();
    }
  }, 90_000);

  it('a single check that meets it says a proxy stopped it, not the internet connection, and keeps its words', async () => {
    const proxy = await startProxy(forward, { refuseAll: true, challenges: ['Negotiate', 'NTLM'] });
    const host = proxy.url.slice('http://'.length);
    try {
      const { harness, accountId, behindTheProxy } = await scannedBeforeTheProxy(proxy.url);
      const northwind = tenantsOf(harness, accountId).find((t) => t.displayName === 'Northwind Traders')!;
      expect(northwind.classification?.verdict).not.toBe('error');

      // On the corporate network, "Check again" for one organisation (the home token is still fresh in the cache).
      behindTheProxy();
      await harness.services.handlers.checkTenant({ accountId, tenantId: northwind.tenantId });
      const checked = tenantsOf(harness, accountId).find((t) => t.tenantId === northwind.tenantId)!;
      const said = checked.classification!;
      expect(said.verdict).toBe('error');
      expect(said.reason.facts.failure).toBe('proxy');
      expect(explainReason(said)).toContain('proxy');
      expect(explainReason(said)).not.toMatch(/network connection failed/);
      expect(adviseReason(said)).not.toMatch(/internet connection/);
      // The proxy's own words (which proxy, what it asked for, what to do) are the check's evidence.
      expect(said.evidence.message).toContain(`The proxy ${host} refused to pass on the app's requests`);
      expect(said.evidence.message).toContain('Negotiate or NTLM');
      expect(proxy.connects.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it('adding an organisation by domain says the same, not "check your network connection"', async () => {
    const proxy = await startProxy(forward, { refuseAll: true, challenges: ['Negotiate'] });
    const transport = createTransport({ proxy: () => proxy.url });
    try {
      const lookup = await resolveTenantId(transport, 'login.microsoftonline.com', 'fabrikam.example');
      expect(lookup).toMatchObject({ ok: false, offline: true });
      expect(lookup.ok ? '' : lookup.message).toContain(
        `The app could not look up that domain. The proxy ${proxy.url.slice('http://'.length)} refused`,
      );
      expect(lookup.ok ? '' : lookup.message).toContain('it asked for Negotiate sign-in');
    } finally {
      transport.close();
      await proxy.close();
    }
  });

  it('the headless runner (--json) stops with the same words', async () => {
    const proxy = await startProxy(forward, { refuseAll: true, challenges: ['NTLM'] });
    const host = proxy.url.slice('http://'.length);
    const printed: string[] = [];
    try {
      const error = await failureOf(() =>
        runScan(
          {
            scenario: path.join(SCENARIOS, 'seed-blog.json'),
            json: true,
            emails: null,
            concurrency: null,
            proxy: () => proxy.url,
          },
          (text) => printed.push(text),
          () => undefined,
        ),
      );
      expect(error?.message).toContain(`The proxy ${host} refused`);
      expect(error?.message).toContain('it asked for NTLM sign-in');
      expect(printed).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
