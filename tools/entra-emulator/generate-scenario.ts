/**
 * Generates large scenarios for benchmarks and scale tests: N guest tenants with a realistic mix of the
 * behaviour model's cases (or all trusting home MFA), realistic names, sponsors and methods. Deterministic: the
 * same options always give the same file, so `large-200.json` can be regenerated and compared.
 *
 * Run: `npx tsx tools/entra-emulator/generate-scenario.ts [--tenants 200] [--latency 0] [--mix realistic|all-trusted]
 * [--out test/scenarios/large-200.json]`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stableGuid } from './ids';
import { parseScenario, type ScenarioInput } from './scenario';

export interface GenerateOptions {
  tenants: number;
  /** Global latency added to every answer (ms). */
  latencyMs?: number;
  mix?: 'realistic' | 'all-trusted';
  name?: string;
}

/** The cases of the behaviour model a generated tenant can stand for, with their share in the realistic mix. */
export const REALISTIC_MIX = {
  trusted: 22,
  'no-mfa': 28,
  separate: 15,
  register: 10,
  strength: 3,
  'strength-blocked': 2,
  device: 3,
  'security-defaults': 3,
  'security-defaults-register': 1,
  'per-user-mfa': 2,
  leftover: 4,
  removed: 3,
  blocked: 2,
  'admin-consent': 1,
  pending: 1,
} as const;
export type GeneratedCase = keyof typeof REALISTIC_MIX;
const CASES = Object.keys(REALISTIC_MIX) as GeneratedCase[];

const ORGANISATIONS = [
  'Fabrikam',
  'Northwind Traders',
  'Tailspin Toys',
  'Woodgrove Bank',
  'Litware',
  'A. Datum',
  'Proseware',
  'Wingtip Toys',
  "Margie's Travel",
  'Coho Winery',
  'Lucerne Publishing',
  'Relecloud',
  'Alpine Ski House',
  'Trey Research',
  'Blue Yonder Airlines',
  'Fourth Coffee',
  'Graphic Design Institute',
  'Humongous Insurance',
  'Lamna Healthcare',
  "Munson's Pickles",
  'Nod Publishers',
  'Southridge Video',
  'VanArsdel',
  'Wide World Importers',
  'First Up Consultants',
  'Best For You Organics',
  'Bellows College',
  'Consolidated Messenger',
  'Tasmanian Traders',
  'City Power & Light',
  'Adventure Works',
  'School of Fine Art',
];
const FORMS = ['Ltd', 'Inc.', 'GmbH', 'AG', 'Group', 'Holdings', 'SE', 'B.V.', 'LLC', 'AB'];
const PEOPLE = [
  'Megan Bowen',
  'Nestor Wilke',
  'Lidia Holloway',
  'Pradeep Gupta',
  'Isaiah Langer',
  'Joni Sherman',
  'Grady Archie',
  'Lynne Robbins',
  'Alex Wilber',
  'Diego Siciliani',
  'Johanna Lorenz',
  'Patti Fernandez',
];
const PHONES = ['iPhone 15', 'Pixel 8', 'Galaxy S24', 'iPhone 13', 'Pixel 7'];

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function pickCase(next: () => number): GeneratedCase {
  const total = Object.values(REALISTIC_MIX).reduce((sum, weight) => sum + weight, 0);
  let roll = next() * total;
  for (const [name, weight] of Object.entries(REALISTIC_MIX) as [GeneratedCase, number][]) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return 'no-mfa';
}

type TenantInput = ScenarioInput['tenants'][string];

function tenantFor(kind: GeneratedCase, base: TenantInput, phone: string, created: string): TenantInput {
  const authenticator = [
    {
      type: 'microsoftAuthenticator' as const,
      displayName: phone,
      deviceTag: 'SoftwareTokenActivated',
      createdDateTime: created,
    },
  ];
  const guest = base.guest ?? {};
  switch (kind) {
    case 'trusted':
      return { ...base, policy: { requireMfa: true }, inboundTrust: { mfa: true } };
    case 'no-mfa':
      return base;
    case 'separate':
      return { ...base, policy: { requireMfa: true }, guest: { ...guest, methods: authenticator } };
    case 'register':
      return { ...base, policy: { requireMfa: true } };
    case 'strength':
      return {
        ...base,
        license: 'p2',
        policy: { requireMfa: true, authStrength: 'phishingResistant' },
        inboundTrust: { mfa: true },
      };
    case 'strength-blocked':
      return { ...base, policy: { requireMfa: true, authStrength: 'phishingResistant' } };
    case 'device':
      return {
        ...base,
        policy: { requireMfa: true, requireCompliantDevice: true },
        inboundTrust: { mfa: true, compliantDevice: true },
      };
    case 'security-defaults':
      return {
        ...base,
        license: 'free',
        securityDefaults: true,
        inboundTrust: { mfa: true },
        guest: { ...guest, methods: authenticator },
      };
    case 'security-defaults-register':
      return { ...base, license: 'free', securityDefaults: true };
    case 'per-user-mfa':
      return { ...base, policy: { perUserMfa: true }, guest: { ...guest, methods: authenticator } };
    case 'leftover':
      return { ...base, guest: { ...guest, methods: authenticator } };
    case 'removed':
      return { ...base, policy: { requireMfa: true }, guest: { ...guest, state: 'removed', methods: authenticator } };
    case 'blocked':
      return { ...base, policy: { blockGuests: true } };
    case 'admin-consent':
      return {
        ...base,
        policy: { requireMfa: true },
        inboundTrust: { mfa: true },
        guest: { ...guest, graphConsent: 'adminRequired' },
      };
    case 'pending':
      return { ...base, policy: { requireMfa: true }, guest: { ...guest, state: 'pendingRedemption' } };
  }
}

