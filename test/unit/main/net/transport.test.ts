import { createServer as createHttpsServer } from 'node:https';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMsalNetworkClient, createTransport, NetworkError, validateRoutes } from '../../../../main/net/transport';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server | ReturnType<typeof createHttpsServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('HTTP transport', () => {
  let handler: Handler = (_req, res) => res.end('{}');
  const server = createServer((req, res) => handler(req, res));
  let base = '';

  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends a routed Microsoft host to the loopback stand-in with the real Host header', async () => {
    let seenHost = '';
    let seenPath = '';
    handler = (req, res) => {
      seenHost = req.headers.host ?? '';
      seenPath = req.url ?? '';
      res.end('{"ok":true}');
    };
    const transport = createTransport({ routes: { 'graph.microsoft.com': base } });
    const response = await transport.request({
      method: 'GET',
      url: 'https://graph.microsoft.com/v1.0/organization?$select=id',
    });
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(seenHost).toBe('graph.microsoft.com');
    expect(seenPath).toBe('/v1.0/organization?$select=id');
    transport.close();
  });

  it('refuses routes that leave the machine and plain-http requests', async () => {
    expect(() => validateRoutes({ 'login.microsoftonline.com': 'https://evil.example' })).toThrow(/loopback/);
    const transport = createTransport();
    await expect(transport.request({ method: 'GET', url: 'http://graph.microsoft.com/' })).rejects.toThrow(/non-https/);
  });

  it('gives up on a server that never answers', async () => {
    handler = () => undefined;
    const transport = createTransport({ routes: { 'login.microsoftonline.com': base } });
    const error = await transport
      .request({
        method: 'POST',
        url: 'https://login.microsoftonline.com/x/oauth2/v2.0/token',
        body: 'a=b',
        timeoutMs: 200,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('timeout');
    transport.close();
  });

  it('stops when the caller aborts', async () => {
    handler = () => undefined;
    const transport = createTransport({ routes: { 'login.microsoftonline.com': base } });
    const controller = new AbortController();
    const pending = transport.request({
      method: 'GET',
      url: 'https://login.microsoftonline.com/x',
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    transport.close();
  });

  it("calls the end of a caller's time limit a timeout, not a cancel", async () => {
    handler = () => undefined;
    const transport = createTransport({ routes: { 'graph.microsoft.com': base } });
    // The probe's signal: the scan's cancel and the tenant's time limit combined.
    const signal = AbortSignal.any([new AbortController().signal, AbortSignal.timeout(100)]);
    const error = await transport
      .request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me/sponsors', signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toBe('graph.microsoft.com did not answer before the time limit ran out');
    expect((error as Error).message).not.toMatch(/cancel/i);
    transport.close();
  });

  it('reports a dropped connection as a reset', async () => {
    handler = (req) => req.socket.destroy();
    const transport = createTransport({ routes: { 'management.azure.com': base } });
    await expect(
      transport.request({ method: 'GET', url: 'https://management.azure.com/tenants' }),
    ).rejects.toMatchObject({ kind: 'reset' });
    transport.close();
  });

  it('refuses an oversized answer', async () => {
    handler = (_req, res) => res.end('x'.repeat(5000));
    const transport = createTransport({ routes: { 'graph.microsoft.com': base }, maxResponseBytes: 1000 });
    await expect(
      transport.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }),
    ).rejects.toMatchObject({ kind: 'too-large' });
    transport.close();
  });

  it('gives MSAL parsed JSON and reports status and Retry-After of each request', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
      res.end('{"error":"temporarily_unavailable"}');
    };
    const outcomes: unknown[] = [];
    const client = createMsalNetworkClient(
      createTransport({ routes: { 'login.microsoftonline.com': base } }),
      undefined,
      (id, outcome) => outcomes.push({ id, ...outcome }),
    );
    const response = await client.sendPostRequestAsync<{ error: string }>(
      'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      {
        body: 'grant_type=refresh_token',
        correlationId: 'c-1',
      },
    );
    expect(response).toMatchObject({ status: 429, body: { error: 'temporarily_unavailable' } });
    expect(outcomes).toEqual([{ id: 'c-1', status: 429, retryAfterSeconds: 3, networkError: null, malformed: false }]);
  });

  it('asks MSAL for the shortest throttle after a 5xx without Retry-After, so a retry reaches the server', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"server_error","error_codes":[90033]}');
    };
    const outcomes: unknown[] = [];
    const client = createMsalNetworkClient(
      createTransport({ routes: { 'login.microsoftonline.com': base } }),
      undefined,
      (id, outcome) => outcomes.push({ id, ...outcome }),
    );
    const response = await client.sendPostRequestAsync('https://login.microsoftonline.com/t/oauth2/v2.0/token', {
      body: 'grant_type=refresh_token',
      correlationId: 'c-2',
    });
    // Without the header MSAL would refuse the same request locally for 60 s.
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(outcomes).toEqual([{ id: 'c-2', status: 500, retryAfterSeconds: 1, networkError: null, malformed: false }]);
  });

  it('reads a Retry-After date the way the ARM and Graph calls read it, and hands MSAL the seconds', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': at, 'content-type': 'application/json' });
      res.end('{"error":"temporarily_unavailable"}');
    };
    const outcomes: { retryAfterSeconds: number | null }[] = [];
    const client = createMsalNetworkClient(
      createTransport({ routes: { 'login.microsoftonline.com': base } }),
      undefined,
      (_id, outcome) => outcomes.push(outcome),
    );
    const response = await client.sendPostRequestAsync('https://login.microsoftonline.com/t/oauth2/v2.0/token', {
      body: 'grant_type=refresh_token',
    });
    const seconds = outcomes[0]?.retryAfterSeconds ?? -1;
    expect(seconds).toBeGreaterThanOrEqual(28);
    expect(seconds).toBeLessThanOrEqual(31);
    expect(response.headers['retry-after']).toBe(String(seconds));
  });

  it('rejects with a NetworkError, not a TypeError, when a header cannot be sent', async () => {
    const transport = createTransport({ routes: { 'graph.microsoft.com': base } });
    await expect(
      transport.request({
        method: 'GET',
        url: 'https://graph.microsoft.com/v1.0/me',
        headers: { authorization: 'Bearer a\r\nX-Injected: 1' },
      }),
    ).rejects.toBeInstanceOf(NetworkError);
    await expect(transport.request({ method: 'GET', url: 'not a url' })).rejects.toBeInstanceOf(NetworkError);
    transport.close();
  });

  it('trusts the extra CA for routed HTTPS requests only', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    const tls = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('{"secure":true}'));
    const port = await listen(tls);
    const trusting = createTransport({
      routes: { 'login.microsoftonline.com': `https://127.0.0.1:${port}` },
      extraCaPem: pems.cert,
    });
    expect((await trusting.request({ method: 'GET', url: 'https://login.microsoftonline.com/common' })).body).toBe(
      '{"secure":true}',
    );
    const untrusting = createTransport({ routes: { 'login.microsoftonline.com': `https://127.0.0.1:${port}` } });
    await expect(
      untrusting.request({ method: 'GET', url: 'https://login.microsoftonline.com/common' }),
    ).rejects.toBeInstanceOf(NetworkError);
    trusting.close();
    untrusting.close();
    tls.closeAllConnections();
    tls.close();
  });
});
