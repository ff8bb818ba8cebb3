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

export type NetworkErrorKind = 'timeout' | 'aborted' | 'reset' | 'refused' | 'too-large' | 'other';

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
  /** Closes idle keep-alive connections. */
  close(): void;
}
