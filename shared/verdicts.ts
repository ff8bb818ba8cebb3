/**
 * Everything the app says and decides per verdict, in one table: the words the user sees (label and meaning),
 * the tone, the order of the summary, filters and sorting, whether a trust-request email fits, what the verdict
 * means for the guest's Authenticator entry, how a change to it is told, and the actions that fit it. The
 * inventory, the drawer, the toolbar and its batch, the entries, the checklist, the changes, the emails, the
 * exports and the headless runner all read it here. `VERDICT_RULES` must name every verdict and fill every field:
 * a new verdict does not compile until it does.
 */
import { isPersonalAccountId } from './identifiers';
import { lookupAadsts } from './aadsts';
import type { Confidence, EmailKind, EntryStatus, TenantRecord, Verdict } from './model';

/**
 * How the UI colours a verdict (never colour alone: the label and an icon go with it). The three verdicts that
 * cost an Authenticator entry each have their own (`severe`, `warning`, `important`), so they never read as one
 * yellow; `danger` is a refusal or a failed check.
 */
export type VerdictTone = 'success' | 'severe' | 'warning' | 'important' | 'danger' | 'informative' | 'subtle';

/**
 * What a verdict says about the guest's Authenticator entry in that tenant (docs/entries.md decides the word
 * from the history; this is what one verdict contributes):
 * - `home-suffices`: the home MFA is accepted, no entry is needed (one registered earlier is a leftover);
 * - `none-asked`: no MFA was asked this time, no entry is needed;
 * - `own-entry`: the tenant demands its own MFA: the guest keeps an entry there;
 * - `stronger-method`: the tenant wants a stronger method than the home one: one is or will be registered there;
 * - `registration`: the tenant will make the guest register: an entry will be needed;
 * - `guest-gone`: the guest account is gone: an entry for it is orphaned;
 * - `says-nothing`: the answer tells nothing about MFA (a block, a sign-in needed, a failed check).
 */
export type VerdictEntryMeaning =
  'home-suffices' | 'none-asked' | 'own-entry' | 'stronger-method' | 'registration' | 'guest-gone' | 'says-nothing';

/** The things a user can do about a tenant, as the drawer, the toolbar and the batch offer them. */
export const VERDICT_ACTIONS = [
  /** Write to the partner's IT to trust the home MFA (the trust-request email). */
  'request-trust',
  /** Write to the partner's IT to trust the home tenant's compliant and hybrid joined devices (device-trust email). */
  'request-device-trust',
  /** "Sign in to this tenant": an interactive sign-in, which can register MFA there and checks the tenant again (it settles a likely verdict only where the methods there can be read). */
  'sign-in-to-tenant',
  /** The tenant's own Security info page (see or remove the methods registered there). */
  'open-security-info',
  /** Ask the partner's IT to reset the MFA registration; only where an entry is in use or about to be. */
  'request-mfa-reset',
  /** Ask the partner's IT to remove the guest account. */
  'request-removal',
  /** Microsoft's "Leave organization" page. */
  'leave-organisation',
  /** Scan again: the answer may be different next time. */
  'check-again',
  /** "Copy what Entra answered", to hand the facts to an IT department. */
  'copy-diagnostics',
] as const;
export type VerdictAction = (typeof VERDICT_ACTIONS)[number];

