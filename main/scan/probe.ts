/**
 * The probe of one tenant: ask it for a Graph token with the home session, record what happened as an
 * observation, and with a token read the guest's methods, sponsors and the organisation's contacts there.
 *
 * Retries: 429 and 5xx (honouring Retry-After, which MSAL also enforces locally), dropped connections and
 * unreadable answers are retried within the tenant's time limit; an AADSTS answer is the observation itself
 * and is never retried.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { randomUUID } from 'node:crypto';
import { lookupAadsts, parseAadsts } from '../../shared/aadsts';
import type {
  AuthErrorObservation,
  FailureObservation,
  GraphRead,
  ProbeObservation,
  TenantObservation,
} from '../../shared/model';
import type { ProbeSession } from '../auth/auth-service';
import { readTokenClaims, type TokenClaimsSummary } from '../auth/claims';
import { scrubKnownTokens } from '../net/answer-log';
import type { MsalRequestOutcome, HttpTransport } from '../net/transport';
import { readMethods, readOrganization, readSponsors } from './graph';
import { retryDecision, withRetries, type RetryPolicy, type Sleep } from '../net/retry';

/** Ties MSAL's requests (by correlation id) to a probe's AbortSignal and remembers how they ended. */
export class RequestTracker {
  private readonly entries = new Map<string, { signal: AbortSignal; outcome: MsalRequestOutcome | null }>();

  begin(correlationId: string, signal: AbortSignal): void {
    this.entries.set(correlationId, { signal, outcome: null });
  }

  end(correlationId: string): MsalRequestOutcome | null {
    const entry = this.entries.get(correlationId);
    this.entries.delete(correlationId);
    return entry?.outcome ?? null;
  }

  signalFor = (correlationId: string | undefined): AbortSignal | undefined =>
    correlationId ? this.entries.get(correlationId)?.signal : undefined;

  record = (correlationId: string | undefined, outcome: MsalRequestOutcome): void => {
    const entry = correlationId ? this.entries.get(correlationId) : undefined;
    if (entry) entry.outcome = outcome;
  };
}

export interface ProbeDeps {
  session: ProbeSession;
  transport: HttpTransport;
  tracker: RequestTracker;
  graphBaseUrl: string;
  now: () => Date;
  policy?: RetryPolicy;
  sleep?: Sleep;
}

export interface ProbeOptions {
  /** Aborts when the scan is cancelled. */
  signal: AbortSignal;
  timeoutMs: number;
  homeSessionMfa: boolean;
  /** A token already obtained for this tenant (after "Sign in to this tenant") for the Graph reads. */
  graphToken?: string;
}

type TokenAttempt =
  | { kind: 'token'; accessToken: string; claims: TokenClaimsSummary }
  | { kind: 'error'; error: unknown; outcome: MsalRequestOutcome | null };

const MESSAGE_LIMIT = 600;
const CLAIMS_LIMIT = 8_000;

/** A claims challenge is kept to pass back on sign-in; an absurdly large one is not worth keeping. */
function boundedClaims(claims: string | undefined): string | null {
  if (!claims) return null;
  return claims.length <= CLAIMS_LIMIT ? claims : null;
}

function shorten(raw: string): string {
  // MSAL's message can quote the server's answer, and an echoing gateway's answer can quote the request.
  const text = scrubKnownTokens(raw);
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}

/** An identifier MSAL copied from the server's answer (`trace_id`, `timestamp`), or null when empty or absurd. */
function serverField(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 100 ? value.trim() : null;
}

/**
 * The trace id in the message msal-common composes for a token-endpoint ServerError, which ends
 * "… - Correlation ID: … - Trace ID: <trace_id or Not Available>": the server's value as sent, whatever its form.
 */
function composedTraceId(message: string | undefined): string | null {
  const match = / - Trace ID: ([^\s]{1,100})$/.exec(message ?? '');
  return match?.[1] ? serverField(match[1]) : null;
}

