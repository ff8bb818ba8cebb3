/**
 * Exports of the inventory (CSV for spreadsheets, JSON for tools) and the phone-change checklist as a
 * printable HTML document (the app prints it to PDF). Pure text builders; main writes the files. Columns and
 * fields are documented in docs/exports.md — change both together.
 *
 * Data from partner tenants is handled as hostile: one-line fields are cleaned (`sanitizeInline`), CSV cells
 * are quoted and protected against formula injection, and every string in the HTML is escaped.
 */
import { BACKUP_FACTS, ENTRY_BASIS_LABEL, ENTRY_TEXT, PHASE_HEADING } from './entry-labels';
import { entryKeyForTenant } from './entry-keys';
import { buildAuthenticatorEntries } from './inventory';
import type {
  AccountSummary,
  AuthenticatorEntry,
  EntryAnswer,
  EntryBasis,
  EntryStatus,
  Evidence,
  HistoryEntry,
  PhoneChangeItem,
  TenantCategory,
  TenantRecord,
} from './model';
import { describeMethod } from './method-labels';
import { adviseReason, explainReason } from './reasons';
import { DOMAIN_MAX, sanitizeInline, sanitizeMultiline } from './sanitize';
import { certaintyText, verdictLabelOf } from './verdicts';

const CELL_MAX = 1_000;
const NOTES_MAX = 20_000;

// ---------------------------------------------------------------------------------------------------------
// Shared helpers

