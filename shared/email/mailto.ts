/**
 * The `mailto:` hand-off to the user's mail client (RFC 6068). Mail clients and the operating system cut long
 * URLs at different lengths, silently; past a safe length the URL carries only the recipients and the subject,
 * and the caller puts the body on the clipboard and tells the user to paste it.
 */
import type { EmailDraft } from '../model';
import { checkRecipients } from './address';
import { sanitizeInline } from '../sanitize';

export interface MailtoLink {
  url: string;
  /** False when the body was left out because the URL would have been too long. */
  bodyIncluded: boolean;
}

/** A length every mainstream mail client and OS URL handler accepts. */
export const DEFAULT_MAILTO_MAX = 2000;

/** Percent-encodes an address, keeping the "@" readable (some clients do not decode "%40" in the address part). */
function encodeAddress(address: string): string {
  return encodeURIComponent(address).replace(/%40/g, '@');
}

/** Body text with CRLF line breaks, as RFC 6068 asks, so they encode as %0D%0A. */
function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/**
 * Builds the `mailto:` URL for a draft. Recipients are re-checked (only single valid addresses, comma-separated);
 * the subject is kept to one line. When the full URL is longer than `maxUrlLength`, the returned URL has the
 * recipients and the subject only and `bodyIncluded` is false. Recipients and subject are never cut, so with
 * very many recipients that URL may itself exceed the limit.
 */
export function buildMailto(draft: EmailDraft, maxUrlLength: number = DEFAULT_MAILTO_MAX): MailtoLink {
  const to = checkRecipients(draft.to).valid.map(encodeAddress).join(',');
  const subject = `subject=${encodeURIComponent(sanitizeInline(draft.subject, 250))}`;
  const head = `mailto:${to}?${subject}`;
  const full = `${head}&body=${encodeURIComponent(crlf(draft.body))}`;
  if (full.length <= maxUrlLength) return { url: full, bodyIncluded: true };
  return { url: head, bodyIncluded: false };
}
