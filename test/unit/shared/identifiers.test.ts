/**
 * One check per kind of identifier, and every place that takes one agrees: the IPC contract (what the renderer
 * may send), the store (what it keeps) and the forms (what they let through).
 */
import { describe, expect, it } from 'vitest';
import { recipientsSchema } from '../../../main/store/schema';
import { isValidEmailAddress, parseRecipientText } from '../../../shared/email/address';
import { isDomainName, isGuid, isTenantQuery } from '../../../shared/identifiers';
import { requestSchemas } from '../../../shared/ipc/contract';

const TENANT = '3c9e0000-5b2a-4d1e-8f00-000000000001';

describe('identifiers', () => {
  it('recognises tenant ids and domains', () => {
    expect(isGuid('04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toBe(true);
    expect(isGuid('04B07795-8DDB-461A-BBEE-02F9E1BF7B46')).toBe(true);
    expect(isGuid(' 04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toBe(false);
    expect(isGuid('04b07795')).toBe(false);
    expect(isDomainName('fabrikam.com')).toBe(true);
    expect(isDomainName('fabrikam')).toBe(false);
    expect(isTenantQuery('fabrikam.com') && isTenantQuery(TENANT)).toBe(true);
    expect(isTenantQuery('not a domain')).toBe(false);
  });

  it('splits what the user typed into addresses and the parts that are not ones', () => {
    expect(parseRecipientText('a@x.com, b@y.org;A@x.com  nope')).toEqual({
      valid: ['a@x.com', 'b@y.org'],
      invalid: ['nope'],
    });
    expect(parseRecipientText('"evil"@x.com').invalid).toHaveLength(1);
    expect(parseRecipientText('a@x.com<b@y.com>').invalid).toHaveLength(1);
  });

  it.each([
    'lidia@tailspintoys.com',
    'first.last+tag@sub.example.org',
    "o'brien@example.ie",
    'ü@example.com',
    'a@b',
    'a@@b.com',
    '"quoted"@example.com',
    'two@x.com,three@y.com',
    'it@xn--bcher-kva.example',
  ])('takes %s in the contract, the store and the form alike, or in none', (address) => {
    const everywhere = isValidEmailAddress(address);
    const contract = requestSchemas.setTenantRecipients.safeParse({
      accountId: 'a',
      tenantId: TENANT,
      recipients: [address],
    }).success;
    const composer = requestSchemas.composeEmail.safeParse({
      kind: 'trust-request',
      accountId: 'a',
      tenantId: TENANT,
      to: [address],
    }).success;
    const store = recipientsSchema.safeParse([address]).success;
    const form = parseRecipientText(address).valid.length === 1;
    expect({ contract, composer, store, form }).toEqual({
      contract: everywhere,
      composer: everywhere,
      store: everywhere,
      form: everywhere,
    });
  });

  it('takes a tenant id in the contract exactly when the shared check does', () => {
    for (const value of [TENANT, TENANT.toUpperCase(), `${TENANT} `, 'fabrikam.com', '']) {
      expect(requestSchemas.removeTenant.safeParse({ accountId: 'a', tenantId: value }).success, value).toBe(
        isGuid(value),
      );
    }
  });
});
