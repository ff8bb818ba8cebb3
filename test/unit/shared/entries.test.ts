/**
 * The Authenticator entry of one guest tenant, as a user with the app's default client sees it: Graph never
 * lists the methods (403 accessDenied, https://github.com/microsoftgraph/msgraph-sdk-go/issues/441), so every
 * word comes from the tenant's verdict history (each change with its time and AADSTS code), the user's answer on
 * top. The histories below are what the scan stores for the real answers: 50076 (an MFA demand although the
 * home session carried MFA, B1 in the evidence: https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491),
 * 50079 (a registration interrupt: https://github.com/Azure/azure-kusto-python/issues/89), 50020 (the guest
 * account is gone), and a token accepted with the home MFA.
 */
import { describe, expect, it } from 'vitest';
import { day, decideTenantEntry, informativeVerdict } from '../../../shared/entries';
import type {
  AuthMethod,
  Classification,
  EntryConfirmation,
  HistoryEntry,
  TenantRecord,
  Verdict,
} from '../../../shared/model';
import { AUTHENTICATOR, MOBILE, PASSWORD } from './observation-fixtures';
import { typicalReason } from '../../support/words';

const DEFAULT = { defaultClient: true };
const OWN_APP = { defaultClient: false };

/** The code each verdict comes with in the real answers above (a token has none). */
const CODE: Partial<Record<Verdict, number>> = {
  'separate-mfa': 50076,
  'registration-required': 50079,
  'not-a-guest': 50020,
  blocked: 53003,
  'needs-sign-in': 50076,
};

function classification(verdict: Verdict, at: string, leftoverRegistration = false): Classification {
  return {
    verdict,
    leftoverRegistration,
    confidence: 'likely',
    evidence: {
      aadsts: CODE[verdict] ?? null,
      errorCode: CODE[verdict] ? 'invalid_grant' : null,
      subError: null,
      correlationId: null,
      traceId: null,
      timestamp: at,
      amr: null,
      acrs: null,
      claimsChallenge: null,
      policyIds: [],
      message: null,
    },
    reason: typicalReason(verdict),
  };
}

const change = (verdict: Verdict, at: string, leftoverRegistration = false): HistoryEntry => ({
  verdict,
  leftoverRegistration,
  at,
  ...(CODE[verdict] ? { aadsts: CODE[verdict] } : {}),
});

/**
 * A Fabrikam record after checks with these changes; the latest check (`checkedAt`) gave `latest` (the last
 * change's verdict unless a failed or undecided check came after it).
 */
function fabrikam(
  history: HistoryEntry[],
  options: { latest?: Verdict; checkedAt?: string; methods?: AuthMethod[] | null; listed?: boolean } = {},
): TenantRecord {
  const last = history.at(-1);
  const checkedAt = options.checkedAt ?? last?.at ?? null;
  const latest = options.latest ?? last?.verdict ?? null;
  return {
    accountId: 'adele-oid.contoso-tid',
    tenantId: 'fabrikam-tid',
    displayName: 'Fabrikam',
    defaultDomain: 'fabrikam.example',
    domains: ['fabrikam.example'],
    isHome: false,
    source: 'arm',
    listed: options.listed ?? true,
    classification: latest && checkedAt ? classification(latest, checkedAt, last?.leftoverRegistration) : null,
    methods: options.methods === undefined ? null : options.methods,
    methodsNote: options.methods === undefined ? 'Microsoft Graph refused to list the methods (403).' : null,
    sponsors: [],
    technicalContacts: [],
    observedAt: checkedAt,
    history,
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
  };
}

const NOV_3 = '2025-11-03T09:15:00Z';
const NOV_20 = '2025-11-20T09:15:00Z';
const DEC_5 = '2025-12-05T09:15:00Z';
const DEC_12 = '2025-12-12T09:15:00Z';

