/**
 * The views the app shows, derived from its state by pure functions: the Authenticator entries, the
 * phone-change checklist, the inventory summary, the trust-request candidates and the navigation counters.
 * Main derives them from the store's data for exports, emails and checks; the renderer from the snapshot main
 * sends; both hold the same fields (`ViewState`), so both get the same views. Nothing derived is ever stored or
 * sent.
 *
 * `createViewCache` memoizes each view on the identity of the state it reads: a new snapshot that kept the
 * tenant list (a tick, an answer) recomputes the entries but not the summary, and so on.
 */
import {
  buildAuthenticatorEntries,
  buildAuthenticatorEntry,
  buildPhoneChangeChecklist,
  createEntryMemo,
  summarizeInventory,
  type EntriesInput,
  type EntryMemo,
} from './inventory';
import type {
  AccountSummary,
  AuthenticatorEntry,
  ChecklistState,
  EntryConfirmation,
  ManualEntry,
  PhoneChangeItem,
  Settings,
  TenantRecord,
  Verdict,
} from './model';
import { entryKeyForTenant } from './entry-keys';
import { demandsOwnMfa, isTrustRequestCandidate, type VerdictKey } from './verdicts';

/** What the views are made of: the store's data and the renderer's snapshot both have these fields. */
export interface ViewState {
  readonly accounts: readonly AccountSummary[];
  readonly tenants: readonly TenantRecord[];
  readonly manualEntries: readonly ManualEntry[];
  readonly entryTicks: Readonly<Record<string, boolean>>;
  readonly entryConfirmations: Readonly<Record<string, EntryConfirmation>>;
  readonly checklist: Readonly<ChecklistState>;
  readonly settings: Pick<Settings, 'clientId'>;
}

/** What the entries are made of, read from the state. */
function entriesInput(state: ViewState): EntriesInput {
  return {
    accounts: state.accounts,
    tenants: state.tenants,
    manualEntries: state.manualEntries,
    ticks: state.entryTicks,
    confirmations: state.entryConfirmations,
    clientId: state.settings.clientId,
  };
}

/** Every Authenticator entry: per account its home entry and its guest tenants', then the hand-made ones. */
export function selectEntries(state: ViewState, memo?: EntryMemo): AuthenticatorEntry[] {
  return buildAuthenticatorEntries(entriesInput(state), memo);
}

/** The one entry `key` names, as `selectEntries` lists it (or null): derived alone, not with every other entry. */
export function selectEntry(state: ViewState, key: string): AuthenticatorEntry | null {
  return buildAuthenticatorEntry(entriesInput(state), key);
}

/** The phone-change checklist, ranked, with the saved progress. */
export function selectChecklist(
  state: Pick<ViewState, 'checklist'>,
  entries: readonly AuthenticatorEntry[],
): PhoneChangeItem[] {
  return buildPhoneChangeChecklist(entries, state.checklist);
}

/** The guest tenants of one account a trust-request email fits (shared/verdicts.ts `isTrustRequestCandidate`). */
export function selectTrustCandidates(state: Pick<ViewState, 'tenants'>, accountId: string | null): TenantRecord[] {
  return state.tenants.filter((t) => t.accountId === accountId && isTrustRequestCandidate(t));
}

/** The inventory's counts for one account: per verdict key and the entries that can go (the headline's facts). */
export interface InventorySummary {
  /** Guest tenants counted (the home tenant is not one of them). */
  total: number;
  counts: Record<VerdictKey, number>;
  /** Guest tenants whose Authenticator entry is a leftover (registered once, no longer needed). */
  leftover: number;
  orphanedEntries: number;
  /** Entries that can go: leftover ones (hand-made ones ticked off included). */
  removableEntries: number;
  /**
   * Per verdict that costs an entry, the guest tenants whose entry the user did not deny: those the headline says
   * "make you keep an entry". A "No, I have no entry" moves a tenant to `answeredNoEntry`.
   */
  costing: Record<'separate-mfa' | 'registration-required' | 'stronger-method', number>;
  /** Guest tenants that demand their own MFA where the user said there is no entry. */
  answeredNoEntry: number;
  /** The account's home sign-in carried no MFA at the latest check: every MFA demand is undecided. */
  homeWithoutMfa: boolean;
}

/** The entries one account's views list: its own, and the hand-made ones (which belong to every account). */
export function entriesOfAccount(
  entries: readonly AuthenticatorEntry[],
  accountId: string | null,
): AuthenticatorEntry[] {
  return entries.filter((e) => e.accountId === accountId || e.accountId === null);
}

