/**
 * Every `.eml` the app writes is parsed back with mailparser, as a mail client would read it: headers,
 * recipients, UTF-8 text, CRLF line endings and each fact the partner's admin needs.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { batchEmlFileNames, buildEml, emlFileName, EmlError } from '../../../main/mail/eml';
import { composeEmail, type EmailContext } from '../../../shared/email';
import { EMAIL_KINDS, type EmailDraft } from '../../../shared/model';
import {
  CORRELATION_ID,
  FABRIKAM_ID,
  HOME_TENANT_ID,
  NOW,
  goldenContexts,
  home,
  sender,
  tenantRecord,
} from '../../fixtures/emails';

const DATE = new Date('2025-03-05T10:00:00Z');
const EXPECTED_HEADERS = [
  'content-transfer-encoding',
  'content-type',
  'date',
  'from',
  'message-id',
  'mime-version',
  'subject',
  'to',
  'x-unsent',
];

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

function headerNames(mail: ParsedMail): string[] {
  return [...new Set(mail.headerLines.map((h) => h.key))].sort();
}

/** True when every line break in the raw message is CRLF. */
function onlyCrlf(raw: Buffer): boolean {
  const text = raw.toString('latin1');
  return !/\r(?!\n)|(?<!\r)\n/.test(text);
}

async function roundTrip(draft: EmailDraft, from = sender): Promise<{ raw: Buffer; mail: ParsedMail }> {
  const raw = await buildEml(draft, from, DATE);
  return { raw, mail: await simpleParser(raw) };
}

