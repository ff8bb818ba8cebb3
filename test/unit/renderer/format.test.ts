import { describe, expect, it } from 'vitest';
import { amrInWords, amrSentence, localTime, relativeTime, utcTime } from '../../../renderer/src/format';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('times', () => {
  it('says how long ago in words', () => {
    expect(relativeTime('2026-03-10T11:59:40Z', NOW)).toBe('just now');
    expect(relativeTime('2026-03-10T11:55:00Z', NOW)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-10T11:00:00Z', NOW)).toBe('1 hour ago');
    expect(relativeTime('2026-03-09T10:00:00Z', NOW)).toBe('yesterday');
    expect(relativeTime('2026-03-05T12:00:00Z', NOW)).toBe('5 days ago');
    // Older than two weeks: the day, in the user's locale (the one date format of every screen).
    expect(relativeTime('2025-12-01T12:00:00Z', NOW)).toBe(
      new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium' }).format(Date.parse('2025-12-01T12:00:00Z')),
    );
  });

  it('never shows a broken date', () => {
    for (const bad of [null, undefined, '', 'not a date']) {
      expect(relativeTime(bad, NOW)).toBe('Never');
      expect(utcTime(bad)).toBe('Unknown time');
      expect(localTime(bad)).toBe('Unknown time');
    }
  });

  it('formats UTC the way partner IT searches its logs', () => {
    expect(utcTime('2026-03-10T07:02:23.123Z')).toBe('2026-03-10 07:02:23 UTC');
  });
});

describe('claims in words', () => {
  it('translates amr values', () => {
    expect(amrInWords('mfa')).toBe('MFA was performed');
    expect(amrInWords('pwd')).toBe('password');
    expect(amrInWords('rsa')).toBe('Authenticator app / key');
    expect(amrInWords('fido')).toBe('security key');
    expect(amrInWords('xyz')).toBe('method code “xyz”');
  });

  it('builds one sentence from the claim', () => {
    expect(amrSentence(['pwd', 'rsa', 'mfa'])).toBe('MFA was performed (password, Authenticator app / key)');
    expect(amrSentence(['pwd'])).toBe('No MFA: password');
    expect(amrSentence([])).toBe('The token named no sign-in methods.');
  });
});
