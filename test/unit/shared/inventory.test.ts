import { describe, expect, it } from 'vitest';
import { buildAuthenticatorEntries, buildPhoneChangeChecklist, summarizeInventory } from '../../../shared/inventory';
import { entryKeyForManual, entryKeyForTenant } from '../../../shared/entry-keys';
import { securityInfoUrl } from '../../../shared/links';
import type {
  AccountSummary,
  AuthMethod,
  AuthenticatorEntry,
  Classification,
  EntryConfirmation,
  HistoryEntry,
  ManualEntry,
  TenantRecord,
  Verdict,
} from '../../../shared/model';
import { AUTHENTICATOR, AUTHENTICATOR_OLD, EMAIL, FIDO_KEY, MOBILE, OATH_APP, PASSWORD } from './observation-fixtures';
import { typicalReason } from '../../support/words';

const ADELE = 'adele-oid.contoso-tid';
const ADELE_ALT = 'adele-oid.fourthcoffee-tid';

const adele: AccountSummary = {
  accountId: ADELE,
  username: 'adele@contoso.example',
  displayName: 'Adele Vance',
  homeTenantId: 'contoso-tid',
  homeTenantName: 'Contoso',
  homeDomain: 'contoso.example',
  homeSessionMfa: true,
};

const adeleAlt: AccountSummary = {
  accountId: ADELE_ALT,
  username: 'adele@fourthcoffee.example',
  displayName: 'Adele Vance (Fourth Coffee)',
  homeTenantId: 'fourthcoffee-tid',
  homeTenantName: 'Fourth Coffee',
  homeDomain: 'fourthcoffee.example',
  homeSessionMfa: true,
};

function classification(verdict: Verdict, leftoverRegistration = false): Classification {
  return {
    verdict,
    leftoverRegistration,
    confidence: 'certain',
    evidence: {
      aadsts: null,
      errorCode: null,
      subError: null,
      correlationId: null,
      traceId: null,
      timestamp: '2025-03-04T09:12:50Z',
      amr: null,
      acrs: null,
      claimsChallenge: null,
      policyIds: [],
      message: null,
    },
    reason: typicalReason(verdict),
  };
}

/** A stored tenant record, as the scan leaves it. */
function tenant(
  name: string,
  options: {
    verdict?: Verdict | null;
    leftover?: boolean;
    methods?: AuthMethod[] | null;
    history?: HistoryEntry[];
    isHome?: boolean;
    accountId?: string;
    tenantId?: string;
    observedAt?: string;
  } = {},
): TenantRecord {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
  const verdict = options.verdict === undefined ? 'separate-mfa' : options.verdict;
  return {
    accountId: options.accountId ?? ADELE,
    tenantId: options.tenantId ?? `${slug}-tid`,
    displayName: name,
    defaultDomain: `${slug}.example`,
    domains: [`${slug}.example`, `${slug}.onmicrosoft.com`],
    isHome: options.isHome ?? false,
    source: 'arm',
    listed: verdict !== 'not-a-guest',
    classification: verdict === null ? null : classification(verdict, options.leftover ?? false),
    methods: options.methods === undefined ? [] : options.methods,
    methodsNote: options.methods === null ? 'Graph refused to list the methods (403).' : null,
    sponsors: [],
    technicalContacts: [],
    observedAt: verdict === null ? null : (options.observedAt ?? '2025-03-04T09:12:50Z'),
    // The store records the first verdict as the first change; tests that need more pass their own history.
    history:
      options.history ??
      (verdict === null || verdict === 'error'
        ? []
        : [{ verdict, leftoverRegistration: options.leftover ?? false, at: '2025-03-04T09:12:50Z' }]),
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
  };
}

function manual(id: string, organisation: string, label = ''): ManualEntry {
  return { id, organisation, label, note: '', createdAt: '2025-01-10T08:00:00Z' };
}

const HOME_PIXEL: AuthMethod = { type: 'microsoftAuthenticator', displayName: 'iPhone 15' };