/** What a change of a tenant's verdict is told as ("What changed", notifications); shared/changes.ts decides when. */
export const CHANGE_KINDS = [
  'trusts-home-mfa',
  'demands-own-mfa',
  'demands-registration',
  'demands-stronger-method',
  'blocks',
  'guest-removed',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface VerdictRule {
  /** Badge, filter and export label. */
  label: string;
  /** What the verdict means for the guest, one sentence (tooltips, the drawer, exports). */
  meaning: string;
  tone: VerdictTone;
  /** Position in the summary strip, the verdict filter, the "Verdict" sort and the headline: most urgent first. */
  order: number;
  entry: VerdictEntryMeaning;
  /** What a change to this verdict means for the guest: 0 spares an entry, 2 costs one or blocks, 1 neither. */
  burden: 0 | 1 | 2;
  /** The inventory's marker of a recent change to this verdict ("Now accepts your home MFA"). */
  nowWords: string;
  /** A change to this verdict after "on <day>, <organisation> …" (an answer a change overruled). */
  changePhrase: string;
  /** How the inventory's headline counts it: the verb phrase for one organisation and for several. */
  clause: readonly [one: string, many: string];
  /** How a change to this verdict is told; null: it is not news (shared/changes.ts). */
  changeKind: ChangeKind | null;
  /** The inventory's "Next step" column: what to do about it, in a few words. */
  nextStep: string;
  /** The actions that fit, the one to offer first first (`tenantActions` refines them by the entry and the code). */
  actions: readonly VerdictAction[];
}

export const VERDICT_RULES = {
  'separate-mfa': {
    // Not "Own MFA required": that reads as "your own (home) MFA".
    label: 'Needs its own MFA',
    meaning:
      'This organisation demands its own MFA (or a stronger method than your home one): you keep a separate Authenticator entry for it.',
    tone: 'severe',
    order: 0,
    entry: 'own-entry',
    burden: 2,
    nowWords: 'Now demands its own MFA',
    changePhrase: 'started asking for its own MFA',
    clause: ['makes you keep its own Authenticator entry', 'make you keep their own Authenticator entry'],
    changeKind: 'demands-own-mfa',
    nextStep: 'Keep its entry; ask it to trust your MFA',
    actions: [
      'request-trust',
      'open-security-info',
      'sign-in-to-tenant',
      'request-mfa-reset',
      'check-again',
      'request-removal',
      'leave-organisation',
      'copy-diagnostics',
    ],
  },
  'registration-required': {
    label: 'Registration required',
    meaning: 'This organisation will most likely make you register MFA with it at your next sign-in.',
    tone: 'warning',
    order: 1,
    entry: 'registration',
    burden: 2,
    nowWords: 'Now requires MFA registration',
    changePhrase: 'started asking you to register MFA with it',
    clause: ['will ask you to register', 'will ask you to register'],
    changeKind: 'demands-registration',
    nextStep: 'Ask it to trust your MFA before it asks you to register',
    actions: [
      'request-trust',
      'sign-in-to-tenant',
      'open-security-info',
      'check-again',
      'request-removal',
      'leave-organisation',
      'copy-diagnostics',
    ],
  },
  'stronger-method': {
    label: 'Stronger method required',
    meaning:
      'This organisation most likely asks for a stronger method than your home MFA provides (e.g. phishing-resistant): it refused your sign-in after MFA.',
    tone: 'important',
    order: 2,
    entry: 'stronger-method',
    burden: 2,
    nowWords: 'Now asks for a stronger method',
    changePhrase: 'started asking for a stronger method',
    clause: ['asks for a stronger method', 'ask for a stronger method'],
    changeKind: 'demands-stronger-method',
    nextStep: 'Ask which sign-in method it needs',
    actions: [
      'open-security-info',
      'sign-in-to-tenant',
      'request-mfa-reset',
      'check-again',
      'request-removal',
      'leave-organisation',
      'copy-diagnostics',
    ],
  },
  'home-mfa-trusted': {
    label: 'Accepts your home MFA',
    meaning:
      'This organisation accepted your home MFA, or asks for none for this sign-in: you most likely need no Authenticator entry for it.',
    tone: 'success',
    order: 3,
    entry: 'home-suffices',
    burden: 0,
    nowWords: 'Now accepts your home MFA',
    changePhrase: 'started accepting your home MFA',
    clause: ['accepts your home MFA', 'accept your home MFA'],
    changeKind: 'trusts-home-mfa',
    nextStep: 'Nothing to do',
    actions: ['open-security-info', 'check-again', 'request-removal', 'leave-organisation', 'copy-diagnostics'],
  },
  'no-mfa-required': {
    label: 'No MFA asked',
    meaning: 'This organisation did not ask this time for MFA for the sign-in the app checks; it may at other times.',
    tone: 'informative',
    order: 4,
    entry: 'none-asked',
    burden: 0,
    nowWords: 'No longer asks for MFA',
    changePhrase: 'stopped asking for MFA',
    clause: ["doesn't ask for MFA", "don't ask for MFA"],
    changeKind: null,
    nextStep: 'Nothing to do for now',
    actions: ['check-again', 'open-security-info', 'request-removal', 'leave-organisation', 'copy-diagnostics'],
  },
  blocked: {
    label: 'Blocked',
    meaning:
      'This organisation refused the sign-in (a policy, the device or your account), or asks for something you cannot provide there.',
    tone: 'danger',
    order: 5,
    entry: 'says-nothing',
    burden: 2,
    nowWords: 'Now blocks your sign-in',
    changePhrase: 'blocked your sign-in',
    clause: ['blocks your sign-in', 'block your sign-in'],
    changeKind: 'blocks',
    nextStep: 'Ask your contact there about access',
    actions: ['copy-diagnostics', 'sign-in-to-tenant', 'check-again', 'request-removal', 'leave-organisation'],
  },
  'not-a-guest': {
    label: 'No longer a guest',
    meaning: 'Your guest account in this organisation is gone; any Authenticator entry for it is orphaned.',
    tone: 'subtle',
    order: 6,
    entry: 'guest-gone',
    burden: 1,
    nowWords: 'Guest account gone',
    changePhrase: 'no longer had you as a guest',
    clause: ['no longer has you as a guest', 'no longer have you as a guest'],
    changeKind: 'guest-removed',
    nextStep: 'Delete its entry, if you have one',
    actions: ['copy-diagnostics', 'check-again'],
  },
  'needs-sign-in': {
    label: 'Sign-in needed',
    meaning: 'The app cannot tell without an interactive sign-in to this organisation.',
    tone: 'informative',
    order: 7,
    entry: 'says-nothing',
    burden: 1,
    nowWords: 'Now needs a sign-in',
    changePhrase: 'needed a sign-in to tell',
    clause: ['needs a sign-in to tell', 'need a sign-in to tell'],
    changeKind: null,
    nextStep: 'Sign in to this tenant to tell',
    actions: [
      'sign-in-to-tenant',
      'open-security-info',
      'request-mfa-reset',
      'check-again',
      'request-removal',
      'leave-organisation',
      'copy-diagnostics',
    ],
  },
  error: {
    label: 'Check failed',
    meaning:
      'The check did not complete (network, throttling, timeout or an answer the app does not know); it says nothing about the organisation.',
    tone: 'danger',
    order: 8,
    entry: 'says-nothing',
    burden: 1,
    nowWords: 'Check now fails',
    changePhrase: 'could not be checked',
    clause: ['could not be checked', 'could not be checked'],
    changeKind: null,
    nextStep: 'Check again',
    actions: ['check-again', 'copy-diagnostics', 'sign-in-to-tenant', 'open-security-info'],
  },
} as const satisfies Readonly<Record<Verdict, VerdictRule>>;

/** A verdict, or `unchecked` for a tenant that has no classification yet (the summary strip and filter count it). */
export type VerdictKey = Verdict | 'unchecked';

/** The words, tone and actions of a tenant that was never checked. */
export const UNCHECKED_RULE = {
  label: 'Not checked yet',
  meaning: 'The app has not checked this organisation yet: run a scan.',
  tone: 'subtle',
  order: 9,
  clause: ['is not checked yet', 'are not checked yet'],
  nextStep: 'Scan to find out',
  actions: ['sign-in-to-tenant', 'check-again', 'open-security-info', 'copy-diagnostics'],
} as const satisfies Pick<VerdictRule, 'label' | 'meaning' | 'tone' | 'order' | 'clause' | 'nextStep' | 'actions'>;

/** The rule of a verdict key (the words, tone, order and actions that `unchecked` has too). */
export function verdictRule(
  key: VerdictKey,
): Pick<VerdictRule, 'label' | 'meaning' | 'tone' | 'order' | 'clause' | 'nextStep' | 'actions'> {
  return key === 'unchecked' ? UNCHECKED_RULE : VERDICT_RULES[key];
}

/** The label of a tenant's verdict, "Not checked yet" when it has none (exports, diagnostics). */
export function verdictLabelOf(classification: { verdict: Verdict } | null | undefined): string {
  return verdictRule(classification?.verdict ?? 'unchecked').label;
}

/** Every verdict in the table's order (most urgent first). */
export const VERDICTS_IN_ORDER: readonly Verdict[] = (Object.keys(VERDICT_RULES) as Verdict[]).sort(
  (a, b) => VERDICT_RULES[a].order - VERDICT_RULES[b].order,
);

/** Every key the summary strip and the verdict filter know, in the order the user sees them. */
export const VERDICT_KEYS: readonly VerdictKey[] = [...VERDICTS_IN_ORDER, 'unchecked'];

/**
 * The three groups the summary strip shows apart and the headline leads with: the verdicts that cost an
 * Authenticator entry, those that need none, and the rest (refusals, gone, not yet known). A verdict's group
 * follows from what it means for the entry (`entry`).
 */
export type VerdictGroup = 'costs-entry' | 'no-entry' | 'other';

const GROUP_OF_ENTRY: Readonly<Record<VerdictEntryMeaning, VerdictGroup>> = {
  'own-entry': 'costs-entry',
  registration: 'costs-entry',
  'stronger-method': 'costs-entry',
  'home-suffices': 'no-entry',
  'none-asked': 'no-entry',
  'guest-gone': 'other',
  'says-nothing': 'other',
};

export function verdictGroup(key: VerdictKey): VerdictGroup {
  return key === 'unchecked' ? 'other' : GROUP_OF_ENTRY[VERDICT_RULES[key].entry];
}

/** The groups in the order shown, with their words and their keys in the table's order. */
export const VERDICT_GROUPS: readonly { group: VerdictGroup; label: string; keys: readonly VerdictKey[] }[] = (
  [
    ['costs-entry', 'Cost you an entry'],
    ['no-entry', 'Need no entry'],
    ['other', 'Other'],
  ] as const
).map(([group, label]) => ({ group, label, keys: VERDICT_KEYS.filter((k) => verdictGroup(k) === group) }));

/**
 * The headline's counted clauses for `keys`, in their order, skipping those counted 0: the first names the
 * noun ("3 organisations make you keep their own Authenticator entry"), the next ones only the count ("1 blocks
 * your sign-in").
 */
export function countedClauses(keys: readonly VerdictKey[], counts: Readonly<Record<VerdictKey, number>>): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const n = counts[key];
    if (!n) continue;
    const [one, many] = verdictRule(key).clause;
    const noun = out.length === 0 ? (n === 1 ? ' organisation' : ' organisations') : '';
    out.push(`${n}${noun} ${n === 1 ? one : many}`);
  }
  return out;
}

