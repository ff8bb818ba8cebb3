/**
 * Start-up time, a 200-tenant scan through MSAL (the realistic mix of large-200.json, each tenant answering
 * as its case says), and the scenario generator's determinism.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from '@azure/msal-node';
import type { Emulator } from '../../../tools/entra-emulator';
import { generateScenario, REALISTIC_MIX, type GeneratedCase } from '../../../tools/entra-emulator/generate-scenario';
import {
  CLIENT_ID,
  claimsOf,
  createClient,
  GRAPH_DEFAULT,
  probe,
  scenarioFile,
  signIn,
  start,
  type Client,
} from './harness';
import { parseScenario } from '../../../tools/entra-emulator';

/** What a probe of each generated case answers: a token (with or without mfa) or the AADSTS code. */
const EXPECTED: Record<GeneratedCase, string> = {
  trusted: 'token+mfa',
  'no-mfa': 'token',
  // Refresh-token answers carry no claims challenge by default (every public-client refresh body found has none;
  // `claimsOnRefresh` opts in).
  separate: '50076',
  register: '50079',
  strength: '50076',
  'strength-blocked': '53003',
  // 530003 has no suberror: MSAL raises a ServerError, which keeps no claims.
  device: '530003',
  // Security Defaults: a registered guest gets a token without MFA; an unregistered one is made to register.
  'security-defaults': 'token',
  'security-defaults-register': '50079',
  'per-user-mfa': '50076',
  leftover: 'token',
  removed: '50020',
  blocked: '53003',
  'admin-consent': 'token+mfa',
  pending: '50014',
};

async function outcome(client: Client, home: AccountInfo, key: string): Promise<string> {
  try {
    const result = await probe(client, home, key);
    return claimsOf(result.accessToken).amr.includes('mfa') ? 'token+mfa' : 'token';
  } catch (error) {
    const failure = error as { errorNo?: unknown; claims?: string };
    return `${String(failure.errorNo)}${failure.claims ? '+claims' : ''}`;
  }
}

describe('scale', () => {
  let emulator: Emulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await start(scenarioFile('large-200.json'));
    client = createClient(emulator);
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it('starts quickly (start-up time logged, not asserted)', async () => {
    const small = await start(scenarioFile('seed-blog.json'));
    console.log(`emulator start-up: seed-blog ${small.startupMs} ms, large-200 ${emulator.startupMs} ms`);
    expect(small.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await small.close();
  });

  it('answers a 200-tenant scan (8 probes at a time) as each tenant case says', async () => {
    const home = (await signIn(client)).account!;
    const keys = Object.keys(emulator.scenario.tenants).filter((key) => key !== 'contoso');
    expect(keys).toHaveLength(200);
    const results = new Map<string, string>();
    const queue = [...keys];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
          results.set(key, await outcome(client, home, key));
        }
      }),
    );
    console.log(`200-tenant scan through MSAL (8 at a time): ${Math.round(performance.now() - started)} ms`);

    // The same 200 refresh-token redemptions without MSAL: what the emulator itself costs.
    const cache = JSON.parse(client.pca.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const refreshToken = Object.values(cache.RefreshToken)[0]!.secret;
    const raw = [...keys];
    const rawStarted = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let key = raw.shift(); key !== undefined; key = raw.shift()) {
          const answer = await client.transport.request({
            method: 'POST',
            url: `https://login.microsoftonline.com/${emulator.scenario.tenants[key]!.id}/oauth2/v2.0/token`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              client_id: CLIENT_ID,
              grant_type: 'refresh_token',
              refresh_token: refreshToken,
              scope: `${GRAPH_DEFAULT} openid profile offline_access`,
            }).toString(),
          });
          expect([200, 400]).toContain(answer.status);
        }
      }),
    );
    // MSAL's own cache work grows with every tenant profile it adds; the emulator's answers do not.
    console.log(`the same 200 token requests without MSAL: ${Math.round(performance.now() - rawStarted)} ms`);
    for (const key of keys) {
      const kind = emulator.scenario.tenants[key]!.description as GeneratedCase;
      expect(`${key} ${results.get(key)}`).toBe(`${key} ${EXPECTED[kind]}`);
    }
    expect(emulator.requestCount({ endpoint: 'token' })).toBeGreaterThanOrEqual(401);
  });
});

describe('generate-scenario', () => {
  it('reproduces the committed large-200.json', async () => {
    const committed = JSON.parse(await readFile(scenarioFile('large-200.json'), 'utf8'));
    expect(generateScenario({ tenants: 200, name: 'large-200' })).toEqual(committed);
  });

  it('covers every case of the model first, then mixes; adds latency; all-trusted trusts everywhere', () => {
    const small = parseScenario(generateScenario({ tenants: 20, latencyMs: 25 }));
    expect(small.latencyMs).toBe(25);
    const cases = Object.values(small.tenants).map((tenant) => tenant.description);
    for (const kind of Object.keys(REALISTIC_MIX)) expect(cases).toContain(kind);
    const trusted = parseScenario(generateScenario({ tenants: 30, mix: 'all-trusted' }));
    const guests = Object.values(trusted.tenants).filter((tenant) => tenant.guest);
    expect(guests).toHaveLength(30);
    expect(guests.every((tenant) => tenant.inboundTrust.mfa && tenant.policy.requireMfa)).toBe(true);
    expect(new Set(Object.values(trusted.tenants).map((tenant) => tenant.defaultDomain)).size).toBe(31);
  });
});
