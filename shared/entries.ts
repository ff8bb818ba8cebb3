/**
 * Which Authenticator entry a guest has for one tenant, decided from what the app can really observe: the
 * tenant's verdict history (each change of verdict with its time and AADSTS code), the methods when Microsoft
 * Graph lists them, and the user's own answer. Pure; main derives the entries for the renderer, the headless
 * runner and the exports, and the same rules give the same words everywhere. docs/entries.md states the rules.
 *
 * With the app's default client (Azure CLI) Graph refuses the methods list in every tenant (403 `accessDenied`,
 * https://github.com/microsoftgraph/msgraph-sdk-go/issues/441; the methods API accepts only
 * `UserAuthenticationMethod.Read`/`.ReadWrite`, which that client's fixed Graph scopes lack:
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/authentication-list-methods.md).
 * So the normal case is inference from history: an MFA demand with the home MFA present (AADSTS50076) means the
 * tenant does not accept the home MFA, and a tenant only demands MFA, rather than a registration (AADSTS50079),
 * of a guest who has registered a method there. That reading is likely, not certain (an authentication strength
 * the home method does not meet answers the same way), and the words say so.
 */
import { lookupAadsts } from './aadsts';
import { mfaCapableMethods } from './methods';
import type {
  AuthenticatorEntry,
  AuthMethod,
  Confidence,
  EntryConfirmation,
  EntryStatus,
  HistoryEntry,
  TenantRecord,
  Verdict,
} from './model';
import {
  asksForTrust,
  demandsOwnMfa,
  isInformative,
  needsNoEntry,
  tenantActions,
  VERDICT_RULES,
  verdictLabel,
} from './verdicts';

/** What the app decided for one tenant's entry: those fields of the entry it shows. */
export type EntryDecision = Pick<
  AuthenticatorEntry,
  'status' | 'inferred' | 'basis' | 'confidence' | 'reason' | 'howKnown' | 'since' | 'changeNote'
>;

export interface EntryContext {
  /**
   * The app signs in with its default client, whose Graph token never carries the permission to list methods:
   * the words then say that the methods cannot be read, rather than "could not be read this time".
   */
  defaultClient: boolean;
}

/** One change of what the tenant demands, on the tenant's timeline. */
interface Step {
  verdict: Verdict;
  at: string;
  aadsts: number | null;
  leftover: boolean;
  /** How many checks in a row gave this verdict (1 for history written before the count existed). */
  checks: number;
  /** The latest of those checks. */
  lastAt: string;
}

/**
 * How many checks in a row, spread over how many days, must ask for no MFA before an entry registered earlier is
 * called a leftover without a trust signal. One clean answer proves little: Security Defaults ask "when Microsoft
 * decides" (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/fundamentals/security-defaults.md), and a
 * policy may cover other apps than the sign-in the app checks.
 */
export const CLEAN_CHECKS_FOR_LEFTOVER = 3;
export const CLEAN_DAYS_FOR_LEFTOVER = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The tenant's changes in time order: its history, and the latest verdict when the history does not end with
 * it (records built by hand, or written before the history existed). Failed checks never enter it.
 */
function timelineOf(record: TenantRecord): Step[] {
  const steps: Step[] = (record.history ?? [])
    .map((h: HistoryEntry) => ({
      verdict: h.verdict,
      at: h.at,
      aadsts: h.aadsts ?? null,
      leftover: h.leftoverRegistration,
      checks: Math.max(1, h.checks ?? 1),
      lastAt: h.lastAt ?? h.at,
    }))
    .sort((a, b) => time(a.at) - time(b.at));
  const c = record.classification;
  if (c && c.verdict !== 'error' && steps.at(-1)?.verdict !== c.verdict) {
    const at = record.observedAt ?? c.evidence.timestamp ?? new Date(0).toISOString();
    steps.push({
      verdict: c.verdict,
      at,
      aadsts: c.evidence.aadsts,
      leftover: c.leftoverRegistration,
      checks: 1,
      lastAt: at,
    });
  }
  return steps;
}

