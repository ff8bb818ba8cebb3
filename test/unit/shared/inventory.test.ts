import { describe, expect, it } from 'vitest';
import {
  buildAuthenticatorEntries,
  buildPhoneChangeChecklist,
  entryKeyForManual,
  entryKeyForTenant,
  summarizeInventory,
} from '../../../shared/inventory';
import { securityInfoUrl } from '../../../shared/links';
import type {
  AccountSummary,
  AuthMethod,
  AuthenticatorEntry,
  Classification,
  HistoryEntry,
  ManualEntry,
  TenantRecord,
  Verdict,
} from '../../../shared/model';
import { AUTHENTICATOR, AUTHENTICATOR_OLD, EMAIL, FIDO_KEY, MOBILE, OATH_APP, PASSWORD } from './observation-fixtures';

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
    explanation: 'Written by the classifier.',
    action: 'Written by the classifier.',
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
    observedAt: verdict === null ? null : '2025-03-04T09:12:50Z',
    history: options.history ?? [],
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
  };
}

function manual(id: string, organisation: string, label = ''): ManualEntry {
  return { id, organisation, label, note: '', createdAt: '2025-01-10T08:00:00Z' };
}

const HOME_PIXEL: AuthMethod = { type: 'microsoftAuthenticator', displayName: 'iPhone 15' };

/** A consultant's realistic set: one home tenant, a dozen partners in every state, two hand-made entries. */
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

function entries(ticks: Record<string, boolean> = {}): AuthenticatorEntry[] {
  return buildAuthenticatorEntries({ accounts: [adele], tenants: TENANTS, manualEntries: MANUAL, ticks });
}

function byName(list: AuthenticatorEntry[], organisation: string): AuthenticatorEntry | undefined {
  return list.find((e) => e.organisation === organisation);
}

describe('entry keys', () => {
  it('are tenant:<accountId>:<tenantId> and manual:<id>', () => {
    expect(entryKeyForTenant(ADELE, 'fabrikam-tid')).toBe('tenant:adele-oid.contoso-tid:fabrikam-tid');
    expect(entryKeyForManual('m1')).toBe('manual:m1');
  });
});