/** The summary of one account's inventory, with its entries (and the hand-made ones) deciding leftovers. */
export function selectSummary(
  state: Pick<ViewState, 'tenants'>,
  entries: readonly AuthenticatorEntry[],
  accountId: string | null,
): InventorySummary {
  const mine = state.tenants.filter((t) => t.accountId === accountId);
  const own = entriesOfAccount(entries, accountId);
  const shared = summarizeInventory(mine, own.length > 0 ? own : undefined);
  const byKey = new Map(own.map((e) => [e.key, e]));
  const costing = { 'separate-mfa': 0, 'registration-required': 0, 'stronger-method': 0 };
  let answeredNoEntry = 0;
  for (const t of mine) {
    const verdict = t.classification?.verdict ?? null;
    if (t.isHome || verdict === null || !demandsOwnMfa(verdict) || !(verdict in costing)) continue;
    const entry = byKey.get(entryKeyForTenant(t.accountId, t.tenantId));
    if (entry?.basis === 'you' && entry.status !== 'in-use') answeredNoEntry += 1;
    else costing[verdict as keyof typeof costing] += 1;
  }
  const home = mine.find((t) => t.isHome);
  return {
    costing,
    answeredNoEntry,
    homeWithoutMfa: home?.classification?.verdict === 'no-mfa-required',
    total: shared.guestTenants,
    counts: { ...(shared.counts as Record<Verdict, number>), unchecked: shared.unchecked },
    leftover: shared.leftovers,
    orphanedEntries: own.filter((e) => e.status === 'orphaned').length,
    removableEntries: own.filter((e) => e.status === 'leftover').length,
  };
}

/**
 * The numbers beside the navigation: the shown account's entries in use (as the entries view lists them), and the
 * checklist steps still open.
 */
export interface NavigationCounters {
  entriesInUse: number;
  openSteps: number;
}

export function selectCounters(
  entries: readonly AuthenticatorEntry[],
  checklist: readonly PhoneChangeItem[],
  accountId: string | null,
): NavigationCounters {
  return {
    entriesInUse: entriesOfAccount(entries, accountId).filter((e) => e.status === 'in-use').length,
    openSteps: checklist.reduce((n, item) => n + item.steps.filter((step) => !step.done).length, 0),
  };
}

/** The views of one state, each computed once and kept while the state it reads is the same (by identity). */
export interface ViewCache {
  entries(state: ViewState): AuthenticatorEntry[];
  checklist(state: ViewState): PhoneChangeItem[];
  summary(state: ViewState, accountId: string | null): InventorySummary;
  trustCandidates(state: ViewState, accountId: string | null): TenantRecord[];
  counters(state: ViewState, accountId: string | null): NavigationCounters;
}

/** Remembers the last result of `compute` and returns it while every input is the same object as before. */
function memoizeLast<Args extends readonly unknown[], R>(compute: (...args: Args) => R): (...args: Args) => R {
  let last: { args: Args; result: R } | null = null;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result };
    return result;
  };
}

export function createViewCache(): ViewCache {
  // Entry by entry: a changed tenant record, answer or tick re-derives that entry only, and a list whose entries
  // are all the same objects as before is the list before (so the checklist, summary and counters keep theirs).
  const memo = createEntryMemo();
  let lastEntries: AuthenticatorEntry[] | null = null;
  const entries = memoizeLast(
    (
      accounts: ViewState['accounts'],
      tenants: ViewState['tenants'],
      manualEntries: ViewState['manualEntries'],
      entryTicks: ViewState['entryTicks'],
      entryConfirmations: ViewState['entryConfirmations'],
      clientId: string,
    ) => {
      const next = selectEntries(
        { accounts, tenants, manualEntries, entryTicks, entryConfirmations, checklist: {}, settings: { clientId } },
        memo,
      );
      const before = lastEntries;
      if (before && before.length === next.length && next.every((e, i) => e === before[i])) return before;
      return (lastEntries = next);
    },
  );
  const entriesOf = (s: ViewState) =>
    entries(s.accounts, s.tenants, s.manualEntries, s.entryTicks, s.entryConfirmations, s.settings.clientId);
  const checklist = memoizeLast((progress: ViewState['checklist'], list: readonly AuthenticatorEntry[]) =>
    selectChecklist({ checklist: progress }, list),
  );
  const checklistOf = (s: ViewState) => checklist(s.checklist, entriesOf(s));
  const summary = memoizeLast(
    (tenants: ViewState['tenants'], list: readonly AuthenticatorEntry[], accountId: string | null) =>
      selectSummary({ tenants }, list, accountId),
  );
  const candidates = memoizeLast((tenants: ViewState['tenants'], accountId: string | null) =>
    selectTrustCandidates({ tenants }, accountId),
  );
  const counters = memoizeLast(selectCounters);
  return {
    entries: entriesOf,
    checklist: checklistOf,
    summary: (s, accountId) => summary(s.tenants, entriesOf(s), accountId),
    trustCandidates: (s, accountId) => candidates(s.tenants, accountId),
    counters: (s, accountId) => counters(entriesOf(s), checklistOf(s), accountId),
  };
}