/**
 * A consultant's realistic set with an own app registration (Graph lists the methods): one home tenant, a dozen
 * partners in every state, two hand-made entries.
 */
const TENANTS: TenantRecord[] = [
  tenant('Contoso', {
    isHome: true,
    tenantId: 'contoso-tid',
    verdict: 'home-mfa-trusted',
    methods: [PASSWORD, HOME_PIXEL],
  }),
  tenant('Fabrikam', { verdict: 'separate-mfa', methods: [PASSWORD, AUTHENTICATOR] }),
  tenant('Northwind Traders', { verdict: 'separate-mfa', methods: [MOBILE, EMAIL] }),
  tenant('Tailspin Toys', { verdict: 'separate-mfa', methods: [AUTHENTICATOR_OLD, MOBILE] }),
  tenant('Woodgrove Bank', { verdict: 'registration-required', methods: [] }),
  tenant('Litware', { verdict: 'separate-mfa', methods: null }),
  tenant('Adatum', { verdict: 'home-mfa-trusted', leftover: true, methods: [AUTHENTICATOR] }),
  tenant('Proseware', { verdict: 'home-mfa-trusted', methods: [PASSWORD] }),
  tenant('Wingtip Toys', { verdict: 'no-mfa-required', leftover: true, methods: [OATH_APP] }),
  tenant('Contoso Pharma', {
    verdict: 'not-a-guest',
    methods: null,
    history: [
      { verdict: 'separate-mfa', leftoverRegistration: false, at: '2024-06-01T10:00:00Z' },
      { verdict: 'not-a-guest', leftoverRegistration: false, at: '2025-03-04T09:12:50Z' },
    ],
  }),
  tenant('Lucerne Publishing', { verdict: 'not-a-guest', methods: null }),
  tenant('Coho Winery', { verdict: 'blocked', methods: [AUTHENTICATOR] }),
  tenant("Margie's Travel", { verdict: 'stronger-method', methods: [AUTHENTICATOR] }),
  tenant('Alpine Ski House', { verdict: 'stronger-method', methods: [] }),
  tenant('Trey Research', { verdict: 'needs-sign-in', methods: null }),
  tenant('Bellows College', { verdict: null, methods: null }),
];

const MANUAL: ManualEntry[] = [manual('m1', 'Old Employer GmbH', 'OldEmp (work)'), manual('m2', 'Consultancy X')];
const OWN_CLIENT = '11111111-2222-4333-8444-555555555555';

function entries(ticks: Record<string, boolean> = {}): AuthenticatorEntry[] {
  return buildAuthenticatorEntries({
    accounts: [adele],
    tenants: TENANTS,
    manualEntries: MANUAL,
    ticks,
    clientId: OWN_CLIENT,
  });
}

function byName(list: AuthenticatorEntry[], organisation: string): AuthenticatorEntry | undefined {
  return list.find((e) => e.organisation === organisation);
}

const DEC_1 = '2025-12-01T08:00:00Z';
const DEC_20 = '2025-12-20T08:00:00Z';

/**
 * The same guest with the app's default client, after two scans: no method is ever read (Graph's 403), so every
 * word rests on the history.
 */
const DEFAULT_CLIENT_TENANTS: TenantRecord[] = (
  [
    tenant('Contoso', { isHome: true, tenantId: 'contoso-tid', verdict: 'home-mfa-trusted', methods: null }),
    tenant('Fabrikam', {
      verdict: 'separate-mfa',
      methods: null,
      history: [{ verdict: 'separate-mfa', leftoverRegistration: false, at: DEC_1, aadsts: 50076 }],
    }),
    tenant('Northwind Traders', {
      verdict: 'home-mfa-trusted',
      methods: null,
      history: [
        { verdict: 'separate-mfa', leftoverRegistration: false, at: DEC_1, aadsts: 50076 },
        { verdict: 'home-mfa-trusted', leftoverRegistration: false, at: DEC_20 },
      ],
    }),
    tenant('Tailspin Toys', {
      verdict: 'not-a-guest',
      methods: null,
      history: [
        { verdict: 'separate-mfa', leftoverRegistration: false, at: DEC_1, aadsts: 50076 },
        { verdict: 'not-a-guest', leftoverRegistration: false, at: DEC_20, aadsts: 50020 },
      ],
    }),
    tenant('Woodgrove Bank', { verdict: 'registration-required', methods: null }),
    tenant('Relecloud', { verdict: 'home-mfa-trusted', methods: null }),
    tenant('Litware', { verdict: 'blocked', methods: null }),
  ] as TenantRecord[]
).map((t) => ({ ...t, observedAt: DEC_20 }));

