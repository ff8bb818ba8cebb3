/**
 * "Copy what Entra answered": the text a user hands to their IT, or to us, when reality differs from the app's
 * reading. Pure: main gathers the stored answers (main/net/answer-log.ts) and copies the result.
 *
 * What goes in: per request its time, method, host and path (never the query), HTTP status, error code, the
 * client id and correlation id, the `WWW-Authenticate` challenge of a refusal, and an error body exactly as
 * received. What never goes in: a token, an authorization code, a cache key; success bodies are never even
 * recorded. As a second line of defence, anything shaped like a JWT or a token field is blanked here.
 */
import {
  DEFAULT_CLIENT_ID,
  type AccountSummary,
  type EntraAnswer,
  type ScanProgress,
  type TenantRecord,
} from './model';
import { sanitizeInline } from './sanitize';
import { explainReason } from './reasons';
import { signInPathLabel } from './sign-in-path';
import { verdictLabel, verdictLabelOf } from './verdicts';

export interface DiagnosticsInput {
  generatedAt: Date;
  appVersion: string;
  clientId: string;
  account: AccountSummary | null;
  /** The whole scan: its progress and what the home sign-in, home token and tenant listing answered. */
  scan: { progress: ScanProgress | null; answers: EntraAnswer[] } | null;
  /** The tenants to include (one for a tenant's copy, all of the account for the scan's). */
  tenants: readonly TenantRecord[];
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/**
 * Entra's opaque refresh tokens and authorization codes: `0.A…` or `1.A…` followed by a long run of base64url
 * characters (and dots or asterisks), as Entra issues them (likely: Microsoft does not document the format; the
 * exact values the app sent or received are removed as such in any case, see `scrubTokens`).
 */
const OPAQUE = /(?<![A-Za-z0-9._*-])[01]\.A[A-Za-z0-9_*.-]{20,}/g;
const TOKEN_NAMES = 'access_token|refresh_token|id_token|client_secret|client_assertion|code_verifier|assertion';
const TOKEN_FIELD = new RegExp(`("(?:${TOKEN_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');
/**
 * The same fields form-encoded, as in a token request's body or a URL's query (`refresh_token=…&`); a value of at
 * least 12 characters (a real token or code is far longer, and an `error_uri`'s `?code=50076` must stay).
 */
const FORM_FIELD = new RegExp(`(?<![A-Za-z0-9_])(${TOKEN_NAMES}|code)=[^&\\s"'<>]{12,}`, 'g');
/** A credential in an `Authorization` header echoed back (`Bearer <token>`, `Basic <secret>`). */
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+|%20|\+)(?![A-Za-z_]+=")[A-Za-z0-9._~+/*!$%-]{16,}=*/gi;
/** Controls, bidi and zero-width characters: shown as JSON escapes so the text reads as it was sent. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** A known secret shorter than this is not searched for (it could match ordinary text). */
export const MIN_KNOWN_SECRET = 12;

/** The forms a known secret can take when echoed: as is, URL-encoded, JSON-escaped. */
export function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  forms.add(secret.replace(/\//g, '\\/'));
  return [...forms];
}

/**
 * Blanks secrets in text that came from outside (an error body, a challenge, a network message): first every
 * `known` value exactly (the tokens, codes and keys the app sent or received, in any of the forms an echo can
 * give them), then anything token-shaped (JWTs, Entra's opaque refresh tokens and codes, token fields in JSON or
 * form encoding, credentials after `Bearer`/`Basic`, but not a challenge's `Bearer authorization_uri="…"`).
 */
export function scrubTokens(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length < MIN_KNOWN_SECRET) continue;
    for (const form of formsOf(secret)) if (out.includes(form)) out = out.split(form).join('[token removed]');
  }
  return out
    .replace(JWT, '[token removed]')
    .replace(OPAQUE, '[token removed]')
    .replace(TOKEN_FIELD, '$1"[removed]"')
    .replace(FORM_FIELD, '$1=[removed]')
    .replace(AUTH_SCHEME, '$1 [token removed]');
}

/** Blanks token-shaped text (`scrubTokens`) and makes invisible characters visible. */
export function scrubSecrets(text: string): string {
  return scrubTokens(text).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function utc(iso: string | null | undefined): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? sanitizeInline(iso, 40)
    : `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

const REQUEST_WORDS: Record<EntraAnswer['request'], string> = {
  token: 'token for this organisation',
  methods: 'your authentication methods',
  sponsors: 'your sponsors',
  organization: 'the organisation',
  tenants: 'the list of your organisations, from Azure Resource Manager',
  'home-token': 'home token for the tenant list',
  'home-sign-in': 'home sign-in',
  other: 'other request',
};

function answerLines(answer: EntraAnswer, clientId: string): string[] {
  const outcome =
    answer.status === null
      ? 'no answer'
      : `HTTP ${answer.status}${answer.errorCode ? ` ${sanitizeInline(answer.errorCode, 200)}` : ''}`;
  const lines = [
    `  ${utc(answer.at)}  ${answer.method} ${sanitizeInline(answer.endpoint, 300)}  →  ${outcome}  (${REQUEST_WORDS[answer.request]})`,
  ];
  if (answer.clientId && answer.clientId !== clientId)
    lines.push(`    client id: ${sanitizeInline(answer.clientId, 100)}`);
  if (answer.correlationId) lines.push(`    correlation id sent: ${sanitizeInline(answer.correlationId, 100)}`);
  if (answer.note) lines.push(`    ${sanitizeInline(answer.note, 400)}`);
  if (answer.challenge) lines.push(`    WWW-Authenticate: ${scrubSecrets(answer.challenge)}`);
  if (answer.body !== null) {
    lines.push('    body as received:');
    lines.push(`    ${scrubSecrets(answer.body).replace(/\r?\n/g, '\n    ')}`);
  }
  return lines;
}

function tenantSection(tenant: TenantRecord, clientId: string): string[] {
  const name = sanitizeInline(tenant.displayName, 200) || 'Unnamed organisation';
  const domain = tenant.defaultDomain ? ` · ${sanitizeInline(tenant.defaultDomain, 253)}` : '';
  const lines = [`${name}${domain} · tenant ${sanitizeInline(tenant.tenantId, 100)}${tenant.isHome ? ' (home)' : ''}`];
  const c = tenant.classification;
  lines.push(
    c
      ? `  The app's reading: ${verdictLabel(c.verdict)} (${c.confidence}), checked ${utc(tenant.observedAt)}`
      : `  ${verdictLabelOf(null)}.`,
  );
  if (c) lines.push(`  Why: ${sanitizeInline(explainReason(c, 'technical'), 1000)}`);
  const answers = tenant.answers ?? [];
  if (answers.length === 0) {
    lines.push(
      c
        ? '  No answers recorded for this check (it ran before the app kept them). Scan again to record them.'
        : '  No answers recorded.',
    );
  }
  for (const answer of answers) lines.push(...answerLines(answer, clientId));
  return lines;
}

/** The text copied by "Copy what Entra answered", for one tenant or for a whole scan. */
export function buildDiagnostics(input: DiagnosticsInput): string {
  const { account, clientId } = input;
  const defaultClient = clientId.toLowerCase() === DEFAULT_CLIENT_ID;
  const lines = [
    `What Entra answered · Guest MFA Inventory ${sanitizeInline(input.appVersion, 40)}`,
    `Copied ${utc(input.generatedAt.toISOString())}`,
    account
      ? `Account: ${sanitizeInline(account.username, 320)} · home tenant ${sanitizeInline(account.homeTenantId, 100)}` +
        ` · home sign-in ${account.homeSessionMfa ? 'carried MFA' : 'carried no MFA'}` +
        (account.signInPath ? ` · signed in through ${signInPathLabel(account.signInPath)}` : '')
      : 'Account: not signed in',
    `Application (client) id: ${sanitizeInline(clientId, 100)}${defaultClient ? ' (Azure CLI, the default)' : ' (your own app registration)'}`,
    'Error answers are quoted as received; successful answers show their status only. This text holds no token, authorization code or key.',
  ];
  if (input.scan) {
    const progress = input.scan.progress;
    lines.push('', 'Scan');
    if (progress) {
      lines.push(
        `  Started ${utc(progress.startedAt)}${progress.finishedAt ? `, finished ${utc(progress.finishedAt)}` : ', still running'}` +
          `; ${progress.done} of ${progress.total} organisations checked${progress.cancelled ? ' (cancelled)' : ''}`,
      );
      if (progress.error) lines.push(`  The scan said: ${sanitizeInline(progress.error, 600)}`);
      if (progress.listing) lines.push(`  Tenant listing: ${progress.listing}`);
      if (progress.listingProblem) lines.push(`  ${sanitizeInline(progress.listingProblem.message, 1200)}`);
    } else {
      lines.push('  No scan since the app started.');
    }
    if (input.scan.answers.length === 0 && progress)
      lines.push('  No answers recorded for the sign-in and the tenant list.');
    for (const answer of input.scan.answers) lines.push(...answerLines(answer, clientId));
  }
  for (const tenant of input.tenants) lines.push('', ...tenantSection(tenant, clientId));
  return `${lines.join('\n')}\n`;
}

/** How many answers a copy holds (for the confirmation the user sees). */
export function countAnswers(input: Pick<DiagnosticsInput, 'scan' | 'tenants'>): number {
  return (input.scan?.answers.length ?? 0) + input.tenants.reduce((sum, t) => sum + (t.answers?.length ?? 0), 0);
}