describe('buildEml', () => {
  for (const [name, ctx] of Object.entries(goldenContexts())) {
    it(`${name}: headers, recipients, UTF-8 text and CRLF survive a parse`, async () => {
      const draft = composeEmail(ctx);
      const { raw, mail } = await roundTrip(draft);
      expect(onlyCrlf(raw)).toBe(true);
      // A draft without a recipient has no To: at all (the user addresses it in the mail app).
      expect(headerNames(mail)).toEqual(
        draft.to.length > 0 ? EXPECTED_HEADERS : EXPECTED_HEADERS.filter((h) => h !== 'to'),
      );
      expect(mail.headers.get('x-unsent')).toBe('1');
      expect(mail.headers.get('mime-version')).toBe('1.0');
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
      expect(mail.subject).toBe(draft.subject);
      expect(mail.date?.toISOString()).toBe(DATE.toISOString());
      expect(mail.messageId).toMatch(/^<[^<>\s]+@contoso\.example>$/);
      expect(addresses(mail.from)).toEqual(['alex.martin@contoso.example']);
      expect(mail.from?.value[0]?.name).toBe('Alex Martin');
      expect(addresses(mail.to)).toEqual(draft.to);
      expect(mail.cc).toBeUndefined();
      expect(mail.bcc).toBeUndefined();
      expect(mail.text?.replace(/\r\n/g, '\n')).toBe(draft.body);
    });
  }

  it('carries every fact of the trust request', async () => {
    const { mail } = await roundTrip(composeEmail(goldenContexts()['trust-request']!));
    const text = mail.text ?? '';
    for (const fact of [
      `Home tenant ID: ${HOME_TENANT_ID}`,
      'AADSTS50076',
      CORRELATION_ID,
      '2025-03-04 09:15:27 UTC',
      'Identity > External Identities > Cross-tenant access settings',
      'POST https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners',
      `PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/${HOME_TENANT_ID}`,
      `New-MgPolicyCrossTenantAccessPolicyPartner -TenantId ${HOME_TENANT_ID} -InboundTrust @{ IsMfaAccepted = $true }`,
      `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${HOME_TENANT_ID}`,
      'Microsoft Entra ID P1',
      'MFA requirement satisfied by claim in the token',
    ]) {
      expect(text, fact).toContain(fact);
    }
  });

  it('decodes non-ASCII names and text as UTF-8', async () => {
    const ctx: EmailContext = {
      ...goldenContexts()['trust-request']!,
      sender: { name: 'Zoë Åkesson-Müller', address: 'zoe@contoso.example' },
      home: { ...home, name: 'Contoso Sàrl' },
      tenant: tenantRecord({ displayName: 'Fabrikam 東京 — Ünïcødé 👩‍💻' }),
    };
    const draft = composeEmail(ctx);
    const { mail } = await roundTrip(draft, ctx.sender);
    expect(mail.subject).toBe('Request: trust MFA from Contoso Sàrl for guest sign-ins to Fabrikam 東京 — Ünïcødé 👩‍💻');
    expect(mail.from?.value[0]?.name).toBe('Zoë Åkesson-Müller');
    expect(mail.text).toContain('I work with Fabrikam 東京 — Ünïcødé 👩‍💻 as a guest user from Contoso Sàrl.');
    expect(mail.text).toContain('Kind regards,\nZoë Åkesson-Müller');
  });

  it('writes no header and no recipient from hostile tenant data', async () => {
    const evil = 'Evil\r\nBcc: victim@example.com';
    for (const kind of EMAIL_KINDS) {
      const ctx: EmailContext = {
        kind,
        sender: { name: `Alex\r\nBcc: victim@example.com`, address: sender.address },
        home: { ...home, name: `Contoso\r\nCc: victim@example.com`, primaryDomain: 'contoso.example\r\nX-Evil: 1' },
        tenant: tenantRecord({
          displayName: evil,
          defaultDomain: 'fabrikam.example\r\nTo: victim@example.com',
          sponsors: [{ displayName: 'Dana\r\nBcc: victim@example.com', mail: 'dana.fischer@fabrikam.example' }],
        }),
        to: ['dana.fischer@fabrikam.example', 'victim@example.com\r\nBcc: x@example.com', 'a@b.example, c@d.example'],
        now: NOW,
      };
      const draft = composeEmail(ctx);
      const { raw, mail } = await roundTrip(draft, ctx.sender);
      // A draft without a recipient has no To: at all (the user addresses it in the mail app).
      expect(headerNames(mail)).toEqual(
        draft.to.length > 0 ? EXPECTED_HEADERS : EXPECTED_HEADERS.filter((h) => h !== 'to'),
      );
      expect(addresses(mail.to)).toEqual(['dana.fischer@fabrikam.example']);
      expect(mail.bcc).toBeUndefined();
      expect(mail.cc).toBeUndefined();
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.from?.value[0]?.name).toBe('Alex Bcc: victim@example.com');
      const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
      expect(headerBlock).not.toMatch(/^(bcc|cc|x-evil):/im);
      expect(headerBlock.match(/^to:/gim)).toHaveLength(1);
    }
  });

  it('re-checks a draft that did not come from composeEmail', async () => {
    const forged: EmailDraft = {
      kind: 'trust-request',
      tenantId: FABRIKAM_ID,
      to: ['dana.fischer@fabrikam.example'],
      subject: 'Hi\r\nBcc: victim@example.com\u202e',
      body: 'Body line\nsecond line',
    };
    const { mail } = await roundTrip(forged);
    expect(mail.subject).toBe('Hi Bcc: victim@example.com');
    expect(mail.bcc).toBeUndefined();
    await expect(buildEml({ ...forged, to: ['x@y.example\r\nBcc: victim@example.com'] }, sender, DATE)).rejects.toThrow(
      EmlError,
    );
    await expect(buildEml(forged, { name: 'A', address: 'not an address' }, DATE)).rejects.toThrow(EmlError);
  });

  it('keeps the file small when a tenant name is 5 MB', async () => {
    const huge = 'N'.repeat(5 * 1024 * 1024);
    const draft = composeEmail({
      ...goldenContexts()['trust-request']!,
      tenant: tenantRecord({ displayName: huge, defaultDomain: huge, sponsors: [{ displayName: huge, mail: null }] }),
    });
    const { raw, mail } = await roundTrip(draft, { name: huge, address: sender.address });
    expect(raw.length).toBeLessThan(64 * 1024);
    expect(mail.subject?.length).toBeLessThanOrEqual(250);
    expect(mail.subject).toContain('N…');
  });

  it('allows a draft without recipients (the user adds them in the mail client)', async () => {
    const draft = { ...composeEmail(goldenContexts()['mfa-reset']!), to: [] };
    const { mail } = await roundTrip(draft);
    expect(mail.to).toBeUndefined();
    expect(mail.headers.get('x-unsent')).toBe('1');
  });
});