/** The key a tenant is counted, filtered and sorted under. */
export function verdictKeyOf(tenant: Pick<TenantRecord, 'classification'>): VerdictKey {
  return tenant.classification?.verdict ?? 'unchecked';
}

/**
 * A trust-request email to the partner's IT fits the verdict: the home MFA is not accepted, and trusting it would
 * change that. The verdict's actions say so (its `request-trust`): one place, the per-verdict table.
 */
export function asksForTrust(verdict: Verdict | null | undefined): boolean {
  return verdict != null && verdictRule(verdict).actions.includes('request-trust');
}

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_RULES[verdict].label;
}

/** Says something about the guest's MFA in the tenant (not a block, a sign-in needed or a failed check). */
export function isInformative(verdict: Verdict | null | undefined): verdict is Verdict {
  return verdict !== null && verdict !== undefined && VERDICT_RULES[verdict].entry !== 'says-nothing';
}

/** The tenant does not accept the home MFA: it demands its own, a stronger method or a registration. */
export function demandsOwnMfa(verdict: Verdict | null | undefined): boolean {
  if (verdict === null || verdict === undefined) return false;
  const entry = VERDICT_RULES[verdict].entry;
  return entry === 'own-entry' || entry === 'stronger-method' || entry === 'registration';
}

/** The tenant needs no entry: it accepts the home MFA, or asked for none. */
export function needsNoEntry(verdict: Verdict | null | undefined): boolean {
  if (verdict === null || verdict === undefined) return false;
  const entry = VERDICT_RULES[verdict].entry;
  return entry === 'home-suffices' || entry === 'none-asked';
}

