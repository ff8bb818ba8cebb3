/**
 * Saves a request email as an `.eml` file: an RFC 5322 message built by nodemailer's MailComposer (UTF-8,
 * quoted-printable or base64 as it sees fit, CRLF line endings) with `X-Unsent: 1`, so that Outlook and other
 * clients open it as a draft ready to send. The draft's text is data: it is re-checked here, so nothing in it
 * can add a header or a recipient even if it did not come from `composeEmail`.
 */
import { domainToASCII } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import { checkRecipients, isValidEmailAddress } from '../../shared/email/address';
import type { EmailDraft, EmailKind } from '../../shared/model';
import { NAME_MAX, sanitizeInline } from '../../shared/sanitize';

/** Raised when a draft cannot become a message (an invalid sender or recipient address). */
export class EmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmlError';
  }
}

/**
 * Builds the `.eml` bytes of a draft. `From` is the guest (name cleaned to one line), `To` the draft's
 * recipients, `Date` the given time. Throws `EmlError` when the sender or any recipient is not a single valid
 * address, rather than silently writing a message to fewer people than the user saw.
 */
export async function buildEml(
  draft: EmailDraft,
  from: { name: string; address: string },
  date: Date,
): Promise<Buffer> {
  if (!isValidEmailAddress(from.address)) {
    throw new EmlError('The sender address is not a valid email address.');
  }
  const { valid, rejected } = checkRecipients(draft.to);
  if (rejected.length > 0) {
    throw new EmlError(`Not a valid email address: ${sanitizeInline(rejected[0], 80)}`);
  }
  const composer = new MailComposer({
    from: { name: sanitizeInline(from.name, NAME_MAX), address: from.address },
    to: valid.map((address) => ({ name: '', address })),
    subject: sanitizeInline(draft.subject, 250),
    date,
    text: draft.body.replace(/\r\n|\r|\n/g, '\r\n'),
    headers: { 'X-Unsent': '1' },
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

const FILE_BASE_MAX = 80;

/** Lowercase ASCII [a-z0-9.-], no leading dots or hyphens, no ".." runs, bounded; "" when nothing is left. */
function safeBase(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+/, '')
    .slice(0, FILE_BASE_MAX)
    .replace(/[.-]+$/, '');
}

/**
 * A safe file name for a tenant's email: `<default domain>-<kind>.eml` (internationalised domains in their
 * xn-- form), e.g. `fabrikam.example-trust-request.eml`. Only [a-z0-9.-], no path separators, no leading dot,
 * at most 80 characters before the kind. Falls back to the tenant id, then to "tenant".
 */
export function emlFileName(tenant: { defaultDomain: string; tenantId: string }, kind: EmailKind): string {
  const domain = typeof tenant.defaultDomain === 'string' ? tenant.defaultDomain.trim().slice(0, 253) : '';
  const ascii = domain === '' ? '' : domainToASCII(domain) || domain;
  const base = safeBase(ascii) || safeBase(String(tenant.tenantId ?? '')) || 'tenant';
  return `${base}-${kind}.eml`;
}

/**
 * File names for a batch of tenants written into one folder: `emlFileName` for each, made unique without
 * regard to case (Windows and macOS folders ignore it) by adding the start of the tenant id, then a counter.
 * Returned in the order of `tenants`.
 */
export function batchEmlFileNames(
  tenants: readonly { defaultDomain: string; tenantId: string }[],
  kind: EmailKind,
): string[] {
  const taken = new Set<string>();
  const suffix = `-${kind}.eml`;
  return tenants.map((tenant) => {
    let name = emlFileName(tenant, kind);
    if (taken.has(name)) {
      const base = name.slice(0, -suffix.length);
      const id = safeBase(String(tenant.tenantId ?? '')).slice(0, 8);
      name = id && !base.startsWith(id) ? `${base}-${id}${suffix}` : name;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}${suffix}`;
    }
    taken.add(name);
    return name;
  });
}
