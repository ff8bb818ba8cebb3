/**
 * The Authenticator inventory and the phone-change checklist, derived from the classified tenants and their
 * history, the user's answers, hand-made entries and ticks (docs/entries.md). Pure: main derives them for the
 * renderer, and the same rules give the same lists wherever they run.
 */
import { isLighthouseTenant } from './tenant-category';
import { day, decideTenantEntry, type EntryContext } from './entries';
import { entryKeyForManual, entryKeyForTenant, isTenantKeyOfAccount, manualEntryIdOf } from './entry-keys';
import { securityInfoUrl } from './links';
import { methodInSentence } from './method-labels';
import { mfaCapableMethods, PHONE_APP_METHOD_TYPES } from './methods';
import {
  DEFAULT_CLIENT_ID,
  VERDICTS,
  type AccountSummary,
  type AuthenticatorEntry,
  type AuthMethod,
  type ChecklistPhase,
  type ChecklistState,
  type ChecklistStepId,
  type EntryConfirmation,
  type EntryStatus,
  type ManualEntry,
  type PhoneChangeItem,
  type TenantRecord,
  type Verdict,
} from './model';

// ---------------------------------------------------------------------------------------------------------------
// Authenticator entries

export interface EntriesInput {
  accounts: readonly AccountSummary[];
  tenants: readonly TenantRecord[];
  manualEntries: readonly ManualEntry[];
  ticks: Readonly<Record<string, boolean>>;
  /** The user's answers to "I have this entry in Authenticator", by entry key. */
  confirmations?: Readonly<Record<string, EntryConfirmation>>;
  /** The application (client) id the app signs in with; the default one can never read methods. */
  clientId?: string;
}

/**
 * One entry per place the guest keeps, kept or will keep MFA methods: the home tenant of each account, every
 * guest tenant (its word from `decideTenantEntry`: in use, will be needed, not needed, leftover, orphaned or
 * unknown), and the user's hand-made entries. Tenants of accounts that are not in `accounts` (signed out) are
 * left out. Order: per account its home entry, then its tenants by organisation name; hand-made entries last,
 * by organisation name.
 */
export function buildAuthenticatorEntries(input: EntriesInput, memo?: EntryMemo): AuthenticatorEntry[] {
  const ticked = (key: string): boolean => input.ticks[key] === true;
  const confirmations = input.confirmations ?? {};
  const context: EntryContext = { defaultClient: (input.clientId ?? DEFAULT_CLIENT_ID) === DEFAULT_CLIENT_ID };
  const entries: AuthenticatorEntry[] = [];
  const seen = new Set<string>();

  for (const account of input.accounts) {
    const own = input.tenants.filter((t) => t.accountId === account.accountId);
    const homeRecord = homeRecordOf(account, own);
    const homeKey = entryKeyForTenant(account.accountId, homeRecord?.tenantId ?? account.homeTenantId);
    const homeTicked = ticked(homeKey);
    const home = remembered(memo, account, [homeRecord, homeTicked, context.defaultClient], () => ({
      ...homeEntry(account, homeRecord, context),
      ticked: homeTicked,
    }));
    entries.push(home);
    seen.add(home.key);

    const guests: AuthenticatorEntry[] = [];
    for (const record of own) {
      if (!holdsGuestEntry(account, record)) continue;
      const key = entryKeyForTenant(record.accountId, record.tenantId);
      if (seen.has(key)) continue;
      const confirmation = confirmations[key] ?? null;
      const isTicked = ticked(key);
      const entry = remembered(memo, record, [confirmation, isTicked, context.defaultClient], () => ({
        ...guestEntry(record, confirmation, context),
        ticked: isTicked,
      }));
      seen.add(key);
      guests.push(entry);
    }
    entries.push(...guests.sort(byOrganisation));
  }

  const manual = input.manualEntries.map((m) => {
    const isTicked = ticked(entryKeyForManual(m.id));
    return remembered(memo, m, [isTicked], () => manualEntry(m, isTicked));
  });
  entries.push(...manual.sort(byOrganisation));
  return entries;
}

