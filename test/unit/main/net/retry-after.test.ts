/**
 * Retry-After in every form Microsoft sends: whole seconds, decimal seconds (Microsoft Graph's throttling sample,
 * test/fixtures/published/graph-throttling-429.json) and an HTTP date.
 */
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, wholeSecondsForMsal } from '../../../../main/net/retry-after';
import { retryDelayMs, DEFAULT_RETRY_POLICY } from '../../../../main/net/retry';

const now = new Date('2026-12-07T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads whole seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it("reads decimal seconds as seconds, never as a date (Graph's sample sends 2.128)", () => {
    expect(parseRetryAfter('2.128', now)).toBe(2.128);
    expect(parseRetryAfter('10.5', now)).toBe(10.5);
    expect(parseRetryAfter('0.25', now)).toBe(0.25);
  });

  it('reads an HTTP date in its three forms, a past date as no wait', () => {
    expect(parseRetryAfter('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Monday, 07-Dec-26 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Mon Dec  7 10:00:05 2026', now)).toBe(5);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:00 GMT', now)).toBe(0);
  });

  it('gives no value for what is neither seconds nor a date', () => {
    for (const value of ['soon', '-3', '1e3', '2.', '.5', '2,5', '', undefined, null]) {
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
    }
  });

  it('bounds absurd values to a day', () => {
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(86_400);
  });
});

describe('what is done with a decimal Retry-After', () => {
  it('the ARM and Graph retry waits the whole of it, a little over', () => {
    const delay = retryDelayMs(1, 2.128, DEFAULT_RETRY_POLICY);
    expect(delay).not.toBeNull();
    expect(delay!).toBeGreaterThanOrEqual(2128);
    expect(delay!).toBeLessThan(2300);
  });

  it('MSAL is handed whole seconds, rounded up', () => {
    expect(wholeSecondsForMsal(2.128)).toBe(3);
    expect(wholeSecondsForMsal(2)).toBe(2);
  });
});
