/**
 * The views derived from the state (shared/selectors.ts): the inventory summary and the headline it reads as, and the
 * memoized cache the renderer reads them through.
 */
import { describe, expect, it } from 'vitest';
import { verdictKeyOf } from '../../../shared/verdicts';
import type { AuthenticatorEntry, TenantRecord, Verdict } from '../../../shared/model';
import { buildAuthenticatorEntries } from '../../../shared/inventory';
import {
  createViewCache,
  selectEntries,
  selectEntry,
  selectSummary,
  type InventorySummary,
  type ViewState,
} from '../../../shared/selectors';
import { inventoryHeadline } from '../../../renderer/src/headline';
import { applyStatePatch, diffState, type AppSnapshot } from '../../../shared/state';
import { entryKeyForManual, entryKeyForTenant } from '../../../shared/entry-keys';
import { FIXTURE_ACCOUNT, FIXTURE_ACCOUNT_ID, fixtureData, fixtureStateFields } from '../../fixtures/ui-fixture';

const summarize = (tenants: TenantRecord[], entries: AuthenticatorEntry[]) =>
  selectSummary({ tenants }, entries, FIXTURE_ACCOUNT_ID);
/** What the inventory's headline says of a summary: its answer, then the quieter rest. */
const summarySentence = (summary: InventorySummary) => {
  const { answer, rest } = inventoryHeadline(summary);
  return rest ? `${answer} ${rest}` : answer;
};

