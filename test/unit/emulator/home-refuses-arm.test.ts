/**
 * `arm.homeRefusesSignIn`: a home whose Conditional Access blocks "Windows Azure Service Management API". The ARM
 * sign-in is refused in the browser and an ARM token at home on refresh, both with 53003; Graph is untouched, and
 * partner tenants answer as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, type Emulator } from '../../../tools/entra-emulator';
import {
  ARM_DEFAULT,
  GRAPH_DEFAULT,
  claimsOf,
  createClient,
  failureOf,
  probe,
  scenarioFile,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

let emulator: Emulator | null = null;
let client: Client | null = null;
afterEach(async () => {
  client?.close();
  await emulator?.close();
  client = null;
  emulator = null;
});

describe('a home that refuses the Azure management sign-in', () => {
  it('refuses the ARM sign-in with 53003 and signs in for Graph', async () => {
    emulator = await start(scenarioFile('home-blocks-azure-management.json'));
    client = createClient(emulator);
    const refused = await failureOf(signIn(client, { scopes: [ARM_DEFAULT] }));
    expect(refused.errorCode).toBe('access_denied');
    expect(String(refused.errorMessage)).toContain('AADSTS53003');

    const graph = await signIn(client, { scopes: [GRAPH_DEFAULT] });
    expect(claimsOf(graph.accessToken).tid).toBe(tenantId(emulator, 'contoso'));
    // The Graph session's refresh token does not buy an ARM token at home either: 53003, and (as every public
    // client's refresh answer found so far) without a claims challenge unless the scenario asks for one.
    const home = graph.account!;
    const silent = await failureOf(probe(client, home, 'contoso', [ARM_DEFAULT], { forceRefresh: true }));
    expect(String(silent.errorMessage)).toContain('AADSTS53003');
    expect(silent.claims ?? '').not.toContain(emulator.policyId('contoso', 'blockAzureManagement'));
    // A partner tenant is not the home: its Graph token comes as without the block.
    const fabrikam = await probe(client, home, 'fabrikam', [GRAPH_DEFAULT]);
    expect(claimsOf(fabrikam.accessToken).tid).toBe(tenantId(emulator, 'fabrikam'));
  });

  it('signs in for ARM as before when the switch is off', async () => {
    const scenario = await loadScenario(scenarioFile('home-blocks-azure-management.json'));
    scenario.arm.homeRefusesSignIn = false;
    emulator = await start(scenario);
    client = createClient(emulator);
    const arm = await signIn(client, { scopes: [ARM_DEFAULT] });
    expect(claimsOf(arm.accessToken).aud).toMatch(/management/);
  });
});
