/**
 * What the services answered, kept for "Copy what Entra answered" (shared/diagnostics.ts builds the text).
 *
 * Only answers are recorded, never requests: a token request's body holds a refresh token or an authorization
 * code, its query nothing the user needs. Of an answer, a success keeps its status alone (a token answer's body
 * is the token); an error keeps its body as received, bounded, since that is what IT or Microsoft support ask
 * for (AADSTS code, trace and correlation ids, timestamp, claims). Before anything keeps it, every token is blanked
 * from it (`scrubTokens`): the exact values the request carried and the tokens this process received, in whatever
 * form an echoing proxy or gateway gives them back, and anything token-shaped.
 *
 * MSAL's requests are tied to a probe by their correlation id (`begin`/`take`), as in RequestTracker; ARM and
 * Graph reads are recorded by wrapping the transport for the duration of one listing or probe.
 */
import { formsOf, MIN_KNOWN_SECRET, scrubTokens } from '../../shared/diagnostics';
import type { AnswerRequest, EntraAnswer } from '../../shared/model';
import type { HttpRequest, HttpResponse, HttpTransport, NetworkError } from './http';

/** Longest error body kept (real Entra and Graph error bodies are well under 2 kB). */
export const MAX_ANSWER_BODY = 4_000;
/** Longest `WWW-Authenticate` header kept. */
const MAX_CHALLENGE = 4_000;
/** Correlation ids waiting to be taken; an id never taken (a probe that crashed) ages out. */
const MAX_OPEN = 2_000;
/** Answers kept per correlation id (discovery, then the token request, per attempt). */
const MAX_PER_ID = 8;

/** One answer as the transport saw it, before it is tied to a client id. */
export interface RawAnswer {
  at: Date;
  method: 'GET' | 'POST';
  url: string;
  correlationId: string | null;
  status: number | null;
  /** The body of an error answer (status ≥ 400); null for a success or no answer. */
  errorBody: string | null;
  wwwAuthenticate: string | null;
  networkError: string | null;
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Tokens this process sent or received, oldest first, so an echo of one anywhere later is blanked too. A scan
 * remembers a token or two per organisation and scrubs every error answer, so finding which secrets a text holds
 * must not cost a search for each of them: every echo form of a secret (shared/diagnostics.ts `formsOf`) is indexed
 * by its first MIN_KNOWN_SECRET characters, and a text is read once, looking each of its windows up.
 */
class KnownSecrets {
  private order = 0;
  /** Each secret with the place it was (re)remembered at, oldest first. */
  private readonly secrets = new Map<string, number>();
  /** Each echo form's first characters, with the secrets that have a form starting so. */
  private readonly byPrefix = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  remember(value: string): void {
    if (this.secrets.has(value)) {
      // Known already (a probe sends its token with each read): it becomes the newest, its forms stay indexed.
      this.secrets.delete(value);
      this.secrets.set(value, (this.order += 1));
      return;
    }
    this.secrets.set(value, (this.order += 1));
    for (const prefix of prefixesOf(value)) {
      let holders = this.byPrefix.get(prefix);
      if (!holders) this.byPrefix.set(prefix, (holders = new Set()));
      holders.add(value);
    }
    if (this.secrets.size > this.max) {
      const oldest = this.secrets.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
  }

  /** The remembered secrets that `text` may hold (a form's first characters occur in it), oldest first. */
  in(text: string): string[] {
    const found = new Set<string>();
    for (let i = 0; i + MIN_KNOWN_SECRET <= text.length; i += 1) {
      const holders = this.byPrefix.get(text.slice(i, i + MIN_KNOWN_SECRET));
      if (holders) for (const secret of holders) found.add(secret);
    }
    return [...found].sort((a, b) => this.secrets.get(a)! - this.secrets.get(b)!);
  }

  private forget(value: string): void {
    this.secrets.delete(value);
    for (const prefix of prefixesOf(value)) {
      const holders = this.byPrefix.get(prefix);
      holders?.delete(value);
      if (holders?.size === 0) this.byPrefix.delete(prefix);
    }
  }
}

/**
 * The first MIN_KNOWN_SECRET characters of each echo form of `secret`. Every form escapes character by character, so
 * its start comes from the secret's start alone: only that is escaped (a token is a thousand characters or more).
 */
function prefixesOf(secret: string): Set<string> {
  let head = secret.slice(0, MIN_KNOWN_SECRET);
  // Never cut a surrogate pair (URL encoding refuses half of one).
  if (/[\uD800-\uDBFF]$/.test(head)) head = secret.slice(0, MIN_KNOWN_SECRET + 1);
  return new Set(formsOf(head).map((form) => form.slice(0, MIN_KNOWN_SECRET)));
}

const MAX_REMEMBERED = 2_000;
const remembered = new KnownSecrets(MAX_REMEMBERED);
const SECRET_FIELDS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'client_secret',
  'client_assertion',
  'code_verifier',
  'assertion',
];

/** Keeps a secret value in memory (never written anywhere) for `scrubTokens`. */
export function rememberSecret(value: string | null | undefined): void {
  if (!value || value.length < MIN_KNOWN_SECRET) return;
  remembered.remember(value);
}

/**
 * Whether a body may have one of SECRET_FIELDS: it names one (each holds `_token`, `code`, `client_secret` or
 * `assertion`), or it has an escape (`\` in JSON, `%` in a form) that could spell one. A body without any of these
 * has none, and is not parsed (a Graph read's answer is JSON the size of the organisation's data).
 */
const MAY_NAME_SECRET_FIELD = /_token|code|client_secret|assertion|[\\%]/;

/** The secrets in a request or answer body: its token fields, JSON or form-encoded. */
function secretsInBody(body: string | undefined): string[] {
  if (!body || !MAY_NAME_SECRET_FIELD.test(body)) return [];
  const found: string[] = [];
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      for (const field of SECRET_FIELDS) {
        const value = (parsed as Record<string, unknown>)[field];
        if (typeof value === 'string') found.push(value);
      }
      return found;
    }
  } catch {
    // Not JSON: a form.
  }
  const form = new URLSearchParams(body);
  for (const field of SECRET_FIELDS) for (const value of form.getAll(field)) found.push(value);
  return found;
}

