/**
 * Names, domains and sponsor names come from partner tenants. Whatever they hold, the email keeps its shape:
 * one-line subject, no added lines, no recipients from data, nothing invisible or reordering.
 */
import { describe, expect, it } from 'vitest';
import { composeEmail, type EmailContext } from '../../../shared/email';
import { checkRecipients, isValidEmailAddress } from '../../../shared/email/address';
import { EMAIL_KINDS } from '../../../shared/model';
import { NOW, home, sender, tenantRecord } from '../../fixtures/emails';

const EVIL = 'Evil\r\nBcc: victim@example.com';
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;

function hostileContext(kind: EmailContext['kind']): EmailContext {
  return {
    kind,
    sender: { name: `Alex ${EVIL}`, address: sender.address },
    home: { ...home, name: `Contoso\u202e\u2066 <b>Ltd</b>`, primaryDomain: 'contoso.example\nX-Evil: 1' },
    tenant: tenantRecord({
      displayName: EVIL,
      defaultDomain: `fabrikam.example\r\nTo: victim@example.com`,
      sponsors: [{ displayName: `Dana\r\nCc: victim@example.com\u202e`, mail: 'dana.fischer@fabrikam.example' }],
    }),
    to: ['dana.fischer@fabrikam.example', 'victim@example.com\r\nBcc: other@example.com', 'a@b.example,c@d.example'],
    now: NOW,
  };
}

/** The lines of the same email composed from clean data: hostile data must not add or remove any. */
function cleanLineCount(kind: EmailContext['kind']): number {
  const ctx = hostileContext(kind);
  return composeEmail({
    ...ctx,
    sender: { name: 'Alex', address: sender.address },
    home,
    tenant: tenantRecord({ sponsors: [{ displayName: 'Dana', mail: 'dana.fischer@fabrikam.example' }] }),
  }).body.split('\n').length;
}

describe('hostile tenant data in composed emails', () => {
  for (const kind of EMAIL_KINDS) {
    it(`${kind}: no extra lines, one-line subject, only valid recipients`, () => {
      const draft = composeEmail(hostileContext(kind));
      expect(draft.subject).not.toMatch(/[\r\n]/);
      expect(draft.subject).toContain('Evil Bcc: victim@example.com');
      expect(draft.to).toEqual(['dana.fischer@fabrikam.example']);
      expect(draft.body).not.toContain('\r');
      expect(draft.body.split('\n').length).toBe(cleanLineCount(kind));
      for (const line of draft.body.split('\n')) {
        expect(line).not.toMatch(/^(Bcc|Cc|To|X-Evil):/i);
      }
      expect(draft.body).not.toMatch(BIDI);
      expect(draft.subject).not.toMatch(BIDI);
    });
  }

  it('greets the sponsor with the cleaned name', () => {
    const ctx = hostileContext('trust-request');
    const draft = composeEmail({ ...ctx, to: ['dana.fischer@fabrikam.example'] });
    expect(draft.body.split('\n')[0]).toBe('Hello Dana Cc: victim@example.com,');
  });

  it('keeps a 5 MB name to a bounded, small email', () => {
    const huge = 'F'.repeat(5 * 1024 * 1024);
    for (const kind of EMAIL_KINDS) {
      const draft = composeEmail({
        ...hostileContext(kind),
        tenant: tenantRecord({ displayName: huge, defaultDomain: huge, sponsors: [{ displayName: huge, mail: null }] }),
        sender: { name: huge, address: sender.address },
        home: { ...home, name: huge, primaryDomain: huge },
      });
      expect(draft.subject.length).toBeLessThanOrEqual(250);
      expect(draft.body.length).toBeLessThan(64 * 1024);
      expect(draft.body).toContain('F…');
    }
  });
});

describe('recipient validation', () => {
  it('accepts plain addresses', () => {
    for (const ok of [
      'dana.fischer@fabrikam.example',
      "o'brien@contoso.example",
      'first+tag@sub.domain.example',
      'it-security@xn--bcher-kva.example',
      'a@b.co',
    ]) {
      expect(isValidEmailAddress(ok), ok).toBe(true);
    }
  });

  it('refuses anything that could become a header or another recipient', () => {
    for (const bad of [
      'victim@example.com\r\nBcc: other@example.com',
      'a@b.example\n',
      'a@b.example,c@d.example',
      'a@b.example;c@d.example',
      'Dana <dana@fabrikam.example>',
      '<dana@fabrikam.example>',
      '"dana"@fabrikam.example',
      'dana@fabrikam.example"',
      'da na@fabrikam.example',
      'dana@@fabrikam.example',
      'dana@fabrikam',
      'dana@-fabrikam.example',
      '.dana@fabrikam.example',
      'dana.@fabrikam.example',
      'd..ana@fabrikam.example',
      'dana@fabrikam..example',
      'dana@fabrikam.example\u202e',
      'dána@fabrikam.example',
      `${'a'.repeat(65)}@fabrikam.example`,
      `a@${'b'.repeat(250)}.example`,
      '',
    ]) {
      expect(isValidEmailAddress(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isValidEmailAddress(null)).toBe(false);
  });

  it('reports what it rejected', () => {
    expect(checkRecipients(['ok@x.example', 'bad address', 'OK@x.example'])).toEqual({
      valid: ['ok@x.example'],
      rejected: ['bad address'],
    });
  });
});