describe('an entry inferred from the history, with the default client', () => {
  it('in-use: the tenant asked for its own MFA (50076), so the guest registered there', () => {
    const entry = decideTenantEntry(fabrikam([change('separate-mfa', NOV_3)], { checkedAt: DEC_5 }), null, DEFAULT);
    expect(entry).toMatchObject({ status: 'in-use', inferred: 'in-use', basis: 'inferred', confidence: 'likely' });
    expect(entry.reason).toBe(
      'Fabrikam asked for its own MFA on 5 Dec 2025 (first on 3 Nov 2025): you most likely have an entry for it. If you have none, say so below.',
    );
    expect(entry.howKnown).toBe(
      'Inferred from what the organisation answered at the checks: the app cannot read your methods with its default sign-in.',
    );
    expect(entry.since).toBe(DEC_5);
  });

  it('will-be-needed: a registration interrupt (50079), not an MFA demand', () => {
    const entry = decideTenantEntry(fabrikam([change('registration-required', NOV_3)]), null, DEFAULT);
    expect(entry.status).toBe('will-be-needed');
    expect(entry.reason).toBe(
      'Fabrikam asked you on 3 Nov 2025 to register an MFA method with it: at your next sign-in there you will add an entry.',
    );
  });

  it('in-use again once a registration (50079) became an MFA demand (50076): the guest registered', () => {
    const entry = decideTenantEntry(
      fabrikam([change('registration-required', NOV_3), change('separate-mfa', NOV_20)]),
      null,
      DEFAULT,
    );
    expect(entry.status).toBe('in-use');
  });

  it('leftover: it demanded its own MFA, and now accepts the home MFA', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3), change('home-mfa-trusted', DEC_5)]),
      null,
      DEFAULT,
    );
    expect(entry).toMatchObject({ status: 'leftover', basis: 'inferred', confidence: 'likely', since: DEC_5 });
    expect(entry.reason).toBe(
      'Fabrikam asked for its own MFA (first on 3 Nov 2025); since 5 Dec 2025 it accepts your home MFA: the entry you registered there can most likely go. Remove the method on its Security info page, then delete the entry.',
    );
  });

  it('kept, not leftover: it demanded its own MFA and asked for none at one later check (it may ask again)', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3), change('no-mfa-required', DEC_5)]),
      null,
      DEFAULT,
    );
    expect(entry).toMatchObject({ status: 'in-use', confidence: 'likely' });
    expect(entry.reason).toMatch(/on 5 Dec 2025 it asked for none, but it may ask again/);
    expect(entry.reason).toMatch(/Keep the entry until it accepts your home MFA/);
  });

  it('leftover, likely: it asked for no MFA at three checks over two weeks after its last demand', () => {
    const clean = { ...change('no-mfa-required', NOV_20), checks: 3, lastAt: DEC_5 };
    const entry = decideTenantEntry(fabrikam([change('separate-mfa', NOV_3), clean]), null, DEFAULT);
    expect(entry).toMatchObject({ status: 'leftover', confidence: 'likely' });
    expect(entry.reason).toMatch(/it has not asked for MFA at 3 checks from 20 Nov 2025 to 5 Dec 2025/);
  });

  it('orphaned: the guest account is gone (50020) where the tenant had demanded its own MFA', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3), change('not-a-guest', DEC_5)], { listed: false }),
      null,
      DEFAULT,
    );
    expect(entry.status).toBe('orphaned');
    expect(entry.reason).toBe(
      'Your guest account in Fabrikam is gone: Microsoft no longer lists the organisation for you, and the check on 5 Dec 2025 answered that you are not a guest there. It had asked for its own MFA (first on 3 Nov 2025), so your Authenticator entry for it is most likely dead weight: delete it, nobody there will reset it. If it made you one of its own accounts instead (you sign in there with a new name), that account still uses the entry: keep it then.',
    );
  });

  it('not-needed: it has only ever accepted the home MFA', () => {
    const entry = decideTenantEntry(fabrikam([change('home-mfa-trusted', NOV_3)], { checkedAt: DEC_5 }), null, DEFAULT);
    expect(entry.status).toBe('not-needed');
    expect(entry.reason).toBe(
      'Fabrikam has only ever accepted your home MFA (checked since 3 Nov 2025): you most likely need no entry for it.',
    );
  });

  it('not-needed: it accepted the home MFA or asked for none, and a former partner that never asked for its own', () => {
    expect(
      decideTenantEntry(fabrikam([change('no-mfa-required', NOV_3), change('home-mfa-trusted', DEC_5)]), null, DEFAULT)
        .reason,
    ).toMatch(/has only ever accepted your home MFA or asked for none/);
    const gone = decideTenantEntry(
      fabrikam([change('home-mfa-trusted', NOV_3), change('not-a-guest', DEC_5)]),
      null,
      DEFAULT,
    );
    expect(gone.status).toBe('not-needed');
    expect(gone.reason).toMatch(/never asked for its own MFA, so you have no entry to delete/);
  });

  it('unknown where nothing supports an answer: not checked, blocked, a sign-in needed, first seen gone', () => {
    expect(decideTenantEntry(fabrikam([]), null, DEFAULT)).toMatchObject({
      status: 'unknown',
      confidence: 'unknown',
      reason: 'Fabrikam has not been checked yet.',
    });
    const blocked = decideTenantEntry(fabrikam([change('blocked', NOV_3)]), null, DEFAULT);
    expect(blocked.status).toBe('unknown');
    expect(blocked.reason).toMatch(
      /cannot tell whether you have an entry for Fabrikam \(latest: Blocked on 3 Nov 2025\)/,
    );
    expect(decideTenantEntry(fabrikam([change('needs-sign-in', NOV_3)]), null, DEFAULT).status).toBe('unknown');
    const firstSeenGone = decideTenantEntry(fabrikam([change('not-a-guest', NOV_3)]), null, DEFAULT);
    expect(firstSeenGone.status).toBe('unknown');
    expect(firstSeenGone.reason).toMatch(/if you still have an entry for it, it no longer works/);
  });

  it('keeps the last word that says something when a later check only failed or was blocked, and says so', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3), change('blocked', DEC_5)], { latest: 'blocked', checkedAt: DEC_12 }),
      null,
      DEFAULT,
    );
    expect(entry.status).toBe('in-use');
    expect(entry.reason).toMatch(/asked for its own MFA on 3 Nov 2025/);
    expect(entry.reason).toMatch(/\(The latest check on 12 Dec 2025: Blocked\.\)/);
    // A failed check never enters the history; the latest classification is `error`.
    const failed = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3)], { latest: 'error', checkedAt: DEC_5 }),
      null,
      DEFAULT,
    );
    expect(failed.status).toBe('in-use');
    expect(failed.reason).toMatch(/The latest check on 5 Dec 2025: Check failed/);
  });

  it('with an own app whose method read failed, says the methods could not be read (with why), not "cannot"', () => {
    const entry = decideTenantEntry(fabrikam([change('separate-mfa', NOV_3)]), null, OWN_APP);
    expect(entry.howKnown).toBe(
      'Inferred from what the organisation answered at the checks: your methods there could not be read (Microsoft Graph refused to list the methods (403)).',
    );
  });
});