/**
 * The entries derived before, kept for the next derivation: an entry is derived again only when what it is made of
 * changed (its tenant record, account or hand-made entry, by identity, its answer, its tick, the client). The
 * renderer's view cache keeps one, so a state patch re-derives the entries of the tenants it changed and keeps the
 * other entries the same objects. Entries are never changed after they are made, so sharing them is safe.
 */
export interface EntryMemo {
  readonly kept: WeakMap<object, { inputs: readonly unknown[]; entry: AuthenticatorEntry }>;
}

export function createEntryMemo(): EntryMemo {
  return { kept: new WeakMap() };
}

/** The entry `owner` made last time with the same `inputs`, or a new one from `derive` (remembered). */
function remembered(
  memo: EntryMemo | undefined,
  owner: object,
  inputs: readonly unknown[],
  derive: () => AuthenticatorEntry,
): AuthenticatorEntry {
  const kept = memo?.kept.get(owner);
  if (kept && kept.inputs.length === inputs.length && kept.inputs.every((x, i) => x === inputs[i])) return kept.entry;
  const entry = derive();
  memo?.kept.set(owner, { inputs, entry });
  return entry;
}

/**
 * The one entry `key` names, exactly as `buildAuthenticatorEntries` lists it, or null when it lists none. Derives
 * that entry alone: checking and answering one entry costs the same at 5 organisations as at 5,000.
 */
export function buildAuthenticatorEntry(input: EntriesInput, key: string): AuthenticatorEntry | null {
  const ticked = input.ticks[key] === true;
  const manualId = manualEntryIdOf(key);
  if (manualId !== null) {
    const manual = input.manualEntries.find((m) => m.id === manualId);
    return manual ? manualEntry(manual, ticked) : null;
  }
  const context: EntryContext = { defaultClient: (input.clientId ?? DEFAULT_CLIENT_ID) === DEFAULT_CLIENT_ID };
  for (const account of input.accounts) {
    if (!isTenantKeyOfAccount(key, account.accountId)) continue;
    const own = input.tenants.filter((t) => t.accountId === account.accountId);
    const home = homeEntry(account, homeRecordOf(account, own), context);
    if (home.key === key) return { ...home, ticked };
    const record = own.find((t) => holdsGuestEntry(account, t) && entryKeyForTenant(t.accountId, t.tenantId) === key);
    if (record) return { ...guestEntry(record, input.confirmations?.[key] ?? null, context), ticked };
  }
  return null;
}

/** The record of the account's home tenant among its own records, if the store has one. */
function homeRecordOf(account: AccountSummary, own: readonly TenantRecord[]): TenantRecord | null {
  return own.find((t) => t.isHome && t.tenantId === account.homeTenantId) ?? own.find((t) => t.isHome) ?? null;
}

/**
 * Whether one of the account's records is a guest tenant with an entry of its own: any but its home, and not an
 * Azure Lighthouse tenant (no guest account there, so no Authenticator entry: shared/tenant-category.ts).
 */
function holdsGuestEntry(account: AccountSummary, record: TenantRecord): boolean {
  return !record.isHome && record.tenantId !== account.homeTenantId && !isLighthouseTenant(record);
}

