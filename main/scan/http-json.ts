/**
 * A JSON GET with a bearer token, for ARM and Graph. Turns every way a call can go wrong into a value the
 * scan can record: HTTP errors with the service's own code and message, throttling with Retry-After,
 * transport failures, and bodies that are not the JSON they should be.
 */
import { sanitizeInline } from '../../shared/sanitize';
import { rememberSecret, scrubKnownTokens } from '../net/answer-log';
import { retryDecision, type RetryDecision } from '../net/retry';
import { parseRetryAfter } from '../net/retry-after';
import { NetworkError, type HttpTransport } from '../net/transport';

export type JsonGetResult =
  | { ok: true; status: number; body: unknown }
  | {
      ok: false;
      kind: 'http' | 'network' | 'malformed';
      status: number | null;
      /** The service's error code (Graph `error.code`, ARM `error.code`), when there is one. */
      code: string | null;
      message: string;
      retryAfterSeconds: number | null;
      networkKind?: NetworkError['kind'];
      /** The `WWW-Authenticate` header of an HTTP refusal (e.g. ARM's claims challenge), when sent. */
      wwwAuthenticate?: string;
    };

function serviceError(body: unknown): { code: string | null; message: string | null } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') {
      const code = (error as { code?: unknown }).code;
      const message = (error as { message?: unknown }).message;
      // Shown to the user and stored: one inert line, bounded (the body is whatever the server sent).
      return {
        // A gateway that echoes the request can put the bearer token here: blanked before anything keeps it.
        code: typeof code === 'string' ? sanitizeInline(scrubKnownTokens(code), 200) || null : null,
        message: typeof message === 'string' ? sanitizeInline(scrubKnownTokens(message), 500) || null : null,
      };
    }
  }
  return { code: null, message: null };
}

export async function getJson(
  transport: HttpTransport,
  url: string,
  accessToken: string,
  options: { signal?: AbortSignal; timeoutMs?: number; correlationId?: string } = {},
): Promise<JsonGetResult> {
  // Known from here on, so that an echo of it anywhere is blanked (answer-log.ts).
  rememberSecret(accessToken);
  let response;
  try {
    response = await transport.request({
      method: 'GET',
      url,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(options.correlationId ? { 'client-request-id': options.correlationId } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof NetworkError) {
      return {
        ok: false,
        kind: 'network',
        status: null,
        code: null,
        message: scrubKnownTokens(error.message),
        retryAfterSeconds: null,
        networkKind: error.kind,
      };
    }
    throw error;
  }
  let body: unknown = null;
  let parsed = true;
  try {
    body = response.body.length > 0 ? JSON.parse(response.body) : null;
  } catch {
    parsed = false;
  }
  const host = new URL(url).host;
  if (response.status >= 200 && response.status < 300) {
    if (!parsed) {
      return {
        ok: false,
        kind: 'malformed',
        status: response.status,
        code: null,
        message: `${host} answered with a body that is not JSON.`,
        retryAfterSeconds: null,
      };
    }
    return { ok: true, status: response.status, body };
  }
  const { code, message } = serviceError(body);
  return {
    ok: false,
    kind: 'http',
    status: response.status,
    code,
    message: message ?? `${host} answered HTTP ${response.status}.`,
    retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
    ...(response.headers['www-authenticate'] ? { wwwAuthenticate: response.headers['www-authenticate'] } : {}),
  };
}

/** Whether a failed ARM or Graph read is worth another attempt (the rule: main/net/retry.ts `retryDecision`). */
export function jsonRetryDecision(result: JsonGetResult): RetryDecision {
  if (result.ok) return { retry: false };
  return retryDecision({
    status: result.status,
    retryAfterSeconds: result.retryAfterSeconds,
    networkKind: result.kind === 'network' ? (result.networkKind ?? 'other') : null,
    malformed: result.kind === 'malformed',
  });
}