function defaultClientEntries(confirmations: Record<string, EntryConfirmation> = {}): AuthenticatorEntry[] {
  return buildAuthenticatorEntries({
    accounts: [adele],
    tenants: DEFAULT_CLIENT_TENANTS,
    manualEntries: [],
    ticks: {},
    confirmations,
  });
}

describe('entry keys', () => {
  it('are tenant:<accountId>:<tenantId> and manual:<id>', () => {
    expect(entryKeyForTenant(ADELE, 'fabrikam-tid')).toBe('tenant:adele-oid.contoso-tid:fabrikam-tid');
    expect(entryKeyForManual('m1')).toBe('manual:m1');
  });
});

describe('buildAuthenticatorEntries with the default client', () => {
  it('gives every guest tenant one of the six words, inferred from its history, with no method read', () => {
    const list = defaultClientEntries();
    expect(list.map((e) => `${e.organisation}: ${e.status} (${e.basis})`)).toEqual([
      'Contoso: in-use (inferred)',
      'Fabrikam: in-use (inferred)',
      'Litware: unknown (inferred)',
      'Northwind Traders: leftover (inferred)',
      'Relecloud: not-needed (inferred)',
      'Tailspin Toys: orphaned (inferred)',
      'Woodgrove Bank: will-be-needed (inferred)',
    ]);
    for (const entry of list) {
      expect(entry.methods).toBeNull();
      expect(entry.howKnown).toMatch(/cannot read .*methods .*default sign-in/);
    }
  });

  it('says how each word is known, with its date (the code of the answer stays under Evidence)', () => {
    const list = defaultClientEntries();
    expect(byName(list, 'Fabrikam')?.reason).toBe(
      'Fabrikam asked for its own MFA on 20 Dec 2025 (first on 1 Dec 2025): you most likely have an entry for it. If you have none, say so below.',
    );
    expect(byName(list, 'Northwind Traders')?.reason).toMatch(
      /asked for its own MFA \(first on 1 Dec 2025\); since 20 Dec 2025 it accepts your home MFA/,
    );
    expect(byName(list, 'Tailspin Toys')?.reason).toMatch(/not a guest there/);
    expect(byName(list, 'Woodgrove Bank')?.reason).toMatch(/to register an MFA method with it/);
    expect(byName(list, 'Relecloud')?.reason).toMatch(/has only ever accepted your home MFA/);
  });

  it('lets an answer outrank the inference, and carries the stored answer on the entry', () => {
    const key = entryKeyForTenant(ADELE, 'litware-tid');
    const answer: EntryConfirmation = { answer: 'yes', at: DEC_20, verdict: null };
    const litware = byName(defaultClientEntries({ [key]: answer }), 'Litware');
    expect(litware).toMatchObject({ status: 'in-use', inferred: 'unknown', basis: 'you', confirmation: answer });
  });

  it('links every tenant entry, home included, to that tenant’s own Security info page', () => {
    for (const entry of defaultClientEntries()) {
      // An orphaned entry's guest account is gone: that page would show nothing.
      if (entry.status === 'orphaned') {
        expect(entry.securityInfoUrl).toBeNull();
        continue;
      }
      expect(entry.securityInfoUrl).toBe(securityInfoUrl(entry.tenantId!));
      expect(entry.securityInfoUrl).toMatch(/^https:\/\/mysignins\.microsoft\.com\/security-info\/\?tenantId=/);
    }
  });
});

