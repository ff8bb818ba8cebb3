/**
 * The transport over the platform's network stack (main/net/platform-fetch.ts), driven here by Node's own `fetch`
 * against real loopback servers: the packed app's Electron `net.fetch` has the same shape but cannot run here.
 * What only Chromium produces (its `net::ERR_…` failures) comes from a recording stand-in.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchInit, PlatformFetch } from '../../../../main/net/platform-fetch';
import { createTransport, NetworkError } from '../../../../main/net/transport';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let handler: Handler = (_req, res) => res.end('{}');
const server = createServer((req, res) => handler(req, res));
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Node's fetch, sent to the loopback server whatever Microsoft host the app asked for. */
const toServer: PlatformFetch = (url, init) => fetch(url.replace(/^https:\/\/[^/]+/, base), init);

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

describe('requests through the platform network stack', () => {
  it('passes the answer on as it came: status, headers, body; the request arrives as sent, without cookies', async () => {
    let seen: { method?: string; path?: string; type?: string; body: string } = { body: '' };
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { method: req.method, path: req.url, type: req.headers['content-type'], body };
        res.writeHead(400, { 'content-type': 'application/json', 'Retry-After': '3' });
        res.end('{"error":"invalid_grant"}');
      });
    };
    const inits: FetchInit[] = [];
    const transport = createTransport({
      platformFetch: (url, init) => {
        inits.push(init);
        return toServer(url, init);
      },
    });
    const response = await transport.request({
      method: 'POST',
      url: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token?x=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token',
    });
    expect(response).toEqual({
      status: 400,
      headers: expect.objectContaining({ 'content-type': 'application/json', 'retry-after': '3' }) as unknown,
      body: '{"error":"invalid_grant"}',
    });
    expect(seen).toEqual({
      method: 'POST',
      path: '/organizations/oauth2/v2.0/token?x=1',
      type: 'application/x-www-form-urlencoded',
      body: 'grant_type=refresh_token',
    });
    expect(inits[0]).toMatchObject({ credentials: 'omit', redirect: 'manual', cache: 'no-store' });
    transport.close();
  });

  it('keeps routed requests (the emulator, the demo) on Node’s stack, and refuses plain http', async () => {
    handler = (req, res) => res.end(JSON.stringify({ host: req.headers.host }));
    let platformCalls = 0;
    const transport = createTransport({
      routes: { 'graph.microsoft.com': base },
      platformFetch: (url, init) => {
        platformCalls += 1;
        return toServer(url, init);
      },
    });
    const routed = await transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' });
    expect(JSON.parse(routed.body)).toEqual({ host: 'graph.microsoft.com' });
    expect(platformCalls).toBe(0);
    await transport.request({ method: 'GET', url: 'https://management.azure.com/tenants' });
    expect(platformCalls).toBe(1);
    expect((await failure(transport.request({ method: 'GET', url: 'http://graph.microsoft.com/' }))).message).toMatch(
      /non-https/,
    );
    expect(platformCalls).toBe(1);
    transport.close();
  });

  it('gives up on a server that never answers, and calls the end of a caller’s time limit a timeout', async () => {
    handler = () => undefined;
    const transport = createTransport({ platformFetch: toServer });
    const own = await failure(
      transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', timeoutMs: 200 }),
    );
    expect(own.kind).toBe('timeout');
    expect(own.message).toBe('graph.microsoft.com did not answer within 0 s');
    const signal = AbortSignal.any([new AbortController().signal, AbortSignal.timeout(150)]);
    const callers = await failure(transport.request({ method: 'GET', url: 'https://graph.microsoft.com/x', signal }));
    expect(callers).toMatchObject({
      kind: 'timeout',
      message: 'graph.microsoft.com did not answer before the time limit ran out',
    });
    transport.close();
  });

  it('stops when the caller cancels, before or during the request', async () => {
    handler = () => undefined;
    const transport = createTransport({ platformFetch: toServer });
    const controller = new AbortController();
    const pending = transport.request({
      method: 'GET',
      url: 'https://graph.microsoft.com/x',
      signal: controller.signal,
    });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ kind: 'aborted', message: 'The request was cancelled' });
    let calls = 0;
    const counting = createTransport({
      platformFetch: (url, init) => {
        calls += 1;
        return toServer(url, init);
      },
    });
    const early = await failure(
      counting.request({ method: 'GET', url: 'https://graph.microsoft.com/x', signal: AbortSignal.abort() }),
    );
    expect(early.kind).toBe('aborted');
    expect(calls).toBe(0);
    transport.close();
  });

  it('refuses an oversized answer, announced or streamed', async () => {
    const transport = createTransport({ platformFetch: toServer, maxResponseBytes: 1000 });
    handler = (_req, res) => res.end('x'.repeat(5000));
    expect(
      await failure(transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' })),
    ).toMatchObject({ kind: 'too-large', message: 'The answer from graph.microsoft.com was larger than 1000 bytes' });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i += 1) res.write('y'.repeat(600));
      res.end();
    };
    expect(
      await failure(transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' })),
    ).toMatchObject({ kind: 'too-large' });
    transport.close();
  });

  it('reports a dropped connection as a reset, before the answer or in the middle of its body', async () => {
    const transport = createTransport({ platformFetch: toServer });
    handler = (req) => req.socket.destroy();
    expect(
      await failure(transport.request({ method: 'GET', url: 'https://management.azure.com/tenants' })),
    ).toMatchObject({
      kind: 'reset',
      message: expect.stringMatching(/^The request to management\.azure\.com failed/) as unknown,
    });
    handler = (req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"value":[');
      setImmediate(() => req.socket.destroy());
    };
    expect(
      await failure(transport.request({ method: 'GET', url: 'https://management.azure.com/tenants' })),
    ).toMatchObject({
      kind: 'reset',
      message: expect.stringMatching(/^The connection to management\.azure\.com was dropped/) as unknown,
    });
    transport.close();
  });

  it('calls a closed port refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = createTransport({
      platformFetch: (url, init) => fetch(url.replace(/^https:\/\/[^/]+/, `http://127.0.0.1:${port}`), init),
    });
    const error = await failure(transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }));
    expect(error).toMatchObject({
      kind: 'refused',
      message: 'The request to graph.microsoft.com failed (ECONNREFUSED)',
    });
  });

  it('a proxy that still refuses (its 407, or Chromium’s ERR_PROXY_AUTH_…) is a proxy-auth error naming the proxy', async () => {
    // Node's fetch turns every 407 into a bare network error, as the Fetch standard asks of a request without a
    // window; Electron's net.fetch may pass the proxy's 407 on as the answer. So that answer is a real WHATWG
    // Response made here.
    let answers = 0;
    let refusing = true;
    const transport = createTransport({
      platformFetch: (url, init) => {
        answers += 1;
        if (!refusing) return toServer(url, init);
        return Promise.resolve(
          new Response('<html>Access denied</html>', {
            status: 407,
            headers: [
              ['Proxy-Authenticate', 'Negotiate'],
              ['Proxy-Authenticate', 'NTLM'],
            ],
          }),
        );
      },
      proxy: () => 'http://proxy.corp.example:8080',
    });
    const answered = await failure(transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }));
    expect(answers).toBe(1);
    expect(answered.kind).toBe('proxy-auth');
    expect(answered.message).toContain('The proxy proxy.corp.example:8080 refused');
    expect(answered.message).toContain('it asked for Negotiate or NTLM sign-in');
    expect(answered.message).toContain('The system could not sign in to it with your sign-in on this computer');
    expect(transport.proxyRefusal?.()).toBe(answered);

    // A password proxy: Chromium would need the user to type it, and net.fetch cannot ask.
    const basic = createTransport({
      platformFetch: () =>
        Promise.resolve(new Response(null, { status: 407, headers: { 'Proxy-Authenticate': 'Basic realm="corp"' } })),
    });
    const password = await failure(basic.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }));
    expect(password).toMatchObject({ kind: 'proxy-auth' });
    expect(password.message).toContain('It wants a user name and password, which the app cannot ask you for.');

    // What Chromium gives when it could not sign in to a proxy (net_error_list.h); Node's fetch never does.
    const chromium = createTransport({
      platformFetch: () => Promise.reject(new Error('net::ERR_PROXY_AUTH_REQUESTED')),
    });
    const failed = await failure(chromium.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }));
    expect(failed.kind).toBe('proxy-auth');
    expect(failed.message).toContain('A proxy on the way to Microsoft refused');

    // Once a request is answered again, the refusal is over.
    handler = (_req, res) => res.end('{}');
    refusing = false;
    await transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' });
    expect(transport.proxyRefusal?.()).toBeNull();
    transport.close();
  });

  it('reads Chromium’s other failures by their kind, and no failure repeats a header value', async () => {
    const failing = (message: string) =>
      createTransport({ platformFetch: () => Promise.reject(new Error(message)) }).request({
        method: 'GET',
        url: 'https://graph.microsoft.com/v1.0/me?token=abc',
        headers: { authorization: 'Bearer eyJ0eXAi.secret\n' },
      });
    expect(await failure(failing('net::ERR_CONNECTION_RESET'))).toMatchObject({ kind: 'reset' });
    expect(await failure(failing('net::ERR_NAME_NOT_RESOLVED'))).toMatchObject({ kind: 'refused' });
    expect(await failure(failing('net::ERR_TIMED_OUT'))).toMatchObject({ kind: 'timeout' });
    const cert = await failure(failing('net::ERR_CERT_AUTHORITY_INVALID'));
    expect(cert).toMatchObject({
      kind: 'other',
      message: 'The request to graph.microsoft.com failed (ERR_CERT_AUTHORITY_INVALID)',
    });
    const header = await failure(failing('Headers.append: "Bearer eyJ0eXAi.secret\n" is an invalid header value.'));
    expect(header.kind).toBe('other');
    expect(header.message).toBe('The request to graph.microsoft.com failed');
  });
});
