/**
 * The emulator's HTTP side: one handler behind two loopback listeners (HTTPS for clients that keep the real
 * Microsoft hosts and route them here; plain HTTP for a browser completing the sign-in pages). Dispatches by
 * the Host header, applies per-tenant latency and faults around each answer, and keeps a request log.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { routeArm } from './arm';
import { jsonAnswer, malformedJson, type Answer, type EndpointName, type Exchange, type Services } from './exchange';
import { routeGraph } from './graph';
import { routeTenantInformation } from './graph-tenant-information';
import { routeIdentity } from './identity';
import type { ScenarioFault } from './scenario';

const MAX_BODY_BYTES = 1024 * 1024;

/** One request as the emulator saw and answered it. */
export interface RequestRecord {
  at: string;
  method: string;
  host: string;
  /** Path without the query string. */
  path: string;
  endpoint: EndpointName;
  /** Scenario key of the tenant the request concerned, null when none. */
  tenant: string | null;
  /** HTTP status sent; 0 when no answer was sent (hang, reset). */
  status: number;
  fault: ScenarioFault['kind'] | null;
  durationMs: number;
}

export interface Listeners {
  httpsUrl: string;
  httpUrl: string;
  caPem: string;
  close(): Promise<void>;
}

export interface HandlerOptions {
  services: Services;
  record(entry: RequestRecord): void;
  log?: ((line: string) => void) | undefined;
  onAnswer?: ((record: RequestRecord, body: string) => void) | undefined;
}

/** A self-signed EC P-256 certificate for `localhost` and `127.0.0.1`, valid for a few days. */
export async function createCertificate(): Promise<{ cert: string; key: string }> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    notAfterDate: new Date(now + 7 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function hostOnly(host: string): string {
  return host.replace(/:\d+$/, '');
}

/**
 * Builds the request handler shared by both listeners. `scheme` is the listener's, used for the origin of
 * URLs the emulator writes into its answers (nextLink, openid-configuration).
 */
export function createHandler(options: HandlerOptions, scheme: 'http' | 'https', lifecycle: Lifecycle) {
  const { services, record, log, onAnswer } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const host = (req.headers.host ?? '').toLowerCase();
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const finish = (
      entry: Omit<RequestRecord, 'at' | 'method' | 'host' | 'path' | 'durationMs'>,
      body?: string,
    ): void => {
      const full: RequestRecord = {
        at: new Date().toISOString(),
        method: req.method ?? 'GET',
        host,
        path: url.pathname,
        durationMs: Math.round(performance.now() - started),
        ...entry,
      };
      record(full);
      if (body !== undefined) onAnswer?.(full, body);
      log?.(
        `${full.method} ${host}${full.path} -> ${full.status || full.fault} [${full.endpoint}${
          full.tenant ? ` ${full.tenant}` : ''
        }] ${full.durationMs} ms`,
      );
    };

    void (async () => {
      const body = req.method === 'POST' || req.method === 'PATCH' ? await readBody(req) : '';
      if (body === null) {
        res.writeHead(413).end();
        return;
      }
      const exchange: Exchange = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        host,
        origin: `${scheme}://${host}`,
      };
      const target = hostOnly(host);
      const route =
        target === 'management.azure.com'
          ? routeArm(services, exchange)
          : target === 'graph.microsoft.com'
            ? (routeTenantInformation(services, exchange) ?? routeGraph(services, exchange))
            : routeIdentity(services, exchange);

      const latency = services.state.latencyFor(route.tenantKey);
      if (latency > 0) await lifecycle.delay(latency);
      if (lifecycle.closing) return;

      const fault = route.faultEndpoint ? services.state.takeFault(route.tenantKey, route.faultEndpoint) : null;
      const base = { endpoint: route.endpoint, tenant: route.tenantKey };
      if (fault?.kind === 'hang') {
        // Never answer: the connection stays open until the client gives up or the emulator closes.
        finish({ ...base, status: 0, fault: 'hang' });
        return;
      }
      if (fault?.kind === 'hold' && route.tenantKey) {
        // Kept back until the test releases this tenant (or the emulator closes), then answered as usual.
        await Promise.race([services.state.waitForRelease(route.tenantKey), lifecycle.stopped]);
        if (lifecycle.closing || res.destroyed) return;
      }
      if (fault?.kind === 'reset') {
        finish({ ...base, status: 0, fault: 'reset' });
        req.socket.destroy();
        return;
      }
      let answer: Answer;
      if (fault?.kind === 'malformed') {
        answer = route.malformedAnswer?.() ?? malformedJson();
      } else if (fault?.kind === 'aadsts' && fault.code !== undefined && route.aadstsAnswer) {
        answer = route.aadstsAnswer(fault.code);
        if (fault.retryAfter !== undefined) answer.headers['retry-after'] = String(fault.retryAfter);
      } else if (fault?.kind === 'status') {
        const status = fault.status ?? 503;
        answer = route.faultAnswer?.(status) ?? jsonAnswer(status, {});
        if (fault.retryAfter !== undefined) answer.headers['retry-after'] = String(fault.retryAfter);
      } else {
        answer = await route.run();
      }
      if (lifecycle.closing || res.destroyed) return;
      res.writeHead(answer.status, {
        ...answer.headers,
        'x-ms-request-id': randomUUID(),
        'content-length': String(Buffer.byteLength(answer.body)),
      });
      res.end(answer.body);
      finish({ ...base, status: answer.status, fault: fault?.kind ?? null }, answer.body);
    })().catch((error: unknown) => {
      log?.(`emulator error on ${req.method} ${host}${url.pathname}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent && !res.destroyed)
        res.writeHead(500, { 'content-type': 'text/plain' }).end('emulator error');
      finish({ endpoint: 'not-found', tenant: null, status: 500, fault: null });
    });
  };
}

/** Timers and the closing flag shared by the handlers, so that `close()` ends pending latency waits. */
export class Lifecycle {
  closing = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private markStopped: () => void = () => undefined;
  /** Resolves when the emulator closes: ends the waits of answers a `hold` fault keeps back. */
  readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  stop(): void {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.markStopped();
  }
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts both listeners on 127.0.0.1 (random ports) with one handler. */
export async function startListeners(
  options: Omit<HandlerOptions, 'services'> & { services: (selfHosts: Set<string>) => Services },
  certificate: { cert: string; key: string },
): Promise<Listeners> {
  const selfHosts = new Set<string>();
  const services = options.services(selfHosts);
  const lifecycle = new Lifecycle();
  const handlerOptions = { services, record: options.record, log: options.log, onAnswer: options.onAnswer };
  const secure = https.createServer({ cert: certificate.cert, key: certificate.key });
  const plain = http.createServer();
  secure.on('request', createHandler(handlerOptions, 'https', lifecycle));
  plain.on('request', createHandler(handlerOptions, 'http', lifecycle));
  const [securePort, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  for (const port of [securePort, plainPort]) {
    selfHosts.add(`127.0.0.1:${port}`);
    selfHosts.add(`localhost:${port}`);
  }
  return {
    httpsUrl: `https://127.0.0.1:${securePort}`,
    httpUrl: `http://127.0.0.1:${plainPort}`,
    caPem: certificate.cert,
    async close() {
      lifecycle.stop();
      await Promise.all([closeServer(secure), closeServer(plain)]);
    },
  };
}
