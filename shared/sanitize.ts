/**
 * Text from partner tenants (organisation names, domains, sponsor names) is data written by strangers. Before
 * it reaches an email, a file name, a CSV cell or a PDF it goes through here, so that it cannot break a line,
 * reorder what the reader sees, hide characters or grow without bound.
 */

/** Default length for names (tenant names, sponsor names, people): long enough for any real name. */
export const NAME_MAX = 120;

/** Default length for domain names (the DNS limit). */
export const DOMAIN_MAX = 253;

/** Line breaks and other whitespace that must not survive in one-line text. */
const INLINE_WHITESPACE = /[\s\u0085\u2028\u2029]+/g;

/**
 * Characters that are never shown on purpose: C0/C1 controls and DEL; bidirectional embeddings, overrides,
 * isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C); zero-width space, word joiner and
 * byte order mark; interlinear annotation marks; the invisible Unicode tag characters (U+E0000–U+E007F, as
 * surrogate pairs); and lone surrogates, which cannot be encoded as UTF-8.
 * ZWJ/ZWNJ stay: they carry meaning in several scripts and in emoji.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` code points, ending in "…" when anything was cut (or when `forceMark` says the
 * input was already cut earlier). Never splits a surrogate pair.
 */
function truncate(text: string, max: number, forceMark: boolean): string {
  const points = Array.from(text);
  if (points.length <= max && !forceMark) return text;
  const keep = points.slice(0, Math.max(0, Math.min(points.length, max - 1)));
  return keep.join('').trimEnd() + ELLIPSIS;
}

/** Cuts an oversized input before the regular expressions run, so megabytes of text cost no more than a name. */
function precut(text: string, max: number): { text: string; cut: boolean } {
  const budget = max * 8 + 256;
  if (text.length <= budget) return { text, cut: false };
  let end = budget;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cut: true };
}

/**
 * One line of display text from untrusted data: controls, bidi overrides and invisible characters removed,
 * every run of whitespace (line breaks included) collapsed to one space, trimmed, and cut to `max` code points
 * with a trailing "…". The result never contains CR, LF or any other control character.
 * A non-string input (bad data from a file) yields "".
 */
export function sanitizeInline(text: unknown, max: number = NAME_MAX): string {
  if (typeof text !== 'string' || max < 1) return '';
  const { text: head, cut } = precut(text.trimStart(), max);
  const cleaned = head.replace(INLINE_WHITESPACE, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (cleaned === '') return '';
  return truncate(cleaned, max, cut);
}

/**
 * Multi-line text from the user or from data (notes): like `sanitizeInline`, but line breaks survive as "\n"
 * (CRLF, CR, NEL and the Unicode line/paragraph separators all become "\n"), tabs become spaces, trailing spaces
 * are removed from each line and runs of more than two empty lines are shortened.
 */
export function sanitizeMultiline(text: unknown, max: number): string {
  if (typeof text !== 'string' || max < 1) return '';
  const { text: head, cut } = precut(text.trimStart(), max);
  const cleaned = head
    .replace(/\r\n?|[\n\u0085\u2028\u2029]/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .split('\n')
    .map((line) => line.replace(INVISIBLE, '').trimEnd())
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
  if (cleaned === '') return '';
  return truncate(cleaned, max, cut);
}
