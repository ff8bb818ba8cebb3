/**
 * A gateway in front of the emulator that, when asked, answers with the request it got echoed back in its error
 * page, as some corporate proxies and API gateways do: request line, every header (the `Authorization` bearer
 * token included) and the body (a token request's refresh token or authorization code). Otherwise it forwards
 * the request to the emulator unchanged. It also collects every token that passes through it, in either
 * direction, so that a test can look for each one wherever the app writes or shows text.
 *
 * The app's transport routes all three Microsoft hosts here (plain HTTP on loopback); the Host header names the
 * real host, as the transport sends it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { Emulator } from '../../../tools/entra-emulator';

export type EchoStyle = 'html' | 'json';

export interface EchoProxy {
  url: string;
  /** Which requests get an echo instead of an answer, and in which form. Null: forward everything. */
  echo: ((host: string, path: string) => EchoStyle | null) | null;
  /** Every token seen: bearer tokens sent, token-request fields sent, tokens in token answers. */
  readonly tokens: Set<string>;
  /** Requests answered with an echo. */
  echoed: number;
  close(): Promise<void>;
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token', 'code', 'client_assertion', 'code_verifier'];

function collect(tokens: Set<string>, req: IncomingMessage, body: string, answer: string): void {
  const auth = req.headers.authorization;
  if (auth) tokens.add(auth.replace(/^Bearer\s+/i, ''));
  const form = new URLSearchParams(body);
  for (const field of TOKEN_FIELDS) for (const value of form.getAll(field)) if (value.length >= 12) tokens.add(value);
  try {
    const parsed = JSON.parse(answer) as Record<string, unknown>;
    for (const field of TOKEN_FIELDS) {
      const value = parsed[field];
      if (typeof value === 'string' && value.length >= 12) tokens.add(value);
    }
  } catch {
    // Not a JSON answer.
  }
}

function forward(
  emulator: Emulator,
  req: IncomingMessage,
  body: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const target = new URL(emulator.httpsUrl);
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers.connection;
    const upstream = httpsRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: req.url ?? '/',
        method: req.method ?? 'GET',
        ca: emulator.caPem,
        checkServerIdentity: (_host, cert) => checkServerIdentity(target.hostname, cert),
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string' && !['content-length', 'connection', 'transfer-encoding'].includes(name))
              out[name] = value;
          }
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function echoPage(req: IncomingMessage, body: string, style: EchoStyle): { type: string; text: string } {
  const headerLines = Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`);
  const request = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\n${headerLines.join('\n')}\n\n${body}`;
  if (style === 'json') {
    // As a gateway that wraps its complaint in the service's error shape.
    return {
      type: 'application/json',
      text: JSON.stringify({
        error: { code: 'GatewayError', message: `Upstream refused the request: ${request}` },
        request: { headers: req.headers, body },
      }),
    };
  }
  return {
    type: 'text/html',
    text: `<html><body><h1>502 Bad Gateway</h1><p>The upstream server refused your request:</p><pre>${request}</pre></body></html>`,
  };
}

export async function startEchoProxy(emulator: Emulator): Promise<EchoProxy> {
  const proxy: EchoProxy = { url: '', echo: null, tokens: new Set(), echoed: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const host = (req.headers.host ?? '').toLowerCase();
        const path = new URL(req.url ?? '/', `https://${host}`).pathname;
        const style = proxy.echo?.(host, path) ?? null;
        if (style) {
          collect(proxy.tokens, req, body, '');
          proxy.echoed += 1;
          const page = echoPage(req, body, style);
          res
            .writeHead(502, {
              'content-type': page.type,
              // Some gateways echo the credential in a header too.
              'www-authenticate': `Bearer error="invalid_request", echoed="${req.headers.authorization ?? ''}"`,
            })
            .end(page.text);
          return;
        }
        const answer = await forward(emulator, req, body);
        collect(proxy.tokens, req, body, answer.body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
      })().catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
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
