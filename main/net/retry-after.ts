/**
 * `Retry-After` (RFC 9110 §10.2.3: a number of seconds or an HTTP date), the one reading of it for MSAL's
 * network client and for the ARM and Graph calls. Why the app honours it: docs/entra.md, "MSAL: throttling
 * after 429 and 5xx".
 */

/** Seconds to wait, or null when the header is absent or unreadable. A date in the past reads as 0. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