/** An ISO-8601 UTC time for any parseable time value; the cleaned raw text otherwise; "" when absent. */
function isoUtc(value: string | null | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  const date = new Date(value.trim().replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? sanitizeInline(value, 64) : date.toISOString();
}

/** The latest change of verdict, by time. */
function lastChange(history: HistoryEntry[] | undefined): HistoryEntry | null {
  let latest: HistoryEntry | null = null;
  for (const entry of history ?? []) {
    if (latest === null || isoUtc(entry.at) > isoUtc(latest.at)) latest = entry;
  }
  return latest;
}

function accountName(accounts: AccountSummary[], accountId: string): string {
  const account = accounts.find((a) => a.accountId === accountId);
  return sanitizeInline(account?.username ?? accountId, CELL_MAX);
}

// ---------------------------------------------------------------------------------------------------------
// CSV

/** Column headers, in order. docs/exports.md describes each. */
export const CSV_COLUMNS = [
  'Account',
  'Organisation',
  'Domain',
  'Tenant ID',
  'Home',
  'Verdict',
  'Verdict label',
  'Leftover registration',
  'Methods',
  'Methods known',
  'AADSTS',
  'Correlation ID',
  'Observed at (UTC)',
  'Last change (UTC)',
  'Notes',
  // Added later; after the original columns so that tools reading columns by position keep working.
  'Confidence',
  'Error',
  'Sub-error',
  'Trace ID',
  'Policy IDs',
  'Explanation',
  'Authenticator entry',
  'Entry label',
  'Entry basis',
  'Entry reason',
  'Tenant category',
] as const;

/**
 * Characters that make a spreadsheet read a cell as a formula or a DDE call: = + - @, tab and CR (the OWASP
 * list, https://owasp.org/www-community/attacks/CSV_Injection), the pipe that DDE payloads use, and the
 * full-width and small forms of all of them, and the minus sign.
 */
const FORMULA_START = /^[=+\-@|\t\r\uff1d\uff0b\uff0d\uff20\uff5c\ufe62\ufe63\ufe66\ufe6b\u2212]/;

/**
 * What may come before such a character without being seen: whitespace and separators, controls, the invisible
 * formatting characters (Unicode category Cf: zero-width joiner and non-joiner, word joiner, zero-width space,
 * byte order mark, soft hyphen, bidi marks, tag characters), every default-ignorable code point (Hangul fillers,
 * combining grapheme joiner, variation selectors, Mongolian vowel separator, Khmer inherent vowels), combining
 * marks with nothing to combine with, private-use and unpaired surrogate code units, the Braille blank and the
 * ideographic half fill space.
 */
const INVISIBLE_LEAD = /^[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\p{Co}\p{Cs}\u2800\u303f]+/u;

/**
 * One CSV cell: a leading apostrophe when a spreadsheet would take the text for a formula (also after leading
 * spaces or invisible characters), then RFC 4180 quoting when the text holds a comma, quote, semicolon or line
 * break.
 */
export function csvCell(value: string): string {
  let text = value;
  if (FORMULA_START.test(text) || FORMULA_START.test(text.replace(INVISIBLE_LEAD, ''))) text = `'${text}`;
  if (/[",;\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** The entries of the exported tenants, by entry key: as given (with the user's answers), else inferred. */
function entriesByKey(
  accounts: AccountSummary[],
  tenants: TenantRecord[],
  entries: readonly AuthenticatorEntry[] | undefined,
): Map<string, AuthenticatorEntry> {
  const list = entries ?? buildAuthenticatorEntries({ accounts, tenants, manualEntries: [], ticks: {} });
  return new Map(list.map((e) => [e.key, e]));
}

function entryOf(entries: Map<string, AuthenticatorEntry>, tenant: TenantRecord): AuthenticatorEntry | null {
  return entries.get(entryKeyForTenant(tenant.accountId, tenant.tenantId)) ?? null;
}

function csvRow(accounts: AccountSummary[], tenant: TenantRecord, entry: AuthenticatorEntry | null): string[] {
  const c = tenant.classification;
  const change = lastChange(tenant.history);
  return [
    accountName(accounts, tenant.accountId),
    sanitizeInline(tenant.displayName, CELL_MAX),
    sanitizeInline(tenant.defaultDomain, DOMAIN_MAX),
    sanitizeInline(tenant.tenantId, 100),
    yesNo(tenant.isHome),
    c?.verdict ?? '',
    verdictLabelOf(c),
    yesNo(c?.leftoverRegistration ?? false),
    tenant.methods ? tenant.methods.map(describeMethod).join('; ') : '',
    yesNo(tenant.methods !== null),
    c?.evidence.aadsts != null ? String(c.evidence.aadsts) : '',
    sanitizeInline(c?.evidence.correlationId, 100),
    isoUtc(tenant.observedAt),
    change ? isoUtc(change.at) : '',
    sanitizeMultiline(tenant.notes, NOTES_MAX).replace(/\n/g, '\r\n'),
    c?.confidence ?? '',
    sanitizeInline(c?.evidence.errorCode, 100),
    sanitizeInline(c?.evidence.subError, 100),
    sanitizeInline(c?.evidence.traceId, 100),
    (c?.evidence.policyIds ?? []).map((id) => sanitizeInline(id, 100)).join('; '),
    sanitizeInline(c ? explainReason(c, 'technical') : '', CELL_MAX),
    entry?.status ?? '',
    entry ? ENTRY_TEXT[entry.status].label : '',
    entry?.basis ?? '',
    sanitizeInline(entry?.reason, CELL_MAX),
    tenant.tenantCategory ?? 'Home',
  ];
}

/**
 * The inventory as CSV for Excel and other spreadsheets: UTF-8 with a byte order mark (so Excel reads it as
 * UTF-8), a header row, one row per tenant in the given order, CRLF between rows, RFC 4180 quoting and
 * formula-injection protection on every cell.
 */
export function inventoryToCsv(
  accounts: AccountSummary[],
  tenants: TenantRecord[],
  entries?: readonly AuthenticatorEntry[],
): string {
  const byKey = entriesByKey(accounts, tenants, entries);
  const rows = [
    [...CSV_COLUMNS].map(csvCell).join(','),
    ...tenants.map((t) => csvRow(accounts, t, entryOf(byKey, t)).map(csvCell).join(',')),
  ];
  return `\ufeff${rows.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------------------
// JSON

export const JSON_EXPORT_FORMAT = 'guest-mfa-inventory';
export const JSON_EXPORT_VERSION = 1;

/** An account as exported: its summary without the app's internal account id. */
export type ExportedAccount = Omit<AccountSummary, 'accountId'>;

export interface ExportedTenant {
  /** The username of the home account this tenant belongs to. */
  account: string;
  tenantId: string;
  organisation: string;
  defaultDomain: string;
  domains: string[];
  isHome: boolean;
  /** Listed by Azure Resource Manager in the latest scan. */
  listed: boolean;
  source: TenantRecord['source'];
  /**
   * ARM's category: `Home` (the home or a guest tenant), `ProjectedBy` / `ManagedBy` (Azure Lighthouse: listed
   * apart, never checked, no entry). Added later; absent from nothing.
   */
  tenantCategory: TenantCategory;
  verdict: string | null;
  verdictLabel: string;
  leftoverRegistration: boolean;
  confidence: string | null;
  /** What the confidence means, in words (null when not checked). */
  confidenceText: string | null;
  /** What the tenant demands, with its codes (made from `reason` by shared/reasons.ts at export time). */
  explanation: string | null;
  action: string | null;
  /** Why, as stored: the reason code (shared/reasons.ts); the facts are in `evidence`. */
  reason: string | null;
  evidence: Evidence | null;
  methods:
    | {
        type: string;
        description: string;
        displayName: string;
        detail: string | null;
        createdDateTime: string | null;
      }[]
    | null;
  methodsNote: string | null;
  sponsors: { displayName: string; mail: string | null }[];
  technicalContacts: string[];
  observedAt: string | null;
  lastInteractiveSignInAt: string | null;
  history: { verdict: string; leftoverRegistration: boolean; at: string; aadsts: number | null }[];
  notes: string;
  recipients: string[];
  /** The Authenticator entry for this tenant, as the entries view shows it; null when the app shows none. */
  entry: ExportedEntry | null;
}

/** An Authenticator entry in the JSON export. */
export interface ExportedEntry {
  /** `in-use`, `will-be-needed`, `not-needed`, `leftover`, `orphaned` or `unknown`. */
  status: EntryStatus;
  label: string;
  /** What the app infers from its checks alone, whatever the user answered. */
  inferred: EntryStatus;
  /** `graph` (methods read), `you` (the user said so) or `inferred` (from the checks). */
  basis: EntryBasis;
  basisLabel: string;
  confidence: string;
  reason: string;
  howKnown: string;
  since: string | null;
  /** The user's answer to "I have this entry in Authenticator", if any. */
  answer: EntryAnswer | null;
  answeredAt: string | null;
  changeNote: string | null;
}

/** The documented JSON export, version 1. */
export interface InventoryExport {
  format: typeof JSON_EXPORT_FORMAT;
  version: typeof JSON_EXPORT_VERSION;
  exportedAt: string;
  accounts: ExportedAccount[];
  tenants: ExportedTenant[];
}

function exportEntry(entry: AuthenticatorEntry | null): ExportedEntry | null {
  if (entry === null) return null;
  return {
    status: entry.status,
    label: ENTRY_TEXT[entry.status].label,
    inferred: entry.inferred,
    basis: entry.basis,
    basisLabel: ENTRY_BASIS_LABEL[entry.basis],
    confidence: entry.confidence,
    reason: entry.reason,
    howKnown: entry.howKnown,
    since: entry.since,
    answer: entry.confirmation?.answer ?? null,
    answeredAt: entry.confirmation?.at ?? null,
    changeNote: entry.changeNote,
  };
}

function exportTenant(accounts: AccountSummary[], t: TenantRecord, entry: AuthenticatorEntry | null): ExportedTenant {
  const c = t.classification;
  return {
    account: accountName(accounts, t.accountId),
    tenantId: t.tenantId,
    organisation: t.displayName,
    defaultDomain: t.defaultDomain,
    domains: [...(t.domains ?? [])],
    isHome: t.isHome,
    listed: t.listed,
    source: t.source,
    tenantCategory: t.tenantCategory ?? 'Home',
    verdict: c?.verdict ?? null,
    verdictLabel: verdictLabelOf(c),
    leftoverRegistration: c?.leftoverRegistration ?? false,
    confidence: c?.confidence ?? null,
    confidenceText: c ? certaintyText(c) : null,
    explanation: c ? explainReason(c, 'technical') : null,
    action: c ? adviseReason(c) : null,
    reason: c?.reason.code ?? null,
    evidence: c ? { ...c.evidence, policyIds: [...(c.evidence.policyIds ?? [])] } : null,
    methods: t.methods
      ? t.methods.map((m) => ({
          type: m.type,
          description: describeMethod(m),
          displayName: m.displayName,
          detail: m.detail ?? null,
          createdDateTime: m.createdDateTime ?? null,
        }))
      : null,
    methodsNote: t.methodsNote,
    sponsors: (t.sponsors ?? []).map((s) => ({ displayName: s.displayName, mail: s.mail })),
    technicalContacts: [...(t.technicalContacts ?? [])],
    observedAt: t.observedAt,
    lastInteractiveSignInAt: t.lastInteractiveSignInAt,
    history: (t.history ?? []).map((h) => ({
      verdict: h.verdict,
      leftoverRegistration: h.leftoverRegistration,
      at: h.at,
      aadsts: h.aadsts ?? null,
    })),
    notes: t.notes,
    recipients: [...(t.recipients ?? [])],
    entry: exportEntry(entry),
  };
}

/**
 * The inventory as JSON in the documented, versioned shape (`InventoryExport`). Faithful to the stored data
 * (JSON escaping makes any text safe); internal identifiers (MSAL account ids) are replaced by usernames.
 */
export function inventoryToJson(
  accounts: AccountSummary[],
  tenants: TenantRecord[],
  exportedAt: Date = new Date(),
  entries?: readonly AuthenticatorEntry[],
): string {
  const byKey = entriesByKey(accounts, tenants, entries);
  const document: InventoryExport = {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    accounts: accounts.map((a) => ({
      username: a.username,
      displayName: a.displayName,
      homeTenantId: a.homeTenantId,
      homeTenantName: a.homeTenantName,
      homeDomain: a.homeDomain,
      homeSessionMfa: a.homeSessionMfa,
    })),
    tenants: tenants.map((t) => exportTenant(accounts, t, entryOf(byKey, t))),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Checklist HTML (printed to PDF)

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One-line data, cleaned and escaped: the only way data enters the checklist HTML. */
function h(value: unknown, max = 300): string {
  return escapeHtml(sanitizeInline(value, max));
}

/**
 * The checklist's style sheet. The document's Content-Security-Policy allows exactly this text by its hash
 * (CHECKLIST_STYLE_HASH; a test recomputes it), so no other style — and no script at all — can run.
 */
export const CHECKLIST_STYLE = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body { margin: 0; font: 10.5pt/1.45 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
header { border-bottom: 1.5pt solid #000; padding-bottom: 8pt; margin-bottom: 12pt; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
.meta { margin: 0; color: #333; }
.progress { margin: 4pt 0 0; font-weight: 600; }
ol.items { list-style: none; margin: 0; padding: 0; }
li.item { break-inside: avoid; page-break-inside: avoid; border: 0.75pt solid #999; border-radius: 4pt; padding: 8pt 10pt; margin: 0 0 9pt; }
h2 { font-size: 12pt; margin: 0 0 3pt; }
.rank { display: inline-block; min-width: 18pt; }
.domain { font-weight: 400; color: #333; }
.reason { margin: 0 0 4pt; }
.flag { margin: 0 0 4pt; padding: 3pt 6pt; border-left: 3pt solid #000; background: #f2f2f2; }
ul.steps { list-style: none; margin: 5pt 0; padding: 0; }
ul.steps li { margin: 2pt 0; }
.box { display: inline-block; position: relative; width: 10pt; height: 10pt; border: 1pt solid #000; margin-right: 6pt; vertical-align: -1pt; }
.done .box::after { content: ""; position: absolute; left: 2.6pt; top: 0.2pt; width: 3pt; height: 6pt; border: solid #000; border-width: 0 1.5pt 1.5pt 0; transform: rotate(45deg); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.url, .ids { margin: 3pt 0 0; color: #333; font-size: 9.5pt; }
.mono { font-family: Consolas, "Cascadia Mono", "DejaVu Sans Mono", monospace; word-break: break-all; }
.phase { margin: 6pt 0 0; font-weight: 600; }
.note { margin: 0 0 12pt; padding: 6pt 8pt; border: 0.75pt solid #999; border-radius: 4pt; }
.note p { margin: 0 0 3pt; }
footer { margin-top: 12pt; font-size: 9pt; color: #555; }
@media screen { body { max-width: 190mm; margin: 24px auto; padding: 0 16px; } }
`;

/** sha256 of CHECKLIST_STYLE, base64 (checked by test/unit/shared/export.test.ts). */
export const CHECKLIST_STYLE_HASH = 'sha256-BT1HTIVC83zX+rt+QLmtcTq5jod6x3/yjK5Yu9v+RgA=';

/** Nothing may load or run; only the inline style sheet above applies. */
export const CHECKLIST_CSP = `default-src 'none'; style-src '${CHECKLIST_STYLE_HASH}'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'`;

function formatUtcMinute(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function checklistItem(item: PhoneChangeItem): string {
  const parts: string[] = [];
  const domain = sanitizeInline(item.domain, DOMAIN_MAX);
  parts.push(
    `<h2><span class="rank">${h(String(item.rank), 10)}.</span> ${h(item.organisation)}` +
      (domain ? ` <span class="domain">(${escapeHtml(domain)})</span>` : '') +
      '</h2>',
  );
  parts.push(`<p class="reason">Entry: ${escapeHtml(ENTRY_TEXT[item.entryStatus].label)}</p>`);
  if (item.urgencyReason) parts.push(`<p class="reason">${h(item.urgencyReason, 600)}</p>`);
  if (item.removeOnly) {
    parts.push(
      item.entryStatus === 'orphaned'
        ? '<p class="flag">Only delete this entry from the Authenticator app: your guest account there is gone.</p>'
        : '<p class="flag">Only delete this entry from the Authenticator app: the organisation no longer needs it.</p>',
    );
  }
  if (item.noWorkingMethodAfterChange) {
    parts.push(
      item.home !== true
        ? '<p class="flag">No registered method will work here after the change: ask this organisation to make you register MFA again (an MFA reset; it cannot give a guest a Temporary Access Pass).</p>'
        : '<p class="flag">No registered method will work here after the change: ask your IT for a Temporary Access Pass or an MFA reset.</p>',
    );
  } else if (!item.removeOnly && item.entryStatus === 'in-use' && !item.methodsKnown) {
    parts.push(
      '<p class="flag">Methods unknown: if the Authenticator app is your only method here, nothing will work after the wipe. Add a second method first; if the phone is already gone, ask for an MFA reset.</p>',
    );
  }
  if (item.singleMethod) {
    parts.push(
      '<p class="flag">Only one method is registered here: add a second one (another phone number or a security key) while the old phone still works.</p>',
    );
  }
  for (const phase of ['before', 'after'] as const) {
    const inPhase = item.steps.filter((step) => step.phase === phase);
    if (inPhase.length === 0) continue;
    const steps = inPhase
      .map(
        (step) =>
          `<li class="${step.done ? 'done' : 'todo'}"><span class="box" aria-hidden="true"></span>` +
          `<span class="sr">${step.done ? 'Done: ' : 'To do: '}</span>${h(step.label, 300)}</li>`,
      )
      .join('\n');
    parts.push(`<p class="phase">${PHASE_HEADING[phase]}</p>\n<ul class="steps">\n${steps}\n</ul>`);
  }
  if (item.securityInfoUrl) {
    parts.push(`<p class="url">Security info: <span class="mono">${h(item.securityInfoUrl, 500)}</span></p>`);
  }
  if (item.tenantId) parts.push(`<p class="ids">Tenant ID: <span class="mono">${h(item.tenantId, 100)}</span></p>`);
  return `<li class="item">\n${parts.join('\n')}\n</li>`;
}

/**
 * The phone-change checklist as a complete, print-ready HTML document (A4), with tick boxes showing the saved
 * progress and each organisation's Security info URL printed as text. Every data string is escaped; a
 * Content-Security-Policy meta tag forbids scripts, external loads and any style but the built-in one.
 */
export function checklistToHtml(
  items: PhoneChangeItem[],
  meta: { title: string; generatedAt: Date; account: string },
): string {
  const title = h(meta.title, 200) || 'Phone change checklist';
  const total = items.reduce((n, item) => n + item.steps.length, 0);
  const done = items.reduce((n, item) => n + item.steps.filter((s) => s.done).length, 0);
  const body =
    items.length > 0
      ? `<ol class="items">\n${items.map(checklistItem).join('\n')}\n</ol>`
      : '<p>No organisations need attention for a phone change.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CHECKLIST_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${CHECKLIST_STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">Account: ${h(meta.account)} · Generated ${escapeHtml(formatUtcMinute(meta.generatedAt))}</p>
<p class="progress">${done} of ${total} steps done</p>
</header>
<main>
<div class="note">
${BACKUP_FACTS.map((fact) => `<p>${escapeHtml(fact)}</p>`).join('\n')}
</div>
${body}
</main>
<footer>Guest MFA Inventory</footer>
</body>
</html>
`;
}
