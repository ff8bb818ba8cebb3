/** The recipients the batch dialog suggests per organisation, and why it says it knows none. */
import { describe, expect, it } from 'vitest';
import { suggestRecipients } from '../../../shared/email';
import { classification, tenantRecord } from '../../fixtures/emails';

describe('suggestRecipients', () => {
  it('proposes the remembered recipients first and lists every other known address after them', () => {
    const tenant = tenantRecord({
      recipients: ['security@fabrikam.example'],
      sponsors: [
        { displayName: 'Dana Fischer', mail: 'dana.fischer@fabrikam.example' },
        { displayName: 'Partner desk', mail: null },
      ],
      technicalContacts: ['it@fabrikam.example', 'not an address'],
    });
    const other = tenantRecord({
      tenantId: '0b0b0b0b-0000-4000-8000-000000000001',
      accountId: 'another-account',
      displayName: 'Fabrikam (second account)',
      recipients: ['helpdesk@eu.fabrikam.example', 'someone@elsewhere.example'],
    });
    const result = suggestRecipients(tenant, [tenant, other]);
    expect(result.to).toEqual(['security@fabrikam.example']);
    expect(result.suggestions).toEqual([
      { address: 'security@fabrikam.example', source: 'remembered', name: null },
      { address: 'dana.fischer@fabrikam.example', source: 'sponsor', name: 'Dana Fischer' },
      { address: 'it@fabrikam.example', source: 'technical-contact', name: null },
      // Remembered for another tenant, in a subdomain of this one's: suggested, not proposed.
      { address: 'helpdesk@eu.fabrikam.example', source: 'same-domain', name: null },
    ]);
    expect(result.unaddressedSponsors).toEqual(['Partner desk']);
    expect(result.note).toBeNull();
  });

  it('proposes the sponsors when nothing is remembered, then the technical contacts', () => {
    expect(suggestRecipients(tenantRecord(), []).to).toEqual(['dana.fischer@fabrikam.example']);
    const contactsOnly = tenantRecord({ sponsors: [], technicalContacts: ['it@fabrikam.example'] });
    expect(suggestRecipients(contactsOnly, []).to).toEqual(['it@fabrikam.example']);
  });

  it('says the app got no token, so it could not read the sponsors, and what would find them', () => {
    // A 50076 refusal: no token, no Graph read, no sponsor known.
    const result = suggestRecipients(tenantRecord({ sponsors: [], technicalContacts: [] }), []);
    expect(result.to).toEqual([]);
    expect(result.suggestions).toEqual([]);
    expect(result.note).toMatch(/gave the app no token at its check, so it could not read who your sponsors/);
    expect(result.note).toMatch(/Sign in to find sponsors/);
    // Whom to ask, and that the email can go out as a draft; never a guessed address.
    expect(result.note).toMatch(
      /the person who invited you, the help desk named in the invitation email, or Fabrikam's IT/,
    );
    expect(result.note).toMatch(/address it in your mail app/);
    expect(result.note).not.toMatch(/@/);
  });

  it('names sponsors without an address (groups, objects a guest cannot read) instead of inventing one', () => {
    const tenant = tenantRecord({
      sponsors: [
        { displayName: 'Partner desk', mail: null },
        { displayName: 'Sponsor', mail: 'bad address' },
      ],
      technicalContacts: [],
    });
    const result = suggestRecipients(tenant, []);
    expect(result.suggestions).toEqual([]);
    expect(result.unaddressedSponsors).toEqual(['Partner desk', 'Sponsor']);
    expect(result.note).toMatch(/^Your sponsors there \(Partner desk, Sponsor\) have no e-mail address/);
  });

  it('says when a token was had and still nobody is named', () => {
    const readable = tenantRecord({
      sponsors: [],
      technicalContacts: [],
      classification: classification({
        verdict: 'home-mfa-trusted',
        evidence: { ...classification().evidence, aadsts: null, amr: ['pwd', 'mfa'] },
      }),
    });
    expect(suggestRecipients(readable, []).note).toMatch(/names no sponsor for you and no contact a guest may read/);
  });
});
