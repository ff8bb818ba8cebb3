/**
 * Scenario files: every committed file loads; a wrong file is refused with the file and the field named;
 * defaults are exactly those of tools/entra-emulator/README.md; old files migrate.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadScenario,
  parseScenario,
  ScenarioError,
  scenarioUsers,
  startEmulator,
  type ScenarioInput,
} from '../../../tools/entra-emulator';
import { scenarioFile } from './harness';

const HOME_ID = '11111111-2222-4333-8444-555555555555';
const GUEST_ID = '21111111-2222-4333-8444-555555555555';

function minimal(): ScenarioInput {
  return {
    name: 'minimal',
    user: { upn: 'kim@home.example', homeTenant: 'home' },
    tenants: {
      home: { id: HOME_ID, displayName: 'Home', defaultDomain: 'home.example' },
      fabrikam: { id: GUEST_ID, displayName: 'Fabrikam', defaultDomain: 'fabrikam.example' },
    },
  };
}

/** The message `parseScenario` gives for a scenario changed by `edit`. */
function messageFor(edit: (scenario: any) => void): string {
  const scenario = minimal();
  edit(scenario);
  try {
    parseScenario(scenario, 'seed-blog.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('committed scenarios', () => {
  it('all load and validate', async () => {
    const dir = path.dirname(scenarioFile('seed-blog.json'));
    const files = (await readdir(dir)).filter((file) => file.endsWith('.json'));
    expect(files).toEqual(
      expect.arrayContaining([
        'seed-blog.json',
        'home-no-mfa.json',
        'home-compliant-device.json',
        'home-compliant-device-no-broker.json',
        'home-security-defaults.json',
        'real-answers.json',
        'faults.json',
        'hostile.json',
        'large-200.json',
      ]),
    );
    for (const file of files) {
      const scenario = await loadScenario(path.join(dir, file));
      for (const user of scenarioUsers(scenario)) expect(scenario.tenants[user.homeTenant]).toBeDefined();
    }
  });
});

describe('validation', () => {
  it('names the file and the field path of a wrong type', () => {
    expect(
      messageFor((s) => {
        s.tenants.fabrikam.policy = { requireMfa: 'yes' };
      }),
    ).toBe('seed-blog.json: tenants.fabrikam.policy.requireMfa: expected boolean, got string');
  });

  it.each([
    ['an unknown field (a typo)', (s: any) => (s.tenants.fabrikam.polcy = {}), 'tenants.fabrikam.polcy: unknown field'],
    ['a missing required field', (s: any) => delete s.tenants.fabrikam.id, 'tenants.fabrikam.id: required'],
    [
      'a tenant id that is no GUID',
      (s: any) => (s.tenants.fabrikam.id = 'fabrikam'),
      'tenants.fabrikam.id: expected a GUID',
    ],
    [
      'a value outside the enum',
      (s: any) => (s.user.homeMfa = 'sms'),
      'user.homeMfa: expected "mfa" | "none" | "compliantDevice"',
    ],
    [
      'an unknown method type',
      (s: any) => (s.tenants.fabrikam.guest = { methods: [{ type: 'authenticator', displayName: 'x' }] }),
      'tenants.fabrikam.guest.methods.0.type: expected "microsoftAuthenticator" | "phone"',
    ],
    [
      'a property Graph does not have for that method type',
      (s: any) => (s.user.homeMethods = [{ type: 'phone', phoneNumber: '+1 5550100', displayName: 'x' }]),
      'user.homeMethods.0.displayName: unknown field',
    ],
    [
      'a home tenant that is not a tenant',
      (s: any) => (s.user.homeTenant = 'contoso'),
      'user.homeTenant: "contoso" is not a key of tenants',
    ],
    [
      'a guest object on the home tenant',
      (s: any) => (s.tenants.home.guest = {}),
      'tenants.home.guest: the home tenant has no guest object',
    ],
    [
      'two tenants with one id',
      (s: any) => (s.tenants.fabrikam.id = HOME_ID),
      'tenants.fabrikam.id: same id as tenants.home',
    ],
    [
      'a fault without a kind',
      (s: any) => (s.tenants.fabrikam.faults = [{ endpoint: 'token' }]),
      'tenants.fabrikam.faults.0.kind: expected "kind"',
    ],
    [
      'a status fault with a hang kind',
      (s: any) => (s.tenants.fabrikam.faults = [{ endpoint: 'token', kind: 'hang', status: 500 }]),
      'tenants.fabrikam.faults.0.kind: a hang fault takes no status or retryAfter',
    ],
    [
      'a tenant category ARM does not have',
      (s: any) => (s.tenants.fabrikam.tenantCategory = 'Guest'),
      'tenants.fabrikam.tenantCategory',
    ],
    [
      'a home tenant in an Azure Lighthouse category',
      (s: any) => (s.tenants.home.tenantCategory = 'ManagedBy'),
      'tenants.home.tenantCategory: a home tenant is "Home"',
    ],
    [
      'a guest object in an Azure Lighthouse tenant',
      (s: any) => {
        s.tenants.fabrikam.tenantCategory = 'ProjectedBy';
        s.tenants.fabrikam.guest = {};
      },
      'tenants.fabrikam.tenantCategory: a ProjectedBy (Azure Lighthouse) tenant has no guest accounts',
    ],
    [
      'a tenants fault on a guest tenant',
      (s: any) => (s.tenants.fabrikam.faults = [{ endpoint: 'tenants', status: 503 }]),
      'tenants.fabrikam.faults.0.endpoint: "tenants" faults belong on the home tenant',
    ],
    ['a negative latency', (s: any) => (s.latencyMs = -5), 'latencyMs: Too small'],
  ])('refuses %s', (_label, edit, expected) => {
    const message = messageFor(edit);
    expect(message.startsWith('seed-blog.json: ')).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('lists several problems on one line', () => {
    const error = (() => {
      try {
        parseScenario({ name: 'x', tenants: { a: { id: 1 } } }, 'bad.json');
      } catch (caught) {
        return caught as ScenarioError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'user: required (or users: [...] for several home users)',
        'tenants.a.id: expected string, got number',
        'tenants.a.displayName: required',
      ]),
    );
    expect(error.message).toMatch(/^bad\.json: .+; .+/);
  });
});

describe('defaults', () => {
  it('fills in exactly the documented defaults', () => {
    const scenario = parseScenario(minimal());
    expect(scenario.latencyMs).toBe(0);
    expect(scenario.homeMfaRequest).toBe('honour');
    expect(scenario.amrValues).toBe('refuse');
    expect(scenario.errorStyle).toBe('invalidGrant');
    expect(scenario.arm).toEqual({ mandatoryMfa: false, listPendingGuests: false, homeRefusesSignIn: false });
    expect(scenario).not.toHaveProperty('homeHonoursMfaRequest');
    expect(scenario.user).toEqual({
      upn: 'kim@home.example',
      displayName: 'kim@home.example',
      homeTenant: 'home',
      homeMfa: 'mfa',
      homeMethods: [expect.objectContaining({ type: 'microsoftAuthenticator' })],
      deviceCompliant: false,
      broker: false,
      personal: false,
    });
    const settings = {
      tenantCategory: 'Home',
      license: 'p1',
      securityDefaults: false,
      securityDefaultsRisk: false,
      policy: {
        requireMfa: false,
        authStrength: 'mfa',
        requireCompliantDevice: false,
        blockGuests: false,
        perUserMfa: false,
        claimsStyle: 'capolids',
        deviceErrorCode: 530003,
        untrustedStrength: 'blocked',
      },
      inboundTrust: { mfa: false, compliantDevice: false, hybridJoinedDevice: false },
      contacts: { technicalNotificationMails: [], readableByGuests: false },
      faults: [],
    };
    expect(scenario.tenants.home).toEqual({
      id: HOME_ID,
      displayName: 'Home',
      defaultDomain: 'home.example',
      ...settings,
    });
    expect(scenario.tenants.fabrikam).toEqual({
      id: GUEST_ID,
      displayName: 'Fabrikam',
      defaultDomain: 'fabrikam.example',
      ...settings,
      guest: {
        state: 'active',
        methods: [],
        // The inviter becomes the sponsor: a generated one when the scenario names none.
        sponsors: [
          {
            type: 'user',
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            displayName: expect.any(String),
            mail: expect.stringMatching(/@fabrikam\.example$/),
            userPrincipalName: expect.stringMatching(/@fabrikam\.example$/),
          },
        ],
        graphConsent: 'granted',
      },
    });
    expect(scenario.tenants.home!.latencyMs).toBeUndefined();
  });

  it('makes the device compliant by default exactly when the home admits only compliant devices (broker apart)', () => {
    const compliant = minimal();
    compliant.user!.homeMfa = 'compliantDevice';
    expect(parseScenario(compliant).user!.deviceCompliant).toBe(true);
    const overridden = minimal();
    overridden.user!.homeMfa = 'compliantDevice';
    overridden.user!.deviceCompliant = false;
    expect(parseScenario(overridden).user!.deviceCompliant).toBe(false);
  });

  it('makes the inviter the sponsor; an explicit [] means none; groups and unreadable objects are sponsors too', () => {
    const scenario = minimal();
    scenario.tenants.fabrikam!.guest = { invitedBy: { displayName: 'Megan Bowen', mail: 'megan@fabrikam.example' } };
    expect(parseScenario(scenario).tenants.fabrikam!.guest!.sponsors).toEqual([
      { type: 'user', displayName: 'Megan Bowen', mail: 'megan@fabrikam.example' },
    ]);
    scenario.tenants.fabrikam!.guest = { sponsors: [] };
    expect(parseScenario(scenario).tenants.fabrikam!.guest!.sponsors).toEqual([]);
    scenario.tenants.fabrikam!.guest = {
      sponsors: [{ type: 'group', displayName: 'Partner team' }, { type: 'unreadable' }],
    };
    expect(parseScenario(scenario).tenants.fabrikam!.guest!.sponsors).toEqual([
      { type: 'group', displayName: 'Partner team', mail: null },
      { type: 'unreadable', mail: null },
    ]);
    scenario.tenants.fabrikam!.guest = { sponsors: [{ type: 'user' } as never] };
    expect(() => parseScenario(scenario)).toThrow(
      'tenants.fabrikam.guest.sponsors.0.displayName: a user sponsor needs a displayName',
    );
  });

  it('migrates the old homeHonoursMfaRequest: false to homeMfaRequest "ignore"', () => {
    const old = { ...minimal(), homeHonoursMfaRequest: false };
    expect(parseScenario(old).homeMfaRequest).toBe('ignore');
    expect(parseScenario({ ...minimal(), homeHonoursMfaRequest: true }).homeMfaRequest).toBe('honour');
  });

  it('reads a status fault without "kind" as a status fault, and keeps times and retryAfter', () => {
    const scenario = minimal();
    scenario.tenants.fabrikam!.faults = [{ endpoint: 'token', status: 429, retryAfter: 1, times: 2 }];
    expect(parseScenario(scenario).tenants.fabrikam!.faults).toEqual([
      { endpoint: 'token', kind: 'status', status: 429, retryAfter: 1, times: 2 },
    ]);
  });

  it('accepts its own output again', () => {
    const once = parseScenario(minimal());
    expect(parseScenario(once)).toEqual(once);
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-scenario-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('names the file for a wrong field, bad JSON and a missing file; startEmulator refuses too', async () => {
    const wrong = path.join(dir, 'wrong.json');
    const scenario: any = minimal();
    scenario.tenants.fabrikam.inboundTrust = { mfa: 'true' };
    await writeFile(wrong, JSON.stringify(scenario));
    await expect(loadScenario(wrong)).rejects.toThrow(
      'wrong.json: tenants.fabrikam.inboundTrust.mfa: expected boolean, got string',
    );
    await expect(startEmulator({ scenario: wrong })).rejects.toBeInstanceOf(ScenarioError);

    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ "name": ');
    await expect(loadScenario(broken)).rejects.toThrow(/^broken\.json: not valid JSON/);
    await expect(loadScenario(path.join(dir, 'missing.json'))).rejects.toThrow('missing.json: cannot be read (ENOENT)');
  });
});
