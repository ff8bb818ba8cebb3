/**
 * A decimal Retry-After, as Microsoft Graph's throttling sample sends it (`Retry-After: 2.128`, microsoft-graph-
 * docs-contrib concepts/throttling.md, kept in test/fixtures/published/graph-throttling-429.json), is waited in
 * full: through the app's real services, transport and retry, a Graph read answered 429 with it is tried again no
 * sooner than 2.128 s later. Measured where the retry arrives (the emulator's own clock) as a lower bound only, so
 * a busy machine can make it later but never makes the test fail.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

let app: AppHarness | null = null;
afterAll(async () => {
  await app?.close();
});

describe('Retry-After in decimal seconds on a Graph 429', () => {
  it('waits at least 2.128 s before the retry, and the check still completes', async () => {
    app = await startApp('seed-blog.json');
    const accountId = (await app.services.handlers.signIn(undefined)).accountId;
    app.emulator.addFault('fabrikam', {
      endpoint: 'methods',
      kind: 'status',
      status: 429,
      retryAfter: 2.128,
      times: 1,
    });
    await app.services.handlers.startScan({ accountId });

    const reads = app.emulator.requests.filter((r) => r.endpoint === 'methods' && r.tenant === 'fabrikam');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const [throttled, retried] = reads;
    expect(throttled!.status).toBe(429);
    expect(retried!.status).not.toBe(429);
    // `at` is stamped when each answer is sent: the retry's answer comes after the client's whole wait.
    const waitedMs = Date.parse(retried!.at) - Date.parse(throttled!.at);
    expect(waitedMs).toBeGreaterThanOrEqual(2128);

    const fabrikam = tenantsOf(app, accountId).find((t) => t.defaultDomain === 'fabrikam.example')!;
    // The throttled read was retried, not reported as a failed check.
    expect(fabrikam.classification?.verdict).not.toBe('error');
  }, 60_000);
});