describe('an entry made certain by the methods Graph listed', () => {
  it('reads listed methods: in use, leftover, not needed, will be needed, never more certain than the verdict', () => {
    const inUse = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3)], { methods: [PASSWORD, AUTHENTICATOR] }),
      null,
      OWN_APP,
    );
    // The methods are read, but "in use" rests on the verdict too, which is only likely here.
    expect(inUse).toMatchObject({ status: 'in-use', basis: 'graph', confidence: 'likely' });
    expect(inUse.reason).toBe('You have an MFA method registered in Fabrikam: keep the entry.');
    expect(inUse.howKnown).toBe('Read from Microsoft Graph on 3 Nov 2025: the methods registered for you in Fabrikam.');
    expect(
      decideTenantEntry(
        fabrikam([change('home-mfa-trusted', NOV_3)], { methods: [AUTHENTICATOR, MOBILE] }),
        null,
        OWN_APP,
      ),
    ).toMatchObject({ status: 'leftover', basis: 'graph' });
    expect(
      decideTenantEntry(fabrikam([change('home-mfa-trusted', NOV_3)], { methods: [PASSWORD] }), null, OWN_APP),
    ).toMatchObject({ status: 'not-needed', basis: 'graph' });
    expect(
      decideTenantEntry(fabrikam([change('registration-required', NOV_3)], { methods: [] }), null, OWN_APP),
    ).toMatchObject({ status: 'will-be-needed', basis: 'graph' });
  });

  it('lets listed methods outrank the user’s answer', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3)], { methods: [AUTHENTICATOR] }),
      { answer: 'no', at: NOV_20, verdict: 'separate-mfa' },
      OWN_APP,
    );
    expect(entry).toMatchObject({ status: 'in-use', basis: 'graph' });
  });
});

