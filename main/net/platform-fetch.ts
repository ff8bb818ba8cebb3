/**
 * The platform's network stack as the transport's second way of moving bytes: a WHATWG-`fetch`-shaped function,
 * in the packed app Electron's `net.fetch` on a session of its own (main/index.ts), which is Chromium's network
 * stack (https://www.electronjs.org/docs/latest/api/net): the system proxy settings with WPAD and PAC, proxies that
 * ask for Basic, Digest, NTLM, Kerberos or Negotiate sign-in (the integrated ones answered with the signed-in
 * user's own credentials), and the certificates the OS trusts. The transport (transport.ts) takes it for every
 * request to a real Microsoft host when main/index.ts supplies it; routed requests (the emulator, the demo) keep
 * Node's stack, which can send them a Host header and trust a test CA.
 *
 * The contract is the Node path's: https only (checked by the transport), a time limit, a size limit, the
 * caller's abort, and every failure a NetworkError of its kind with the host in words and never a header value,
 * a URL's query or a body in it (a token could be there).
 *
 * What Chromium reports, and how it is read here:
 * - a failure is an Error whose message is the net error's name, `net::ERR_CONNECTION_RESET`
 *   (lib/common/api/net-client-request.ts; the names: Chromium's net/base/net_error_list.h); under Node's own
 *   `fetch` (the tests) it is a TypeError whose `cause` has Node's code (ECONNRESET, UND_ERR_SOCKET ...).
 * - a proxy that still refuses after Chromium tried to sign in: likely a failure named `ERR_PROXY_AUTH_REQUESTED`,
 *   `ERR_PROXY_AUTH_UNSUPPORTED` or `ERR_INVALID_AUTH_CREDENTIALS`; possibly the proxy's 407 as the response. Both
 *   are read as `proxy-auth`. `net.fetch` cannot ask the user for a proxy password: it listens to no `login` event,
 *   so Electron cancels the challenge, and `app.on('login')` does not fire for the main process's requests
 *   (https://github.com/electron/electron/issues/44249).
 *
 * What has run: this backend under Node 20 with Node's own `fetch` against real loopback servers, and with a
 * recording stand-in for what only Chromium produces (test/unit/main/net/platform-fetch.test.ts). What has not:
 * Electron's `net.fetch` itself (Electron cannot run on the machines this was written on).
 */
import { NetworkError, type HttpRequest, type HttpResponse, type NetworkErrorKind } from './http';
import { challengeSchemes, proxyAuthError } from './proxy-auth';

/** The request options the backend passes (a subset of WHATWG `RequestInit`). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** A redirect is the caller's to read, as on Node's path (which follows none). */
  redirect: 'manual';
  /** No cookies of the session go to Microsoft, none come back. */
  credentials: 'omit';
  cache: 'no-store';
}

interface BodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** What the backend reads of a WHATWG `Response`. */
export interface FetchResponse {
  status: number;
  headers: { forEach(callback: (value: string, key: string) => void): void; get(name: string): string | null };
  body: { getReader(): BodyReader } | null;
}

export type PlatformFetch = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface FetchBackendOptions {
  fetch: PlatformFetch;
  maxResponseBytes: number;
  /** The proxy the platform takes for a URL (`http://host:port`), only to name it when it refuses. */
  proxyFor?: (url: string) => Promise<string | null>;
}

/** Sends one request (already checked to be https, to a real host) through the platform's stack. */
export type FetchBackend = (req: HttpRequest, url: URL, timeoutMs: number) => Promise<HttpResponse>;

