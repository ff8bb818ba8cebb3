/**
 * The Azure CLI client's token answers carry `foci: "1"` (a family of client ids: msal-common keeps such a refresh
 * token as the family's). The app must keep working with the cache that results: signed in and scanned once, then
 * restarted on the same data folder and saved cache, a scan lists and checks every tenant again without a new
 * sign-in, through the family refresh token.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../tools/entra-emulator';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';

let app: AppHarness | null = null;
afterAll(async () => {
  await app?.close();
});

describe('a saved family refresh token (foci "1")', () => {
  it('still scans after a restart, without a new sign-in', async () => {
    const answers: Record<string, unknown>[] = [];
    const emulator = await startEmulator({
      scenario: path.join(SCENARIOS, 'seed-blog.json'),
      autoComplete: true,
      onAnswer: (record, body) => {
        if (record.endpoint === 'token' && record.status === 200)
          answers.push(JSON.parse(body) as Record<string, unknown>);
      },
    });
    app = await startApp('seed-blog.json', { emulator });
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
    // Every token answer to the Azure CLI client named the family.
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => a['foci'] === '1')).toBe(true);
    const first = tenantsOf(app, accountId).map((t) => [t.tenantId, t.classification?.verdict]);

    const services = await app.restart();
    const signInsBefore = emulator.requestCount({ endpoint: 'authorize' });
    const tokenBefore = emulator.requestCount({ endpoint: 'token' });
    const progress = await services.handlers.startScan({ accountId });
    expect(progress.error).toBeNull();
    // No browser sign-in: the saved family refresh token was redeemed for the listing and every probe.
    expect(emulator.requestCount({ endpoint: 'authorize' })).toBe(signInsBefore);
    expect(emulator.requestCount({ endpoint: 'token' })).toBeGreaterThan(tokenBefore + first.length - 2);
    const again = tenantsOf(app, accountId);
    expect(again.every((t) => t.classification !== null)).toBe(true);
    expect(again.map((t) => [t.tenantId, t.classification?.verdict])).toEqual(first);
    await app.close();
    app = null;
    await emulator.close();
  }, 120_000);
});