/** Remembers the secrets of one exchange: the request's credential and body fields, a token answer's tokens. */
function rememberExchange(request: Pick<HttpRequest, 'headers' | 'body'>, responseBody: string | null): void {
  const authorization = request.headers?.['authorization'] ?? request.headers?.['Authorization'];
  if (authorization) {
    rememberSecret(authorization.replace(/^\s*\S+\s+/, ''));
    rememberSecret(authorization);
  }
  for (const value of secretsInBody(request.body)) rememberSecret(value);
  if (responseBody) for (const value of secretsInBody(responseBody)) rememberSecret(value);
}

/**
 * Text from outside (a service's error message, a network error) with every token this process sent or received
 * and anything token-shaped blanked: for messages that are shown, stored or exported.
 */
export function scrubKnownTokens(text: string): string {
  return scrubTokens(text, remembered.in(text));
}

/** Text from outside with every known and token-shaped secret blanked, then bounded. */
function scrubbed(text: string, max: number): string {
  return bounded(scrubKnownTokens(text), max);
}

/** The raw answer of one exchange; the body only when it is an error. */
export function rawAnswer(
  request: Pick<HttpRequest, 'url' | 'headers' | 'body'> & { method: 'GET' | 'POST' },
  outcome: { response: HttpResponse } | { error: NetworkError | Error },
  at: Date = new Date(),
): RawAnswer {
  const correlationId = request.headers?.['client-request-id'] ?? null;
  rememberExchange(request, 'response' in outcome ? outcome.response.body : null);
  if ('error' in outcome) {
    return {
      at,
      method: request.method,
      url: request.url,
      correlationId,
      status: null,
      errorBody: null,
      wwwAuthenticate: null,
      networkError: scrubbed(outcome.error.message, 300),
    };
  }
  const { status, body, headers } = outcome.response;
  const failed = status >= 400;
  return {
    at,
    method: request.method,
    url: request.url,
    correlationId,
    status,
    errorBody: failed ? scrubbed(body, MAX_ANSWER_BODY) : null,
    wwwAuthenticate:
      failed && headers['www-authenticate'] ? scrubbed(headers['www-authenticate'], MAX_CHALLENGE) : null,
    networkError: null,
  };
}

/** What the app asked for, from the URL of the answer. */
export function requestOf(url: string): AnswerRequest {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return 'other';
  }
  if (path.endsWith('/oauth2/v2.0/token')) return 'token';
  if (path.endsWith('/me/authentication/methods')) return 'methods';
  if (path.endsWith('/me/sponsors')) return 'sponsors';
  if (path.endsWith('/organization')) return 'organization';
  if (path === '/tenants') return 'tenants';
  return 'other';
}

/** Host and path of a URL: the query is left out (paging tokens, PKCE values). */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'unknown';
  }
}

function errorCodeOf(body: string | null): string | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object') return null;
    const error = (parsed as { error?: unknown }).error;
    // Token endpoint: `error` is a string; Graph and ARM: `error.code`.
    if (typeof error === 'string') return error.slice(0, 200);
    const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? code.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** The answer as the store and the diagnostics keep it. */
export function toEntraAnswer(
  raw: RawAnswer,
  clientId: string,
  request: AnswerRequest = requestOf(raw.url),
): EntraAnswer {
  return {
    at: raw.at.toISOString(),
    request,
    method: raw.method,
    endpoint: endpointOf(raw.url),
    clientId,
    correlationId: raw.correlationId,
    status: raw.status,
    errorCode: errorCodeOf(raw.errorBody),
    body: raw.errorBody,
    challenge: raw.wwwAuthenticate,
    note: raw.networkError,
  };
}

/** MSAL's answers by correlation id, for the ids someone is waiting for. */
export class AnswerLog {
  private readonly open = new Map<string, RawAnswer[]>();

  /** Starts keeping the answers of requests with this correlation id. */
  begin(correlationId: string): void {
    this.open.set(correlationId, []);
    if (this.open.size > MAX_OPEN) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
    }
  }

  /** The answers recorded for this id (oldest first); stops keeping them. */
  take(correlationId: string): RawAnswer[] {
    const answers = this.open.get(correlationId) ?? [];
    this.open.delete(correlationId);
    return answers;
  }

  record = (answer: RawAnswer): void => {
    const list = answer.correlationId ? this.open.get(answer.correlationId) : undefined;
    if (!list) return;
    list.push(answer);
    if (list.length > MAX_PER_ID) list.shift();
  };
}

/** The transport, with every answer also handed to `onAnswer` (for the Graph reads of a probe, the ARM list). */
export function recordingTransport(transport: HttpTransport, onAnswer: (answer: RawAnswer) => void): HttpTransport {
  return {
    async request(request) {
      // The answer log keeps reads and sign-ins (GET, POST); the admin mode's PATCH never goes through a probe.
      const { method } = request;
      const logged = method === 'PATCH' ? null : { ...request, method };
      try {
        const response = await transport.request(request);
        if (logged) onAnswer(rawAnswer(logged, { response }));
        return response;
      } catch (error) {
        if (logged)
          onAnswer(rawAnswer(logged, { error: error instanceof Error ? error : new Error('the request failed') }));
        throw error;
      }
    },
    // The wrapped transport belongs to whoever made it: closing this view must not close it.
    close: () => undefined,
  };
}