describe('the user confirms or corrects an entry', () => {
  const answer = (value: EntryConfirmation['answer'], at: string, verdict: Verdict | null): EntryConfirmation => ({
    answer: value,
    at,
    verdict,
  });

  it('a "no" outranks the inference while the tenant keeps doing what it did', () => {
    const record = fabrikam([change('separate-mfa', NOV_3)], { checkedAt: DEC_5 });
    const entry = decideTenantEntry(record, answer('no', NOV_20, 'separate-mfa'), DEFAULT);
    expect(entry).toMatchObject({
      status: 'will-be-needed',
      inferred: 'in-use',
      basis: 'you',
      confidence: 'certain',
      changeNote: null,
      since: NOV_20,
    });
    expect(entry.reason).toBe(
      'You said on 20 Nov 2025 that you have no entry for it, but Fabrikam asks for its own MFA: you sign in there with another method, or it will make you register one.',
    );
    expect(entry.howKnown).toBe('You said so on 20 Nov 2025; it counts until Fabrikam changes what it asks for.');
  });

  it('a "yes" makes an entry in use, leftover or orphaned by what the tenant does', () => {
    expect(decideTenantEntry(fabrikam([change('blocked', NOV_3)]), answer('yes', NOV_20, null), DEFAULT).status).toBe(
      'in-use',
    );
    expect(
      decideTenantEntry(
        fabrikam([change('home-mfa-trusted', NOV_3)]),
        answer('yes', NOV_20, 'home-mfa-trusted'),
        DEFAULT,
      ).status,
    ).toBe('leftover');
    expect(
      decideTenantEntry(fabrikam([change('not-a-guest', NOV_3)]), answer('yes', NOV_20, 'not-a-guest'), DEFAULT).status,
    ).toBe('orphaned');
  });

  it('a "no" where the tenant accepts the home MFA: not needed', () => {
    expect(
      decideTenantEntry(
        fabrikam([change('home-mfa-trusted', NOV_3)]),
        answer('no', NOV_20, 'home-mfa-trusted'),
        DEFAULT,
      ),
    ).toMatchObject({ status: 'not-needed', basis: 'you' });
  });

  it('"not sure" leaves the inference and says so', () => {
    const entry = decideTenantEntry(
      fabrikam([change('separate-mfa', NOV_3)]),
      answer('unsure', NOV_20, 'separate-mfa'),
      DEFAULT,
    );
    expect(entry).toMatchObject({ status: 'in-use', basis: 'inferred', changeNote: null });
    expect(entry.reason).toMatch(/^You were not sure on 20 Nov 2025 whether you have this entry\. Fabrikam asked/);
  });

  it('the answer stops deciding when the tenant’s behaviour changes after it, and the change is shown', () => {
    const record = fabrikam([change('home-mfa-trusted', NOV_3), change('separate-mfa', DEC_5)]);
    const entry = decideTenantEntry(record, answer('no', NOV_20, 'home-mfa-trusted'), DEFAULT);
    expect(entry.changeNote).toBe(
      'You said you had no entry on 20 Nov 2025; on 5 Dec 2025 Fabrikam started asking for its own MFA.',
    );
    expect(entry).toMatchObject({ status: 'in-use', basis: 'inferred' });
    expect(entry.reason.startsWith(entry.changeNote!)).toBe(true);
  });

  it('a failed or blocked check afterwards is no change of behaviour: the answer still holds', () => {
    const record = fabrikam([change('separate-mfa', NOV_3), change('blocked', DEC_5)], {
      latest: 'error',
      checkedAt: DEC_12,
    });
    const entry = decideTenantEntry(record, answer('no', NOV_20, 'separate-mfa'), DEFAULT);
    expect(entry).toMatchObject({ basis: 'you', changeNote: null });
  });

  it('an answer given before any check gives way to the first check that says something', () => {
    const entry = decideTenantEntry(fabrikam([change('separate-mfa', DEC_5)]), answer('no', NOV_20, null), DEFAULT);
    expect(entry.changeNote).toBe(
      'You said you had no entry on 20 Nov 2025; on 5 Dec 2025 Fabrikam started asking for its own MFA.',
    );
  });
});

describe('helpers', () => {
  it('informativeVerdict skips failed, blocked and undecided checks', () => {
    expect(informativeVerdict(fabrikam([change('separate-mfa', NOV_3), change('blocked', DEC_5)]))).toBe(
      'separate-mfa',
    );
    expect(informativeVerdict(fabrikam([change('needs-sign-in', NOV_3)]))).toBeNull();
    expect(informativeVerdict(fabrikam([]))).toBeNull();
  });

  it('day writes a UTC day as people do, and says so when there is none', () => {
    expect(day('2025-11-03T23:59:00Z')).toBe('3 Nov 2025');
    expect(day('2025-03-04 09:15:27Z')).toBe('4 Mar 2025');
    expect(day(null)).toBe('an unknown day');
    expect(day('not a date')).toBe('an unknown day');
  });
});
