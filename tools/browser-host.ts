/**
 * Browser test host: serves the real renderer build to a browser on loopback and answers the IPC contract
 * with the real main-process handlers, through the same dispatch as the Electron shell. A preload shim
 * (served by this host, injected into index.html) stands in for main/preload.ts and exposes `window.api`.
 *
 * Guards: loopback only; the Host header must name this server (no DNS rebinding); requests from another
 * origin are refused; every IPC call and the event stream need the random per-run secret, which reaches the
 * page in the URL fragment (never sent to the server by the browser); no answer may be framed by another page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REQUEST_NAMES, EVENT_CHANNEL } from '../shared/ipc/channels';
import type { AppEvent } from '../shared/ipc/contract';
import { dispatchIpc, type IpcHandlers } from '../main/ipc-dispatch';

export interface TestHostOptions {
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  handlers: IpcHandlers;
  port?: number;
  /** Where unexpected handler errors go (default: stderr, message only). */
  log?: (message: string) => void;
  /** The per-run secret (default: random); tests that restart the host on the same port reuse the old one. */
  secret?: string;
}

export interface TestHost {
  /** The page to open, secret included in the fragment. */
  url: string;
  origin: string;
  secret: string;
  /** Pushes an event to every connected page. */
  emit(event: AppEvent): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * On every answer: no other page may frame this one (the renderer's buttons run real handlers). The CSP header
 * holds frame-ancestors only, which a <meta> policy cannot express; the page's own policy stays in index.html.
 */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
} as const;

/** What a page opened without the key says (the whole address, "#k=…" included, is what the demo prints). */
export const MISSING_KEY_TEXT =
  'Open the whole address the demo printed in its terminal, including the part that starts with #k= at its end: that key lets this page, and only this page, reach the demo. A tab that had the key keeps it when reloaded; a new tab needs the whole address again.';

function shimSource(): string {
  // Plain ES5-ish script: runs before the app bundle, defines window.api like the Electron preload does.
  return `(() => {
  const names = ${JSON.stringify(REQUEST_NAMES)};
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('k')) {
    sessionStorage.setItem('gmi-host-secret', fragment.get('k'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const secret = sessionStorage.getItem('gmi-host-secret') || '';
  const api = {};
  if (!secret) {
    // Opened without the key the demo printed (its address without "#k=…"): no call could succeed, so say that
    // instead of letting the app report an unreachable background service. The app's calls wait for ever.
    for (const name of names) api[name] = () => new Promise(() => undefined);
    api.onEvent = () => () => undefined;
    window.api = Object.freeze(api);
    document.addEventListener('DOMContentLoaded', () => {
      const root = document.getElementById('root');
      if (root) root.hidden = true;
      const box = document.createElement('main');
      box.setAttribute('data-testid', 'missing-key');
      box.style.cssText = 'max-width:560px;margin:15vh auto;padding:0 24px;font:15px/1.5 system-ui,sans-serif;color-scheme:light dark';
      const title = document.createElement('h1');
      title.style.cssText = 'font-size:22px;margin:0 0 12px';
      title.textContent = 'This address is missing its key';
      const text = document.createElement('p');
      text.textContent = ${JSON.stringify(MISSING_KEY_TEXT)};
      box.append(title, text);
      document.body.append(box);
    });
    return;
  }
  for (const name of names) {
    api[name] = async (arg) => {
      const response = await fetch('/__host/ipc/' + name, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-host-secret': secret },
        body: JSON.stringify(arg === undefined ? { none: true } : { arg }),
      });
      if (!response.ok) throw new Error('The test host refused the request (' + response.status + ').');
      return response.json();
    };
  }
  const listeners = new Set();
  let source = null;
  api.onEvent = (listener) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource('/__host/events?k=' + encodeURIComponent(secret));
      source.addEventListener(${JSON.stringify(EVENT_CHANNEL)}, (message) => {
        const payload = JSON.parse(message.data);
        for (const l of listeners) l(payload);
      });
    }
    return () => listeners.delete(listener);
  };
  window.api = Object.freeze(api);
})();
`;
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const eventClients = new Set<ServerResponse>();
  const shim = shimSource();
  let origin = '';

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(body);
  };

  const serveStatic = async (res: ServerResponse, pathname: string): Promise<void> => {
    const root = path.resolve(options.rendererDir);
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return send(res, 404, 'text/plain', 'not found');
    try {
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('index.html')) {
        body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__host/shim.js"></script>');
      }
      send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body);
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (`http://${host}` !== origin) return send(res, 421, 'text/plain', 'wrong host');
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) return send(res, 403, 'text/plain', 'cross-origin');
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && url.pathname === '/__host/shim.js')
        return send(res, 200, CONTENT_TYPES['.js']!, shim);
      if (req.method === 'GET' && url.pathname === '/__host/events') {
        if (!sameSecret(url.searchParams.get('k') ?? '', secret)) return send(res, 403, 'text/plain', 'secret');
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          ...SECURITY_HEADERS,
        });
        res.write(': connected\n\n');
        eventClients.add(res);
        req.on('close', () => eventClients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/__host/ipc/')) {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method');
        if (!sameSecret(String(req.headers['x-host-secret'] ?? ''), secret))
          return send(res, 403, 'text/plain', 'secret');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          return send(res, 415, 'text/plain', 'type');
        let envelope: unknown;
        try {
          envelope = JSON.parse(await readBody(req));
        } catch {
          return send(res, 400, 'text/plain', 'body');
        }
        const arg =
          envelope && typeof envelope === 'object' && 'arg' in envelope
            ? (envelope as { arg: unknown }).arg
            : undefined;
        const result = await dispatchIpc(options.handlers, url.pathname.slice('/__host/ipc/'.length), arg, {
          onUnexpectedError: (name, error) =>
            log(`IPC ${name} failed: ${error instanceof Error ? error.message : 'unknown error'}`),
        });
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method');
      return serveStatic(res, url.pathname);
    })().catch((error: unknown) => {
      log(`test host: ${error instanceof Error ? error.message : 'request failed'}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'error');
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#k=${secret}`,
    origin,
    secret,
    emit(event) {
      const frame = `event: ${EVENT_CHANNEL}\ndata: ${JSON.stringify(event)}\n\n`;
      for (const client of eventClients) client.write(frame);
    },
    async close() {
      for (const client of eventClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
