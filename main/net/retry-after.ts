/**
 * `Retry-After`, the one reading of it for MSAL's network client and for the ARM and Graph calls. Every form
 * Microsoft sends: whole seconds (RFC 9110 §10.2.3, `delay-seconds`), decimal seconds (Microsoft Graph's
 * throttling sample answers `Retry-After: 2.128`, microsoft-graph-docs-contrib `concepts/throttling.md`) and an
 * HTTP date. Why the app honours it: docs/entra.md, "MSAL: throttling after 429 and 5xx".
 */

/** Seconds as digits, with an optional fraction (`10`, `2.128`, `0.5`); no sign, no exponent. */
const SECONDS = /^(\d+)(?:\.(\d+))?$/;
/** A wait longer than a day is no wait a caller honours; bounded so absurd digits never become Infinity. */
const MAX_SECONDS = 86_400;

/**
 * Seconds to wait (a fraction where the service sent one), or null when the header is absent or unreadable.
 * A number is always read as seconds, never as a date ("10.5" is ten and a half seconds, not a day in 2001);
 * only text that is not a number is read as an HTTP date, and a date in the past reads as 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const seconds = SECONDS.exec(trimmed);
  if (seconds) return Math.min(MAX_SECONDS, Number(trimmed));
  // An HTTP date names a weekday and a month in letters (IMF-fixdate, RFC 850 and asctime forms alike).
  if (!/[A-Za-z]{3}/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.min(MAX_SECONDS, Math.max(0, Math.ceil((date - now.getTime()) / 1000)));
}

/** The whole seconds MSAL understands (it reads the header as an integer): a fraction rounds up, never down. */
export function wholeSecondsForMsal(seconds: number): number {
  return Math.ceil(seconds);
}
