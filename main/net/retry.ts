/**
 * Retrying throttled (429) and failing (5xx, dropped connection) calls: which failures are worth another attempt
 * (`retryDecision`, the one rule for the token requests, ARM and Graph), and how: honour Retry-After when the
 * service sends it, otherwise back off exponentially with jitter, both capped; give up when the Retry-After is
 * longer than the cap (the tenant then shows "throttled, try later") or when the caller's signal aborts.
 */
import type { NetworkErrorKind } from './http';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 400,
  maxDelayMs: 8_000,
  maxRetryAfterSeconds: 30,
};

export type RetryDecision = { retry: false } | { retry: true; retryAfterSeconds: number | null };

/** How a call failed, as far as retrying goes. */
export interface CallFailure {
  /** The HTTP status, when an answer came. */
  status: number | null;
  retryAfterSeconds: number | null;
  /** Why no answer came, when none did. */
  networkKind: NetworkErrorKind | null;
  /** An answer came that could not be read. */
  malformed: boolean;
}

/** Network failures worth another attempt: a cancel, an oversized answer and a timeout (its whole time used) are not. */
const RETRIED_NETWORK_KINDS: readonly NetworkErrorKind[] = ['reset', 'refused', 'other'];

/**
 * Whether a failed call is worth another attempt: throttling (429, with its Retry-After), server errors (5xx),
 * dropped or refused connections and unreadable answers are. Anything else (an Entra or Graph refusal, a cancel,
 * a timeout, nothing known) is not.
 */
export function retryDecision(failure: CallFailure | null): RetryDecision {
  if (!failure) return { retry: false };
  if (failure.networkKind !== null) {
    return RETRIED_NETWORK_KINDS.includes(failure.networkKind)
      ? { retry: true, retryAfterSeconds: null }
      : { retry: false };
  }
  if (failure.malformed) return { retry: true, retryAfterSeconds: null };
  if (failure.status === 429 || (failure.status !== null && failure.status >= 500)) {
    return { retry: true, retryAfterSeconds: failure.retryAfterSeconds };
  }
  return { retry: false };
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The delay before attempt `attempt + 1`, or null when the wait would exceed the policy. */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | null,
  policy: RetryPolicy,
  random = Math.random,
): number | null {
  if (retryAfterSeconds !== null) {
    if (retryAfterSeconds > policy.maxRetryAfterSeconds) return null;
    // A little over Retry-After: MSAL refuses the same request locally until that moment (docs/entra.md,
    // "MSAL: throttling after 429 and 5xx").
    // A decimal (Graph's `2.128`) is waited in full: rounded up to the millisecond, never down.
    return Math.ceil(retryAfterSeconds * 1000) + 50;
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export interface RetryOutcome<T> {
  result: T;
  attempts: number;
}

/** Runs `call` until `decide` says stop, the attempts are used up, or the signal aborts. */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  decide: (result: T) => RetryDecision,
  options: { policy?: RetryPolicy; signal?: AbortSignal; sleep?: Sleep } = {},
): Promise<RetryOutcome<T>> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const wait = options.sleep ?? sleep;
  let attempt = 1;
  for (;;) {
    const result = await call(attempt);
    const decision = decide(result);
    if (!decision.retry || attempt >= policy.maxAttempts || options.signal?.aborted)
      return { result, attempts: attempt };
    const delay = retryDelayMs(attempt, decision.retryAfterSeconds, policy);
    if (delay === null) return { result, attempts: attempt };
    await wait(delay, options.signal);
    if (options.signal?.aborted) return { result, attempts: attempt };
    attempt += 1;
  }
}