describe('buildAuthenticatorEntries', () => {
  it('lists home first, then every partner by name, then hand-made entries', () => {
    expect(entries().map((e) => `${e.organisation}: ${e.status}`)).toEqual([
      'Contoso: in-use',
      'Adatum: leftover',
      'Alpine Ski House: will-be-needed',
      'Bellows College: unknown',
      'Coho Winery: in-use',
      'Contoso Pharma: orphaned',
      'Fabrikam: in-use',
      'Litware: in-use',
      'Lucerne Publishing: unknown',
      "Margie's Travel: in-use",
      'Northwind Traders: in-use',
      'Proseware: not-needed',
      'Tailspin Toys: in-use',
      'Trey Research: unknown',
      'Wingtip Toys: in-use',
      'Woodgrove Bank: will-be-needed',
      'Consultancy X: in-use',
      'Old Employer GmbH: in-use',
    ]);
  });

  it('gives the home entry its kind, key, domain and methods, always in use', () => {
    expect(entries()[0]).toMatchObject({
      key: 'tenant:adele-oid.contoso-tid:contoso-tid',
      kind: 'home',
      accountId: ADELE,
      tenantId: 'contoso-tid',
      organisation: 'Contoso',
      domain: 'contoso.example',
      status: 'in-use',
      basis: 'graph',
      reason: expect.stringMatching(/home organisation/),
      methods: [PASSWORD, HOME_PIXEL],
      verdict: 'home-mfa-trusted',
      ticked: false,
      confirmation: null,
      securityInfoUrl: securityInfoUrl('contoso-tid'),
    });
  });

  it('builds the home entry from the account when no home record is stored yet', () => {
    const [home] = buildAuthenticatorEntries({ accounts: [adele], tenants: [], manualEntries: [], ticks: {} });
    expect(home).toMatchObject({
      kind: 'home',
      key: 'tenant:adele-oid.contoso-tid:contoso-tid',
      organisation: 'Contoso',
      domain: 'contoso.example',
      status: 'in-use',
      basis: 'inferred',
      methods: null,
      verdict: null,
    });
  });

  it('keeps methods unknown (null) where Graph refused them, and infers from the verdict', () => {
    const litware = byName(entries(), 'Litware');
    expect(litware).toMatchObject({ status: 'in-use', basis: 'inferred', methods: null, verdict: 'separate-mfa' });
    expect(litware?.howKnown).toMatch(/could not be read/);
  });

  it('makes entries with methods read certain, and shows the methods', () => {
    const fabrikam = byName(entries(), 'Fabrikam');
    expect(fabrikam).toMatchObject({
      status: 'in-use',
      basis: 'graph',
      confidence: 'certain',
      methods: [PASSWORD, AUTHENTICATOR],
    });
    expect(byName(entries(), 'Adatum')).toMatchObject({ status: 'leftover', basis: 'graph' });
    // Password and e-mail are no MFA method: nothing registered, and Proseware needs none.
    expect(byName(entries(), 'Proseware')).toMatchObject({ status: 'not-needed', basis: 'graph' });
  });

  it('orphans a former partner that had demanded its own MFA, in plain words', () => {
    const pharma = byName(entries(), 'Contoso Pharma');
    expect(pharma).toMatchObject({ status: 'orphaned', methods: null, verdict: 'not-a-guest' });
    expect(pharma?.reason).toMatch(/guest account in Contoso Pharma is gone/);
    expect(pharma?.reason).toMatch(/nobody there will reset it/);
  });

  it('takes ticked from the ticks and lets a ticked hand-made entry become a leftover', () => {
    const list = entries({
      [entryKeyForTenant(ADELE, 'fabrikam-tid')]: true,
      [entryKeyForManual('m2')]: true,
      [entryKeyForManual('m1')]: false,
    });
    expect(byName(list, 'Fabrikam')).toMatchObject({ ticked: true, status: 'in-use' });
    expect(byName(list, 'Consultancy X')).toMatchObject({ kind: 'manual', ticked: true, status: 'leftover' });
    expect(byName(list, 'Old Employer GmbH')).toMatchObject({
      kind: 'manual',
      key: 'manual:m1',
      ticked: false,
      status: 'in-use',
      basis: 'you',
      accountId: null,
      tenantId: null,
      domain: null,
      methods: null,
      securityInfoUrl: null,
    });
    expect(byName(list, 'Old Employer GmbH')?.reason).toMatch(/called “OldEmp \(work\)”/);
  });

  it('gives each signed-in account its own home entry and skips tenants of signed-out accounts', () => {
    const list = buildAuthenticatorEntries({
      accounts: [adele, adeleAlt],
      tenants: [
        tenant('Fabrikam', { methods: [AUTHENTICATOR] }),
        tenant('Fabrikam', { accountId: ADELE_ALT, methods: [MOBILE] }),
        tenant('Ghost Corp', { accountId: 'signed-out-account', methods: [AUTHENTICATOR] }),
      ],
      manualEntries: [],
      ticks: {},
    });
    expect(list.map((e) => e.key)).toEqual([
      'tenant:adele-oid.contoso-tid:contoso-tid',
      'tenant:adele-oid.contoso-tid:fabrikam-tid',
      'tenant:adele-oid.fourthcoffee-tid:fourthcoffee-tid',
      'tenant:adele-oid.fourthcoffee-tid:fabrikam-tid',
    ]);
  });
});

