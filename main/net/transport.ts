/**
 * The one HTTP client of the main process: MSAL's network module, ARM and Graph all go through it.
 *
 * Endpoints are configuration. In the app the Microsoft hosts are used as they are; tests and the demo add
 * `routes` that send a Microsoft host to a local stand-in (loopback only) and an extra CA that is trusted for
 * those routed requests alone. The URLs MSAL and the services build keep their real hosts either way.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { rawAnswer, type RawAnswer } from './answer-log';
import { NetworkError, type HttpRequest, type HttpResponse, type HttpTransport, type NetworkErrorKind } from './http';
import { createFetchBackend, type PlatformFetch } from './platform-fetch';
import type { ProxyResolver } from './proxy';
import { challengeSchemes, proxyAuthError } from './proxy-auth';
import { parseRetryAfter, wholeSecondsForMsal } from './retry-after';

export interface NetworkConfig {
  /** Host (e.g. `login.microsoftonline.com`) → base URL of a loopback stand-in (e.g. `https://127.0.0.1:4431`). */
  routes?: Record<string, string>;
  /** PEM certificate(s) trusted for routed requests only. */
  extraCaPem?: string;
  /**
   * Which proxy each request goes through (main/net/proxy.ts): `HTTPS_PROXY`/`NO_PROXY` under Node, the system's
   * (PAC included) through Electron's `session.resolveProxy` in the app. Absent: direct.
   */
  proxy?: ProxyResolver;
  /**
   * PEM certificate(s) trusted on top of Node's own roots for every request, e.g. the private CA of a
   * TLS-inspecting proxy (Node's `NODE_EXTRA_CA_CERTS` does the same from outside).
   */
  trustedCaPem?: string;
  /** Default time limit for one request (ms). */
  timeoutMs?: number;
  /** Largest response body accepted (bytes). */
  maxResponseBytes?: number;
  /**
   * The platform's network stack (main/net/platform-fetch.ts), in the packed app Electron's `net.fetch`: when
   * given, every request to a real host goes through it (its own system proxy, PAC, proxy sign-in and OS
   * certificates; `proxy` and `trustedCaPem` then only serve routed requests). Absent: Node's stack for all.
   */
  platformFetch?: PlatformFetch;
}

export { NetworkError, type HttpRequest, type HttpResponse, type HttpTransport, type NetworkErrorKind } from './http';

/** The reason AbortSignal.timeout() aborts with: a DOMException named TimeoutError. */
function isTimeout(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]' || hostname === 'localhost';
}

/** Checks the routes: each must point at a loopback http(s) origin. Throws a readable error otherwise. */
export function validateRoutes(routes: Record<string, string>): Map<string, URL> {
  const checked = new Map<string, URL>();
  for (const [host, target] of Object.entries(routes)) {
    const url = new URL(target);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !isLoopbackHost(url.hostname)) {
      throw new Error(`Route for ${host} must point to a loopback http(s) address, not ${target}`);
    }
    checked.set(host.toLowerCase(), url);
  }
  return checked;
}

function classify(error: NodeJS.ErrnoException): NetworkErrorKind {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'reset';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'refused';
    default:
      return 'other';
  }
}

