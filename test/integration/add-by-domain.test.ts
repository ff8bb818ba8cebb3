/**
 * Adding an organisation by domain, as a user building the list by hand from My Account's Organizations page:
 * through Graph's `findTenantInformationByDomainName` where the home token carries
 * `CrossTenantInformation.ReadBasic.All` (an own app registration), which names the organisation; through the
 * public OpenID configuration where it does not (the Azure CLI client's fixed Graph set, or Graph's 403).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTenantId } from '../../main/services/tenant-lookup';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

const OWN_APP = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('adding an organisation by domain', () => {
  let app: AppHarness | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('with an own app that may read tenant information, Graph finds it and gives its name', async () => {
    app = await startApp('seed-blog.json');
    await app.services.handlers.updateSettings({ clientId: OWN_APP });
    const { accountId } = await app.services.handlers.signIn(undefined);
    const added = await app.services.handlers.addTenant({ accountId, query: 'Fabrikam.example' });

    expect(app.emulator.requestCount({ endpoint: 'tenant-information', status: 200 })).toBe(1);
    expect(added.tenantId).toBe(
      tenantsOf(app, accountId).find((t) => t.defaultDomain === 'fabrikam.example')?.tenantId,
    );
    expect(added.displayName).toBe('Fabrikam, Inc.');
  }, 60_000);

  it('with the Azure CLI client, whose Graph permissions lack it, the OpenID configuration finds it', async () => {
    app = await startApp('seed-blog.json');
    const { accountId } = await app.services.handlers.signIn(undefined);
    const added = await app.services.handlers.addTenant({ accountId, query: 'fabrikam.example' });

    expect(app.emulator.requestCount({ endpoint: 'tenant-information' })).toBe(0);
    expect(added.defaultDomain).toBe('fabrikam.example');
    expect(tenantsOf(app, accountId).some((t) => t.tenantId === added.tenantId)).toBe(true);
  }, 60_000);

  it('falls back to the OpenID configuration when Graph refuses a token without the permission (403)', async () => {
    app = await startApp('seed-blog.json');
    const { accountId } = await app.services.handlers.signIn(undefined);
    const account = await app.services.auth().homeAccount(accountId);
    // The default client's Graph token: a real token, but without CrossTenantInformation.ReadBasic.All.
    const graphToken = (
      await app.services.auth().homeToken(account, { scopes: ['https://graph.microsoft.com/.default'] })
    ).accessToken;
    const transport = (await import('../../main/net/transport')).createTransport(app.env.network);
    try {
      const found = await resolveTenantId(transport, 'login.microsoftonline.com', 'fabrikam.example', {
        graphBaseUrl: 'https://graph.microsoft.com',
        token: async () => graphToken,
      });
      expect(app.emulator.requestCount({ endpoint: 'tenant-information', status: 403 })).toBe(1);
      expect(found).toMatchObject({ ok: true, via: 'openid', domain: 'fabrikam.example', displayName: null });
      const unknown = await resolveTenantId(transport, 'login.microsoftonline.com', 'nobody.example', {
        graphBaseUrl: 'https://graph.microsoft.com',
        token: async () => graphToken,
      });
      expect(unknown).toMatchObject({
        ok: false,
        message: 'No Microsoft Entra organisation uses the domain nobody.example.',
      });
    } finally {
      transport.close();
    }
  }, 60_000);
});