/** The fixture as the state main sends: its data, before any view is derived. */
function fixtureState(): ViewState {
  return { ...fixtureStateFields(), settings: { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' } };
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
  it('reads as the headline: the noun only on the first part of each line', () => {
    const tenants = [
      ...Array.from({ length: 3 }, () => tenant('separate-mfa')),
      ...Array.from({ length: 5 }, () => tenant('home-mfa-trusted')),
      after('not-a-guest'),
    ];
    const summary = summarize(tenants, entriesOf(tenants));
    expect(summarySentence(summary)).toBe(
      '3 organisations make you keep their own Authenticator entry; 1 entry can be removed. 5 organisations accept your home MFA; 1 no longer has you as a guest.',
    );
  });

  it('uses singular verbs for one organisation and leaves out zero counts', () => {
    const summary = summarize([tenant('separate-mfa'), tenant('blocked')], []);
    expect(summarySentence(summary)).toBe(
      '1 organisation makes you keep its own Authenticator entry. 1 organisation blocks your sign-in.',
    );
  });

  it('does not count the home tenant and counts unchecked tenants apart', () => {
    const summary = summarize([tenant(null, { isHome: true }), tenant(null), tenant('error')], []);
    expect(summary.total).toBe(2);
    expect(summary.counts.unchecked).toBe(1);
    expect(summary.counts.error).toBe(1);
    expect(summarySentence(summary)).toBe(
      'The one organisation checked so far does not make you keep its own Authenticator entry; 2 of 2 could not be told yet. 1 organisation could not be checked; 1 is not checked yet.',
    );
  });

  it('mentions guest accounts that are gone', () => {
    expect(summarySentence(summarize([gone(), gone()], []))).toBe(
      'No organisation makes you keep its own Authenticator entry, as far as the checks show. 2 organisations no longer have you as a guest.',
    );
  });

  it('counts leftover entries from the history, with no method read', () => {
    const tenants = [after('home-mfa-trusted')];
    const summary = summarize(tenants, entriesOf(tenants));
    expect(summary.leftover).toBe(1);
    expect(summary.removableEntries).toBe(1);
    expect(summarySentence(summary)).toBe(
      'No organisation makes you keep its own Authenticator entry, as far as the checks show; 1 entry can be removed. 1 organisation accepts your home MFA.',
    );
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

describe('one entry alone (what main checks and answers with for an answer, tick or step)', () => {
  it('is exactly the entry the whole list holds, ticks and answers included, for every key', () => {
    const base = fixtureState();
    const listed = selectEntries(base);
    const guest = listed.find((e) => e.kind === 'tenant')!.key;
    const manual = listed.find((e) => e.kind === 'manual')!.key;
    const home = listed.find((e) => e.kind === 'home')!.key;
    const state: ViewState = {
      ...base,
      entryTicks: { ...base.entryTicks, [guest]: true, [manual]: true, [home]: true },
      entryConfirmations: {
        ...base.entryConfirmations,
        [guest]: { answer: 'no', at: '2025-11-01T08:00:00Z', verdict: null },
      },
    };
    const all = selectEntries(state);
    expect(all.length).toBeGreaterThan(5);
    for (const entry of all) expect(selectEntry(state, entry.key)).toEqual(entry);
    expect(selectEntry(state, guest)!.confirmation?.answer).toBe('no');
    expect(selectEntry(state, manual)!.status).toBe('leftover');
  });

  it('is null for a key the list does not hold', () => {
    const state = fixtureState();
    const signedOut = state.tenants.find((t) => !t.isHome)!;
    expect(selectEntry(state, entryKeyForTenant(FIXTURE_ACCOUNT_ID, 'no-such-tenant'))).toBeNull();
    expect(selectEntry(state, entryKeyForManual('no-such-entry'))).toBeNull();
    expect(
      selectEntry({ ...state, accounts: [] }, entryKeyForTenant(FIXTURE_ACCOUNT_ID, signedOut.tenantId)),
    ).toBeNull();
    expect(selectEntry(state, 'tenant:')).toBeNull();
  });
});

describe('the view cache across state patches', () => {
  /** The fixture as a whole snapshot, with a scan under way. */
  function snapshot(): AppSnapshot {
    const state = fixtureState();
    const tenantId = state.tenants[1]!.tenantId;
    return {
      ...state,
      revision: 1,
      settings: { ...state.settings, concurrency: 8 },
      scan: {
        accountId: FIXTURE_ACCOUNT_ID,
        running: true,
        cancelled: false,
        done: 0,
        total: 3,
        tenants: { [tenantId]: 'probing' },
        startedAt: AT_1,
        finishedAt: null,
        error: null,
      },
      notices: [],
    } as unknown as AppSnapshot;
  }

  /** The renderer's state after main sends the change from `before` to `after`. */
  const patched = (before: AppSnapshot, after: AppSnapshot) => applyStatePatch(before, diffState(before, after)).state!;

  it('keeps the entries, checklist and summary the very same objects when a patch changes only the scan or settings', () => {
    const cache = createViewCache();
    const before = snapshot();
    const entries = cache.entries(before);
    const checklist = cache.checklist(before);
    const summary = cache.summary(before, FIXTURE_ACCOUNT_ID);
    const progress = patched(before, {
      ...before,
      revision: 2,
      scan: { ...before.scan!, done: 1, tenants: { ...before.scan!.tenants, x: 'done' } },
    });
    expect(progress.scan!.done).toBe(1);
    expect(cache.entries(progress)).toBe(entries);
    expect(cache.checklist(progress)).toBe(checklist);
    expect(cache.summary(progress, FIXTURE_ACCOUNT_ID)).toBe(summary);
    const settings = patched(progress, {
      ...progress,
      revision: 3,
      settings: { ...progress.settings, concurrency: 2 },
    });
    expect(settings.settings).not.toBe(progress.settings);
    expect(cache.entries(settings)).toBe(entries);
  });

  it('re-derives only the entry of the tenant a patch changed, and keeps every other entry the same object', () => {
    const cache = createViewCache();
    const before = snapshot();
    const entries = cache.entries(before);
    const changed = before.tenants.find((t) => !t.isHome && t.classification?.verdict === 'separate-mfa')!;
    const key = entryKeyForTenant(changed.accountId, changed.tenantId);
    const trusting = {
      ...changed,
      classification: { ...changed.classification!, verdict: 'home-mfa-trusted' as const },
    };
    const after = patched(before, {
      ...before,
      revision: 2,
      tenants: before.tenants.map((t) => (t === changed ? trusting : t)),
    });
    const next = cache.entries(after);
    expect(next).not.toBe(entries);
    expect(next).toEqual(selectEntries(after));
    expect(next.find((e) => e.key === key)!.verdict).toBe('home-mfa-trusted');
    for (const entry of next) {
      if (entry.key !== key) expect(entry).toBe(entries.find((e) => e.key === entry.key));
    }
    // The same state again, rebuilt by a reload with equal but new arrays around the same records: the same list.
    expect(cache.entries({ ...after, tenants: [...after.tenants], entryTicks: { ...after.entryTicks } })).toBe(next);
  });
});
