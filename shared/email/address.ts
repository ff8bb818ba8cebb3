/**
 * Recipient addresses. An address reaches a `To:` header and a `mailto:` URL, so only a plain `local@domain`
 * passes: ASCII, a dot-atom local part (RFC 5322 atext, no quoted strings, no comments), a host name of
 * letter-digit-hyphen labels with a top-level domain. Anything with whitespace, CR/LF, commas, semicolons,
 * angle brackets, double quotes, parentheses or a second "@" is refused, so one entry can never become two
 * recipients or a header. The IPC contract checks recipients with this same function, so the form, main and the
 * contract accept and refuse the same addresses.
 */

/** RFC 5322 atext, i.e. what may appear between the dots of a dot-atom local part. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** True for an address that is safe to put in a `To:` header or a `mailto:` URL as it is. */
export function isValidEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 1 || at !== value.indexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || domain.length > 253 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  return TOP_LEVEL.test(labels[labels.length - 1] ?? '');
}

/**
 * Splits what the user typed into a recipients field (addresses separated by commas, semicolons or spaces) into
 * the addresses, without duplicates, and the parts that are not one. The same check as every other place.
 */
export function parseRecipientText(text: string): { valid: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const { valid } = checkRecipients(parts);
  return { valid, invalid: parts.filter((p) => !isValidEmailAddress(p)) };
}

export interface RecipientCheck {
  /** Valid addresses, trimmed, in the given order, without duplicates (compared case-insensitively). */
  valid: string[];
  /** Entries that are not a single valid address, as given. */
  rejected: string[];
}

/**
 * Splits a list of recipient entries into usable addresses and refused entries. Surrounding whitespace is
 * trimmed; nothing else is repaired (an entry "a@x.example, b@y.example" is refused, not split), so what the
 * user or a partner tenant typed can only ever yield the addresses it literally is.
 */
export function checkRecipients(entries: readonly unknown[]): RecipientCheck {
  const valid: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const address = typeof entry === 'string' ? entry.trim() : entry;
    if (!isValidEmailAddress(address)) {
      rejected.push(typeof entry === 'string' ? entry : String(entry));
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    valid.push(address);
  }
  return { valid, rejected };
}
