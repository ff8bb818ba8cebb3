/** The resource-tenant fields of a scenario are checked like the rest: a wrong key names its path. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../tools/entra-emulator/scenario';

const FILE = path.join(__dirname, '..', '..', 'scenarios', 'resource-tenant-admin.json');

function withWoodgrove(change: (woodgrove: Record<string, any>) => void): unknown {
  const json = JSON.parse(readFileSync(FILE, 'utf8')) as { tenants: Record<string, any> };
  change(json.tenants.woodgrove);
  return json;
}

describe('resourceAdmin in a scenario', () => {
  it('loads the sample resource tenant', () => {
    const scenario = parseScenario(withWoodgrove(() => undefined));
    expect(scenario.tenants.woodgrove?.resourceAdmin?.externalGuests).toHaveLength(7);
  });

  it('names a guest whose home is not a tenant of the scenario', () => {
    expect(() =>
      parseScenario(
        withWoodgrove((t) => (t.resourceAdmin.externalGuests[0].homeTenant = 'nowhere')),
        'admin.json',
      ),
    ).toThrow(/tenants\.woodgrove\.resourceAdmin\.externalGuests\.0\.homeTenant: "nowhere" is not a key of tenants/);
  });

  it('refuses a home MFA claim for a guest without an Entra home', () => {
    expect(() => parseScenario(withWoodgrove((t) => (t.resourceAdmin.externalGuests[5].signIns = ['claim'])))).toThrow(
      /only a guest from another Entra organisation can bring an MFA claim/,
    );
  });

  it('refuses an unknown role', () => {
    expect(() => parseScenario(withWoodgrove((t) => (t.resourceAdmin.adminRole = 'owner')))).toThrow(
      /resourceAdmin\.adminRole/,
    );
  });
});
