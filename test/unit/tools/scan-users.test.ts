/**
 * The headless runner with a scenario of several home users (two-users.json): `--user <upn>` scans that
 * account's own tenants; without it, or with a upn the scenario does not have, the runner exits 1 with one line
 * naming the scenario's users. A single-user scenario needs no --user.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../tools/entra-emulator';
import { chooseUser, parseArguments, runScan, UsageError } from '../../../tools/scan';

const root = path.resolve(__dirname, '../../..');
const twoUsers = path.join(root, 'test/scenarios/two-users.json');
const seed = path.join(root, 'test/scenarios/seed-blog.json');
const run = promisify(execFile);

interface Printed {
  account: { upn: string; homeTenantId: string };
  tenants: { defaultDomain: string; isHome: boolean; verdict: string }[];
}

async function scanAs(user: string): Promise<Printed> {
  let printed = '';
  await runScan({ scenario: twoUsers, user, json: true, emails: null, concurrency: null }, (text) => (printed = text));
  return JSON.parse(printed) as Printed;
}

describe('headless runner with several home users', () => {
  it('reads --user', () => {
    expect(parseArguments(['--scenario', twoUsers, '--user', 'alex@fourthcoffee.example']).user).toBe(
      'alex@fourthcoffee.example',
    );
    expect(() => parseArguments(['--scenario', twoUsers, '--user'])).toThrow('--user needs a value');
  });

  it("scans the --user account's own tenants", async () => {
    const alex = await scanAs('Alex@FourthCoffee.example');
    expect(alex.account.upn).toBe('alex@fourthcoffee.example');
    expect(Object.fromEntries(alex.tenants.map((t) => [t.defaultDomain, t.verdict]))).toEqual({
      'fourthcoffee.example': 'home-mfa-trusted',
      'contoso.example': 'registration-required',
      'fabrikam.example': 'home-mfa-trusted',
      'litware.example': 'blocked',
      'northwindtraders.example': 'registration-required',
    });
    expect(alex.tenants.find((t) => t.isHome)?.defaultDomain).toBe('fourthcoffee.example');
    const adele = await scanAs('adele@contoso.example');
    expect(adele.account.upn).toBe('adele@contoso.example');
    expect(adele.tenants.find((t) => t.defaultDomain === 'northwindtraders.example')?.verdict).toBe('separate-mfa');
    expect(adele.tenants.map((t) => t.defaultDomain)).not.toContain('litware.example');
  }, 60_000);

  it('refuses a missing or unknown --user, naming the users; a single user needs none', async () => {
    const two = await loadScenario(twoUsers);
    const users = 'adele@contoso.example, alex@fourthcoffee.example';
    expect(() => chooseUser(two, twoUsers, null)).toThrow(
      new UsageError(`two-users.json has several home users (${users}); pick one with --user <upn>`),
    );
    expect(() => chooseUser(two, twoUsers, 'megan@contoso.example')).toThrow(
      `two-users.json has no user megan@contoso.example; its users: ${users}`,
    );
    const one = await loadScenario(seed);
    expect(chooseUser(one, seed, null)).toBe('adele@contoso.example');
    expect(chooseUser(one, seed, 'ADELE@contoso.example')).toBe('adele@contoso.example');
    expect(() => chooseUser(one, seed, 'alex@fourthcoffee.example')).toThrow(
      'seed-blog.json has no user alex@fourthcoffee.example; its users: adele@contoso.example',
    );

    const result = await run(process.execPath, [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(root, 'tools/scan.ts'),
      '--scenario',
      twoUsers,
    ]).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect('code' in result && result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `scan: two-users.json has several home users (${users}); pick one with --user <upn>`,
    );
  }, 60_000);
});