/** The tenant's latest verdict that says something about MFA, or null when it never gave one. */
export function informativeVerdict(record: TenantRecord): Verdict | null {
  const steps = timelineOf(record);
  for (let i = steps.length - 1; i >= 0; i -= 1) if (isInformative(steps[i]!.verdict)) return steps[i]!.verdict;
  return null;
}

/** What the timeline says about the guest's registration in the tenant. */
interface Facts {
  org: string;
  steps: Step[];
  /** The latest informative step, and its index in `steps`. */
  latest: Step | null;
  latestIndex: number;
  /** When that verdict was last seen: the latest check when it still says so, else when it started. */
  lastSeen: string | null;
  /** The AADSTS code of the latest check when it still says so, else of the change. */
  latestCode: number | null;
  /** The first step that showed the guest registered there: an own-MFA demand, or methods Graph listed. */
  firstOwn: Step | null;
  /** The first informative step. */
  firstInformative: Step | null;
  methods: AuthMethod[] | null;
}

function factsOf(record: TenantRecord): Facts {
  const steps = timelineOf(record);
  let latestIndex = -1;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    if (isInformative(steps[i]!.verdict)) {
      latestIndex = i;
      break;
    }
  }
  const latest = latestIndex >= 0 ? steps[latestIndex]! : null;
  const current = record.classification;
  const stillSays = latest !== null && current !== null && current.verdict === latest.verdict;
  return {
    org: organisationName(record),
    steps,
    latest,
    latestIndex,
    lastSeen: latest ? (stillSays ? (record.observedAt ?? latest.at) : latest.at) : null,
    latestCode: latest ? (stillSays ? (current.evidence.aadsts ?? latest.aadsts) : latest.aadsts) : null,
    firstOwn: steps.find((s) => s.verdict === 'separate-mfa' || s.leftover) ?? null,
    firstInformative: steps.find((s) => isInformative(s.verdict)) ?? null,
    methods: record.methods,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The decision

/**
 * The entry of one guest tenant: what the app infers, then the user's answer on top. The answer outranks the
 * inference until the tenant's behaviour changes (its informative verdict differs from the one it had when the
 * user answered); then the inference decides again and `changeNote` says what changed. Methods that Graph
 * listed at the latest check are no inference: they decide, and the answer is only mentioned.
 */
export function decideTenantEntry(
  record: TenantRecord,
  confirmation: EntryConfirmation | null,
  context: EntryContext,
): EntryDecision {
  const facts = factsOf(record);
  const raw = infer(facts, record, context);
  // An entry is never more certain than the verdict it rests on.
  const inference = { ...raw, confidence: atMost(raw.confidence, verdictConfidence(facts, record)) };
  if (inference.basis === 'graph' || confirmation === null) return { ...inference, changeNote: null };

  const current = facts.latest?.verdict ?? null;
  if (confirmation.answer !== 'unsure' && current !== confirmation.verdict && facts.latest !== null) {
    const changeNote = `${ANSWER_PAST[confirmation.answer]} on ${day(confirmation.at)}; on ${day(facts.latest.at)} ${facts.org} ${VERDICT_RULES[facts.latest.verdict].changePhrase}.`;
    return { ...inference, reason: `${changeNote} ${inference.reason}`, changeNote };
  }
  if (confirmation.answer === 'unsure') {
    return {
      ...inference,
      reason: `You were not sure on ${day(confirmation.at)} whether you have this entry. ${inference.reason}`,
      changeNote: null,
    };
  }
  return { ...answered(facts, confirmation), inferred: inference.inferred, changeNote: null };
}

const ANSWER_PAST: Record<'yes' | 'no', string> = {
  yes: 'You said you had this entry',
  no: 'You said you had no entry',
};

/** The user's yes or no, read against what the tenant does now. */
function answered(facts: Facts, confirmation: EntryConfirmation): Omit<EntryDecision, 'inferred' | 'changeNote'> {
  const { org } = facts;
  const current = facts.latest?.verdict ?? null;
  const said = `You said on ${day(confirmation.at)} that you ${confirmation.answer === 'yes' ? 'have this entry' : 'have no entry for it'}`;
  const base = { basis: 'you' as const, confidence: 'certain' as Confidence, since: confirmation.at };
  const howKnown = `You said so on ${day(confirmation.at)}; it counts until ${org} changes what it asks for.`;
  if (confirmation.answer === 'yes') {
    if (needsNoEntry(current)) {
      // That the entry exists is the user's word; that it can go rests on the tenant's answers, so no more than likely.
      const canGo = mayGo(facts);
      return {
        ...base,
        status: canGo ? 'leftover' : 'in-use',
        confidence: canGo ? 'likely' : 'certain',
        reason: `${said}; ${canGoWords(facts, canGo)}`,
        howKnown,
      };
    }
    if (current === 'not-a-guest') {
      return {
        ...base,
        status: 'orphaned',
        confidence: 'likely',
        reason: `${said}, but your guest account in ${org} is most likely gone: the entry is dead weight, delete it. ${CONVERTED_NOTE}`,
        howKnown,
      };
    }
    return { ...base, status: 'in-use', reason: `${said}: keep it, and move it when you change phones.`, howKnown };
  }
  if (demandsOwnMfa(current)) {
    return {
      ...base,
      status: 'will-be-needed',
      reason: `${said}, but ${org} asks for its own MFA: you sign in there with another method, or it will make you register one.`,
      howKnown,
    };
  }
  return { ...base, status: 'not-needed', reason: `${said}: nothing to keep or move for ${org}.`, howKnown };
}

/** What the app infers from its checks alone. */
function infer(facts: Facts, record: TenantRecord, context: EntryContext): Omit<EntryDecision, 'changeNote'> {
  const fromGraph = methodsDecision(facts, record);
  if (fromGraph) return fromGraph;
  const howKnown = context.defaultClient
    ? 'Inferred from what the organisation answered at the checks: the app cannot read your methods with its default sign-in.'
    : `Inferred from what the organisation answered at the checks: your methods there could not be read${record.methodsNote ? ` (${stripPeriod(record.methodsNote)})` : ''}.`;
  const inferred = (status: EntryStatus, reason: string, since: string | null): Omit<EntryDecision, 'changeNote'> => ({
    status,
    inferred: status,
    basis: 'inferred',
    confidence: status === 'unknown' ? 'unknown' : 'likely',
    reason,
    howKnown,
    since,
  });
  const { org, latest, firstOwn } = facts;
  if (latest === null && isInvitePending(record)) {
    return inferred(
      'not-needed',
      `You have not accepted ${org}'s invitation yet, so you have no entry for it; when you accept it and it asks, register the phone you keep.`,
      record.observedAt,
    );
  }
  if (latest === null) return inferred('unknown', unknownReason(facts, record), record.observedAt);

  const seen = facts.lastSeen ?? latest.at;
  const firstSince = day(latest.at) !== day(seen) ? ` (first on ${day(latest.at)})` : '';
  const blockedNow = laterNote(facts, record);
  switch (latest.verdict) {
    case 'separate-mfa':
      return inferred(
        'in-use',
        `${org} asked for its own MFA on ${day(seen)}${firstSince}: you most likely have an entry for it${asksSometimes(facts) ? ' (it has asked only some of the time, as security defaults do)' : ''}. If you have none, say so below.${blockedNow}`,
        seen,
      );
    case 'stronger-method':
      return firstOwn !== null && time(firstOwn.at) <= time(latest.at)
        ? inferred(
            'in-use',
            `${org} asked for its own MFA on ${day(firstOwn.at)}, so you registered there; on ${day(seen)} it asked for a stronger method than yours: keep the entry and add a stronger method.${blockedNow}`,
            seen,
          )
        : inferred(
            'will-be-needed',
            `${org} asked on ${day(seen)} for a stronger method than your home MFA: you will have to register one, there or at home.${blockedNow}`,
            seen,
          );
    case 'registration-required':
      return inferred(
        'will-be-needed',
        `${org} asked you on ${day(seen)} to register an MFA method with it: at your next sign-in there you will add an entry.${blockedNow}`,
        seen,
      );
    case 'home-mfa-trusted':
    case 'no-mfa-required': {
      if (firstOwn !== null) {
        const registered = firstOwn.leftover
          ? `Microsoft Graph listed MFA methods of yours in ${org} on ${day(firstOwn.at)}`
          : `${org} asked for its own MFA (first on ${day(firstOwn.at)})`;
        const canGo = mayGo(facts);
        return inferred(
          canGo ? 'leftover' : 'in-use',
          `${registered}; ${canGoWords(facts, canGo)}${blockedNow}`,
          latest.at,
        );
      }
      const onlyTrusted = facts.steps.every((s) => !isInformative(s.verdict) || s.verdict === 'home-mfa-trusted');
      const onlyNoMfa = facts.steps.every((s) => !isInformative(s.verdict) || s.verdict === 'no-mfa-required');
      const since = facts.firstInformative?.at ?? latest.at;
      const what = onlyTrusted
        ? `has only ever accepted your home MFA (checked since ${day(since)}): you most likely need no entry for it.`
        : onlyNoMfa
          ? `has not asked for MFA when the app checked (since ${day(since)}): you most likely need no entry for it, though it may ask at other times or in its other apps.`
          : `has only ever accepted your home MFA or asked for none (checked since ${day(since)}): you most likely need no entry for it.`;
      return inferred('not-needed', `${org} ${what}${blockedNow}`, since);
    }
    case 'not-a-guest': {
      const gone = `Your guest account in ${org} is gone: ${record.listed ? '' : 'Microsoft no longer lists the organisation for you, and '}the check on ${day(latest.at)} answered that you are not a guest there`;
      if (firstOwn !== null) {
        return inferred(
          'orphaned',
          `${gone}. It had asked for its own MFA (first on ${day(firstOwn.at)}), so your Authenticator entry for it is most likely dead weight: delete it, nobody there will reset it. ${CONVERTED_NOTE}`,
          latest.at,
        );
      }
      const earlier = facts.steps.slice(0, facts.latestIndex).some((s) => isInformative(s.verdict));
      return earlier
        ? inferred('not-needed', `${gone}. It never asked for its own MFA, so you have no entry to delete.`, latest.at)
        : inferred(
            'unknown',
            `${gone}. The app never saw it ask for MFA: if you still have an entry for it, it no longer works and can be deleted.`,
            latest.at,
          );
    }
    default:
      return inferred('unknown', unknownReason(facts, record), record.observedAt);
  }
}

/**
 * The same answer comes back when a partner turned the guest account into one of its own (an internal member who
 * signs in there with a new name): that account still uses the entry.
 */
const CONVERTED_NOTE =
  'If it made you one of its own accounts instead (you sign in there with a new name), that account still uses the entry: keep it then.';

/** Methods Graph listed at the latest check: the entry is certain, and the methods are shown. */
function methodsDecision(facts: Facts, record: TenantRecord): Omit<EntryDecision, 'changeNote'> | null {
  if (facts.methods === null) return null;
  const mfa = mfaCapableMethods(facts.methods);
  const at = record.observedAt;
  const howKnown = `Read from Microsoft Graph on ${day(at)}: the methods registered for you in ${facts.org}.`;
  const decided = (status: EntryStatus, reason: string) => ({
    status,
    inferred: status,
    basis: 'graph' as const,
    confidence: 'certain' as const,
    reason,
    howKnown,
    since: at,
  });
  const verdict = facts.latest?.verdict ?? null;
  const { org } = facts;
  if (mfa.length > 0) {
    if (needsNoEntry(verdict)) {
      const canGo = mayGo(facts);
      return decided(
        canGo ? 'leftover' : 'in-use',
        `You have ${count(mfa.length)} registered in ${org}; ${canGoWords(facts, canGo)}`,
      );
    }
    return decided('in-use', `You have ${count(mfa.length)} registered in ${org}: keep the entry.`);
  }
  if (needsNoEntry(verdict)) {
    return decided(
      'not-needed',
      `No MFA method of yours is registered in ${org}, and it ${verdict === 'home-mfa-trusted' ? 'accepts your home MFA' : 'did not ask for MFA when the app checked'}: you most likely need none.`,
    );
  }
  if (demandsOwnMfa(verdict)) {
    return decided(
      'will-be-needed',
      `No MFA method of yours is registered in ${org} yet, and it asks for its own MFA: you will register one at your next sign-in there.`,
    );
  }
  return null;
}

/** The latest answer says the invitation was never accepted (AADSTS50014 and its kind). */
function isInvitePending(record: TenantRecord): boolean {
  const code = record.classification?.evidence.aadsts ?? null;
  return code !== null && lookupAadsts(code)?.bucket === 'invite-pending';
}

function unknownReason(facts: Facts, record: TenantRecord): string {
  const c = record.classification;
  if (c === null) return `${facts.org} has not been checked yet.`;
  // Names "Sign in to this tenant" only where the drawer offers it (not where the organisation refuses the device).
  const signIn = tenantActions(record, 'unknown').includes('sign-in-to-tenant')
    ? ' Sign in to this tenant to find out.'
    : '';
  return `The checks so far cannot tell whether you have an entry for ${facts.org} (latest: ${verdictLabel(c.verdict)} on ${day(record.observedAt)}).${signIn}`;
}

/** When the latest check could not confirm the last informative verdict (a block, a failed check). */
function laterNote(facts: Facts, record: TenantRecord): string {
  const c = record.classification;
  if (c === null || facts.latest === null || c.verdict === facts.latest.verdict) return '';
  return ` (The latest check on ${day(record.observedAt)}: ${verdictLabel(c.verdict)}.)`;
}

/**
 * Whether an entry registered earlier can go now that the tenant needs none: only on a trust signal (its latest
 * answer carried the home MFA, `home-mfa-trusted`), or when it has asked for no MFA at several checks spread over
 * time with no demand since. Never from one answer (docs/entries.md, "Leftover").
 */
function mayGo(facts: Facts): boolean {
  const latest = facts.latest;
  if (latest === null) return false;
  if (latest.verdict === 'home-mfa-trusted') return true;
  if (latest.verdict !== 'no-mfa-required') return false;
  return (
    latest.checks >= CLEAN_CHECKS_FOR_LEFTOVER &&
    time(latest.lastAt) - time(latest.at) >= CLEAN_DAYS_FOR_LEFTOVER * DAY_MS
  );
}

/** The tenant has switched between demanding its own MFA and asking for none more than once: it asks sometimes. */
function asksSometimes(facts: Facts): boolean {
  let switches = 0;
  let previous: boolean | null = null;
  for (const step of facts.steps) {
    if (!isInformative(step.verdict)) continue;
    const demands = demandsOwnMfa(step.verdict);
    if (previous !== null && demands !== previous) switches += 1;
    previous = demands;
  }
  return switches >= 2;
}

/** What a tenant that needs no entry now means for one registered there earlier: can it go, or keep it until when. */
function canGoWords(facts: Facts, canGo: boolean): string {
  const latest = facts.latest!;
  if (latest.verdict === 'home-mfa-trusted') {
    return `since ${day(latest.at)} it accepts your home MFA: the entry you registered there can most likely go. Remove the method on its Security info page, then delete the entry.`;
  }
  const sometimes = asksSometimes(facts) ? ' It has asked for MFA only some of the time, as security defaults do.' : '';
  if (canGo) {
    return `it has not asked for MFA at ${latest.checks} checks from ${day(latest.at)} to ${day(latest.lastAt)}: the entry you registered there can most likely go, unless its other apps still ask for MFA. Remove the method on its Security info page, then delete the entry.${sometimes}`;
  }
  return `on ${day(latest.at)} it asked for none${latest.checks > 1 ? ` (${latest.checks} checks, the latest on ${day(latest.lastAt)})` : ''}, but it may ask again: security defaults ask when Microsoft decides, and a policy may cover only its other apps.${sometimes} Keep the entry until it accepts your home MFA, or has not asked for MFA at ${CLEAN_CHECKS_FOR_LEFTOVER} checks over ${CLEAN_DAYS_FOR_LEFTOVER} days.`;
}

/** How far the verdict the entry rests on is supported: the latest check's confidence while it still says so. */
function verdictConfidence(facts: Facts, record: TenantRecord): Confidence {
  const c = record.classification;
  if (facts.latest === null) return c?.confidence ?? 'unknown';
  if (c !== null && c.verdict === facts.latest.verdict) return c.confidence;
  return 'likely';
}

const CONFIDENCE_RANK: Record<Confidence, number> = { unknown: 0, likely: 1, certain: 2 };

/** The lower of two confidences: an entry is never more certain than the verdict under it. */
function atMost(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_RANK[a] <= CONFIDENCE_RANK[b] ? a : b;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day as people write it, in UTC: "3 Nov 2025"; "an unknown day" for a missing or unreadable time. */
export function day(iso: string | null | undefined): string {
  const t = time(iso);
  if (Number.isNaN(t)) return 'an unknown day';
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function time(iso: string | null | undefined): number {
  if (typeof iso !== 'string' || iso.trim() === '') return Number.NaN;
  return Date.parse(iso.trim().replace(' ', 'T'));
}

function count(n: number): string {
  return n === 1 ? 'an MFA method' : `${n} MFA methods`;
}

function stripPeriod(text: string): string {
  return text.trim().replace(/\.$/, '');
}

function organisationName(record: TenantRecord): string {
  for (const c of [record.displayName, record.defaultDomain, record.domains?.[0], record.tenantId]) {
    if (typeof c === 'string' && c.trim() !== '') return c.trim();
  }
  return 'This organisation';
}

/**
 * The drawer's bold advice for a guest tenant: the verdict's own (`classification.action`) unless the entry says
 * otherwise: the user's answer, or an entry kept while the tenant asks for no MFA, or one that can go. So the
 * advice follows the entry word the entries view, the Next step and the checklist show.
 */
export function entryAdvice(
  entry: Pick<AuthenticatorEntry, 'status' | 'basis' | 'confidence' | 'kind'> | null,
  verdict: Verdict | null,
  verdictAction: string | null,
): string | null {
  if (entry === null || entry.kind !== 'tenant') return verdictAction;
  const likely = entry.confidence === 'certain' ? '' : 'most likely ';
  if (entry.basis === 'you') {
    switch (entry.status) {
      case 'in-use':
        return needsNoEntry(verdict)
          ? 'Keep its Authenticator entry for now (you said you have it): it may still ask for its own MFA.'
          : 'Keep its Authenticator entry (you said you have it), and move it when you change phones.';
      case 'will-be-needed':
        return asksForTrust(verdict ?? 'separate-mfa')
          ? 'You said you have no Authenticator entry for it: nothing to keep or move. It asks for its own MFA, so ask its IT to trust your home MFA (Request trust), or register when it asks.'
          : 'You said you have no Authenticator entry for it: nothing to keep or move; register the new phone when it asks.';
      case 'not-needed':
        return 'You said you have no Authenticator entry for it: nothing to keep or move.';
      case 'leftover':
        return `Your entry for it can ${likely}go: remove the method on its Security info page, then delete the entry.`;
      case 'orphaned':
        return 'Delete its Authenticator entry, unless it made you one of its own accounts.';
      default:
        return verdictAction;
    }
  }
  if (entry.status === 'in-use' && needsNoEntry(verdict)) {
    return `Keep its Authenticator entry for now: it asked for its own MFA before and may ask again. It can go once it accepts your home MFA, or has not asked for MFA at ${CLEAN_CHECKS_FOR_LEFTOVER} checks over ${CLEAN_DAYS_FOR_LEFTOVER} days.`;
  }
  if (entry.status === 'leftover') {
    return `Your entry for it can ${likely}go: remove the method on its Security info page, then delete the entry.`;
  }
  return verdictAction;
}
