/**
 * Wording helpers for what the renderer shows: times (relative, local, UTC), token claims in words, counts
 * (method kinds are worded in shared/method-labels.ts). Pure; dates follow the user's locale (one format
 * everywhere), the words are English. None of them ever returns "undefined", "null", "NaN" or "Invalid Date":
 * unknown input becomes words the user can read.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parse(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The one date format of every screen: the user's locale (the browser's, which Electron takes from the system),
 * medium date, and a short time where a time is shown. UTC appears only under Evidence (`utcTime`), where a
 * partner's IT matches it with its sign-in logs.
 */
export function userLocale(): string | undefined {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : undefined;
}
const dateFormat = (): Intl.DateTimeFormat => new Intl.DateTimeFormat(userLocale(), { dateStyle: 'medium' });
const dateTimeFormat = (): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(userLocale(), { dateStyle: 'medium', timeStyle: 'short' });

/** "just now", "5 minutes ago", "yesterday", "3 days ago", then a date ("12 Mar 2025"). */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  const at = parse(iso);
  if (at === null) return 'Never';
  const diff = now - at;
  if (diff < 0) return diff > -5 * MINUTE ? 'just now' : dateFormat().format(at);
  if (diff < MINUTE) return 'just now';
  if (diff < HOUR) {
    const m = Math.floor(diff / MINUTE);
    return `${m} ${m === 1 ? 'minute' : 'minutes'} ago`;
  }
  if (diff < DAY) {
    const h = Math.floor(diff / HOUR);
    return `${h} ${h === 1 ? 'hour' : 'hours'} ago`;
  }
  const d = Math.floor(diff / DAY);
  if (d === 1) return 'yesterday';
  if (d < 14) return `${d} days ago`;
  return dateFormat().format(at);
}

/** The local day and time in the user's locale, e.g. "25 Nov 2026, 08:46", for tooltips and evidence. */
export function localTime(iso: string | null | undefined): string {
  const at = parse(iso);
  if (at === null) return 'Unknown time';
  return dateTimeFormat().format(at);
}

/** "2026-11-25 08:46:56 UTC": the form partner IT searches its sign-in logs with. */
export function utcTime(iso: string | null | undefined): string {
  const at = parse(iso);
  if (at === null) return 'Unknown time';
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** What each `amr` value means, in the words the detail drawer uses. */
const AMR_WORDS: Record<string, string> = {
  mfa: 'MFA was performed',
  pwd: 'password',
  rsa: 'Authenticator app / key',
  fido: 'security key',
  otp: 'one-time code',
  sms: 'text message',
  tel: 'phone call',
  fed: 'sign-in at a federated identity provider',
  wia: 'Windows Integrated Authentication',
  ngcmfa: 'MFA for setting up a passwordless credential',
  wiaormfa: 'Windows Integrated Authentication or MFA',
  face: 'face recognition',
  fpt: 'fingerprint',
  hwk: 'hardware-protected key',
  swk: 'software key',
  pin: 'PIN',
  kba: 'knowledge-based answer',
  none: 'no method',
};

/** One `amr` claim value in words; unknown values are shown as they are, marked as codes. */
export function amrInWords(value: string): string {
  return AMR_WORDS[value.toLowerCase()] ?? `method code “${value}”`;
}

/** The `amr` claim as a sentence: "MFA was performed (password, Authenticator app / key)". */
export function amrSentence(amr: readonly string[]): string {
  if (amr.length === 0) return 'The token named no sign-in methods.';
  const mfa = amr.some((v) => v.toLowerCase() === 'mfa');
  const rest = amr.filter((v) => v.toLowerCase() !== 'mfa').map(amrInWords);
  if (mfa) return rest.length > 0 ? `MFA was performed (${rest.join(', ')})` : 'MFA was performed';
  return `No MFA: ${rest.join(', ')}`;
}

/** The `acrs` claim (authentication contexts) in words. */
export function acrsSentence(acrs: readonly string[]): string {
  if (acrs.length === 0) return 'No authentication context was required.';
  return `The tenant required authentication context ${acrs.map((a) => `“${a}”`).join(', ')}.`;
}

/**
 * A claims challenge is no verdict: ordinary Conditional Access MFA demands carry one too, naming the policies
 * that fired. The app keeps it to pass on when the user signs in to the tenant.
 */
export const CLAIMS_CHALLENGE_WORDS =
  'The tenant sent a claims challenge with its answer (it names the policies that asked); the app passes it on when you sign in to this tenant.';

/** Counts with the right noun: `countOf(1, 'step')` → "1 step". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the technical words under Evidence mean, said once there. */
export const EVIDENCE_TERMS = {
  errorCode:
    'Error code: the AADSTS number Microsoft Entra gives each refusal; the organisation’s IT can look it up with the correlation id and time.',
  claimsChallenge:
    'Claims challenge: extra requirements Entra sends back with a refusal (here the Conditional Access policies that asked); the app passes them on when you sign in there.',
  authenticationStrength:
    'Authentication strength: a Conditional Access rule that counts only certain sign-in methods (for example only phishing-resistant ones such as a security key).',
} as const;
