/**
 * The shapes of one HTTP exchange, shared by the transport (transport.ts) and the answer log (answer-log.ts),
 * which records what the transport saw.
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Why no answer came. `proxy-auth`: a proxy refused to pass the request until the app signs in to it (407); its
 * message names the proxy and the sign-in it asked for (main/net/proxy-auth.ts).
 */
export type NetworkErrorKind = 'timeout' | 'aborted' | 'reset' | 'refused' | 'too-large' | 'proxy-auth' | 'other';

/** A request that got no complete HTTP answer. */
export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpTransport {
  request(request: HttpRequest): Promise<HttpResponse>;
  /**
   * The refusal (kind `proxy-auth`) of the proxy that stopped the latest request, until a request is answered
   * again: MSAL hands the app its own "network_error" for a failed token request, and the sign-in words a proxy's
   * refusal with this.
   */
  proxyRefusal?(): NetworkError | null;
  /** Closes idle keep-alive connections. */
  close(): void;
}