/** Builds a scenario with `tenants` guest tenants (plus the home tenant `contoso`). */
export function generateScenario(options: GenerateOptions): ScenarioInput {
  const next = random(20_240_611);
  const tenants: ScenarioInput['tenants'] = {
    contoso: {
      description: 'Home tenant: Conditional Access requires MFA.',
      id: stableGuid('generated-home'),
      displayName: 'Contoso',
      defaultDomain: 'contoso.example',
      license: 'p2',
      policy: { requireMfa: true },
    },
  };
  for (let i = 0; i < options.tenants; i += 1) {
    const organisation = ORGANISATIONS[i % ORGANISATIONS.length]!;
    const form = FORMS[Math.floor(i / ORGANISATIONS.length) % FORMS.length]!;
    const round = Math.floor(i / (ORGANISATIONS.length * FORMS.length));
    const displayName = `${organisation} ${form}${round > 0 ? ` ${round + 1}` : ''}`;
    const domain = `${slug(organisation)}-${slug(form)}${round > 0 ? round + 1 : ''}.example`;
    const phone = PHONES[Math.floor(next() * PHONES.length)]!;
    const created = new Date(Date.UTC(2021, 0, 1) + Math.floor(next() * 4 * 365) * 86_400_000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    // Every case once first (so that any generated file covers the whole model), then the weighted mix.
    const roll = pickCase(next);
    const kind: GeneratedCase = options.mix === 'all-trusted' ? 'trusted' : (CASES[i] ?? roll);
    const sponsor = PEOPLE[i % PEOPLE.length]!;
    const key = `t${String(i + 1).padStart(3, '0')}`;
    tenants[key] = tenantFor(
      kind,
      {
        // The case, so that tests and benchmarks know what each tenant should answer.
        description: kind,
        id: stableGuid('generated-tenant', String(i)),
        displayName,
        defaultDomain: domain,
        guest: {
          sponsors: [{ displayName: sponsor, mail: `${slug(sponsor.split(' ')[0]!)}@${domain}` }],
        },
        contacts: { technicalNotificationMails: [`it@${domain}`] },
      },
      phone,
      created,
    );
  }
  const scenario: ScenarioInput = {
    name: options.name ?? `generated-${options.tenants}`,
    description: `${options.tenants} guest tenants, ${options.mix ?? 'realistic'} mix (generated by tools/entra-emulator/generate-scenario.ts).`,
    user: {
      upn: 'adele@contoso.example',
      displayName: 'Adele Vance',
      homeTenant: 'contoso',
      homeMethods: [{ type: 'microsoftAuthenticator', displayName: 'iPhone 15', deviceTag: 'SoftwareTokenActivated' }],
    },
    tenants,
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  };
  parseScenario(scenario, scenario.name);
  return scenario;
}

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const tenants = Number(argument(args, '--tenants') ?? 200);
  const latencyMs = Number(argument(args, '--latency') ?? 0);
  const mix = (argument(args, '--mix') ?? 'realistic') as GenerateOptions['mix'];
  if (!Number.isInteger(tenants) || tenants < 1 || !Number.isInteger(latencyMs) || latencyMs < 0) {
    throw new Error('--tenants must be a positive integer and --latency a non-negative integer');
  }
  if (mix !== 'realistic' && mix !== 'all-trusted') throw new Error('--mix must be realistic or all-trusted');
  const out = argument(args, '--out') ?? path.join(__dirname, '..', '..', 'test', 'scenarios', `large-${tenants}.json`);
  const scenario = generateScenario({ tenants, latencyMs, mix, name: path.basename(out, '.json') });
  await writeFile(out, `${JSON.stringify(scenario, null, 2)}\n`);
  process.stdout.write(`wrote ${out} (${tenants} guest tenants, ${mix}, latency ${latencyMs} ms)\n`);
}

if (process.argv[1] && /generate-scenario\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