/**
 * The verdict a record stands for: its latest, or when the latest check failed (network, timeout), the last
 * verdict it really gave (history records no failed checks). Null when it was never checked successfully.
 */
export function decisiveVerdict(record: Pick<TenantRecord, 'classification' | 'history'>): Verdict | null {
  const verdict = record.classification?.verdict ?? null;
  if (verdict !== 'error') return verdict;
  return record.history.at(-1)?.verdict ?? null;
}

/**
 * Whether a trust-request email fits a tenant: a guest tenant whose decisive verdict (above) asks for one. The
 * toolbar's count, the saved batch and the drawer's "Request trust" all ask this.
 */
export function isTrustRequestCandidate(
  record: Pick<TenantRecord, 'isHome' | 'classification' | 'history'> & { accountId?: string },
): boolean {
  if (record.isHome) return false;
  // No partner's inbound trust covers a personal Microsoft account (shared/classify.ts PERSONAL_ACCOUNT_NO_TRUST).
  if (isPersonalAccountId(record.accountId)) return false;
  const verdict = decisiveVerdict(record);
  return asksForTrust(verdict);
}

/** How the confidence reads beside a verdict; empty for `certain` (no marker). */
export const CONFIDENCE_MARKER: Readonly<Record<Confidence, string>> = {
  certain: '',
  likely: 'likely',
  unknown: 'unsure',
};