function aadstsFrom(error: AuthError): number | null {
  const fromErrorNo = Number((error as { errorNo?: unknown }).errorNo);
  if (Number.isInteger(fromErrorNo) && fromErrorNo > 0) return fromErrorNo;
  const match = /AADSTS(\d{4,7})/.exec(error.errorMessage ?? error.message);
  return match ? Number(match[1]) : null;
}

function failure(
  reason: FailureObservation['reason'],
  message: string,
  httpStatus: number | null,
  attempts: number,
): FailureObservation {
  return { kind: 'failure', reason, message, httpStatus, attempts };
}

/**
 * An Entra answer MSAL raised as InteractionRequiredAuthError or ServerError, as an observation; null for any other
 * error (MSAL's own, the network's). Used for the probe and for how an interactive sign-in was refused.
 */
export function authErrorObservation(error: unknown): AuthErrorObservation | null {
  if (!(error instanceof InteractionRequiredAuthError || error instanceof ServerError)) return null;
  // msal-common copies `trace_id`, `timestamp` and `claims` onto InteractionRequiredAuthError only; a ServerError
  // carries them inside its composed message ("… - Trace ID: … "), where the classifier finds them.
  const interaction = error instanceof InteractionRequiredAuthError ? error : null;
  return {
    kind: 'auth-error',
    errorClass: interaction ? 'InteractionRequiredAuthError' : 'ServerError',
    errorCode: error.errorCode,
    subError: error.subError || null,
    aadsts: aadstsFrom(error),
    correlationId: serverField(error.correlationId),
    traceId: interaction ? serverField(interaction.traceId) : composedTraceId(error.errorMessage),
    timestamp: serverField(interaction?.timestamp),
    message: shorten(error.errorMessage || error.message),
    claims: boundedClaims(interaction?.claims),
  };
}

/** Turns the last token attempt into the probe observation. */
export function observeTokenAttempt(
  attempt: TokenAttempt,
  attempts: number,
  context: { cancelled: boolean; timedOut: boolean; timeoutMs: number },
): ProbeObservation {
  if (attempt.kind === 'token') {
    const { claims } = attempt;
    return { kind: 'token', tid: claims.tid, idp: claims.idp, amr: claims.amr, acrs: claims.acrs, scp: claims.scp };
  }
  if (context.cancelled)
    return failure('cancelled', 'The scan was cancelled before this organisation answered.', null, attempts);
  if (context.timedOut) {
    return failure(
      'timeout',
      `The organisation did not answer within ${Math.round(context.timeoutMs / 1000)} s.`,
      null,
      attempts,
    );
  }
  const { error, outcome } = attempt;
  if (outcome?.status === 429) {
    // Entra's own throttling codes (50196 LoopDetected, 90055 TenantThrottlingError) keep their code and ids as
    // evidence; the classifier still reads them as a failed check to retry later.
    const observed = authErrorObservation(error);
    if (observed && lookupAadsts(observed.aadsts ?? parseAadsts(observed.message))?.bucket === 'throttled') {
      return observed;
    }
    const wait = outcome.retryAfterSeconds !== null ? ` (it asked to wait ${outcome.retryAfterSeconds} s)` : '';
    return failure(
      'throttled',
      `Microsoft's sign-in service is throttling requests${wait}; try again later.`,
      429,
      attempts,
    );
  }
  if (outcome?.status !== undefined && outcome?.status !== null && outcome.status >= 500) {
    return failure('server', `Microsoft's sign-in service answered HTTP ${outcome.status}.`, outcome.status, attempts);
  }
  if (outcome?.malformed)
    return failure('malformed', 'The sign-in service gave an answer the app could not read.', outcome.status, attempts);
  if (outcome?.networkError) {
    const kind = outcome.networkError.kind;
    // A proxy's 407 keeps its own words (which proxy, what it asked for, what to do: main/net/proxy-auth.ts).
    const reason = kind === 'timeout' ? 'timeout' : kind === 'proxy-auth' ? 'proxy' : 'network';
    return failure(reason, shorten(outcome.networkError.message), null, attempts);
  }
  const observed = authErrorObservation(error);
  if (observed) return observed;
  if (error instanceof AuthError) {
    return failure('internal', shorten(`${error.errorCode}: ${error.errorMessage}`), null, attempts);
  }
  return failure('internal', shorten(error instanceof Error ? error.message : 'unknown error'), null, attempts);
}