export function createTransport(config: NetworkConfig = {}): HttpTransport {
  const routes = validateRoutes(config.routes ?? {});
  const timeoutDefault = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = config.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const publicCa = config.trustedCaPem ? [...rootCertificates, config.trustedCaPem] : undefined;
  const routedCa = [config.extraCaPem, config.trustedCaPem].filter((pem): pem is string => Boolean(pem));
  const publicAgent = new https.Agent({ keepAlive: true, maxSockets: 64, ...(publicCa ? { ca: publicCa } : {}) });
  const routedHttpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ...(routedCa.length > 0 ? { ca: routedCa } : {}),
  });
  /** One tunnelling agent per proxy URL (the CA of the request travels with each request's TLS options). */
  const proxyAgents = new Map<string, HttpsProxyAgent<string>>();
  const proxyAgent = (proxyUrl: string): HttpsProxyAgent<string> => {
    let agent = proxyAgents.get(proxyUrl);
    if (!agent) {
      agent = new HttpsProxyAgent(proxyUrl, { keepAlive: true, maxSockets: 64 });
      proxyAgents.set(proxyUrl, agent);
    }
    return agent;
  };
  const resolveProxy = async (url: string): Promise<string | null> => {
    if (!config.proxy) return null;
    try {
      return (await config.proxy(url)) ?? null;
    } catch {
      // A resolver that fails (a PAC script error) leaves the request direct, as browsers do.
      return null;
    }
  };
  const routedHttpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const platform = config.platformFetch
    ? createFetchBackend({ fetch: config.platformFetch, maxResponseBytes: maxBytes, proxyFor: resolveProxy })
    : null;

  /** The proxy's refusal that stopped the latest request, until one is answered again (HttpTransport). */
  let proxyRefusal: NetworkError | null = null;
  function request(req: HttpRequest): Promise<HttpResponse> {
    return send(req).then(
      (response) => {
        proxyRefusal = null;
        return response;
      },
      (error: unknown) => {
        if (error instanceof NetworkError && error.kind === 'proxy-auth') proxyRefusal = error;
        throw error;
      },
    );
  }

  /**
   * Every failure is a NetworkError: a URL that does not parse or a header Node refuses (a token with a line
   * break in it) must end as a failed request the scan records, not as an exception that escapes it.
   */
  function send(req: HttpRequest): Promise<HttpResponse> {
    return sendOnce(req).catch((error: unknown) => {
      if (error instanceof NetworkError) throw error;
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      throw new NetworkError('other', `The request could not be sent: ${reason}`);
    });
  }

  async function sendOnce(req: HttpRequest): Promise<HttpResponse> {
    const original = new URL(req.url);
    if (original.protocol !== 'https:') {
      throw new NetworkError('other', `Refusing a non-https request to ${original.host}`);
    }
    const route = routes.get(original.hostname.toLowerCase());
    if (platform && !route) return platform(req, original, req.timeoutMs ?? timeoutDefault);
    const target = route
      ? new URL(`${route.pathname.replace(/\/$/, '')}${original.pathname}${original.search}`, route)
      : original;
    const client = target.protocol === 'http:' ? http : https;
    const timeoutMs = req.timeoutMs ?? timeoutDefault;
    // The proxy is chosen for the URL the app means (the real host), and tunnels to where the request goes.
    const proxyUrl = target.protocol === 'https:' ? await resolveProxy(original.href) : null;
    const ca = route ? (routedCa.length > 0 ? routedCa : undefined) : publicCa;
    const agent: http.Agent = proxyUrl
      ? proxyAgent(proxyUrl)
      : route
        ? target.protocol === 'http:'
          ? routedHttpAgent
          : routedHttpsAgent
        : publicAgent;

    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: NetworkError | null, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(response as HttpResponse);
      };
      const outgoing = client.request(
        target,
        {
          method: req.method,
          agent,
          headers: {
            ...req.headers,
            // The routed stand-in sees the real host, as the real service would.
            host: original.host,
            ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
          },
          ...(route && target.protocol === 'https:' ? { servername: 'localhost' } : {}),
          // Through a proxy the TLS session is made by the proxy agent, with these options.
          ...(proxyUrl && ca ? { ca } : {}),
        },
        (incoming) => {
          if (proxyUrl && incoming.statusCode === 407) {
            // The proxy refused the CONNECT; https-proxy-agent hands its answer on as this response. Only a proxy
            // answers 407, and the service was never reached.
            const proxy = new URL(proxyUrl);
            incoming.resume();
            outgoing.destroy();
            finish(
              proxyAuthError({
                proxy: proxy.host,
                schemes: challengeSchemes(incoming.headersDistinct['proxy-authenticate'] ?? []),
                credentialsSent: proxy.username !== '',
                stack: 'node',
              }),
            );
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              outgoing.destroy();
              finish(
                new NetworkError('too-large', `The answer from ${original.host} was larger than ${maxBytes} bytes`),
              );
              return;
            }
            chunks.push(chunk);
          });
          incoming.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [key, value] of Object.entries(incoming.headers)) {
              if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
            }
            finish(null, { status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          incoming.on('aborted', () =>
            finish(new NetworkError('reset', `The connection to ${original.host} was dropped`)),
          );
          incoming.on('error', (error: NodeJS.ErrnoException) =>
            finish(
              new NetworkError(classify(error), `Reading the answer from ${original.host} failed: ${error.message}`),
            ),
          );
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy();
        finish(new NetworkError('timeout', `${original.host} did not answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const onAbort = (): void => {
        outgoing.destroy();
        // A caller's time limit (AbortSignal.timeout, also inside AbortSignal.any) is a timeout, not a cancel.
        finish(
          isTimeout(req.signal?.reason)
            ? new NetworkError('timeout', `${original.host} did not answer before the time limit ran out`)
            : new NetworkError('aborted', 'The request was cancelled'),
        );
      };
      if (req.signal?.aborted) return onAbort();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        finish(new NetworkError(classify(error), `The request to ${original.host} failed: ${error.message}`)),
      );
      if (req.body !== undefined) outgoing.write(req.body);
      outgoing.end();
    });
  }

  return {
    request,
    proxyRefusal: () => proxyRefusal,
    close() {
      publicAgent.destroy();
      routedHttpsAgent.destroy();
      routedHttpAgent.destroy();
      for (const agent of proxyAgents.values()) agent.destroy();
    },
  };
}

/** What one MSAL request ended with, for callers that need more than MSAL's error (status, Retry-After). */
export interface MsalRequestOutcome {
  status: number | null;
  retryAfterSeconds: number | null;
  networkError: NetworkError | null;
  /** The answer was not JSON. */
  malformed: boolean;
}

/**
 * MSAL's `system.networkClient` on top of the transport. MSAL expects parsed JSON bodies. A request can be
 * tied to an AbortSignal through its correlation id (`signalFor`), so a cancelled or timed-out probe stops its
 * network traffic too, and its outcome is reported (`onOutcome`) so the caller can honour Retry-After. Every
 * answer also goes to `onAnswer` (answer-log.ts: an error body as received, a success as its status alone).
 */
export function createMsalNetworkClient(
  transport: HttpTransport,
  signalFor: (correlationId: string | undefined) => AbortSignal | undefined = () => undefined,
  onOutcome: (correlationId: string | undefined, outcome: MsalRequestOutcome) => void = () => undefined,
  onAnswer: (answer: RawAnswer) => void = () => undefined,
): INetworkModule {
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const correlationId = options?.correlationId ?? options?.headers?.['client-request-id'];
    const signal = signalFor(correlationId);
    // The body and headers go along only so that the answer log can blank their secrets from an echo.
    const answered: Pick<HttpRequest, 'url' | 'headers' | 'body'> & { method: 'GET' | 'POST' } = {
      method,
      url,
      headers: { ...options?.headers, ...(correlationId ? { 'client-request-id': correlationId } : {}) },
      ...(method === 'POST' && options?.body ? { body: options.body } : {}),
    };
    let response: HttpResponse;
    try {
      response = await transport.request({
        method,
        url,
        ...(options?.headers ? { headers: options.headers } : {}),
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeout ? { timeoutMs: timeout } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof NetworkError) {
        onOutcome(correlationId, { status: null, retryAfterSeconds: null, networkError: error, malformed: false });
        onAnswer(rawAnswer(answered, { error }));
      }
      throw error;
    }
    onAnswer(rawAnswer(answered, { response }));
    let headers = response.headers;
    const parsedRetryAfter = parseRetryAfter(headers['retry-after']);
    // MSAL reads the header as whole seconds only: an HTTP date goes on as the seconds it means, and a decimal
    // (Graph's `2.128`) rounds up, so that the caller's retry comes after MSAL's own local wait, never before it.
    let retryAfterSeconds = parsedRetryAfter === null ? null : wholeSecondsForMsal(parsedRetryAfter);
    if (retryAfterSeconds !== null && headers['retry-after']?.trim() !== String(retryAfterSeconds)) {
      headers = { ...headers, 'retry-after': String(retryAfterSeconds) };
    }
    if (retryAfterSeconds === null && (response.status === 429 || (response.status >= 500 && response.status < 600))) {
      // MSAL refuses a request locally after a 429/5xx until Retry-After has passed, and without the header for
      // 60 s: every quick retry would then be refused without reaching the server. Ask for the shortest wait
      // instead, and report it, so that the caller's retry comes after it.
      retryAfterSeconds = 1;
      headers = { ...headers, 'retry-after': '1' };
    }
    const outcome: MsalRequestOutcome = {
      status: response.status,
      retryAfterSeconds,
      networkError: null,
      malformed: false,
    };
    let body: T;
    try {
      body = JSON.parse(response.body) as T;
    } catch {
      onOutcome(correlationId, { ...outcome, malformed: true });
      throw new NetworkError(
        'other',
        `${new URL(url).host} answered HTTP ${response.status} with a body that is not JSON`,
      );
    }
    onOutcome(correlationId, outcome);
    return { status: response.status, headers, body };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