describe('buildPhoneChangeChecklist', () => {
  it('with the default client, ranks entries in use as if the Authenticator entry were the only method, home first', () => {
    const items = buildPhoneChangeChecklist(defaultClientEntries(), {});
    expect(items.map((i) => `${i.rank} ${i.organisation} ${i.entryStatus}`)).toEqual([
      '1 Contoso in-use',
      '2 Fabrikam in-use',
      '3 Litware unknown',
      '4 Woodgrove Bank will-be-needed',
      '5 Northwind Traders leftover',
      '6 Tailspin Toys orphaned',
    ]);
    const fabrikam = items[1]!;
    expect(fabrikam).toMatchObject({ methodsKnown: false, noWorkingMethodAfterChange: false, removeOnly: false });
    expect(fabrikam.urgencyReason).toMatch(
      /does not know which methods you have there: it counts the Authenticator entry as your only one/,
    );
    // Relecloud needs no entry: nothing to do for it.
    expect(items.some((i) => i.organisation === 'Relecloud')).toBe(false);
  });

  it('says per entry what to do before wiping the old phone and after setting up the new one', () => {
    const items = buildPhoneChangeChecklist(defaultClientEntries(), {});
    const plan = (name: string) => items.find((i) => i.organisation === name)!.steps.map((s) => `${s.phase}:${s.id}`);
    expect(plan('Fabrikam')).toEqual([
      'before:open-security-info',
      'before:add-backup-method',
      'after:add-new-phone',
      'after:test-sign-in',
      'after:remove-old-device',
    ]);
    expect(plan('Litware')).toEqual(['before:open-security-info', 'after:add-new-phone']);
    expect(plan('Woodgrove Bank')).toEqual(['after:add-new-phone']);
    expect(plan('Northwind Traders')).toEqual(['before:remove-methods', 'before:delete-entry']);
    expect(plan('Tailspin Toys')).toEqual(['before:delete-entry']);
    const fabrikam = items.find((i) => i.organisation === 'Fabrikam')!;
    expect(fabrikam.steps.find((s) => s.id === 'add-new-phone')?.label).toMatch(
      /scan its QR code\): a restored backup brings work accounts back by name only/,
    );
    for (const step of items.flatMap((i) => i.steps)) expect(step.label).toMatch(/^[A-Z][^.]+$/);
  });

  it('orders by what locks the user out first, removals last, ranks 1..n', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    expect(items.map((i) => `${i.rank} ${i.organisation}`)).toEqual([
      // Every method there is an app on the old phone, or the methods are unknown: home, known, unknown, by hand.
      '1 Contoso',
      '2 Coho Winery',
      '3 Fabrikam',
      "4 Margie's Travel",
      // Asked for no MFA at one check after its own demands: the entry is kept (one clean answer proves little).
      '5 Wingtip Toys',
      '6 Litware',
      '7 Consultancy X',
      '8 Old Employer GmbH',
      // A single method that survives the wipe: add a second one.
      '9 Northwind Traders',
      // The app cannot tell. (Bellows College, never checked, is not on the checklist yet.)
      '10 Lucerne Publishing',
      '11 Trey Research',
      // Another method besides the app.
      '12 Tailspin Toys',
      // Nothing registered yet.
      '13 Alpine Ski House',
      '14 Woodgrove Bank',
      // Delete-only items.
      '15 Adatum',
      '16 Contoso Pharma',
    ]);
  });

  it('flags entries with no working method after the change, and single methods', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    const flags = Object.fromEntries(
      items.map((i) => [i.organisation, [i.noWorkingMethodAfterChange, i.singleMethod, i.removeOnly, i.methodsKnown]]),
    );
    expect(flags).toMatchObject({
      Contoso: [true, true, false, true],
      Fabrikam: [true, true, false, true],
      Litware: [false, false, false, false],
      'Northwind Traders': [false, true, false, true],
      'Tailspin Toys': [false, false, false, true],
      Adatum: [false, true, true, true],
      'Contoso Pharma': [false, false, true, false],
    });
  });

  it('words why each item sits where it does', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    const reason = (name: string): string => items.find((i) => i.organisation === name)?.urgencyReason ?? '';
    expect(reason('Contoso')).toMatch(/only method at home is the Authenticator app \(iPhone 15\) on the old phone/);
    expect(reason('Contoso')).toMatch(/Partners that accept your home MFA/);
    expect(reason('Fabrikam')).toMatch(/only method there is the Authenticator app \(Pixel 7\)/);
    expect(reason('Northwind Traders')).toMatch(/single method there \(the phone number \+49 1701234567\)/);
    expect(reason('Litware')).toMatch(/does not know which methods you have there/);
    expect(reason('Woodgrove Bank')).toMatch(/Nothing is registered here yet/);
    expect(reason('Tailspin Toys')).toMatch(/another method there besides the app/);
    expect(reason('Adatum')).toMatch(/remove the method on its Security info page and delete the entry/);
    expect(reason('Contoso Pharma')).toMatch(/guest account there is most likely gone/);
    for (const item of items) expect(item.urgencyReason).toMatch(/^[A-Z].*\.$/);
  });

  it('takes done from the saved progress, and reads a remove-only tick saved before the steps were split', () => {
    const fabrikamKey = entryKeyForTenant(ADELE, 'fabrikam-tid');
    const adatumKey = entryKeyForTenant(ADELE, 'adatum-tid');
    const items = buildPhoneChangeChecklist(entries(), {
      [fabrikamKey]: { 'open-security-info': true, 'add-new-phone': true },
      // What an earlier version stored for "Delete this entry from the Authenticator app".
      [adatumKey]: { 'remove-old-device': true },
    });
    const fabrikam = items.find((i) => i.entryKey === fabrikamKey);
    expect(fabrikam?.steps.map((s) => [s.id, s.done])).toEqual([
      ['open-security-info', true],
      ['add-backup-method', false],
      ['add-new-phone', true],
      ['test-sign-in', false],
      ['remove-old-device', false],
    ]);
    const adatum = items.find((i) => i.entryKey === adatumKey);
    expect(adatum?.steps.map((s) => [s.id, s.done])).toEqual([
      ['remove-methods', false],
      ['delete-entry', true],
    ]);
  });

  it('links each tenant item to its security-info page; hand-made entries have none', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    expect(items.find((i) => i.organisation === 'Fabrikam')?.securityInfoUrl).toBe(securityInfoUrl('fabrikam-tid'));
    expect(items.find((i) => i.organisation === 'Contoso')?.securityInfoUrl).toBe(securityInfoUrl('contoso-tid'));
    expect(items.find((i) => i.organisation === 'Old Employer GmbH')?.securityInfoUrl).toBeNull();
  });

  it('puts the home entry among the others by the same rule when its methods are known', () => {
    const tenants = [
      tenant('Contoso', {
        isHome: true,
        tenantId: 'contoso-tid',
        verdict: 'home-mfa-trusted',
        methods: [HOME_PIXEL, FIDO_KEY],
      }),
      tenant('Fabrikam', { methods: [AUTHENTICATOR] }),
      tenant('Alpine Ski House', { methods: [MOBILE] }),
      tenant('Bellows College', { methods: [AUTHENTICATOR, MOBILE] }),
    ];
    const list = buildAuthenticatorEntries({
      accounts: [adele],
      tenants,
      manualEntries: [],
      ticks: {},
      clientId: OWN_CLIENT,
    });
    expect(buildPhoneChangeChecklist(list, {}).map((i) => i.organisation)).toEqual([
      'Fabrikam',
      'Alpine Ski House',
      'Bellows College',
      'Contoso',
    ]);
  });

  it('counts two authenticator apps on the same phone as nothing working after the change', () => {
    const list = buildAuthenticatorEntries({
      accounts: [adele],
      tenants: [tenant('Fabrikam', { methods: [AUTHENTICATOR, OATH_APP] })],
      manualEntries: [],
      ticks: {},
      clientId: OWN_CLIENT,
    });
    const item = buildPhoneChangeChecklist(list, {}).find((i) => i.organisation === 'Fabrikam');
    expect(item).toMatchObject({ noWorkingMethodAfterChange: true, singleMethod: false });
    expect(item?.urgencyReason).toMatch(/All your methods there are apps on the old phone/);
  });

  it('is empty for no entries', () => {
    expect(buildPhoneChangeChecklist([], {})).toEqual([]);
  });
});

