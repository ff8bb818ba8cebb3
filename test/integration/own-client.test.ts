/**
 * Settings: an organisation's own app registration instead of the default Azure CLI client. The app asks for
 * delegated Graph scopes by name then, so a tenant where only an admin may consent answers with a consent
 * error (a sign-in is needed) instead of a token whose methods cannot be read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID } from '../../shared/model';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

const OWN_CLIENT = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('an own app registration from settings', () => {
  let app: AppHarness;
  let accountId: string;

  beforeAll(async () => {
    app = await startApp('seed-blog.json');
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('switches client, asks to sign in again, and then scans with named Graph scopes', async () => {
    const settings = await app.services.handlers.updateSettings({ clientId: OWN_CLIENT });
    expect(settings.clientId).toBe(OWN_CLIENT);
    const state = await app.services.handlers.getState(undefined);
    expect(state.notices.map((n) => n.title)).toContain('Sign in again');

    // The cached refresh token belongs to the other client: the scan says to sign in again.
    const stale = await app.services.handlers.startScan({ accountId });
    expect(stale.error).toMatch(/Sign in again/);

    await app.services.handlers.signIn(undefined);
    const progress = await app.services.handlers.startScan({ accountId });
    expect(progress.error).toBeNull();
    const byDomain = (d: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === d)!;
    expect(byDomain('relecloud.example').classification?.verdict).toBe('needs-sign-in');
    expect(byDomain('fabrikam.example').classification?.verdict).toBe('home-mfa-trusted');
    const tokenRequests = app.emulator.requests.filter((r) => r.endpoint === 'token');
    expect(tokenRequests.length).toBeGreaterThan(0);
  }, 60_000);

  it('goes back to the default client', async () => {
    const settings = await app.services.handlers.updateSettings({ clientId: DEFAULT_CLIENT_ID });
    expect(settings.clientId).toBe(DEFAULT_CLIENT_ID);
  });
});
