import { describe, expect, it } from 'vitest';
import { buildMailto, composeEmail } from '../../../shared/email';
import type { EmailDraft } from '../../../shared/model';
import { goldenContexts } from '../../fixtures/emails';

function draft(overrides: Partial<EmailDraft> = {}): EmailDraft {
  return {
    kind: 'trust-request',
    tenantId: '2b7e9a41-6c3d-4f85-a1b2-c3d4e5f60718',
    to: ['dana.fischer@fabrikam.example'],
    subject: 'Hello',
    body: 'Line one\nLine two\n',
    ...overrides,
  };
}

describe('buildMailto', () => {
  it('encodes recipients, subject and body per RFC 6068 with CRLF line breaks', () => {
    const link = buildMailto(
      draft({
        to: ['dana.fischer@fabrikam.example', "o'brien+it@contoso.example"],
        subject: 'Trust & MFA? 100% = yes #1 Zürich',
        body: 'A\nB\r\nC',
      }),
    );
    expect(link.bodyIncluded).toBe(true);
    expect(link.url).toBe(
      "mailto:dana.fischer@fabrikam.example,o'brien%2Bit@contoso.example" +
        '?subject=Trust%20%26%20MFA%3F%20100%25%20%3D%20yes%20%231%20Z%C3%BCrich' +
        '&body=A%0D%0AB%0D%0AC',
    );
    const parsed = new URL(link.url);
    expect(parsed.searchParams.get('body')).toBe('A\r\nB\r\nC');
    expect(parsed.searchParams.get('subject')).toBe('Trust & MFA? 100% = yes #1 Zürich');
  });

  it('round-trips a real email body', () => {
    const email = composeEmail(goldenContexts()['remove-guest']!);
    const link = buildMailto(email, 100_000);
    expect(link.bodyIncluded).toBe(true);
    const query = link.url.slice(link.url.indexOf('?') + 1);
    const body = query
      .split('&')
      .find((p) => p.startsWith('body='))!
      .slice('body='.length);
    expect(decodeURIComponent(body)).toBe(email.body.replace(/\n/g, '\r\n'));
    expect(link.url).not.toMatch(/[\s"<>]/);
  });

  it('falls back to recipients and subject when the body makes the URL too long', () => {
    const email = composeEmail(goldenContexts()['trust-request']!);
    const link = buildMailto(email);
    expect(link.bodyIncluded).toBe(false);
    expect(link.url).toBe(
      'mailto:dana.fischer@fabrikam.example?subject=Request%3A%20trust%20MFA%20from%20Contoso%20Ltd%20for%20guest%20sign-ins%20to%20Fabrikam',
    );
    expect(link.url).not.toContain('body=');
  });

  it('respects a custom limit exactly', () => {
    const full = buildMailto(draft(), 10_000).url;
    expect(buildMailto(draft(), full.length)).toEqual({ url: full, bodyIncluded: true });
    expect(buildMailto(draft(), full.length - 1).bodyIncluded).toBe(false);
  });

  it('never lets an address or subject add parameters or recipients', () => {
    const link = buildMailto(
      draft({
        to: ['a@b.example?cc=victim@example.com', 'x@y.example&bcc=victim@example.com', 'ok@fabrikam.example'],
        subject: 'S\r\nBcc: victim@example.com&body=evil',
      }),
    );
    expect(link.url.startsWith('mailto:ok@fabrikam.example?subject=')).toBe(true);
    expect(link.url).not.toContain('%0D%0ABcc');
    const params = link.url
      .slice(link.url.indexOf('?') + 1)
      .split('&')
      .map((p) => p.split('=')[0]);
    expect(params).toEqual(['subject', 'body']);
  });

  it('works without recipients', () => {
    expect(buildMailto(draft({ to: [] })).url.startsWith('mailto:?subject=Hello&body=')).toBe(true);
  });
});