describe('summarizeInventory', () => {
  const many = (
    n: number,
    verdict: Verdict,
    prefix: string,
    extra: Parameters<typeof tenant>[1] = {},
  ): TenantRecord[] =>
    Array.from({ length: n }, (_, i) => tenant(`${prefix} ${String.fromCharCode(65 + i)}`, { verdict, ...extra }));

  it('counts like the design: separate entries, home MFA accepted, orphans', () => {
    const summary = summarizeInventory([
      tenant('Contoso', { isHome: true, tenantId: 'contoso-tid', verdict: 'home-mfa-trusted' }),
      ...many(3, 'separate-mfa', 'Partner'),
      ...many(5, 'home-mfa-trusted', 'Friend'),
      tenant('Former', {
        verdict: 'not-a-guest',
        methods: null,
        history: [
          { verdict: 'separate-mfa', leftoverRegistration: false, at: DEC_1 },
          { verdict: 'not-a-guest', leftoverRegistration: false, at: DEC_20 },
        ],
      }),
    ]);
    expect(summary).toMatchObject({ guestTenants: 9, unchecked: 0, leftovers: 0, orphans: 1 });
    expect(summary.counts).toEqual({
      'home-mfa-trusted': 5,
      'separate-mfa': 3,
      'registration-required': 0,
      'stronger-method': 0,
      'no-mfa-required': 0,
      blocked: 0,
      'not-a-guest': 1,
      'needs-sign-in': 0,
      error: 0,
    });
  });

  it('counts leftovers and orphans from the history with the default client', () => {
    const summary = summarizeInventory(DEFAULT_CLIENT_TENANTS, defaultClientEntries());
    expect(summary).toMatchObject({ guestTenants: 6, leftovers: 1, orphans: 1 });
  });

  it('counts the realistic set, home excluded', () => {
    const summary = summarizeInventory(TENANTS, entries());
    expect(summary).toMatchObject({ guestTenants: 15, unchecked: 1, leftovers: 1, orphans: 1 });
    expect(summary.counts['separate-mfa']).toBe(4);
    expect(summary.counts['home-mfa-trusted']).toBe(2);
  });

  it('counts no guest tenant when there are no partner organisations', () => {
    const summary = summarizeInventory([tenant('Contoso', { isHome: true, verdict: 'home-mfa-trusted' })]);
    expect(summary.guestTenants).toBe(0);
  });
});
