/**
 * The request emails as a partner's IT would receive them.
 *
 * Golden files: `test/golden/<case>.txt` hold the exact text (recipients, subject, body) for the fixed fixtures
 * of `test/fixtures/emails.ts`. After an intended wording change, refresh them with
 *   UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/shared/email.test.ts
 * and read the diff before committing: each file must read as an email one would send as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeEmail, defaultRecipients, en, type EmailContext } from '../../../shared/email';
import type { EmailDraft, Verdict } from '../../../shared/model';
import { EMAIL_KINDS, ENTRY_STATUSES, VERDICTS } from '../../../shared/model';
import { ENTRY_TEXT } from '../../../shared/entry-labels';
import {
  CORRELATION_ID,
  FABRIKAM_ID,
  HOME_TENANT_ID,
  NOW,
  POLICY_ID,
  TRACE_ID,
  classification,
  goldenContexts,
  home,
  sender,
  tenantRecord,
} from '../../fixtures/emails';

const goldenDir = path.resolve(__dirname, '../../golden');

function render(draft: EmailDraft): string {
  return `To: ${draft.to.join(', ')}\nSubject: ${draft.subject}\n\n${draft.body}`;
}

function trustContext(overrides: Partial<EmailContext> = {}): EmailContext {
  return { kind: 'trust-request', sender, home, tenant: tenantRecord(), to: [], now: NOW, ...overrides };
}

describe('golden files', () => {
  for (const [name, ctx] of Object.entries(goldenContexts())) {
    it(`${name} matches test/golden/${name}.txt`, () => {
      const actual = render(composeEmail(ctx));
      const file = path.join(goldenDir, `${name}.txt`);
      if (process.env.UPDATE_GOLDEN === '1') {
        fs.mkdirSync(goldenDir, { recursive: true });
        fs.writeFileSync(file, actual);
      }
      expect(actual).toBe(fs.readFileSync(file, 'utf8'));
    });
  }
});

describe('trust request', () => {
  const draft = composeEmail(goldenContexts()['trust-request']!);

  it('answers the first objections above the divider, short enough to read in a minute', () => {
    const [short, details] = draft.body.split('-------- Details for your administrator --------');
    expect(details).toBeDefined();
    // The ask and four facts: one partner entry naming only the home tenant, only the MFA claim, what home
    // enforces, and the redemption trap; the Graph request and admin-centre steps stay below.
    expect(short).toContain(`one partner entry naming our tenant (ID ${HOME_TENANT_ID})`);
    expect(short).toContain('It accepts one claim only: that I completed MFA at Contoso Ltd.');
    expect(short).toContain('can still require a compliant device or an authentication strength');
    expect(short).toContain('MFA at my sign-in there: yes');
    expect(short).toContain('Microsoft Authenticator and Security key (FIDO2)');
    expect(short).toContain('MFA required for every user: unknown');
    expect(short).toMatch(/personal Microsoft account or an email one-time passcode.*reset its redemption status/);
    expect(short).not.toContain('graph.microsoft.com');
    expect(details).toContain('POST https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners');
    expect(details).toContain('Cross-tenant access settings');
    expect(short!.split(/\s+/).length).toBeLessThan(320);
  });

  it("points the administrator, in one line, to the admin mode that shows their own guests' registrations", () => {
    const lines = draft.body.split('\n').filter((line) => line.includes('admin mode'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('which of your guests keep a separate MFA registration with you');
    expect(lines[0]).toContain('"I manage a Microsoft Entra tenant"');
  });

  it('says "unknown" for what it could not read at home, and guesses nothing', () => {
    const body = composeEmail(goldenContexts()['trust-request-draft']!).body;
    expect(body).toContain('MFA at my sign-in there: unknown; MFA methods I have registered there: unknown');
    const noMfa = composeEmail({
      ...goldenContexts()['trust-request']!,
      homeSecurity: { sessionMfa: false, methods: ['password'] },
    }).body;
    expect(noMfa).toContain('MFA at my latest sign-in there: no');
    expect(noMfa).toContain('MFA methods I have registered there: none that I can see');
  });

  it('asks in the first paragraph, before any detail', () => {
    const paragraphs = draft.body.split('\n\n');
    expect(paragraphs[0]).toBe('Hello Dana Fischer,');
    expect(paragraphs[1]).toMatch(/^I work with Fabrikam as a guest user from Contoso Ltd\. Could you please/);
    expect(paragraphs[1]).toContain('trust multifactor authentication (MFA) from Contoso Ltd');
    expect(paragraphs[1]!.length).toBeLessThan(600);
  });

  it('names who asks, with the home tenant id and primary domain', () => {
    expect(draft.body).toContain('  Name: Alex Martin\n');
    expect(draft.body).toContain('  Email address: alex.martin@contoso.example\n');
    expect(draft.body).toContain('  Home organisation: Contoso Ltd\n');
    expect(draft.body).toContain(`  Home tenant ID: ${HOME_TENANT_ID}\n`);
    expect(draft.body).toContain('  Primary domain: contoso.example\n');
  });

  it('gives what the admin needs to find the sign-in', () => {
    expect(draft.body).toContain('  Error code: AADSTS50076\n');
    expect(draft.body).toContain(`  Correlation ID: ${CORRELATION_ID}\n`);
    expect(draft.body).toContain('  Time: 2025-03-04 09:15:27 UTC\n');
    expect(draft.body).toContain(`  Your tenant ID: ${FABRIKAM_ID}\n`);
    expect(draft.body).toContain('find the sign-in in your Microsoft Entra sign-in logs');
  });

  it('walks the admin-center path for the partner entry and the default setting', () => {
    expect(draft.body).toContain('Identity > External Identities > Cross-tenant access settings');
    expect(draft.body).toContain(`select Add organization and enter the tenant ID ${HOME_TENANT_ID}`);
    expect(draft.body).toContain('select the link in the Inbound access column');
    expect(draft.body).toContain(
      'select Customize settings and tick "Trust multifactor authentication from Microsoft Entra tenants"',
    );
    expect(draft.body).toContain('open the Default settings tab and select Edit inbound defaults');
  });

  it('has the Graph POST and PATCH and the PowerShell commands with the home tenant id filled in', () => {
    expect(draft.body).toContain(
      '    POST https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners\n',
    );
    expect(draft.body).toContain(`      "tenantId": "${HOME_TENANT_ID}",\n`);
    expect(draft.body).toContain(
      `    PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/${HOME_TENANT_ID}\n`,
    );
    expect(draft.body).toContain('"inboundTrust": { "isMfaAccepted": true }');
    expect(draft.body).toContain(
      `    New-MgPolicyCrossTenantAccessPolicyPartner -TenantId ${HOME_TENANT_ID} -InboundTrust @{ IsMfaAccepted = $true }\n`,
    );
    expect(draft.body).toContain(
      `    Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${HOME_TENANT_ID} -InboundTrust @{ IsMfaAccepted = $true }\n`,
    );
    expect(draft.body).toContain(
      `    Connect-MgGraph -TenantId ${FABRIKAM_ID} -Scopes Policy.ReadWrite.CrossTenantAccess\n`,
    );
  });

  it('states the licence prerequisite, security defaults, the two pitfalls, verification and benefits', () => {
    expect(draft.body).toContain('Microsoft Entra ID P1 or P2');
    expect(draft.body).toContain('security defaults');
    expect(draft.body).toContain('whose trust settings are not customised inherits the default inbound settings');
    expect(draft.body).toContain('registration campaign that includes external users');
    expect(draft.body).toContain('exclude guests and external users');
    expect(draft.body).toContain('"MFA requirement satisfied by claim in the token"');
    expect(draft.body).toContain('You no longer handle MFA resets');
    expect(draft.body).toContain('uses your licences');
  });

  it('signs off with the sender name', () => {
    expect(draft.body.endsWith('Kind regards,\nAlex Martin\n')).toBe(true);
  });

  it('has a one-line subject naming both organisations', () => {
    expect(draft.subject).toBe('Request: trust MFA from Contoso Ltd for guest sign-ins to Fabrikam');
    expect(draft.kind).toBe('trust-request');
    expect(draft.tenantId).toBe(FABRIKAM_ID);
  });

  it('greets neutrally when the recipient is not the only sponsor', () => {
    const toContact = composeEmail(trustContext({ to: ['it@fabrikam.example'] }));
    expect(toContact.body.startsWith('Hello,\n\n')).toBe(true);
    const twoRecipients = composeEmail(trustContext({ to: ['dana.fischer@fabrikam.example', 'it@fabrikam.example'] }));
    expect(twoRecipients.body.startsWith('Hello,\n\n')).toBe(true);
    const sponsorCaseDiffers = composeEmail(trustContext({ to: ['Dana.Fischer@Fabrikam.example'] }));
    expect(sponsorCaseDiffers.body.startsWith('Hello Dana Fischer,\n\n')).toBe(true);
  });

  it('describes every verdict in its own plain words, never with a hyphenated internal name', () => {
    const sentences = new Set<string>();
    for (const verdict of VERDICTS) {
      const body = composeEmail(
        trustContext({ tenant: tenantRecord({ classification: classification({ verdict }) }) }),
      ).body;
      const today = body.split('What happens today\n')[1]!.split('\n')[0]!;
      if (verdict.includes('-')) expect(today).not.toContain(verdict);
      expect(today.length).toBeGreaterThan(30);
      sentences.add(today);
    }
    expect(sentences.size).toBe(VERDICTS.length);
  });

  it('words the registration case as a registration demand', () => {
    const body = composeEmail(goldenContexts()['trust-request-registration']!).body;
    expect(body).toContain('wants me to register a separate MFA method');
    expect(body).toContain('AADSTS50079');
  });

  it('for a likely verdict, is right whether trust is missing or a strength is not met: both checks, the policy id', () => {
    const body = composeEmail(goldenContexts()['trust-request']!).body;
    expect(body).toContain(
      'Either Fabrikam does not trust MFA from Contoso Ltd, or one of its Conditional Access policies',
    );
    expect(body).toContain('Two things to check\n');
    expect(body).toContain('(Cross-tenant access settings, inbound trust)');
    expect(body).toContain(
      `open the Conditional Access policy with ID ${POLICY_ID} under Conditional Access > Policies`,
    );
    expect(body).toContain('If it requires an authentication strength');
    expect(body).toContain(`  Conditional Access policy: ${POLICY_ID}\n`);
    expect(body).toContain(`  Trace ID: ${TRACE_ID}\n`);
    expect(body).not.toContain('my home MFA is not trusted');
  });

  it('for a certain verdict, says so plainly and leaves the strength check out', () => {
    const body = composeEmail(
      trustContext({ tenant: tenantRecord({ classification: classification({ confidence: 'certain' }) }) }),
    ).body;
    expect(body).toContain('my home MFA is not trusted');
    expect(body).not.toContain('Two things to check');
    expect(body).not.toContain('If it requires an authentication strength');
  });

  it('names several policies, and never more than five, only id-shaped', () => {
    const ids = ['p-1', 'p-2', 'bad id', 'p-3', 'p-4', 'p-5', 'p-6'];
    const base = classification();
    const body = composeEmail(
      trustContext({
        tenant: tenantRecord({ classification: { ...base, evidence: { ...base.evidence, policyIds: ids } } }),
      }),
    ).body;
    expect(body).toContain('  Conditional Access policy: p-1, p-2, p-3, p-4, p-5\n');
    expect(body).toContain('the Conditional Access policies with IDs p-1, p-2, p-3, p-4 and p-5');
  });

  it('leaves out codes it does not have, and says when it has not checked yet', () => {
    const body = composeEmail(trustContext({ tenant: tenantRecord({ classification: null, observedAt: null }) })).body;
    expect(body).not.toContain('Error code:');
    expect(body).not.toContain('Correlation ID:');
    expect(body).not.toContain('find the sign-in');
    expect(body).toContain('I have not yet checked how Fabrikam treats MFA from Contoso Ltd.');
  });

  it('flags an observation older than 30 days', () => {
    const later = composeEmail(trustContext({ now: new Date('2025-05-01T00:00:00Z') })).body;
    expect(later).toContain('your settings may have changed since');
    expect(composeEmail(trustContext()).body).not.toContain('may have changed since');
  });

  it('puts a placeholder, not data, into commands when the home tenant id is not a GUID', () => {
    const body = composeEmail(trustContext({ home: { ...home, tenantId: 'x; Remove-MgUser -UserId all' } })).body;
    expect(body).not.toContain('Remove-MgUser');
    expect(body).toContain('-TenantId <home-tenant-id> -InboundTrust');
    expect(body).not.toContain('Home tenant ID:');
  });

  it('falls back to the domain, then to plain words, when names are missing', () => {
    const noName = composeEmail(
      trustContext({
        home: { tenantId: HOME_TENANT_ID, name: null, primaryDomain: 'contoso.example' },
        tenant: tenantRecord({ displayName: '  ' }),
      }),
    );
    expect(noName.subject).toBe('Request: trust MFA from contoso.example for guest sign-ins to fabrikam.example');
    const nothing = composeEmail(
      trustContext({
        home: { tenantId: HOME_TENANT_ID, name: null, primaryDomain: null },
        tenant: tenantRecord({ displayName: '', defaultDomain: '' }),
      }),
    );
    expect(nothing.subject).toBe(
      'Request: trust MFA from my home organisation for guest sign-ins to your organisation',
    );
  });
});

describe('MFA reset request', () => {
  const draft = composeEmail(goldenContexts()['mfa-reset']!);

  it('asks for re-registration, never a Temporary Access Pass (Entra refuses one for an external guest)', () => {
    const opening = draft.body.split('\n\n')[1]!;
    expect(opening).toContain('lost or replaced');
    expect(opening).toContain('require me to register MFA again');
    expect(opening).not.toMatch(/Temporary Access Pass/);
    // The admin paths a partner can carry out for a guest: the admin centre button, the Graph delete, the cmdlet.
    expect(draft.body).toContain('"Require re-register MFA"');
    expect(draft.body).toContain('Reset-EntraStrongAuthenticationMethodByUpn');
    expect(draft.body).toMatch(/A Temporary Access Pass is not an option here/);
    expect(draft.body).not.toMatch(/issue me a Temporary Access Pass|add a Temporary Access Pass/);
  });

  it('words an inferred entry as what the checks suggest, a confirmed one as a fact', () => {
    const ctx = goldenContexts()['mfa-reset']!;
    const likely = composeEmail({ ...ctx, entry: 'in-use', entryConfidence: 'likely' }).body;
    expect(likely).toContain('as far as I can tell, I keep a separate Authenticator entry');
    expect(likely).not.toContain('(I keep a separate Authenticator entry');
    const certain = composeEmail({ ...ctx, entry: 'in-use', entryConfidence: 'certain' }).body;
    expect(certain).toContain('(I keep a separate Authenticator entry for your organisation)');
  });

  it('identifies the account and the tenant, and links the Security info page', () => {
    expect(draft.subject).toBe('Request: MFA reset for my guest account in Fabrikam');
    expect(draft.body).toContain('  Guest account: alex.martin@contoso.example (a guest user from Contoso Ltd)\n');
    expect(draft.body).toContain(`  Your tenant ID: ${FABRIKAM_ID}\n`);
    expect(draft.body).toContain(`https://mysignins.microsoft.com/security-info/?tenantId=${FABRIKAM_ID}`);
  });

  it('offers identity checks through the sponsor', () => {
    expect(draft.body).toContain('As my sponsor at Fabrikam, you can confirm');
    const toIt = composeEmail({ ...goldenContexts()['mfa-reset']!, to: ['it@fabrikam.example'] });
    expect(toIt.body).toContain('Dana Fischer, my sponsor at Fabrikam, can confirm that this request comes from me.');
    const noSponsor = composeEmail({
      ...goldenContexts()['mfa-reset']!,
      tenant: tenantRecord({ sponsors: [] }),
      to: ['it@fabrikam.example'],
    });
    expect(noSponsor.body).toContain('I am happy to confirm my identity in a call');
  });
});

describe('MFA reset without a lost phone', () => {
  it('claims no lost or replaced phone unless the user said so', () => {
    const plain = composeEmail(goldenContexts()['mfa-reset-register-again']!);
    expect(plain.body).not.toMatch(/lost|replaced|new phone/);
    expect(plain.body.split('\n\n')[1]).toContain('would like to register my MFA methods with Fabrikam again');
    const lost = composeEmail(goldenContexts()['mfa-reset']!);
    expect(lost.body).toContain('has been lost or replaced');
    expect(lost.body).toContain('I will register my new phone');
  });
});

describe('device-trust request', () => {
  const draft = composeEmail(goldenContexts()['device-trust']!);

  it('asks to trust the home tenant’s device claims, with the switch to tick and the Graph body', () => {
    expect(draft.subject).toBe('Request: trust devices from Contoso Ltd for guest sign-ins to Adatum, Inc.');
    expect(draft.body).toContain('tick "Trust compliant devices"');
    expect(draft.body).toContain(
      '"inboundTrust": { "isCompliantDeviceAccepted": true, "isHybridAzureADJoinedDeviceAccepted": true }',
    );
    expect(draft.body).toContain('  Error code: AADSTS530003\n');
    // It asks for device trust, not MFA trust.
    expect(draft.body).not.toContain('"isMfaAccepted": true }');
  });
});

describe('names that end in a period', () => {
  it.each(EMAIL_KINDS)('"%s" writes "Fabrikam, Inc." once, never "Inc.."', (kind) => {
    const draft = composeEmail({
      ...goldenContexts()['remove-guest']!,
      kind,
      tenant: tenantRecord({ displayName: 'Fabrikam, Inc.' }),
    });
    expect(`${draft.subject}\n${draft.body}`).not.toMatch(/Inc\.\./);
    expect(draft.body).toContain('Fabrikam, Inc.');
  });
});

describe('remove-guest request', () => {
  const draft = composeEmail(goldenContexts()['remove-guest']!);

  it('asks to remove the account and explains leaving via My Account, with the link', () => {
    expect(draft.subject).toBe('Request: remove my guest account from Northwind Traders');
    expect(draft.body.split('\n\n')[1]).toBe(
      'I no longer need my guest account at Northwind Traders. Could you please remove it (delete the guest user)?',
    );
    expect(draft.body).toContain('My Account > Organizations > Leave');
    expect(draft.body).toContain(
      'https://myaccount.microsoft.com/organizations?tenantId=6d0f2c7a-93b8-4e1d-8c5f-1a2b3c4d5e6f',
    );
  });
});

describe('the Authenticator entry line', () => {
  it.each(ENTRY_STATUSES)('names the entry "%s" with the label of the entries view', (status) => {
    for (const kind of ['trust-request', 'mfa-reset'] as const) {
      const draft = composeEmail({ ...goldenContexts()[kind]!, entry: status });
      const line = draft.body.split('\n').find((l) => l.includes('My Authenticator entry:'));
      expect(line?.startsWith(`  My Authenticator entry: ${ENTRY_TEXT[status].label} (`), kind).toBe(true);
      expect(line, kind).toMatch(/\)$/);
    }
  });

  it('is left out when the entry is not known', () => {
    const draft = composeEmail({ ...goldenContexts()['trust-request']!, entry: null });
    expect(draft.body).not.toContain('My Authenticator entry');
  });
});

describe('recipients', () => {
  it('prefers remembered recipients, then sponsors, then technical contacts', () => {
    const sponsors = [
      { displayName: 'Dana', mail: 'dana@fabrikam.example' },
      { displayName: 'No mail', mail: null },
    ];
    expect(
      defaultRecipients(
        tenantRecord({ recipients: ['me-typed@fabrikam.example'], sponsors, technicalContacts: ['t@x.example'] }),
      ),
    ).toEqual(['me-typed@fabrikam.example']);
    expect(defaultRecipients(tenantRecord({ recipients: [], sponsors, technicalContacts: ['t@x.example'] }))).toEqual([
      'dana@fabrikam.example',
    ]);
    expect(
      defaultRecipients(tenantRecord({ recipients: [], sponsors: [], technicalContacts: ['t@x.example'] })),
    ).toEqual(['t@x.example']);
    expect(defaultRecipients(tenantRecord({ recipients: [], sponsors: [], technicalContacts: [] }))).toEqual([]);
  });

  it('skips invalid remembered or sponsor addresses and removes duplicates', () => {
    const tenant = tenantRecord({
      recipients: ['not an address'],
      sponsors: [
        { displayName: 'A', mail: 'a@fabrikam.example\r\nBcc: victim@example.com' },
        { displayName: 'B', mail: 'B@fabrikam.example' },
        { displayName: 'B again', mail: 'b@fabrikam.example' },
      ],
    });
    expect(defaultRecipients(tenant)).toEqual(['B@fabrikam.example']);
  });

  it('drafts only with valid, distinct recipients', () => {
    const draft = composeEmail(
      trustContext({ to: [' it@fabrikam.example ', 'IT@fabrikam.example', 'x@y.example, z@w.example', ''] }),
    );
    expect(draft.to).toEqual(['it@fabrikam.example']);
  });
});

describe('every kind and verdict', () => {
  it('produces a one-line subject and a body of whole lines without control characters', () => {
    for (const kind of ['trust-request', 'mfa-reset', 'remove-guest'] as const) {
      for (const verdict of [...VERDICTS, null] as (Verdict | null)[]) {
        const draft = composeEmail(
          trustContext({
            kind,
            tenant: tenantRecord({ classification: verdict === null ? null : classification({ verdict }) }),
          }),
        );
        expect(draft.subject).not.toMatch(/[\r\n]/);
        expect(draft.body.endsWith('\n')).toBe(true);
        // eslint-disable-next-line no-control-regex -- asserting their absence
        expect(draft.body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
        expect(draft.body).not.toMatch(/undefined|null|NaN|\[object/);
      }
    }
  });
});

describe('translation structure', () => {
  /** A pseudo-locale: English with every word it produces upper-cased. */
  function shout<T>(value: T): T {
    if (typeof value === 'string') return value.toUpperCase() as T;
    if (Array.isArray(value)) return value.map(shout) as T;
    if (typeof value === 'function') {
      return ((...args: unknown[]) => shout((value as (...a: unknown[]) => unknown)(...args))) as T;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shout(v)])) as T;
    }
    return value;
  }

  it('takes every word from the locale: with an upper-case locale and upper-case data, no lower case is left', () => {
    const locale = shout(en);
    const digitsOnly = '11111111-2222-3333-4444-555555555555';
    for (const kind of EMAIL_KINDS) {
      const draft = composeEmail(
        {
          kind,
          sender: { name: 'ALEX MARTIN', address: 'ALEX@CONTOSO.EXAMPLE' },
          home: { tenantId: digitsOnly, name: 'CONTOSO', primaryDomain: 'CONTOSO.EXAMPLE' },
          tenant: tenantRecord({
            tenantId: digitsOnly,
            displayName: 'FABRIKAM',
            defaultDomain: 'FABRIKAM.EXAMPLE',
            sponsors: [{ displayName: 'DANA', mail: 'DANA@FABRIKAM.EXAMPLE' }],
            classification: classification({
              evidence: {
                ...classification().evidence,
                correlationId: digitsOnly,
                traceId: digitsOnly,
                policyIds: [digitsOnly],
              },
            }),
          }),
          to: ['DANA@FABRIKAM.EXAMPLE'],
          now: NOW,
        },
        locale,
      );
      expect(draft.subject).not.toMatch(/[a-z]/);
      // Code blocks (indented by four) are Graph and PowerShell syntax, the same in every language.
      const prose = draft.body.split('\n').filter((line) => !line.startsWith('    ') || /^ {4}\d+\. /.test(line));
      for (const line of prose) expect(line, `${kind}: ${line}`).not.toMatch(/[a-z]/);
    }
  });
});
