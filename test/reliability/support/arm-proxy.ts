/**
 * A stand-in for Azure Resource Manager that bends the emulator's tenant listing: it forwards each request to the
 * emulator (token check, paging, real tenants) and rewrites the `nextLink` of the answer, for the listings a
 * server that goes wrong could send. The app's transport routes `management.azure.com` here (plain HTTP on
 * loopback); everything else still goes to the emulator.
 *
 * Modes:
 * - `honest`: the emulator's answer unchanged.
 * - `self-link`: page 1 names itself as the next page (a repeated nextLink).
 * - `fresh-links`: after the last real page, a new nextLink forever; each one serves the last page again.
 * - `hang`: takes each request and never answers it (`waiting` counts them).
 * - `hold-later-pages`: answers the first page; every later page waits (`waiting` counts them) until `release()`.
 * - `malformed`: on the first page, the first three entries lose a readable tenant id (a number, a list, a bad id)
 *   and the next two get fields of the wrong type (a number for `displayName`, text for `domains`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { Emulator } from '../../../tools/entra-emulator';

export type ArmProxyMode = 'honest' | 'self-link' | 'fresh-links' | 'malformed' | 'hang' | 'hold-later-pages';

export interface ArmProxy {
  /** Base URL to route `management.azure.com` to. */
  url: string;
  mode: ArmProxyMode;
  /** Listing pages answered since the last reset. */
  pages: number;
  /** Requests taken and left unanswered (`hang`, `hold-later-pages`). */
  waiting: number;
  /** `hold-later-pages`: answers the pages held and those to come. */
  release(): void;
  close(): Promise<void>;
}

const ARM_ORIGIN = 'https://management.azure.com';

function forward(emulator: Emulator, req: IncomingMessage, path: string): Promise<{ status: number; body: string }> {
  const target = new URL(emulator.httpsUrl);
  return new Promise((resolve, reject) => {
    const upstream = httpsRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path,
        method: 'GET',
        ca: emulator.caPem,
        // The certificate names 127.0.0.1; the Host header names ARM (as the app's own routed transport does).
        checkServerIdentity: (_host, cert) => checkServerIdentity(target.hostname, cert),
        headers: { authorization: req.headers.authorization ?? '', host: 'management.azure.com' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end();
  });
}

export async function startArmProxy(emulator: Emulator, mode: ArmProxyMode = 'honest'): Promise<ArmProxy> {
  let round = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const proxy: ArmProxy = { url: '', mode, pages: 0, waiting: 0, release, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (proxy.mode === 'hang') {
      proxy.waiting += 1;
      return;
    }
    void (async () => {
      const url = new URL(req.url ?? '/', ARM_ORIGIN);
      // A fresh link of ours carries the real page to serve again in `page`.
      const replay = url.searchParams.get('page');
      const upstreamPath = replay ?? `${url.pathname}${url.search}`;
      if (proxy.mode === 'hold-later-pages' && url.searchParams.has('$skiptoken')) {
        proxy.waiting += 1;
        await released;
        proxy.waiting -= 1;
      }
      const answer = await forward(emulator, req, upstreamPath);
      proxy.pages += 1;
      if (answer.status !== 200 || proxy.mode === 'honest') {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
        return;
      }
      const page = JSON.parse(answer.body) as { value: unknown[]; nextLink?: string };
      const isFirst = !url.searchParams.has('$skiptoken') && replay === null;
      if (proxy.mode === 'self-link' && isFirst) page.nextLink = url.href;
      if (proxy.mode === 'malformed' && isFirst) {
        const [a, b, c, d, e] = page.value as Record<string, unknown>[];
        void a;
        page.value.splice(
          0,
          5,
          42,
          [b],
          { ...c, tenantId: 'not-a-tenant' },
          { ...d, displayName: 42 },
          {
            ...e,
            domains: 'contoso.example',
          },
        );
      }
      if (proxy.mode === 'fresh-links' && !page.nextLink) {
        round += 1;
        page.nextLink = `${ARM_ORIGIN}/tenants?api-version=2022-12-01&round=${round}&page=${encodeURIComponent(upstreamPath)}`;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