/** One sentence on what the confidence means, for tooltips, the drawer and exports. */
export const CONFIDENCE_TEXT: Readonly<Record<Confidence, string>> = {
  certain: "Certain: Entra's answer allows no other reading.",
  likely: "Likely: Entra's answer also fits another cause, named in the explanation.",
  unknown: "Unsure: the app cannot tell from Entra's answer.",
};

/** What the certainty of a failed check says: the failure is certain, but it is no verdict about the tenant. */
export const FAILED_CHECK_CERTAINTY =
  'No verdict: the check itself failed, so it says nothing about what this organisation demands. Check again.';

/** The certainty sentence for a classification (a failed check gets its own, never "Certain"). */
export function certaintyText(classification: { verdict: Verdict; confidence: Confidence }): string {
  return classification.verdict === 'error' ? FAILED_CHECK_CERTAINTY : CONFIDENCE_TEXT[classification.confidence];
}

/** The verdict label with its confidence marker: "Needs its own MFA (likely)". */
export function verdictLabelWithConfidence(verdict: Verdict, confidence: Confidence): string {
  const marker = CONFIDENCE_MARKER[confidence];
  return marker ? `${VERDICT_RULES[verdict].label} (${marker})` : VERDICT_RULES[verdict].label;
}

// ---------------------------------------------------------------------------------------------------------------
// The actions of one tenant: the verdict's, refined by what the verdict alone does not decide

/**
 * A `blocked` verdict whose code is a device demand (530003, 53000, 50097 …: a compliant or managed device
 * required, shared/aadsts.ts) refuses this app's sign-in path, not the person: msal-node's loopback flow shows no
 * device identity, so a managed device may still get in through the browser or Teams. The device-trust email asks
 * the partner to check (or turn on) its trust of the home tenant's compliant devices.
 */
export const DEVICE_REFUSAL_RULE = {
  nextStep: 'Try the browser or Teams; else ask its IT',
  actions: ['request-device-trust', 'copy-diagnostics', 'check-again', 'request-removal', 'leave-organisation'],
} as const satisfies Pick<VerdictRule, 'nextStep' | 'actions'>;

/**
 * A `blocked` verdict whose code refuses the client the app signs in as (50105, 530084, 50177, 50178): not the
 * guest's access, not a passing failure, and no email to the partner fixes it.
 */
export const CLIENT_REFUSAL_RULE = {
  nextStep: "Use its apps in the browser; this app's sign-in is refused",
  actions: ['copy-diagnostics', 'check-again', 'request-removal', 'leave-organisation'],
} as const satisfies Pick<VerdictRule, 'nextStep' | 'actions'>;

/**
 * The entries (shared/entries.ts) for which an MFA reset request makes sense: one in use. Where nothing is
 * registered (about to be, not needed, leftover, orphaned, unknown, or the user said there is no entry) a reset
 * asks for nothing.
 */
export const MFA_RESET_ENTRY_STATES: readonly EntryStatus[] = ['in-use'];

/** The next step of a tenant whose entry can go (leftover or orphaned). */
export const ENTRY_CAN_GO_NEXT_STEP = 'Remove its leftover entry';

/** The action each email kind is. */
export const EMAIL_ACTION: Readonly<Record<EmailKind, VerdictAction>> = {
  'trust-request': 'request-trust',
  'device-trust': 'request-device-trust',
  'mfa-reset': 'request-mfa-reset',
  'remove-guest': 'request-removal',
};

/** The email an action writes (the drawer's email buttons), null for an action that writes none. */
export function emailOfAction(action: VerdictAction): EmailKind | null {
  return (Object.keys(EMAIL_ACTION) as EmailKind[]).find((kind) => EMAIL_ACTION[kind] === action) ?? null;
}

/** The tenant's latest answer refuses the device (a device code on a `blocked` verdict). */
export function refusesDevice(record: Pick<TenantRecord, 'classification'>): boolean {
  return blockedBucket(record) === 'device';
}

/** The tenant's latest answer refuses the app's client (a client code on a `blocked` verdict). */
export function refusesClient(record: Pick<TenantRecord, 'classification'>): boolean {
  return blockedBucket(record) === 'client';
}