describe('buildAuthenticatorEntries', () => {
  it('lists home first, then the partners by name, then hand-made entries', () => {
    expect(entries().map((e) => `${e.organisation}: ${e.status}`)).toEqual([
      'Contoso: needed',
      'Adatum: removable',
      'Coho Winery: unknown',
      'Contoso Pharma: orphaned',
      'Fabrikam: needed',
      'Litware: needed',
      "Margie's Travel: needed",
      'Northwind Traders: needed',
      'Tailspin Toys: needed',
      'Wingtip Toys: removable',
      'Woodgrove Bank: needed',
      'Consultancy X: needed',
      'Old Employer GmbH: needed',
    ]);
  });

  it('leaves out partners where nothing suggests an entry', () => {
    const names = entries().map((e) => e.organisation);
    for (const absent of ['Proseware', 'Lucerne Publishing', 'Alpine Ski House', 'Trey Research', 'Bellows College']) {
      expect(names).not.toContain(absent);
    }
  });

  it('gives the home entry its kind, key, domain and methods', () => {
    expect(entries()[0]).toEqual({
      key: 'tenant:adele-oid.contoso-tid:contoso-tid',
      kind: 'home',
      accountId: ADELE,
      tenantId: 'contoso-tid',
      organisation: 'Contoso',
      domain: 'contoso.example',
      status: 'needed',
      reason: expect.stringMatching(/home organisation/),
      methods: [PASSWORD, HOME_PIXEL],
      verdict: 'home-mfa-trusted',
      ticked: false,
    });
  });

  it('builds the home entry from the account when no home record is stored yet', () => {
    const [home] = buildAuthenticatorEntries({ accounts: [adele], tenants: [], manualEntries: [], ticks: {} });
    expect(home).toMatchObject({
      kind: 'home',
      key: 'tenant:adele-oid.contoso-tid:contoso-tid',
      organisation: 'Contoso',
      domain: 'contoso.example',
      status: 'needed',
      methods: null,
      verdict: null,
    });
  });

  it('keeps methods unknown (null) where Graph refused them but the verdict says an entry exists', () => {
    const litware = byName(entries(), 'Litware');
    expect(litware).toMatchObject({ status: 'needed', methods: null, verdict: 'separate-mfa' });
    expect(litware?.reason).toMatch(/could not read which methods/);
  });

  it('explains registration-required without methods as "will ask you to register"', () => {
    const woodgrove = byName(entries(), 'Woodgrove Bank');
    expect(woodgrove).toMatchObject({ status: 'needed', methods: [] });
    expect(woodgrove?.reason).toMatch(/will ask you to register/);
  });

  it('marks leftovers removable and former partners orphaned, in plain words', () => {
    const list = entries();
    expect(byName(list, 'Adatum')?.reason).toMatch(/accepts your home MFA/);
    expect(byName(list, 'Wingtip Toys')?.reason).toMatch(/did not ask for MFA/);
    expect(byName(list, 'Contoso Pharma')).toMatchObject({ status: 'orphaned', methods: null, verdict: 'not-a-guest' });
    expect(byName(list, 'Contoso Pharma')?.reason).toMatch(/guest account there is gone/);
  });

  it('orphans a former partner whose methods are still known', () => {
    const list = buildAuthenticatorEntries({
      accounts: [adele],
      tenants: [tenant('Graphic Design Institute', { verdict: 'not-a-guest', methods: [AUTHENTICATOR] })],
      manualEntries: [],
      ticks: {},
    });
    expect(list[1]).toMatchObject({ organisation: 'Graphic Design Institute', status: 'orphaned' });
  });

  it('calls entries with methods but an undecided verdict unknown, naming the verdict', () => {
    const coho = byName(entries(), 'Coho Winery');
    expect(coho).toMatchObject({ status: 'unknown', verdict: 'blocked' });
    expect(coho?.reason).toMatch(/could not tell.*\(Blocked\)/);
  });

  it('does not count password, e-mail or a Temporary Access Pass as an entry', () => {
    const list = buildAuthenticatorEntries({
      accounts: [adele],
      tenants: [tenant('Proseware', { verdict: 'needs-sign-in', methods: [PASSWORD, EMAIL] })],
      manualEntries: [],
      ticks: {},
    });
    expect(list.map((e) => e.organisation)).toEqual(['Contoso']);
  });

  it('takes ticked from the ticks and lets a ticked hand-made entry become removable', () => {
    const list = entries({
      [entryKeyForTenant(ADELE, 'fabrikam-tid')]: true,
      [entryKeyForManual('m2')]: true,
      [entryKeyForManual('m1')]: false,
    });
    expect(byName(list, 'Fabrikam')).toMatchObject({ ticked: true, status: 'needed' });
    expect(byName(list, 'Consultancy X')).toMatchObject({ kind: 'manual', ticked: true, status: 'removable' });
    expect(byName(list, 'Old Employer GmbH')).toMatchObject({
      kind: 'manual',
      key: 'manual:m1',
      ticked: false,
      status: 'needed',
      accountId: null,
      tenantId: null,
      domain: null,
      methods: null,
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
  it('orders by what breaks first, removals last, ranks 1..n', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    expect(items.map((i) => `${i.rank} ${i.organisation}`)).toEqual([
      // Only app methods on the old phone: nothing works after the wipe (needed first, then unknown).
      '1 Contoso',
      '2 Fabrikam',
      "3 Margie's Travel",
      '4 Coho Winery',
      // A single method that survives the wipe: add a second one.
      '5 Northwind Traders',
      // The rest, needed by name.
      '6 Consultancy X',
      '7 Litware',
      '8 Old Employer GmbH',
      '9 Tailspin Toys',
      '10 Woodgrove Bank',
      // Delete-only items.
      '11 Adatum',
      '12 Contoso Pharma',
      '13 Wingtip Toys',
    ]);
  });

  it('flags entries with no working method after the change, and single methods', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    const flags = Object.fromEntries(
      items.map((i) => [i.organisation, [i.noWorkingMethodAfterChange, i.singleMethod, i.removeOnly]]),
    );
    expect(flags).toEqual({
      Contoso: [true, true, false],
      Fabrikam: [true, true, false],
      "Margie's Travel": [true, true, false],
      'Coho Winery': [true, true, false],
      'Northwind Traders': [false, true, false],
      'Consultancy X': [false, false, false],
      Litware: [false, false, false],
      'Old Employer GmbH': [false, false, false],
      'Tailspin Toys': [false, false, false],
      'Woodgrove Bank': [false, false, false],
      Adatum: [false, true, true],
      'Contoso Pharma': [false, false, true],
      'Wingtip Toys': [false, true, true],
    });
  });

  it('words why each item sits where it does', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    const reason = (name: string): string => items.find((i) => i.organisation === name)?.urgencyReason ?? '';
    expect(reason('Contoso')).toMatch(/only method at home is the Authenticator app \(iPhone 15\) on the old phone/);
    expect(reason('Contoso')).toMatch(/Partners that trust your home MFA/);
    expect(reason('Fabrikam')).toMatch(/only method here is the Authenticator app \(Pixel 7\)/);
    expect(reason('Northwind Traders')).toMatch(/single method here \(the phone number \+49 1701234567\)/);
    expect(reason('Northwind Traders')).toMatch(
      /another phone number or a security key, while the old phone still works/,
    );
    expect(reason('Litware')).toMatch(/could not read your methods/);
    expect(reason('Woodgrove Bank')).toMatch(/Nothing is registered here yet/);
    expect(reason('Tailspin Toys')).toMatch(/another method here besides the app/);
    expect(reason('Adatum')).toMatch(/delete this entry from the Authenticator app/);
    expect(reason('Contoso Pharma')).toMatch(/guest account there is gone/);
    for (const item of items) expect(item.urgencyReason).toMatch(/^[A-Z].*\.$/);
  });

  it('gives four steps to regular items and one delete step to removals, done from the saved progress', () => {
    const fabrikamKey = entryKeyForTenant(ADELE, 'fabrikam-tid');
    const adatumKey = entryKeyForTenant(ADELE, 'adatum-tid');
    const items = buildPhoneChangeChecklist(entries(), {
      [fabrikamKey]: { 'open-security-info': true, 'add-new-phone': true },
      [adatumKey]: { 'remove-old-device': true },
    });
    const fabrikam = items.find((i) => i.entryKey === fabrikamKey);
    expect(fabrikam?.steps.map((s) => [s.id, s.done])).toEqual([
      ['open-security-info', true],
      ['add-new-phone', true],
      ['test-sign-in', false],
      ['remove-old-device', false],
    ]);
    for (const step of fabrikam?.steps ?? []) expect(step.label).toMatch(/^[A-Z][^.]+$/);
    const adatum = items.find((i) => i.entryKey === adatumKey);
    expect(adatum?.steps).toEqual([
      { id: 'remove-old-device', label: 'Delete this entry from the Authenticator app', done: true },
    ]);
  });

  it('links each tenant item to its security-info page; hand-made entries have none', () => {
    const items = buildPhoneChangeChecklist(entries(), {});
    expect(items.find((i) => i.organisation === 'Fabrikam')?.securityInfoUrl).toBe(securityInfoUrl('fabrikam-tid'));
    expect(items.find((i) => i.organisation === 'Contoso')?.securityInfoUrl).toBe(securityInfoUrl('contoso-tid'));
    expect(items.find((i) => i.organisation === 'Old Employer GmbH')?.securityInfoUrl).toBeNull();
  });

  it('puts the home entry among the needed ones by the same rule', () => {
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
    const list = buildAuthenticatorEntries({ accounts: [adele], tenants, manualEntries: [], ticks: {} });
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
    });
    const item = buildPhoneChangeChecklist(list, {}).find((i) => i.organisation === 'Fabrikam');
    expect(item).toMatchObject({ noWorkingMethodAfterChange: true, singleMethod: false, rank: 1 });
    expect(item?.urgencyReason).toMatch(/All your methods here are apps on the old phone/);
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

  it('reads like the design: separate entries, home MFA accepted, orphans', () => {
    const summary = summarizeInventory([
      tenant('Contoso', { isHome: true, tenantId: 'contoso-tid', verdict: 'home-mfa-trusted' }),
      ...many(3, 'separate-mfa', 'Partner'),
      ...many(5, 'home-mfa-trusted', 'Friend'),
      tenant('Former', { verdict: 'not-a-guest', methods: [AUTHENTICATOR] }),
    ]);
    expect(summary.sentence).toBe(
      '3 organisations make you keep a separate Authenticator entry; 5 accept your home MFA; 1 entry is orphaned.',
    );
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

  it('counts the realistic set, home excluded', () => {
    const summary = summarizeInventory(TENANTS);
    expect(summary).toMatchObject({ guestTenants: 15, unchecked: 1, leftovers: 2, orphans: 1 });
    expect(summary.counts['separate-mfa']).toBe(4);
    expect(summary.counts['home-mfa-trusted']).toBe(2);
    expect(summary.sentence).toBe(
      '4 organisations make you keep a separate Authenticator entry; 1 will make you register MFA; 2 ask for a stronger method; ' +
        "2 accept your home MFA; 1 doesn't ask for MFA; 1 blocks your sign-in; 1 no longer has you as a guest; 1 needs a sign-in to tell; " +
        '1 is not checked yet; 2 entries can be removed; 1 entry is orphaned.',
    );
  });

  it('uses the singular for one organisation', () => {
    expect(summarizeInventory([tenant('Fabrikam', { verdict: 'home-mfa-trusted' })]).sentence).toBe(
      '1 organisation accepts your home MFA.',
    );
    expect(summarizeInventory([tenant('Fabrikam', { verdict: 'error' })]).sentence).toBe(
      '1 organisation could not be checked.',
    );
  });

  it('says so when there are no partner organisations', () => {
    const summary = summarizeInventory([tenant('Contoso', { isHome: true, verdict: 'home-mfa-trusted' })]);
    expect(summary.sentence).toBe('No partner organisations found yet.');
    expect(summary.guestTenants).toBe(0);
  });
});