function homeEntry(account: AccountSummary, record: TenantRecord | null, context: EntryContext): AuthenticatorEntry {
  const tenantId = record?.tenantId ?? account.homeTenantId;
  const methods = record?.methods ? [...record.methods] : null;
  const at = record?.observedAt ?? null;
  return {
    key: entryKeyForTenant(account.accountId, tenantId),
    kind: 'home',
    accountId: account.accountId,
    tenantId,
    organisation: firstText(record?.displayName, account.homeTenantName, account.homeDomain, tenantId),
    domain: firstTextOrNull(record?.defaultDomain, account.homeDomain),
    status: 'in-use',
    inferred: 'in-use',
    basis: methods ? 'graph' : 'inferred',
    confidence: 'certain',
    reason:
      'Your home organisation: every sign-in starts there, and partners that accept your home MFA rely on it. Keep this entry.',
    howKnown: methods
      ? `Read from Microsoft Graph on ${day(at)}: the methods registered for you at home.`
      : context.defaultClient
        ? 'Your home MFA is always in use; the app cannot read which methods you have there with its default sign-in.'
        : 'Your home MFA is always in use; the app could not read which methods you have there.',
    since: at,
    lastCheckedAt: at,
    confirmation: null,
    changeNote: null,
    methods,
    verdict: record?.classification?.verdict ?? null,
    ticked: false,
    securityInfoUrl: securityInfoUrl(tenantId),
  };
}

/** The entry of a guest tenant: what the app infers from its checks, and the user's answer on top. */
function guestEntry(
  record: TenantRecord,
  confirmation: EntryConfirmation | null,
  context: EntryContext,
): AuthenticatorEntry {
  const decision = decideTenantEntry(record, confirmation, context);
  return {
    key: entryKeyForTenant(record.accountId, record.tenantId),
    kind: 'tenant',
    accountId: record.accountId,
    tenantId: record.tenantId,
    organisation: organisationName(record),
    domain: firstTextOrNull(record.defaultDomain, record.domains[0]),
    ...decision,
    lastCheckedAt: record.observedAt,
    confirmation,
    methods: record.methods ? [...record.methods] : null,
    verdict: record.classification?.verdict ?? null,
    ticked: false,
    // A guest account that is gone has no Security info page in that tenant any more.
    securityInfoUrl: decision.status === 'orphaned' ? null : securityInfoUrl(record.tenantId),
  };
}