describe('drafts without a recipient, from hostile data', () => {
  const EVIL = 'Evil\r\nBcc: victim@example.com\r\nTo: victim@example.com';

  it('a hostile tenant name or home name adds no header to a draft: no To:, no Bcc:, X-Unsent once', async () => {
    const draft = composeEmail({
      ...goldenContexts()['trust-request-draft']!,
      home: { ...home, name: `Contoso${EVIL}` },
      tenant: tenantRecord({ displayName: EVIL, defaultDomain: `x.example\r\nCc: victim@example.com`, sponsors: [] }),
    });
    expect(draft.to).toEqual([]);
    const { raw, mail } = await roundTrip(draft, { name: `Alex${EVIL}`, address: sender.address });
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).not.toMatch(/^(to|cc|bcc):/im);
    expect(head.match(/^x-unsent:/gim)).toHaveLength(1);
    expect(mail.to).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    expect(mail.bcc).toBeUndefined();
    expect(headerNames(mail)).toEqual(EXPECTED_HEADERS.filter((h) => h !== 'to'));
    // The home tenant id and the Graph request are there for the admin all the same.
    expect(mail.text).toContain(`Home tenant ID: ${HOME_TENANT_ID}`);
    expect(mail.text).toContain('"inboundTrust": { "isMfaAccepted": true }');
  });

  it('a typed address that would add a header is refused, never written as fewer or other recipients', async () => {
    const draft = {
      ...composeEmail(goldenContexts()['trust-request-draft']!),
      to: ['it@x.example\r\nBcc: v@y.example'],
    };
    await expect(buildEml(draft, sender, DATE)).rejects.toBeInstanceOf(EmlError);
  });
});

describe('emlFileName', () => {
  it('names the file after the tenant domain and the kind', () => {
    expect(emlFileName({ defaultDomain: 'fabrikam.example', tenantId: FABRIKAM_ID }, 'trust-request')).toBe(
      'fabrikam.example-trust-request.eml',
    );
    expect(emlFileName({ defaultDomain: 'Fabrikam.Example', tenantId: FABRIKAM_ID }, 'mfa-reset')).toBe(
      'fabrikam.example-mfa-reset.eml',
    );
    expect(emlFileName({ defaultDomain: 'bücher.example', tenantId: FABRIKAM_ID }, 'remove-guest')).toBe(
      'xn--bcher-kva.example-remove-guest.eml',
    );
  });

  it('cannot leave its folder or hide itself, whatever the domain says', () => {
    const hostile = [
      '../../etc/passwd',
      '..\\..\\Windows\\System32',
      '/absolute/path',
      '.hidden',
      'evil\r\nname',
      'con',
      'a:b*c?d"e<f>g|h',
      '\u202eexe.txt',
      'x'.repeat(10_000),
    ];
    for (const defaultDomain of hostile) {
      const name = emlFileName({ defaultDomain, tenantId: FABRIKAM_ID }, 'trust-request');
      expect(name, defaultDomain).toMatch(/^[a-z0-9][a-z0-9.-]*-trust-request\.eml$/);
      expect(name).not.toContain('..');
      expect(name.length).toBeLessThanOrEqual(80 + '-trust-request.eml'.length);
    }
  });

  it('falls back to the tenant id, then to a fixed word', () => {
    expect(emlFileName({ defaultDomain: '', tenantId: FABRIKAM_ID }, 'trust-request')).toBe(
      `${FABRIKAM_ID}-trust-request.eml`,
    );
    expect(emlFileName({ defaultDomain: '../..', tenantId: '../..' }, 'trust-request')).toBe(
      'tenant-trust-request.eml',
    );
  });
});

describe('batchEmlFileNames', () => {
  it('keeps names unique in one folder, ignoring case', () => {
    const names = batchEmlFileNames(
      [
        { defaultDomain: 'fabrikam.example', tenantId: FABRIKAM_ID },
        { defaultDomain: 'Fabrikam.Example', tenantId: '9c1d2e3f-0000-4000-8000-000000000001' },
        { defaultDomain: 'fabrikam.example', tenantId: '9c1d2e3f-0000-4000-8000-000000000002' },
        { defaultDomain: '', tenantId: FABRIKAM_ID },
        { defaultDomain: '', tenantId: FABRIKAM_ID },
      ],
      'trust-request',
    );
    expect(names).toEqual([
      'fabrikam.example-trust-request.eml',
      'fabrikam.example-9c1d2e3f-trust-request.eml',
      'fabrikam.example-2-trust-request.eml',
      `${FABRIKAM_ID}-trust-request.eml`,
      `${FABRIKAM_ID}-2-trust-request.eml`,
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});