function blockedBucket(record: Pick<TenantRecord, 'classification'>): string | null {
  const c = record.classification;
  if (c?.verdict !== 'blocked' || c.evidence.aadsts === null) return null;
  return lookupAadsts(c.evidence.aadsts)?.bucket ?? null;
}

/**
 * The actions that fit one guest tenant, the one to offer first first: its verdict's (a refusal of the device has
 * its own), a trust request exactly where `isTrustRequestCandidate` says so (also after a failed check), and an MFA
 * reset only for an entry in use or about to be (`entry`, the tenant's entry word; null when it has none). The
 * drawer, the toolbar's counts, the batches and the composer's kinds all ask this, so they cannot disagree.
 */
export function tenantActions(
  record: Pick<TenantRecord, 'isHome' | 'classification' | 'history'> & { accountId?: string },
  entry: EntryStatus | null,
): VerdictAction[] {
  if (record.isHome) return ['open-security-info', 'copy-diagnostics'];
  const base: readonly VerdictAction[] = refusesDevice(record)
    ? DEVICE_REFUSAL_RULE.actions
    : refusesClient(record)
      ? CLIENT_REFUSAL_RULE.actions
      : verdictRule(verdictKeyOf(record)).actions;
  const actions = base.filter(
    (a) =>
      (a !== 'request-mfa-reset' || (entry !== null && MFA_RESET_ENTRY_STATES.includes(entry))) &&
      a !== 'request-trust',
  );
  if (isTrustRequestCandidate(record)) actions.unshift('request-trust');
  return actions;
}

/** Whether an email of this kind fits the tenant (the drawer offers it, the batch includes it). */
export function emailFits(
  kind: EmailKind,
  record: Pick<TenantRecord, 'isHome' | 'classification' | 'history'> & { accountId?: string },
  entry: EntryStatus | null,
): boolean {
  return tenantActions(record, entry).includes(EMAIL_ACTION[kind]);
}

/** The tenants of one account an email batch of this kind goes to (`entryOf` gives each tenant's entry word). */
export function emailCandidates<
  T extends Pick<TenantRecord, 'accountId' | 'tenantId' | 'isHome' | 'classification' | 'history'>,
>(tenants: readonly T[], accountId: string | null, kind: EmailKind, entryOf: (tenant: T) => EntryStatus | null): T[] {
  return tenants.filter((t) => t.accountId === accountId && !t.isHome && emailFits(kind, t, entryOf(t)));
}

/** The next step where a verdict's own would ask for trust that cannot cover a personal Microsoft account. */
export const PERSONAL_ACCOUNT_NEXT_STEP = 'Keep its entry; trust cannot cover a personal account';

/** What the inventory's next step needs to know of the tenant's entry (shared/entries.ts). */
export interface NextStepEntry {
  status: EntryStatus;
  basis: 'graph' | 'you' | 'inferred';
}

/**
 * The inventory's next step for a guest tenant: an entry that can go, the user's own answer, an entry kept while
 * the tenant asks for no MFA, a refused device or client, a personal account's (no trust request), else its
 * verdict's.
 */
export function nextStepOf(
  record: Pick<TenantRecord, 'classification'> & { accountId?: string },
  entryCanGo: boolean,
  entry: NextStepEntry | null = null,
): string {
  if (entryCanGo) return ENTRY_CAN_GO_NEXT_STEP;
  const verdict = record.classification?.verdict ?? null;
  if (entry !== null && entry.basis === 'you' && demandsOwnMfa(verdict) && entry.status !== 'in-use') {
    // The user said there is no entry: nothing to keep or move.
    return asksForTrust(verdict) && !isPersonalAccountId(record.accountId)
      ? 'No entry to keep; ask it to trust your MFA'
      : 'No entry to keep';
  }
  if (entry !== null && entry.status === 'in-use' && needsNoEntry(verdict)) return 'Keep its entry for now';
  if (refusesDevice(record)) return DEVICE_REFUSAL_RULE.nextStep;
  if (refusesClient(record)) return CLIENT_REFUSAL_RULE.nextStep;
  const key = verdictKeyOf(record);
  if (isPersonalAccountId(record.accountId) && key !== 'unchecked' && asksForTrust(key)) {
    return PERSONAL_ACCOUNT_NEXT_STEP;
  }
  return verdictRule(key).nextStep;
}
