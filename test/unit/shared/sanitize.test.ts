import { describe, expect, it } from 'vitest';
import { isGuid } from '../../../shared/identifiers';
import { NAME_MAX, sanitizeInline, sanitizeMultiline } from '../../../shared/sanitize';

describe('sanitizeInline', () => {
  it('keeps ordinary names as they are', () => {
    expect(sanitizeInline('Fabrikam, Inc. (Zürich) – 東京')).toBe('Fabrikam, Inc. (Zürich) – 東京');
    expect(sanitizeInline('Ünïcödé 👩‍💻 team')).toBe('Ünïcödé 👩‍💻 team');
  });

  it('turns line breaks and tabs into single spaces', () => {
    expect(sanitizeInline('Evil\r\nBcc: victim@example.com')).toBe('Evil Bcc: victim@example.com');
    expect(sanitizeInline('a\tb\u2028c\u2029d\u0085e\vf\fg')).toBe('a b c d e f g');
    expect(sanitizeInline('  many    spaces  ')).toBe('many spaces');
  });

  it('removes controls, bidi overrides and invisible characters', () => {
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    expect(sanitizeInline(`Fab${bidi}rikam`)).toBe('Fabrikam');
    expect(sanitizeInline('moc.elpmaxe\u202e@evil')).toBe('moc.elpmaxe@evil');
    expect(sanitizeInline('a\u0000b\u0007c\u001bd\u007fe\u0090f')).toBe('abcdef');
    expect(sanitizeInline('zero\u200bwidth\u2060joiner\ufeff')).toBe('zerowidthjoiner');
    expect(sanitizeInline('tag\udb40\udc41\udb40\udc42s')).toBe('tags');
    expect(sanitizeInline('lone\ud800surrogate\udc00')).toBe('lonesurrogate');
  });

  it('truncates to the limit in code points with an ellipsis', () => {
    const long = 'x'.repeat(500);
    const out = sanitizeInline(long);
    expect(Array.from(out)).toHaveLength(NAME_MAX);
    expect(out.endsWith('…')).toBe(true);
    expect(sanitizeInline('abcdef', 4)).toBe('abc…');
    expect(sanitizeInline('abcd', 4)).toBe('abcd');
    expect(sanitizeInline('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('bounds megabytes of text quickly and still marks the cut', () => {
    const huge = `${'A'.repeat(5 * 1024 * 1024)}\r\nBcc: x@example.com`;
    const out = sanitizeInline(huge);
    expect(Array.from(out)).toHaveLength(NAME_MAX);
    expect(out.endsWith('…')).toBe(true);
    const spaces = `${' '.repeat(5 * 1024 * 1024)}Name`;
    expect(sanitizeInline(spaces)).toBe('Name');
    expect(sanitizeInline('\u202e'.repeat(5 * 1024 * 1024))).toBe('');
  });

  it('returns an empty string for non-strings and empty results', () => {
    expect(sanitizeInline(null)).toBe('');
    expect(sanitizeInline(undefined)).toBe('');
    expect(sanitizeInline(42)).toBe('');
    expect(sanitizeInline('\u202e\r\n\t')).toBe('');
  });
});

describe('sanitizeMultiline', () => {
  it('keeps line breaks as LF and strips the rest', () => {
    expect(sanitizeMultiline('one\r\ntwo\rthree\u2028four\tfive\u202e', 100)).toBe('one\ntwo\nthree\nfour five');
    expect(sanitizeMultiline('a\n\n\n\n\n\nb', 100)).toBe('a\n\n\nb');
    expect(sanitizeMultiline('abcdef', 4)).toBe('abc…');
  });
});

describe('isGuid', () => {
  it('accepts tenant ids and nothing else', () => {
    expect(isGuid('8f3c1d2e-4b5a-4c6d-9e7f-0a1b2c3d4e5f')).toBe(true);
    expect(isGuid('8F3C1D2E-4B5A-4C6D-9E7F-0A1B2C3D4E5F')).toBe(true);
    expect(isGuid('8f3c1d2e-4b5a-4c6d-9e7f-0a1b2c3d4e5f; rm')).toBe(false);
    expect(isGuid('contoso.example')).toBe(false);
    expect(isGuid(null)).toBe(false);
  });
});