/** Delegated Graph permissions that let a user read their own authentication methods. */
const METHODS_SCOPE = /^UserAuthenticationMethod\.(Read|ReadWrite)(\.All)?$/i;

/**
 * A 403 on the methods list when the token holds no methods permission is the app's limit, not the tenant's
 * refusal: Azure CLI's Graph token has a fixed scope set without `UserAuthenticationMethod.*`, and the methods API
 * accepts only those scopes (https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/authentication-list-methods.md).
 * The read stays "denied" (methods unknown); only the words change.
 */
export function explainMethodsRead<T>(read: GraphRead<T>, scopes: readonly string[] | null): GraphRead<T> {
  if (read.status !== 'denied' || scopes === null || scopes.length === 0) return read;
  if (scopes.some((scope) => METHODS_SCOPE.test(scope))) return read;
  return {
    ...read,
    message:
      "The app's sign-in may not read your methods: its token holds no permission for them. Microsoft's Azure CLI sign-in, the app's default, never has that permission in any organisation; your own app registration (Settings) can have it.",
  };
}

const SKIPPED: GraphRead<never> = {
  status: 'skipped',
  message: 'The organisation gave no token, so nothing could be read there.',
  httpStatus: null,
};

/** Probes one tenant. Never throws for what the tenant or the network does; returns the observation. */
export async function probeTenant(
  deps: ProbeDeps,
  tenantId: string,
  options: ProbeOptions,
): Promise<TenantObservation> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const { result, attempts } = await withRetries<TokenAttempt>(
    async () => {
      const correlationId = randomUUID();
      deps.tracker.begin(correlationId, signal);
      try {
        const token = await deps.session.tenantToken(tenantId, { correlationId });
        deps.tracker.end(correlationId);
        return { kind: 'token', accessToken: token.accessToken, claims: token.claims };
      } catch (error) {
        return { kind: 'error', error, outcome: deps.tracker.end(correlationId) };
      }
    },
    (attempt) =>
      retryDecision(
        attempt.kind === 'error' && attempt.outcome
          ? { ...attempt.outcome, networkKind: attempt.outcome.networkError?.kind ?? null }
          : null,
      ),
    { signal, ...(deps.policy ? { policy: deps.policy } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}) },
  );
  const probe = observeTokenAttempt(result, attempts, {
    cancelled: options.signal.aborted,
    timedOut: timeout.aborted && !options.signal.aborted,
    timeoutMs: options.timeoutMs,
  });
  const graphToken = result.kind === 'token' ? result.accessToken : options.graphToken;
  const graphScopes =
    result.kind === 'token' ? result.claims.scp : options.graphToken ? readTokenClaims(options.graphToken).scp : null;
  let methods: GraphRead<never> | Awaited<ReturnType<typeof readMethods>> = SKIPPED;
  let sponsors: GraphRead<never> | Awaited<ReturnType<typeof readSponsors>> = SKIPPED;
  let organization: GraphRead<never> | Awaited<ReturnType<typeof readOrganization>> = SKIPPED;
  if (graphToken && !signal.aborted) {
    const graphOptions = { signal, ...(deps.policy ? { policy: deps.policy } : {}) };
    [methods, sponsors, organization] = await Promise.all([
      readMethods(deps.transport, deps.graphBaseUrl, graphToken, graphOptions).then((read) =>
        explainMethodsRead(read, graphScopes),
      ),
      readSponsors(deps.transport, deps.graphBaseUrl, graphToken, graphOptions),
      readOrganization(deps.transport, deps.graphBaseUrl, graphToken, graphOptions),
    ]);
  }
  return {
    tenantId,
    observedAt: deps.now().toISOString(),
    homeSessionMfa: options.homeSessionMfa,
    probe,
    methods,
    sponsors,
    organization,
  };
}
