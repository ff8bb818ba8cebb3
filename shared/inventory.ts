/**
 * The Authenticator inventory and the phone-change checklist, derived from the classified tenants, the user's
 * hand-made entries and their ticks (design.md, "Authenticator inventory and phone change"). Pure: main derives
 * them for the renderer, and the same rules give the same lists wherever they run.
 */
import { securityInfoUrl } from './links';
import { mfaCapableMethods, PHONE_APP_METHOD_TYPES } from './methods';
import {
  VERDICTS,
  type AccountSummary,
  type AuthenticatorEntry,
  type AuthMethod,
  type ChecklistState,
  type ChecklistStepId,
  type EntryStatus,
  type ManualEntry,
  type PhoneChangeItem,
  type TenantRecord,
  type Verdict,
} from './model';
import { verdictLabel } from './verdict-labels';

/** Stable key of a tenant's entry: `tenant:<accountId>:<tenantId>`. */
export function entryKeyForTenant(accountId: string, tenantId: string): string {
  return `tenant:${accountId}:${tenantId}`;
}

/** Stable key of a hand-made entry: `manual:<id>`. */
export function entryKeyForManual(id: string): string {
  return `manual:${id}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Authenticator entries

/**
 * One entry per place the guest keeps (or should keep) MFA methods: the home tenant of each account; every guest
 * tenant with MFA methods registered or a verdict that implies an entry; and the user's hand-made entries.
 * Tenants of accounts that are not in `accounts` (signed out) are left out. Order: per account its home entry,
 * then its tenants by organisation name; hand-made entries last, by organisation name.
 */
export function buildAuthenticatorEntries(input: {
  accounts: AccountSummary[];
  tenants: TenantRecord[];
  manualEntries: ManualEntry[];
  ticks: Record<string, boolean>;
}): AuthenticatorEntry[] {
  const ticked = (key: string): boolean => input.ticks[key] === true;
  const entries: AuthenticatorEntry[] = [];
  const seen = new Set<string>();

  for (const account of input.accounts) {
    const own = input.tenants.filter((t) => t.accountId === account.accountId);
    const homeRecord = own.find((t) => t.isHome && t.tenantId === account.homeTenantId) ?? own.find((t) => t.isHome);
    const home = homeEntry(account, homeRecord ?? null);
    home.ticked = ticked(home.key);
    entries.push(home);
    seen.add(home.key);

    const guests: AuthenticatorEntry[] = [];
    for (const record of own) {
      if (record.isHome || record.tenantId === account.homeTenantId) continue;
      const entry = guestEntry(record);
      if (entry === null || seen.has(entry.key)) continue;
      entry.ticked = ticked(entry.key);
      seen.add(entry.key);
      guests.push(entry);
    }
    entries.push(...guests.sort(byOrganisation));
  }

  const manual = input.manualEntries.map((m) => manualEntry(m, ticked(entryKeyForManual(m.id))));
  entries.push(...manual.sort(byOrganisation));
  return entries;
}

function homeEntry(account: AccountSummary, record: TenantRecord | null): AuthenticatorEntry {
  const tenantId = record?.tenantId ?? account.homeTenantId;
  return {
    key: entryKeyForTenant(account.accountId, tenantId),
    kind: 'home',
    accountId: account.accountId,
    tenantId,
    organisation: firstText(record?.displayName, account.homeTenantName, account.homeDomain, tenantId),
    domain: firstTextOrNull(record?.defaultDomain, account.homeDomain),
    status: 'needed',
    reason: 'Your home organisation: keep this entry, since partners that trust your home MFA rely on it as well.',
    methods: record?.methods ? [...record.methods] : null,
    verdict: record?.classification?.verdict ?? null,
    ticked: false,
  };
}

/** The entry for a guest tenant, or null when nothing suggests the guest keeps one there. */
function guestEntry(record: TenantRecord): AuthenticatorEntry | null {
  const decision = decideGuestEntry(record);
  if (decision === null) return null;
  return {
    key: entryKeyForTenant(record.accountId, record.tenantId),
    kind: 'tenant',
    accountId: record.accountId,
    tenantId: record.tenantId,
    organisation: organisationName(record),
    domain: firstTextOrNull(record.defaultDomain, record.domains[0]),
    status: decision.status,
    reason: decision.reason,
    methods: record.methods ? [...record.methods] : null,
    verdict: record.classification?.verdict ?? null,
    ticked: false,
  };
}

const UNREADABLE = ' The app could not read which methods you have there.';

function decideGuestEntry(record: TenantRecord): { status: EntryStatus; reason: string } | null {
  const verdict = record.classification?.verdict ?? null;
  const mfaCount = record.methods === null ? null : mfaCapableMethods(record.methods).length;
  const hasMfa = mfaCount !== null && mfaCount > 0;
  const unreadable = record.methods === null ? UNREADABLE : '';

  switch (verdict) {
    case 'separate-mfa':
      return {
        status: 'needed',
        reason: `This organisation demands its own MFA, so you need this entry.${unreadable}`,
      };
    case 'registration-required':
      return {
        status: 'needed',
        reason: hasMfa
          ? 'This organisation still asks you to register MFA with it, so you need this entry.'
          : `This organisation will ask you to register an MFA method with it at your next sign-in.${unreadable}`,
      };
    case 'stronger-method':
      return hasMfa
        ? {
            status: 'needed',
            reason:
              'This organisation asks for a stronger method than you use; keep this entry and add a stronger method.',
          }
        : null;
    case 'home-mfa-trusted':
    case 'no-mfa-required':
      if (!hasMfa && record.classification?.leftoverRegistration !== true) return null;
      return {
        status: 'removable',
        reason:
          verdict === 'home-mfa-trusted'
            ? 'This organisation accepts your home MFA: the methods still registered there are no longer needed.'
            : 'This organisation did not ask for MFA when the app checked: you probably do not need this entry, unless its other apps ask for MFA.',
      };
    case 'not-a-guest':
      return hasMfa || hadEntryBefore(record)
        ? {
            status: 'orphaned',
            reason: 'Your guest account there is gone, so this entry no longer works and can be deleted.',
          }
        : null;
    case 'blocked':
    case 'needs-sign-in':
    case 'error':
    case null:
      return hasMfa
        ? {
            status: 'unknown',
            reason:
              verdict === null
                ? 'You have MFA methods registered here, but this organisation has not been checked yet.'
                : `You have MFA methods registered here, but the app could not tell whether this organisation still needs them (${verdictLabel(verdict)}).`,
          }
        : null;
  }
}

/** Whether an earlier check showed that the guest kept an entry for this tenant. */
function hadEntryBefore(record: TenantRecord): boolean {
  return record.history.some((h) => h.verdict === 'separate-mfa' || h.leftoverRegistration);
}

/** Whether a not-a-guest tenant leaves an orphaned Authenticator entry behind. */
function isOrphan(record: TenantRecord): boolean {
  if (record.isHome || record.classification?.verdict !== 'not-a-guest') return false;
  const known = record.methods !== null && mfaCapableMethods(record.methods).length > 0;
  return known || hadEntryBefore(record);
}

function manualEntry(entry: ManualEntry, ticked: boolean): AuthenticatorEntry {
  const alias =
    entry.label.trim() !== '' && entry.label.trim() !== entry.organisation.trim()
      ? ` In the Authenticator app it is called “${entry.label.trim()}”.`
      : '';
  return {
    key: entryKeyForManual(entry.id),
    kind: 'manual',
    accountId: null,
    tenantId: null,
    organisation: firstText(entry.organisation, entry.label, 'Unnamed organisation'),
    domain: null,
    status: ticked ? 'removable' : 'needed',
    reason: ticked
      ? `You added this entry and ticked it off as no longer needed.${alias}`
      : `You added this entry for an organisation the app cannot see.${alias}`,
    methods: null,
    verdict: null,
    ticked,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phone-change checklist

/** Order groups: what breaks first comes first. */
const Urgency = {
  /** Every MFA method there lives in an app on the old phone. */
  AppOnly: 0,
  /** A needed entry with one method: one accident from a lockout. */
  Single: 1,
  Rest: 2,
  RemoveOnly: 3,
} as const;
type Urgency = (typeof Urgency)[keyof typeof Urgency];

const STEP_LABELS: Record<ChecklistStepId, string> = {
  'open-security-info': 'Open its security-info page (sign in to this organisation)',
  'add-new-phone': 'Add the new phone as a method there (Authenticator app or phone number)',
  'test-sign-in': 'Sign in once with the new phone to check that it works',
  'remove-old-device': 'Remove the old phone from the methods listed there',
};

const REMOVE_STEP_LABEL = 'Delete this entry from the Authenticator app';

/**
 * The phone-change checklist: one item per entry, ordered by what breaks first. Entries whose MFA methods all
 * live in an app on the phone come first (after a wipe nothing works there: the UI offers the MFA-reset email),
 * then needed entries with a single method (add a second one while the old phone still works), then the rest;
 * within a group, needed before unknown, then by organisation name. Removable and orphaned entries come last as
 * "delete this entry" items. `done` comes from the saved progress.
 */
export function buildPhoneChangeChecklist(entries: AuthenticatorEntry[], progress: ChecklistState): PhoneChangeItem[] {
  const ranked = entries.map((entry) => ({ entry, shape: shapeOf(entry) }));
  ranked.sort(
    (a, b) =>
      a.shape.urgency - b.shape.urgency ||
      statusRank(a.entry.status) - statusRank(b.entry.status) ||
      byOrganisation(a.entry, b.entry),
  );
  return ranked.map(({ entry, shape }, index) => {
    const done = progress[entry.key] ?? {};
    const removeOnly = shape.urgency === Urgency.RemoveOnly;
    const steps = removeOnly
      ? [{ id: 'remove-old-device' as const, label: REMOVE_STEP_LABEL, done: done['remove-old-device'] === true }]
      : (['open-security-info', 'add-new-phone', 'test-sign-in', 'remove-old-device'] as const).map((id) => ({
          id,
          label: STEP_LABELS[id],
          done: done[id] === true,
        }));
    return {
      entryKey: entry.key,
      organisation: entry.organisation,
      domain: entry.domain,
      tenantId: entry.tenantId,
      accountId: entry.accountId,
      rank: index + 1,
      urgencyReason: urgencyReason(entry, shape),
      singleMethod: shape.single,
      noWorkingMethodAfterChange: shape.urgency === Urgency.AppOnly,
      removeOnly,
      steps,
      securityInfoUrl: entry.tenantId === null ? null : securityInfoUrl(entry.tenantId),
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
  if (entry.status === 'removable' || entry.status === 'orphaned') return { urgency: Urgency.RemoveOnly, mfa, single };
  const appOnly = mfa !== null && mfa.length > 0 && mfa.every((m) => PHONE_APP_METHOD_TYPES.includes(m.type));
  if (appOnly) return { urgency: Urgency.AppOnly, mfa, single };
  if (single && entry.status === 'needed') return { urgency: Urgency.Single, mfa, single };
  return { urgency: Urgency.Rest, mfa, single };
}

function urgencyReason(entry: AuthenticatorEntry, shape: EntryShape): string {
  const here = entry.kind === 'home' ? 'at home' : 'here';
  const homeNote = entry.kind === 'home' ? ' Partners that trust your home MFA depend on it too.' : '';
  switch (shape.urgency) {
    case Urgency.RemoveOnly:
      if (entry.status === 'orphaned')
        return 'Your guest account there is gone: delete this entry from the Authenticator app.';
      return entry.kind === 'manual'
        ? 'You ticked this entry off: delete it from the Authenticator app.'
        : 'No longer needed: delete this entry from the Authenticator app (you may also remove the methods on its security-info page).';
    case Urgency.AppOnly: {
      const mfa = shape.mfa ?? [];
      const what =
        mfa.length === 1
          ? `Your only method ${here} is ${describeMethod(mfa[0])} on the old phone`
          : `All your methods ${here} are apps on the old phone`;
      return `${what}: once the phone is wiped you cannot sign in ${here}, so move it first.${homeNote}`;
    }
    case Urgency.Single:
      return `You have a single method ${here} (${describeMethod(shape.mfa?.[0])}): add a second one, such as another phone number or a security key, while the old phone still works.${homeNote}`;
    case Urgency.Rest:
      if (entry.kind === 'manual')
        return 'You added this entry by hand: the app cannot see its methods, so check them on its security-info page before you wipe the phone.';
      if (shape.mfa === null)
        return 'The app could not read your methods here: check them on the security-info page before you wipe the phone.';
      if (shape.mfa.length === 0)
        return 'Nothing is registered here yet: register the new phone when this organisation asks.';
      return shape.mfa.some((m) => PHONE_APP_METHOD_TYPES.includes(m.type))
        ? `You have another method ${here} besides the app on the old phone, so you will not be locked out; still move the app.${homeNote}`
        : `None of your methods ${here} lives in an app on the old phone; check that they still work after the change.${homeNote}`;
  }
}

function describeMethod(method: AuthMethod | undefined): string {
  if (method === undefined) return 'one method';
  const name = method.displayName.trim();
  switch (method.type) {
    case 'microsoftAuthenticator':
      return name === '' ? 'the Authenticator app' : `the Authenticator app (${name})`;
    case 'softwareOath':
      return 'a code-generator app';
    case 'phone':
      return name === '' ? 'a phone number' : `the phone number ${name}`;
    case 'fido2':
      return name === '' ? 'a security key' : `the security key ${name}`;
    case 'windowsHelloForBusiness':
      return name === '' ? 'Windows Hello' : `Windows Hello on ${name}`;
    default:
      return 'one method';
  }
}

function statusRank(status: EntryStatus): number {
  return status === 'needed' ? 0 : status === 'unknown' ? 1 : 2;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

/** Counts for the inventory's summary strip and the sentence above it. Home tenants are not counted. */
export interface InventorySummary {
  /** Guest tenants per verdict (classified ones only). */
  counts: Record<Verdict, number>;
  /** Guest tenants of all accounts. */
  guestTenants: number;
  /** Guest tenants without a verdict yet. */
  unchecked: number;
  /** Tenants whose registered methods are no longer needed (leftover flag). */
  leftovers: number;
  /** Tenants where the guest account is gone but an Authenticator entry is likely left behind. */
  orphans: number;
  /** One sentence, e.g. "3 organisations make you keep a separate Authenticator entry; 5 accept your home MFA; 1 entry is orphaned." */
  sentence: string;
}

/** Counts per verdict, leftovers and orphans over the guest tenants, with a sentence for the top of the inventory. */
export function summarizeInventory(tenants: TenantRecord[]): InventorySummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  let guestTenants = 0;
  let unchecked = 0;
  let leftovers = 0;
  let orphans = 0;
  for (const record of tenants) {
    if (record.isHome) continue;
    guestTenants += 1;
    const c = record.classification;
    if (c === null) {
      unchecked += 1;
      continue;
    }
    counts[c.verdict] += 1;
    if (c.leftoverRegistration) leftovers += 1;
    if (isOrphan(record)) orphans += 1;
  }
  return {
    counts,
    guestTenants,
    unchecked,
    leftovers,
    orphans,
    sentence: summarySentence(counts, unchecked, leftovers, orphans, guestTenants),
  };
}

/** The summary sentence leads with what costs the user an entry, then what spares one, then the rest. */
const SENTENCE_ORDER: readonly Verdict[] = [
  'separate-mfa',
  'registration-required',
  'stronger-method',
  'home-mfa-trusted',
  'no-mfa-required',
  'blocked',
  'not-a-guest',
  'needs-sign-in',
  'error',
];

/** How each verdict reads in the summary sentence: singular and plural verb phrases. */
const VERDICT_CLAUSE: Record<Verdict, [string, string]> = {
  'separate-mfa': ['makes you keep a separate Authenticator entry', 'make you keep a separate Authenticator entry'],
  'registration-required': ['will make you register MFA', 'will make you register MFA'],
  'stronger-method': ['asks for a stronger method', 'ask for a stronger method'],
  'home-mfa-trusted': ['accepts your home MFA', 'accept your home MFA'],
  'no-mfa-required': ["doesn't ask for MFA", "don't ask for MFA"],
  blocked: ['blocks your sign-in', 'block your sign-in'],
  'not-a-guest': ['no longer has you as a guest', 'no longer have you as a guest'],
  'needs-sign-in': ['needs a sign-in to tell', 'need a sign-in to tell'],
  error: ['could not be checked', 'could not be checked'],
};

function summarySentence(
  counts: Record<Verdict, number>,
  unchecked: number,
  leftovers: number,
  orphans: number,
  guestTenants: number,
): string {
  if (guestTenants === 0) return 'No partner organisations found yet.';
  const clauses: string[] = [];
  const organisationClause = (n: number, [one, many]: [string, string]): void => {
    const noun = clauses.length === 0 ? (n === 1 ? ' organisation' : ' organisations') : '';
    clauses.push(`${n}${noun} ${n === 1 ? one : many}`);
  };
  for (const verdict of SENTENCE_ORDER) {
    // Former partners that left an entry behind are told as orphaned entries below, not twice.
    const n = verdict === 'not-a-guest' ? counts[verdict] - orphans : counts[verdict];
    if (n > 0) organisationClause(n, VERDICT_CLAUSE[verdict]);
  }
  if (unchecked > 0) organisationClause(unchecked, ['is not checked yet', 'are not checked yet']);
  if (leftovers > 0) clauses.push(`${leftovers} ${leftovers === 1 ? 'entry can' : 'entries can'} be removed`);
  if (orphans > 0) clauses.push(`${orphans} ${orphans === 1 ? 'entry is' : 'entries are'} orphaned`);
  return `${clauses.join('; ')}.`;
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

function byOrganisation(a: { organisation: string; key: string }, b: { organisation: string; key: string }): number {
  return (
    a.organisation.localeCompare(b.organisation, 'en', { sensitivity: 'base' }) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
