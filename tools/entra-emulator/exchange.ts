/**
 * The emulator's internal request/answer types. Each service module (identity, ARM, Graph) turns a request
 * into a `Route`: which endpoint and tenant it concerns (for the log, latency and faults) and how to answer.
 * The server applies latency and faults around `run()`, so the service modules stay free of them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultAadstsCode, FaultEndpoint } from './scenario';
import type { EmulatorState } from './state';
import type { SigningKey } from './tokens';
import type { Page } from './pages';

export type EndpointName =
  | 'instance-discovery'
  | 'openid-configuration'
  | 'jwks'
  | 'authorize'
  | 'sign-in-step'
  | 'token'
  | 'tenants'
  | 'methods'
  | 'sponsors'
  | 'organization'
  | 'admin'
  | 'tenant-information'
  | 'not-found';

export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The Host header, lower case. */
  host: string;
  /** Scheme and host the client used (`https://login.microsoftonline.com`, `http://127.0.0.1:5000`). */
  origin: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Route {
  endpoint: EndpointName;
  /** Scenario key of the tenant the request is for (null when none applies). */
  tenantKey: string | null;
  /** Which fault list applies, if faults may hit this endpoint. */
  faultEndpoint?: FaultEndpoint;
  /** The endpoint's own error shape for an injected status fault. */
  faultAnswer?: (status: number) => Answer;
  /** The endpoint's answer for an `aadsts` fault (token endpoint only). */
  aadstsAnswer?: (code: FaultAadstsCode) => Answer;
  /** What a `malformed` fault sends (HTTP 200, broken body). */
  malformedAnswer?: () => Answer;
  run(): Promise<Answer>;
}

export interface Services {
  state: EmulatorState;
  key: SigningKey;
  now(): Date;
  autoComplete: boolean;
  /** `host:port` strings of the emulator's own listeners (for instance discovery of a non-Microsoft host). */
  selfHosts: ReadonlySet<string>;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** A recorded answer from the scenario (`replay`), sent exactly as written: status, JSON body, headers. */
export function replayedAnswer(replay: {
  status: number;
  body: unknown;
  headers?: Record<string, string> | undefined;
}): Answer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(replay.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    status: replay.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(replay.body),
  };
}

export function pageAnswer(page: Page): Answer {
  return { status: page.status, headers: page.headers, body: page.html };
}

/** A JSON body cut off in the middle: what the `malformed` fault sends. */
export function malformedJson(): Answer {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: '{"token_type":"Bearer","value":[{"id":',
  };
}

export function headerValue(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
