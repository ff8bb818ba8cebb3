/**
 * Which verdict changes the user is told about, in which words, and how they group into notifications
 * (shared/changes.ts).
 */
import { describe, expect, it } from 'vitest';
import { decisiveVerdict } from '../../../shared/verdicts';
import {
  detectChange,
  notificationsFor,
  NOTIFICATION_GROUP_THRESHOLD,
  type VerdictChange,
} from '../../../shared/changes';
import type { HistoryEntry, TenantRecord, Verdict } from '../../../shared/model';
import { typicalReason } from '../../support/words';

function record(verdict: Verdict | null, options: Partial<TenantRecord> & { leftover?: boolean } = {}): TenantRecord {
  const { leftover = false, ...rest } = options;
  return {
    accountId: 'oid.home',
    tenantId: 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a52',
    displayName: 'Northwind Traders',
    defaultDomain: 'northwindtraders.example',
    domains: [],
    isHome: false,
    source: 'arm',
    listed: true,
    classification:
      verdict === null
        ? null
        : {
            verdict,
            leftoverRegistration: leftover,
            confidence: 'certain',
            evidence: {
              aadsts: null,
              errorCode: null,
              subError: null,
              correlationId: null,
              traceId: null,
              timestamp: null,
              amr: null,
              acrs: null,
              claimsChallenge: null,
              policyIds: [],
              message: null,
            },
            reason: typicalReason(verdict),
          },
    methods: null,
    methodsNote: null,
    sponsors: [],
    technicalContacts: [],
    observedAt: '2026-03-02T09:00:00.000Z',
    history:
      verdict && verdict !== 'error' ? [{ verdict, leftoverRegistration: leftover, at: '2026-03-01T09:00:00Z' }] : [],
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
    ...rest,
  };
}

const history = (...verdicts: Verdict[]): HistoryEntry[] =>
  verdicts.map((verdict, i) => ({ verdict, leftoverRegistration: false, at: `2026-02-0${i + 1}T09:00:00Z` }));

describe('detectChange', () => {
  it('tells that a tenant now accepts the home MFA, and that the entry kept for it can go', () => {
    const change = detectChange(record('separate-mfa'), record('home-mfa-trusted', { leftover: true }));
    expect(change).toMatchObject({
      kind: 'trusts-home-mfa',
      from: 'separate-mfa',
      to: 'home-mfa-trusted',
      title: 'Northwind Traders now accepts your home MFA',
      body: 'Your Authenticator entry for it can most likely go.',
      tenantId: 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a52',
      at: '2026-03-02T09:00:00.000Z',
    });
  });

  it('does not speak of an entry when the user never had to keep one there', () => {
    const change = detectChange(record('registration-required'), record('home-mfa-trusted'));
    expect(change?.body).toBe('You need no Authenticator entry for it: the MFA you do at home is enough.');
  });

  it.each([
    ['home-mfa-trusted', 'separate-mfa', 'demands-own-mfa', 'Northwind Traders now demands its own MFA'],
    [
      'home-mfa-trusted',
      'registration-required',
      'demands-registration',
      'Northwind Traders now asks you to register MFA',
    ],
    ['separate-mfa', 'stronger-method', 'demands-stronger-method', 'Northwind Traders now asks for a stronger method'],
    ['no-mfa-required', 'blocked', 'blocks', 'Northwind Traders now blocks your sign-in'],
    ['separate-mfa', 'not-a-guest', 'guest-removed', 'Your guest account in Northwind Traders is gone'],
  ] as const)('%s → %s is told as %s', (from, to, kind, title) => {
    expect(detectChange(record(from), record(to))).toMatchObject({ kind, title });
  });

  it('says nothing for failed checks, first checks, unchanged verdicts and changes that ask nothing new', () => {
    expect(detectChange(record('separate-mfa'), record('error'))).toBeNull();
    expect(detectChange(undefined, record('separate-mfa'))).toBeNull();
    expect(detectChange(record(null), record('separate-mfa'))).toBeNull();
    expect(detectChange(record('separate-mfa'), record('separate-mfa'))).toBeNull();
    expect(detectChange(record('separate-mfa'), record('no-mfa-required'))).toBeNull();
    expect(detectChange(record('separate-mfa'), record('needs-sign-in'))).toBeNull();
    // Registering where registration was asked is the user's own doing.
    expect(detectChange(record('registration-required'), record('separate-mfa'))).toBeNull();
    // The home tenant is not a partner.
    expect(
      detectChange(record('separate-mfa', { isHome: true }), record('home-mfa-trusted', { isHome: true })),
    ).toBeNull();
  });

  it('compares with the last real verdict when the check before failed', () => {
    const failedBefore = record('error', { history: history('separate-mfa') });
    expect(decisiveVerdict(failedBefore)).toBe('separate-mfa');
    expect(detectChange(failedBefore, record('separate-mfa'))).toBeNull();
    expect(detectChange(failedBefore, record('home-mfa-trusted'))?.kind).toBe('trusts-home-mfa');
    // Never checked successfully: nothing to compare with.
    expect(detectChange(record('error', { history: [] }), record('blocked'))).toBeNull();
  });
});

describe('notificationsFor', () => {
  const change = (n: number): VerdictChange => ({
    ...detectChange(
      record('separate-mfa'),
      record('home-mfa-trusted', { displayName: `Partner ${n}`, tenantId: `t${n}` }),
    )!,
  });

  it(`gives one notification per change up to ${NOTIFICATION_GROUP_THRESHOLD}, each opening its tenant`, () => {
    const specs = notificationsFor([change(1), change(2), change(3)]);
    expect(specs.map((s) => s.title)).toEqual([
      'Partner 1 now accepts your home MFA',
      'Partner 2 now accepts your home MFA',
      'Partner 3 now accepts your home MFA',
    ]);
    expect(specs[1]?.opens).toEqual({ kind: 'tenant', accountId: 'oid.home', tenantId: 't2' });
  });

  it('groups more changes into one summary that opens the "What changed" list', () => {
    const specs = notificationsFor([1, 2, 3, 4, 5].map(change));
    expect(specs).toEqual([
      {
        title: '5 organisations changed what they ask of you',
        body: 'Partner 1 now accepts your home MFA; Partner 2 now accepts your home MFA; Partner 3 now accepts your home MFA; and 2 more. Open the app to see what changed.',
        opens: { kind: 'changes' },
      },
    ]);
    expect(notificationsFor([])).toEqual([]);
  });
});