/** The reason AbortSignal.timeout() aborts with: a DOMException named TimeoutError. */
function isTimeout(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/** Chromium's net errors (net_error_list.h) and Node's codes, by what they mean for the app. */
const KINDS: Record<string, Exclude<NetworkErrorKind, 'aborted' | 'too-large'>> = {
  ERR_PROXY_AUTH_REQUESTED: 'proxy-auth',
  ERR_PROXY_AUTH_UNSUPPORTED: 'proxy-auth',
  ERR_INVALID_AUTH_CREDENTIALS: 'proxy-auth',
  ERR_MISCONFIGURED_AUTH_ENVIRONMENT: 'proxy-auth',
  ERR_UNEXPECTED_PROXY_AUTH: 'proxy-auth',
  ERR_CONNECTION_RESET: 'reset',
  ERR_CONNECTION_CLOSED: 'reset',
  ERR_CONNECTION_ABORTED: 'reset',
  ERR_EMPTY_RESPONSE: 'reset',
  ERR_NETWORK_CHANGED: 'reset',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ERR_CONNECTION_REFUSED: 'refused',
  ERR_CONNECTION_FAILED: 'refused',
  ERR_NAME_NOT_RESOLVED: 'refused',
  ERR_NAME_RESOLUTION_FAILED: 'refused',
  ERR_INTERNET_DISCONNECTED: 'refused',
  ERR_ADDRESS_UNREACHABLE: 'refused',
  ERR_PROXY_CONNECTION_FAILED: 'refused',
  ERR_TUNNEL_CONNECTION_FAILED: 'refused',
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'refused',
  EAI_AGAIN: 'refused',
  ENETUNREACH: 'refused',
  EHOSTUNREACH: 'refused',
  ERR_TIMED_OUT: 'timeout',
  ERR_CONNECTION_TIMED_OUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
};

/**
 * The code of a failed fetch: Chromium's `net::ERR_…` name from the message, else Node's `code` on the error or
 * its cause. Only a code's characters are kept, so nothing else of the message (where a header value could be)
 * reaches the words.
 */
function failureCode(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  const chromium = /\b(ERR_[A-Z0-9_]{1,60})\b/.exec(message);
  if (chromium) return chromium[1]!;
  for (let at: unknown = error, depth = 0; at && depth < 3; depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,60}$/.test(code)) return code;
    at = (at as { cause?: unknown }).cause;
  }
  return null;
}

export function createFetchBackend(options: FetchBackendOptions): FetchBackend {
  const maxBytes = options.maxResponseBytes;
  const nameProxy = async (url: URL): Promise<string | null> => {
    try {
      const proxy = await options.proxyFor?.(url.href);
      return proxy ? new URL(proxy).host : null;
    } catch {
      return null;
    }
  };
  const refused = async (url: URL, challenges: string | null): Promise<NetworkError> =>
    proxyAuthError({
      proxy: await nameProxy(url),
      schemes: challengeSchemes(challenges ? [challenges] : []),
      credentialsSent: false,
      stack: 'platform',
    });

  return async (req, url, timeoutMs) => {
    const host = url.host;
    const controller = new AbortController();
    // Why the request was stopped from here (time limit, caller, size), set before the fetch is aborted.
    const stopped: { error: NetworkError | null } = { error: null };
    const halt = (error: NetworkError): void => {
      stopped.error ??= error;
      controller.abort();
    };
    const timer = setTimeout(
      () => halt(new NetworkError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const onAbort = (): void =>
      // A caller's time limit (AbortSignal.timeout, also inside AbortSignal.any) is a timeout, not a cancel.
      halt(
        isTimeout(req.signal?.reason)
          ? new NetworkError('timeout', `${host} did not answer before the time limit ran out`)
          : new NetworkError('aborted', 'The request was cancelled'),
      );
    try {
      if (req.signal?.aborted) onAbort();
      else req.signal?.addEventListener('abort', onAbort, { once: true });
      if (stopped.error) throw stopped.error;

      let response: FetchResponse;
      try {
        response = await options.fetch(url.href, {
          method: req.method,
          headers: { ...req.headers },
          ...(req.body !== undefined ? { body: req.body } : {}),
          signal: controller.signal,
          redirect: 'manual',
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        if (stopped.error) throw stopped.error;
        const code = failureCode(error);
        const kind = (code ? KINDS[code] : undefined) ?? 'other';
        if (kind === 'proxy-auth') throw await refused(url, null);
        throw new NetworkError(kind, `The request to ${host} failed${code ? ` (${code})` : ''}`);
      }

      if (response.status === 407) {
        await response.body
          ?.getReader()
          .cancel()
          .catch(() => undefined);
        throw await refused(url, response.headers.get('proxy-authenticate'));
      }
      const tooLarge = () => new NetworkError('too-large', `The answer from ${host} was larger than ${maxBytes} bytes`);
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      const reader = response.body?.getReader() ?? null;
      if (declared > maxBytes) {
        await reader?.cancel().catch(() => undefined);
        throw tooLarge();
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for (;;) {
          if (!reader) break;
          const { done, value } = await reader.read();
          if (done) break;
          if (!value) continue;
          size += value.byteLength;
          if (size > maxBytes) {
            halt(tooLarge());
            await reader.cancel().catch(() => undefined);
            break;
          }
          chunks.push(value);
        }
      } catch (error) {
        if (stopped.error) throw stopped.error;
        const code = failureCode(error);
        throw new NetworkError('reset', `The connection to ${host} was dropped${code ? ` (${code})` : ''}`);
      }
      if (stopped.error) throw stopped.error;
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: Buffer.concat(chunks).toString('utf8') };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  };
}
