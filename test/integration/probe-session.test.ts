/**
 * The probe session (AuthService.openProbeSession) through the app's real services: each probe runs in a
 * memory-only client of its own, and the refresh token the tenants renew still reaches the saved sign-in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario } from '../../tools/entra-emulator/generate-scenario';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { createAesGcmCrypto } from '../../tools/aes-gcm-crypto';

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

function savedRefreshTokens(harness: AppHarness): Record<string, string> {
  const file = readFileSync(path.join(harness.userDataDir, 'msal-cache.bin'));
  const cache = JSON.parse(createAesGcmCrypto(harness.env.cacheKey).decrypt(file)) as {
    RefreshToken?: Record<string, { secret: string }>;
  };
  return Object.fromEntries(Object.entries(cache.RefreshToken ?? {}).map(([key, entry]) => [key, entry.secret]));
}

describe('probe session', () => {
  it('saves the refresh token the probes renewed, and the next start scans with it', async () => {
    app = await startApp(generateScenario({ tenants: 24 }));
    const { accountId } = await app.services.handlers.signIn(undefined);
    const before = savedRefreshTokens(app);
    expect(Object.keys(before)).toHaveLength(1);

    const first = await app.services.handlers.startScan({ accountId });
    expect(first).toMatchObject({ error: null, done: first.total });
    const after = savedRefreshTokens(app);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after)).not.toEqual(Object.values(before));
    const verdicts = new Map(tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]));

    const restarted = await app.restart();
    const second = await restarted.handlers.startScan({ accountId });
    expect(second).toMatchObject({ error: null, done: second.total });
    expect(new Map(tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]))).toEqual(verdicts);
    expect(app.emulator.requestCount({ endpoint: 'authorize' })).toBe(1);
  });
});
