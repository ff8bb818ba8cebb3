/**
 * The views derived from the state (shared/selectors.ts): the inventory summary and its sentence, and the
 * memoized cache the renderer reads them through.
 */
import { describe, expect, it } from 'vitest';
import { verdictKeyOf } from '../../../shared/verdicts';
import type { AuthenticatorEntry, TenantRecord, Verdict } from '../../../shared/model';
import { buildAuthenticatorEntries } from '../../../shared/inventory';
import { createViewCache, selectEntries, selectSummary, type ViewState } from '../../../shared/selectors';
import { FIXTURE_ACCOUNT, FIXTURE_ACCOUNT_ID, fixtureData } from '../../fixtures/ui-fixture';

const summarize = (tenants: TenantRecord[], entries: AuthenticatorEntry[]) =>
  selectSummary({ tenants }, entries, FIXTURE_ACCOUNT_ID);
const summarySentence = (summary: { sentence: string }) => summary.sentence;

/** The fixture as the state main sends: its data, before any view is derived. */
function fixtureState(): ViewState {
  const data = fixtureData(0);
  return {
    accounts: [FIXTURE_ACCOUNT],
    tenants: data.tenants,
    manualEntries: data.manualEntries,
    entryTicks: data.ticks,
    entryConfirmations: data.confirmations,
    checklist: data.checklist,
    settings: { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' },
  };
}

function tenant(verdict: Verdict | null, extra: Partial<TenantRecord> = {}): TenantRecord {
  const base = fixtureData(0).tenants[1]!;
  return {
    ...base,
    tenantId: Math.random().toString(16),
    isHome: false,
    classification: verdict ? { ...base.classification!, verdict, leftoverRegistration: false } : null,
    // As the store leaves it: the first verdict is the first change (a failed check is none).
    history: verdict && verdict !== 'error' ? [{ verdict, leftoverRegistration: false, at: base.observedAt! }] : [],
    // The app's default client never reads the methods.
    methods: null,
    ...extra,
  };
}

/** The entries main derives for these tenants (shared/inventory.ts), as the snapshot carries them. */
function entriesOf(tenants: TenantRecord[]): AuthenticatorEntry[] {
  return buildAuthenticatorEntries({ accounts: [FIXTURE_ACCOUNT], tenants, manualEntries: [], ticks: {} });
}

const AT_1 = '2025-10-01T08:00:00Z';
const AT_2 = '2025-12-01T08:00:00Z';
/** A tenant that demanded its own MFA and then did `later`. */
const after = (later: Verdict) =>
  tenant(later, {
    methods: null,
    history: [
      { verdict: 'separate-mfa', leftoverRegistration: false, at: AT_1, aadsts: 50076 },
      { verdict: later, leftoverRegistration: false, at: AT_2 },
    ],
  });

/** A former partner where nothing was ever registered: no entry is left behind. */
const gone = () => tenant('not-a-guest', { methods: null, history: [] });

describe('inventory summary', () => {
  it('writes the sentence from the brief with the noun only on the first part', () => {
    const tenants = [
      ...Array.from({ length: 3 }, () => tenant('separate-mfa')),
      ...Array.from({ length: 5 }, () => tenant('home-mfa-trusted')),
      after('not-a-guest'),
    ];
    const summary = summarize(tenants, entriesOf(tenants));
    expect(summarySentence(summary)).toBe(
      '3 organisations make you keep a separate Authenticator entry; 5 accept your home MFA; 1 entry is orphaned.',
    );
  });

  it('uses singular verbs for one organisation and leaves out zero counts', () => {
    const summary = summarize([tenant('separate-mfa'), tenant('blocked')], []);
    expect(summarySentence(summary)).toBe(
      '1 organisation makes you keep a separate Authenticator entry; 1 blocks your sign-in.',
    );
  });

  it('does not count the home tenant and counts unchecked tenants apart', () => {
    const summary = summarize([tenant(null, { isHome: true }), tenant(null), tenant('error')], []);
    expect(summary.total).toBe(2);
    expect(summary.counts.unchecked).toBe(1);
    expect(summary.counts.error).toBe(1);
    expect(summarySentence(summary)).toBe('1 organisation could not be checked; 1 is not checked yet.');
  });

  it('mentions guest accounts that are gone when no orphaned entry says it already', () => {
    expect(summarySentence(summarize([gone(), gone()], []))).toBe('2 organisations no longer have you as a guest.');
  });

  it('counts leftover entries from the history, with no method read', () => {
    const tenants = [after('home-mfa-trusted')];
    const summary = summarize(tenants, entriesOf(tenants));
    expect(summary.leftover).toBe(1);
    expect(summary.removableEntries).toBe(1);
    expect(summarySentence(summary)).toBe('1 organisation accepts your home MFA; 1 leftover entry can be removed.');
  });

  it('says so when there is nothing yet', () => {
    expect(summarySentence(summarize([], []))).toBe('No organisations yet.');
  });

  it('agrees with the fixture: every verdict present is counted once', () => {
    const state = fixtureState();
    const summary = summarize([...state.tenants], selectEntries(state));
    const sum = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(state.tenants.filter((t) => !t.isHome).length);
    expect(verdictKeyOf(state.tenants.find((t) => t.classification === null && !t.isHome)!)).toBe('unchecked');
  });
});

describe('the view cache', () => {
  it('derives each view once per state it reads, and again when that state changes', () => {
    const cache = createViewCache();
    const state = fixtureState();
    const entries = cache.entries(state);
    const checklist = cache.checklist(state);
    const summary = cache.summary(state, FIXTURE_ACCOUNT_ID);
    // A new snapshot object that kept every field: the same views.
    expect(cache.entries({ ...state })).toBe(entries);
    expect(cache.summary({ ...state }, FIXTURE_ACCOUNT_ID)).toBe(summary);
    // A tick changes the entries and the checklist, not the tenants: the summary is recomputed from new entries,
    // and the ticked hand-made entry is a leftover now, so the checklist only asks to delete it.
    const manualKey = entries.find((e) => e.kind === 'manual')!.key;
    const ticked = { ...state, entryTicks: { ...state.entryTicks, [manualKey]: true } };
    expect(cache.entries(ticked)).not.toBe(entries);
    expect(cache.entries(ticked).find((e) => e.key === manualKey)!.status).toBe('leftover');
    expect(cache.checklist(ticked)).not.toBe(checklist);
    expect(checklist.find((i) => i.entryKey === manualKey)!.removeOnly).toBe(false);
    expect(cache.checklist(ticked).find((i) => i.entryKey === manualKey)!.removeOnly).toBe(true);
    expect(cache.counters(ticked, FIXTURE_ACCOUNT_ID).entriesInUse).toBe(
      cache.counters(state, FIXTURE_ACCOUNT_ID).entriesInUse - 1,
    );
  });
});
