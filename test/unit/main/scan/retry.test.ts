import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs, withRetries } from '../../../../main/scan/retry';
import { parseRetryAfter } from '../../../../main/net/retry-after';

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
