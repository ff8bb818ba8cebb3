import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDecision, retryDelayMs, withRetries } from '../../../../main/net/retry';
import { parseRetryAfter } from '../../../../main/net/retry-after';

describe('which failures are tried again (one rule for token requests, ARM and Graph)', () => {
  const answered = (status: number, retryAfterSeconds: number | null = null) => ({
    status,
    retryAfterSeconds,
    networkKind: null,
    malformed: false,
  });
  const dropped = (networkKind: 'timeout' | 'aborted' | 'reset' | 'refused' | 'too-large' | 'other') => ({
    status: null,
    retryAfterSeconds: null,
    networkKind,
    malformed: false,
  });

  it('tries throttling and server errors again, with the wait the service asked for', () => {
    expect(retryDecision(answered(429, 2.128))).toEqual({ retry: true, retryAfterSeconds: 2.128 });
    expect(retryDecision(answered(503))).toEqual({ retry: true, retryAfterSeconds: null });
  });

  it('takes a refusal as the answer', () => {
    for (const status of [400, 401, 403, 404])
      expect(retryDecision(answered(status)).retry, String(status)).toBe(false);
  });

  it('tries dropped and refused connections and unreadable answers again, not a cancel, a timeout or an oversized answer', () => {
    expect(['reset', 'refused', 'other'].map((k) => retryDecision(dropped(k as 'reset')).retry)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['aborted', 'timeout', 'too-large'].map((k) => retryDecision(dropped(k as 'reset')).retry)).toEqual([
      false,
      false,
      false,
    ]);
    expect(retryDecision({ status: 200, retryAfterSeconds: null, networkKind: null, malformed: true }).retry).toBe(
      true,
    );
    expect(retryDecision(null).retry).toBe(false);
  });
});

describe('retry delays', () => {
  it('waits a little longer than Retry-After, which MSAL enforces locally', () => {
    expect(retryDelayMs(1, 2, DEFAULT_RETRY_POLICY)).toBe(2050);
  });

  it('does not wait for a Retry-After beyond the cap', () => {
    expect(retryDelayMs(1, 3600, DEFAULT_RETRY_POLICY)).toBeNull();
  });

  it('backs off exponentially with jitter, capped', () => {
    const lowest = () => 0;
    const highest = () => 0.999999;
    expect(retryDelayMs(1, null, DEFAULT_RETRY_POLICY, lowest)).toBe(200);
    expect(retryDelayMs(2, null, DEFAULT_RETRY_POLICY, lowest)).toBe(400);
    expect(retryDelayMs(10, null, DEFAULT_RETRY_POLICY, highest)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('withRetries', () => {
  const noSleep = vi.fn(async () => undefined);

  it('retries until the call succeeds', async () => {
    const results = ['busy', 'busy', 'ok'];
    const { result, attempts } = await withRetries(
      async (n) => results[n - 1]!,
      (r) => (r === 'busy' ? { retry: true, retryAfterSeconds: 1 } : { retry: false }),
      { sleep: noSleep },
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
    expect(noSleep).toHaveBeenCalledWith(1050, undefined);
  });

  it('stops after the allowed attempts and returns the last answer', async () => {
    const call = vi.fn(async () => 'busy');
    const { result, attempts } = await withRetries(call, () => ({ retry: true, retryAfterSeconds: null }), {
      sleep: noSleep,
    });
    expect(result).toBe('busy');
    expect(attempts).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(call).toHaveBeenCalledTimes(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const call = vi.fn(async () => {
      controller.abort();
      return 'busy';
    });
    const { attempts } = await withRetries(call, () => ({ retry: true, retryAfterSeconds: null }), {
      signal: controller.signal,
      sleep: noSleep,
    });
    expect(attempts).toBe(1);
  });
});