function manualEntry(entry: ManualEntry, ticked: boolean): AuthenticatorEntry {
  const alias =
    entry.label.trim() !== '' && entry.label.trim() !== entry.organisation.trim()
      ? ` In the Authenticator app it is called “${entry.label.trim()}”.`
      : '';
  const status: EntryStatus = ticked ? 'leftover' : 'in-use';
  return {
    key: entryKeyForManual(entry.id),
    kind: 'manual',
    accountId: null,
    tenantId: null,
    organisation: firstText(entry.organisation, entry.label, 'Unnamed organisation'),
    domain: null,
    status,
    inferred: status,
    basis: 'you',
    confidence: 'certain',
    reason: ticked
      ? `You added this entry and ticked it off as no longer needed.${alias}`
      : `You added this entry for an organisation the app cannot see.${alias}`,
    howKnown: `You added it by hand on ${day(entry.createdAt)}; the app cannot check this organisation.`,
    since: entry.createdAt,
    lastCheckedAt: null,
    confirmation: null,
    changeNote: null,
    methods: null,
    verdict: null,
    ticked,
    securityInfoUrl: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phone-change checklist

/**
 * Order groups: what locks the user out first comes first. Facts about Authenticator backup behind the steps:
 * docs/entries.md ("Phone change"), from Microsoft's "Back up and recover account credentials in the
 * Authenticator app" (https://support.microsoft.com/en-us/account-billing/back-up-and-recover-account-credentials-in-the-authenticator-app-bb939936-7a8d-4e88-bc43-49bc1a700a40):
 * a backup restores work or school accounts by name only, each must be signed in again (for push
 * notifications, by scanning a new QR code from the organisation), so every in-use entry needs its own steps.
 */
const Urgency = {
  /** An entry in use whose methods all live in an app on the old phone, or whose methods are unknown. */
  Lockout: 0,
  /** An entry in use with one known method that is not an app: one accident from a lockout. */
  Single: 1,
  /** The app cannot tell whether there is an entry: check before the wipe. */
  Check: 2,
  /** An entry in use with another method besides the app. */
  Covered: 3,
  /** Nothing registered yet: register the new phone, not the old one. */
  Register: 4,
  /** Leftover and orphaned entries: only delete. */
  RemoveOnly: 5,
} as const;
type Urgency = (typeof Urgency)[keyof typeof Urgency];

const BEFORE: ChecklistPhase = 'before';
const AFTER: ChecklistPhase = 'after';

/** The steps of an item, by its group, with their labels. */
function stepsFor(
  entry: AuthenticatorEntry,
  urgency: Urgency,
): { id: ChecklistStepId; label: string; phase: ChecklistPhase }[] {
  const where = entry.kind === 'manual' ? "this organisation's security-info page" : 'its Security info page';
  const move = [
    {
      id: 'add-new-phone' as const,
      phase: AFTER,
      label: `Add the account on the new phone's Authenticator app from ${where} (scan its QR code): a restored backup brings work accounts back by name only`,
    },
    { id: 'test-sign-in' as const, phase: AFTER, label: 'Sign in once with the new phone to check that it works' },
    { id: 'remove-old-device' as const, phase: AFTER, label: `Remove the old phone from the methods on ${where}` },
  ];
  switch (urgency) {
    case Urgency.Lockout:
    case Urgency.Single:
      return [
        { id: 'open-security-info', phase: BEFORE, label: `Open ${where} and note which methods are registered there` },
        {
          id: 'add-backup-method',
          phase: BEFORE,
          label: 'Add a second method there while the old phone still works (another phone number or a security key)',
        },
        ...move,
      ];
    case Urgency.Covered:
      return [
        {
          id: 'open-security-info',
          phase: BEFORE,
          label: `Open ${where} and check that your other method still works`,
        },
        ...move,
      ];
    case Urgency.Check:
      return [
        {
          id: 'open-security-info',
          phase: BEFORE,
          label: `Open ${where} and check whether the Authenticator app is registered there`,
        },
        {
          id: 'add-new-phone',
          phase: AFTER,
          label: `If it was: add the account on the new phone's Authenticator app from ${where}, then remove the old phone there`,
        },
      ];
    case Urgency.Register:
      return [
        {
          id: 'add-new-phone',
          phase: AFTER,
          label:
            'When it asks you to register (or with Sign in to this tenant), register the Authenticator app on the new phone, not the old one',
        },
      ];
    case Urgency.RemoveOnly: {
      const steps: { id: ChecklistStepId; label: string; phase: ChecklistPhase }[] = [];
      if (entry.status === 'leftover' && entry.securityInfoUrl !== null) {
        steps.push({
          id: 'remove-methods',
          phase: BEFORE,
          label: 'Remove the method still registered on its Security info page',
        });
      }
      steps.push({
        id: 'delete-entry',
        phase: BEFORE,
        label: 'Delete this entry from the Authenticator app, so a backup does not carry it to the new phone',
      });
      return steps;
    }
  }
}

/**
 * The phone-change checklist: one item per entry that needs something done, ordered by what locks the user out
 * first. Entries in use whose methods all live in an app on the phone, or whose methods are unknown (ranked as
 * if the Authenticator entry were the only method, and said so), come first: the home entry, then known
 * app-only ones, then unknown ones; then entries in use with a single other method, entries the app cannot
 * tell about, entries in use with another method, entries that will be needed, and last the leftover and
 * orphaned ones, which only need deleting. Entries not needed are left out. `done` comes from the saved progress.
 */
export function buildPhoneChangeChecklist(
  entries: readonly AuthenticatorEntry[],
  progress: Readonly<ChecklistState>,
): PhoneChangeItem[] {
  const ranked = entries
    // Not needed: nothing to move. Never checked: the app has nothing to say yet (the view counts them apart), so
    // the checklist does not fill with guesses that the first scan then replaces.
    .filter((entry) => entry.status !== 'not-needed' && !(entry.kind === 'tenant' && entry.lastCheckedAt === null))
    .map((entry) => ({ entry, shape: shapeOf(entry) }));
  ranked.sort(
    (a, b) =>
      a.shape.urgency - b.shape.urgency ||
      withinGroup(a.entry, a.shape) - withinGroup(b.entry, b.shape) ||
      byOrganisation(a.entry, b.entry),
  );
  return ranked.map(({ entry, shape }, index) => {
    const done = progress[entry.key] ?? {};
    const removeOnly = shape.urgency === Urgency.RemoveOnly;
    const steps = stepsFor(entry, shape.urgency).map((step) => ({
      ...step,
      done:
        done[step.id] === true ||
        // Files written before the remove-only step had its own id kept its tick under `remove-old-device`.
        (step.id === 'delete-entry' && done['delete-entry'] === undefined && done['remove-old-device'] === true),
    }));
    return {
      entryKey: entry.key,
      home: entry.kind === 'home',
      organisation: entry.organisation,
      domain: entry.domain,
      tenantId: entry.tenantId,
      accountId: entry.accountId,
      rank: index + 1,
      urgencyReason: urgencyReason(entry, shape),
      singleMethod: shape.single,
      noWorkingMethodAfterChange: shape.urgency === Urgency.Lockout && shape.mfa !== null,
      removeOnly,
      entryStatus: entry.status,
      methodsKnown: shape.mfa !== null,
      steps,
      securityInfoUrl: entry.securityInfoUrl,
    };
  });
}

interface EntryShape {
  urgency: Urgency;
  /** The MFA-capable methods, or null when unknown. */
  mfa: AuthMethod[] | null;
  single: boolean;
}

function shapeOf(entry: AuthenticatorEntry): EntryShape {
  const mfa = entry.methods === null ? null : mfaCapableMethods(entry.methods);
  const single = mfa !== null && mfa.length === 1;
  const shape = (urgency: Urgency): EntryShape => ({ urgency, mfa, single });
  switch (entry.status) {
    case 'leftover':
    case 'orphaned':
      return shape(Urgency.RemoveOnly);
    case 'will-be-needed':
      return shape(Urgency.Register);
    case 'unknown':
    case 'not-needed':
      return shape(Urgency.Check);
    case 'in-use': {
      if (mfa === null) return shape(Urgency.Lockout);
      if (mfa.length === 0) return shape(Urgency.Register);
      if (mfa.every((m) => PHONE_APP_METHOD_TYPES.includes(m.type))) return shape(Urgency.Lockout);
      return shape(single ? Urgency.Single : Urgency.Covered);
    }
  }
}

/** Within the lockout group: home first (every sign-in starts there), then known app-only, then unknown methods. */
function withinGroup(entry: AuthenticatorEntry, shape: EntryShape): number {
  if (shape.urgency !== Urgency.Lockout) return 0;
  if (entry.kind === 'home') return 0;
  if (shape.mfa !== null) return 1;
  return entry.kind === 'tenant' ? 2 : 3;
}

function urgencyReason(entry: AuthenticatorEntry, shape: EntryShape): string {
  const here = entry.kind === 'home' ? 'at home' : 'there';
  // A Temporary Access Pass cannot be given to an external guest (entra-docs,
  // howto-authentication-temporary-access-pass.md); one from the home tenant works where the partner trusts home MFA.
  const homeNote =
    entry.kind === 'home'
      ? ' Partners that accept your home MFA depend on it too. If the phone is already gone, your home IT can issue you a Temporary Access Pass to register the new one.'
      : entry.verdict === 'home-mfa-trusted'
        ? ' This organisation accepts your home MFA: if the phone is already gone, a Temporary Access Pass from your home IT gets you in there too.'
        : '';
  switch (shape.urgency) {
    case Urgency.RemoveOnly:
      if (entry.status === 'orphaned')
        return 'Your guest account there is most likely gone: delete this entry from the Authenticator app; nothing to set up on the new phone. Keep it if the organisation made you one of its own accounts (you sign in there with a new name).';
      return entry.kind === 'manual'
        ? 'You ticked this entry off: delete it from the Authenticator app.'
        : 'No longer needed: remove the method on its Security info page and delete the entry; nothing to set up on the new phone.';
    case Urgency.Lockout: {
      if (shape.mfa === null) {
        const how =
          entry.kind === 'manual'
            ? 'You added this entry by hand and the app cannot see its methods'
            : `The app does not know which methods you have ${here}`;
        return `${how}: it counts the Authenticator entry as your only one, so once the old phone is wiped you might not get in ${here}. Check and move it first.${homeNote}`;
      }
      const what =
        shape.mfa.length === 1
          ? `Your only method ${here} is ${methodInSentence(shape.mfa[0])} on the old phone`
          : `All your methods ${here} are apps on the old phone`;
      return `${what}: once the phone is wiped you cannot sign in ${here}, so move it first.${homeNote}`;
    }
    case Urgency.Single:
      return `You have a single method ${here} (${methodInSentence(shape.mfa?.[0])}): add a second one, such as another phone number or a security key, while the old phone still works.${homeNote}`;
    case Urgency.Check:
      return 'The app cannot tell whether you have an entry for this organisation: check its Security info page before you wipe the phone.';
    case Urgency.Covered:
      return `You have another method ${here} besides the app on the old phone, so you will not be locked out; still move the app.${homeNote}`;
    case Urgency.Register:
      return 'Nothing is registered here yet: when this organisation asks, register the new phone rather than the old one.';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

/** Counts for the inventory's summary strip and its headline. Home tenants are not counted. */
export interface InventorySummary {
  /** Guest tenants per verdict (classified ones only). */
  counts: Record<Verdict, number>;
  /** Guest tenants of all accounts. */
  guestTenants: number;
  /** Guest tenants without a verdict yet. */
  unchecked: number;
  /** Guest tenants whose entry is leftover: registered once, no longer needed. */
  leftovers: number;
  /** Guest tenants whose entry is orphaned: the guest account is gone, the entry left behind. */
  orphans: number;
}

/**
 * Counts per verdict, leftover and orphaned entries over the guest tenants, for the summary strip and the
 * headline (renderer/src/headline.ts). `entries` (as `buildAuthenticatorEntries` gives them, with the user's answers) decide which
 * entries are leftover or orphaned; without them each tenant's entry is inferred from its checks alone.
 */
export function summarizeInventory(
  tenants: readonly TenantRecord[],
  entries?: readonly AuthenticatorEntry[],
): InventorySummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const byKey = new Map((entries ?? []).map((e) => [e.key, e]));
  const statusOf = (record: TenantRecord): EntryStatus =>
    byKey.get(entryKeyForTenant(record.accountId, record.tenantId))?.status ??
    decideTenantEntry(record, null, { defaultClient: true }).status;
  let guestTenants = 0;
  let unchecked = 0;
  let leftovers = 0;
  let orphans = 0;
  for (const record of tenants) {
    if (record.isHome || isLighthouseTenant(record)) continue;
    guestTenants += 1;
    const c = record.classification;
    const status = statusOf(record);
    if (status === 'leftover') leftovers += 1;
    if (status === 'orphaned') orphans += 1;
    if (c === null) {
      unchecked += 1;
      continue;
    }
    counts[c.verdict] += 1;
  }
  return {
    counts,
    guestTenants,
    unchecked,
    leftovers,
    orphans,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function organisationName(record: TenantRecord): string {
  return firstText(record.displayName, record.defaultDomain, record.domains[0], record.tenantId);
}

function firstTextOrNull(...candidates: (string | null | undefined)[]): string | null {
  for (const c of candidates) if (c !== null && c !== undefined && c.trim() !== '') return c.trim();
  return null;
}

function firstText(...candidates: (string | null | undefined)[]): string {
  return firstTextOrNull(...candidates) ?? '';
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call (slow at thousands). */
const ORGANISATION_ORDER = new Intl.Collator('en', { sensitivity: 'base' });

function byOrganisation(a: { organisation: string; key: string }, b: { organisation: string; key: string }): number {
  return ORGANISATION_ORDER.compare(a.organisation, b.organisation) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
