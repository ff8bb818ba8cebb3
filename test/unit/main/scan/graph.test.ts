import { describe, expect, it } from 'vitest';
import { parseMethods, parseOrganization, parseSponsors, readMethods } from '../../../../main/scan/graph';
import { fakeTransport, json } from '../../../support/fake-transport';

const GRAPH = 'https://graph.microsoft.com';

describe('Graph parsers', () => {
  it('turns Graph authentication methods into recognisable entries', () => {
    const methods = parseMethods({
      value: [
        { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p', createdDateTime: null },
        {
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
          id: 'a',
          displayName: 'Pixel 8',
          phoneAppVersion: '6.2405.3055',
        },
        {
          '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
          id: 'ph',
          phoneNumber: '+49 1701234567',
          phoneType: 'mobile',
        },
        {
          '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
          id: 'f',
          displayName: null,
          model: 'YubiKey 5 NFC',
        },
        { '@odata.type': '#microsoft.graph.somethingNew', id: 'n' },
        { nonsense: true },
      ],
    });
    expect(methods).toEqual([
      { type: 'password', displayName: '', createdDateTime: null },
      {
        type: 'microsoftAuthenticator',
        displayName: 'Pixel 8',
        detail: 'Authenticator 6.2405.3055',
        createdDateTime: null,
      },
      { type: 'phone', displayName: '+49 1701234567', detail: 'mobile', createdDateTime: null },
      { type: 'fido2', displayName: 'YubiKey 5 NFC', detail: 'YubiKey 5 NFC', createdDateTime: null },
      { type: 'other', displayName: '', createdDateTime: null },
    ]);
  });

  it('cuts oversized names instead of carrying megabytes around', () => {
    const methods = parseMethods({
      value: [
        {
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
          displayName: 'x'.repeat(90_000),
        },
      ],
    });
    expect(methods?.[0]?.displayName.length).toBeLessThanOrEqual(300);
  });

  it('returns null for a body that is not a collection', () => {
    expect(parseMethods({ error: 'x' })).toBeNull();
    expect(parseSponsors('nope')).toBeNull();
    expect(parseOrganization(null)).toBeNull();
  });

  it('reads sponsors and the organisation contact fields', () => {
    expect(
      parseSponsors({
        value: [
          { '@odata.type': '#microsoft.graph.user', displayName: 'Megan Bowen', mail: 'megan@fabrikam.example' },
          { '@odata.type': '#microsoft.graph.group', id: 'g' },
        ],
      }),
    ).toEqual([
      { displayName: 'Megan Bowen', mail: 'megan@fabrikam.example' },
      { displayName: 'Sponsor', mail: null },
    ]);
    expect(
      parseOrganization({
        value: [
          {
            displayName: 'Fabrikam',
            verifiedDomains: [{ name: 'fabrikam.example', isDefault: true }],
            technicalNotificationMails: ['it@fabrikam.example'],
          },
        ],
      }),
    ).toEqual({
      displayName: 'Fabrikam',
      verifiedDomains: ['fabrikam.example'],
      technicalNotificationMails: ['it@fabrikam.example'],
    });
  });
});

describe('Graph reads', () => {
  it('reports a 403 as "not allowed to read", not as a failed scan', async () => {
    const transport = fakeTransport({
      [`${GRAPH}/v1.0/me/authentication/methods`]: json(403, {
        error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
      }),
    });
    const read = await readMethods(transport, GRAPH, 'tok');
    expect(read).toMatchObject({ status: 'denied', httpStatus: 403 });
    expect(read.status !== 'ok' && read.message).toMatch(/Authorization_RequestDenied/);
  });

  it('reports an unreadable answer as failed', async () => {
    const transport = fakeTransport({ [`${GRAPH}/v1.0/me/authentication/methods`]: json(200, { value: 'x' }) });
    expect(await readMethods(transport, GRAPH, 'tok')).toMatchObject({ status: 'failed' });
  });

  it('says when a method list was cut at 100, goes on to another page, or held unreadable items', async () => {
    const method = { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', phoneNumber: '+1 555 0100' };
    const many = fakeTransport({
      [`${GRAPH}/v1.0/me/authentication/methods`]: json(200, {
        value: [...Array.from({ length: 140 }, () => method)],
        '@odata.nextLink': `${GRAPH}/v1.0/me/authentication/methods?$skiptoken=2`,
      }),
    });
    const cut = await readMethods(many, GRAPH, 'tok');
    expect(cut.status === 'ok' && cut.value).toHaveLength(100);
    expect(cut.status === 'ok' && cut.note).toBe(
      "Only the first 100 of the 140 registered methods are kept; Microsoft's list of your registered methods goes on beyond the first page, which the app does not read.",
    );
    const damaged = fakeTransport({
      [`${GRAPH}/v1.0/me/authentication/methods`]: json(200, { value: [method, 7, { displayName: 'no type' }] }),
    });
    const some = await readMethods(damaged, GRAPH, 'tok');
    expect(some.status === 'ok' && some.value).toHaveLength(1);
    expect(some.status === 'ok' && some.note).toBe('2 of the registered methods could not be read and are left out.');
    const whole = fakeTransport({ [`${GRAPH}/v1.0/me/authentication/methods`]: json(200, { value: [method] }) });
    expect(await readMethods(whole, GRAPH, 'tok')).toEqual({ status: 'ok', value: [expect.anything()] });
  });
});
