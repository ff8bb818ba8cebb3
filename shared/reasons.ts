/**
 * Why a tenant has its verdict, and the words for it. The classifier (shared/classify.ts) stores a reason: a code
 * plus its facts (the AADSTS code of the answer, whether the home session carried MFA, how a check failed, when it
 * was observed); never a finished sentence. This module is the one place that turns a stored classification (its
 * reason, verdict, confidence and evidence) into the sentence that says what the tenant demands and the sentence
 * that says what to do. The drawer, the toasts, the exports, "Copy what Entra answered" and the headless runner
 * all ask it, so the words can follow the confidence and change without a rescan.
 *
 * Two forms: `plain` (what the user reads: no codes, no jargon in brackets) and `technical` (the same sentence with
 * the AADSTS code and the technical term in brackets, for exports, diagnostics and IT). Words never outrun the
 * confidence: a `likely` reading always says so ("most likely", "may"), an `unknown` one says the app could not
 * tell (`hedged`).
 *
 * Files written before reasons existed hold the old sentences: they load as the reason `stored-words` and are shown
 * as they were saved (codes included) until the next check stores a reason, so nothing saved is lost.
 */
import { lookupAadsts } from './aadsts';
import { type Classification, type Confidence, type Reason, type ReasonFacts, type Verdict } from './model';
import { VERDICT_RULES } from './verdicts';

export { REASON_CODES, type Reason, type ReasonCode, type ReasonFacts } from './model';

/** The form of the words: `plain` for the user, `technical` with codes and terms in brackets for IT and exports. */
export type WordForm = 'plain' | 'technical';

type Said = Pick<Classification, 'verdict' | 'confidence' | 'leftoverRegistration' | 'reason'> & {
  evidence: { aadsts: number | null };
};

// ---------------------------------------------------------------------------------------------------------------
// Advice (what to do)

const DO = {
  separateMfa:
    "Keep its Authenticator entry; ask its IT to trust your home organisation's MFA, or which method it needs (Request trust).",
  registration:
    'Use Sign in to this tenant to register a method, or ask its IT to trust your home MFA first (Request trust).',
  stronger:
    'Ask its IT which sign-in methods it accepts from guests; you may need a stronger one at home, such as a security key.',
  notAGuest: 'Delete its entry from the Authenticator app if you still have one.',
  signIn: 'Use Sign in to this tenant to see what it asks for; the app checks it again afterwards.',
  inviteSignIn: 'Use Sign in to this tenant to accept its invitation; the app checks it again afterwards.',
  consentSignIn: "Use Sign in to this tenant to approve the app's access, or ask its IT to approve it.",
  sessionSignIn: 'Use Sign in to this tenant to sign in again; the app checks it again afterwards.',
  homeMfaFirst: 'Sign in again at home with MFA, then scan again: only then can the app tell what it accepts.',
  undecided: 'Use Sign in to this tenant, or sign in at home with MFA and scan again.',
  tokenUnclear: 'Sign in at home with MFA and scan again, or use Sign in to this tenant to see what it asks for.',
  blocked: 'Ask your contact there or its IT whether you should have access; this is not an MFA matter.',
  device:
    "Try its apps in the browser or in Teams on your managed device; if they are refused too, ask its IT whether it trusts your home organisation's compliant devices.",
  trustedNoEntry: 'You most likely need no Authenticator entry for it.',
  trustedLeftover:
    'You most likely need no Authenticator entry for it: you can delete its entry and remove the methods still registered there.',
  noMfa: 'Nothing to do for now; keep an entry only if its other apps ask you for MFA.',
  noMfaLeftover:
    'Keep its Authenticator entry for now: it may ask for MFA at other times or in its other apps; the entries view says when it can go.',
  homeTrusted: 'Keep your home Authenticator entry: partners that trust your home MFA rely on it.',
  homeNoMfa: 'Complete MFA when you sign in at home, then scan again, so partners can accept your home MFA.',
  retry: 'Scan again later; if it keeps failing, use Sign in to this tenant to see the full message.',
  throttled: 'Scan again in a few minutes; this says nothing about what the organisation demands.',
  network: 'Check your internet connection and scan again.',
  proxy:
    'Do what the proxy message under Evidence says (it names the proxy and the sign-in it asked for), then check this organisation again.',
  cancelled: 'Scan again to check this organisation.',
  later: 'Scan again later to check this organisation.',
} as const;

/**
 * Why trust cannot help a personal Microsoft account: cross-tenant access settings, and their MFA trust, apply to
 * users of other Microsoft Entra organisations only
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/authentication-conditional-access.md).
 */
export const PERSONAL_ACCOUNT_NO_TRUST =
  'Inbound MFA trust does not apply to personal Microsoft accounts: this organisation will always ask for its own MFA.';
/** What a personal-account guest can ask the partner for instead of trust. */
export const PERSONAL_ACCOUNT_ACTION =
  'Keep its Authenticator entry. A trust request cannot help a personal account; the organisation can invite a work or school account of yours instead (its MFA trust can then cover it), or reset your MFA registration there when you change phones.';

/** The verdicts whose burden is the partner's own MFA: for a personal account, trust could never lift them. */
const OWN_MFA_VERDICTS: ReadonlySet<Verdict> = new Set(['separate-mfa', 'registration-required', 'stronger-method']);

// ---------------------------------------------------------------------------------------------------------------
// The words

/** What the tenant demands, in one sentence: `plain` for the user, `technical` with the code in brackets. */
export function explainReason(c: Said, form: WordForm = 'plain'): string {
  const base = hedged(baseSentence(c, form), c.confidence);
  return c.reason.facts.personalAccount && OWN_MFA_VERDICTS.has(c.verdict)
    ? `${PERSONAL_ACCOUNT_NO_TRUST} ${base}`
    : base;
}

/** What the user should do, in one sentence. */
export function adviseReason(c: Said): string {
  if (c.reason.facts.personalAccount && OWN_MFA_VERDICTS.has(c.verdict)) return PERSONAL_ACCOUNT_ACTION;
  return baseAdvice(c);
}

/**
 * The sentence made honest for its confidence: a `likely` reading that names no other possibility gets "most
 * likely"; an `unknown` one that does not say so gets "the app could not tell for certain". Sentences written for
 * their reason already hedge; this holds for every reason, including sentences saved by older versions.
 */
export function hedged(sentence: string, confidence: Confidence): string {
  if (sentence === '') return sentence;
  if (confidence === 'likely' && !HEDGE.test(sentence)) return `Most likely: ${lowerFirst(sentence)}`;
  if (confidence === 'unknown' && !COULD_NOT_TELL.test(sentence)) {
    return `${stripPeriod(sentence)}; the app could not tell for certain what this organisation demands.`;
  }
  return sentence;
}
/** Words that already say a reading is not the only one. */
export const HEDGE = /\b(likely|may|might|may still|could|can(?:not|'t) tell|or\b|if\b|perhaps|possibly)/i;
/** Words that already say the app could not tell. */
export const COULD_NOT_TELL =
  /(cannot tell|could not tell|can't tell|does not recognise|not recognise|could not read)/i;

function baseSentence(c: Said, form: WordForm): string {
  const { facts } = c.reason;
  const code = facts.aadsts ?? c.evidence.aadsts ?? null;
  const tag = (sentence: string): string => (form === 'technical' ? withCode(sentence, code) : sentence);
  const term = (plain: string, technical: string): string => (form === 'technical' ? technical : plain);
  const entry = lookupAadsts(code);
  switch (c.reason.code) {
    case 'home-mfa':
      return 'Your home organisation: the MFA you do here is the one partners can trust.';
    case 'home-no-mfa':
      return 'Your home organisation did not ask for MFA in this sign-in.';
    case 'token-mfa-with-home-mfa':
      return 'This organisation gave the app a token marked as MFA without asking for its own: it accepted your home MFA, or asks for none for this sign-in.';
    case 'token-mfa-own-methods':
      return 'This organisation issued a token marked as MFA although your home sign-in had none, and you have MFA methods registered there, so it most likely relies on its own MFA.';
    case 'token-mfa-unclear':
      return 'This organisation issued a token marked as MFA although your home sign-in had none, and the app sees no MFA method registered there, so it cannot tell whose MFA it accepted.';
    case 'token-no-mfa':
      return 'This organisation did not ask this time for MFA for a Microsoft Graph sign-in; it may ask at other times or in its other apps.';
    case 'mfa-demand-after-own-mfa-methods':
      return tag(
        'Even after you completed MFA in a sign-in to this organisation, it still demands MFA of your home sign-in, and you have MFA methods registered with it: it relies on its own MFA.',
      );
    case 'mfa-demand-after-own-mfa':
      return tag(
        'Even after you signed in to this organisation and completed MFA, it still does not accept the MFA of your home sign-in: it demands its own MFA (or a stronger method than your home one).',
      );
    case 'mfa-demand-fresh':
      return tag(
        'This organisation asked for a fresh MFA although your home sign-in carried MFA: it demands its own MFA (or a more recent or stronger one than your home sign-in has).',
      );
    case 'mfa-demand':
      return tag(
        'This organisation asked for MFA although your home sign-in carried it: it demands its own MFA (or a stronger method than your home one).',
      );
    case 'mfa-demand-refused-check':
      return tag(
        'This organisation refused the check with an MFA code although your home sign-in carried MFA: it most likely demands its own MFA (or a stronger method than your home one).',
      );
    case 'mfa-demand-undecided-after-sign-in':
      return tag(
        'This organisation still asks for MFA your home session does not carry, so the app cannot tell whether it would accept your home MFA.',
      );
    case 'mfa-demand-undecided':
      return tag(
        'This organisation asks for MFA, but your home session carried none, so the app cannot tell whether it would accept your home MFA; an interactive sign-in will show whether it sends you home for MFA or asks for its own.',
      );
    case 'registration-demand': {
      const summary = stripPeriod(entry?.summary ?? 'This organisation wants you to register a sign-in method with it');
      return tag(
        facts.homeSessionMfa
          ? `${summary}, although your home sign-in carried MFA: it most likely does not accept your home MFA.`
          : `${summary}; your home sign-in had no MFA, so it may instead send you home to register there.`,
      );
    }
    case 'stronger-after-refusal':
      return tag(
        `This organisation asks for MFA, and refused your sign-in to it after you could do your MFA${term('', ' (AADSTS53003)')}: most likely it demands a stronger sign-in method${term('', ' (an authentication strength)')} than yours, or it blocks guests there.`,
      );
    case 'refused-at-sign-in': {
      const summary = stripPeriod(entry?.summary ?? 'This organisation refused your sign-in');
      return tag(
        entry?.bucket === 'blocked'
          ? `When you signed in to this organisation it refused: ${lowerFirst(summary)}; the app's own check still got a token, so this may hold only for some sign-ins.`
          : `${summary}. The app's own check still got a token, so it may hold only for some sign-ins.`,
      );
    }
    case 'aadsts':
      return tag(entry?.summary ?? VERDICT_RULES[c.verdict].meaning);
    case 'unknown-consent':
      return `This organisation wants the app's access approved before it answers${unknownCode(code, form)}.`;
    case 'unknown-session':
      return `Your sign-in session cannot be used here without signing in again${unknownCode(code, form)}.`;
    case 'unknown-interaction':
      return `This organisation asked for an interactive sign-in for a reason the app does not recognise${unknownCode(code, form)}.`;
    case 'unknown-error':
      return `Microsoft's sign-in service refused the check with an error the app does not recognise${unknownCode(code, form)}.`;
    case 'check-failed':
      return failureSentence(facts);
    case 'stored-words':
      return (facts.explanation ?? '').trim() || VERDICT_RULES[c.verdict].meaning;
  }
}

function baseAdvice(c: Said): string {
  const { facts } = c.reason;
  const entry = lookupAadsts(facts.aadsts ?? c.evidence.aadsts ?? null);
  switch (c.reason.code) {
    case 'home-mfa':
      return DO.homeTrusted;
    case 'home-no-mfa':
      return DO.homeNoMfa;
    case 'token-mfa-with-home-mfa':
      return c.leftoverRegistration ? DO.trustedLeftover : DO.trustedNoEntry;
    case 'token-no-mfa':
      return c.leftoverRegistration ? DO.noMfaLeftover : DO.noMfa;
    case 'token-mfa-own-methods':
    case 'mfa-demand-after-own-mfa-methods':
    case 'mfa-demand-after-own-mfa':
    case 'mfa-demand-fresh':
    case 'mfa-demand':
    case 'mfa-demand-refused-check':
      return DO.separateMfa;
    case 'token-mfa-unclear':
      return DO.tokenUnclear;
    case 'mfa-demand-undecided-after-sign-in':
      return DO.homeMfaFirst;
    case 'mfa-demand-undecided':
      return DO.undecided;
    case 'registration-demand':
      return DO.registration;
    case 'stronger-after-refusal':
      return DO.stronger;
    case 'refused-at-sign-in':
      return entry?.action ?? (entry?.bucket === 'device' ? DO.device : DO.blocked);
    case 'aadsts':
      return entry?.action ?? bucketAdvice(entry?.bucket);
    case 'unknown-consent':
      return DO.consentSignIn;
    case 'unknown-session':
      return DO.sessionSignIn;
    case 'unknown-interaction':
      return DO.signIn;
    case 'unknown-error':
      return DO.retry;
    case 'check-failed':
      return (facts.failure && FAILURE_ADVICE[facts.failure]) || DO.later;
    case 'stored-words':
      return facts.action || DO.later;
  }
}

/** What to do after a failed check, by how it failed; any other failure: check again later. */
const FAILURE_ADVICE: Partial<Record<NonNullable<ReasonFacts['failure']>, string>> = {
  network: DO.network,
  proxy: DO.proxy,
  cancelled: DO.cancelled,
  throttled: DO.throttled,
};

function bucketAdvice(bucket: string | undefined): string {
  switch (bucket) {
    case 'device':
    case 'client':
      return DO.device;
    case 'not-member':
      return DO.notAGuest;
    case 'invite-pending':
      return DO.inviteSignIn;
    case 'consent':
      return DO.consentSignIn;
    case 'reauth':
      return DO.sessionSignIn;
    case 'interrupt':
      return DO.signIn;
    case 'throttled':
      return DO.throttled;
    default:
      return DO.blocked;
  }
}

function failureSentence(facts: ReasonFacts): string {
  const status = facts.httpStatus === null || facts.httpStatus === undefined ? '' : ` (HTTP ${facts.httpStatus})`;
  const tries = facts.attempts && facts.attempts > 1 ? ` after ${facts.attempts} attempts` : '';
  switch (facts.failure) {
    case 'timeout':
      return facts.timeoutSeconds === null || facts.timeoutSeconds === undefined
        ? "Microsoft's sign-in service did not answer in time."
        : `Microsoft's sign-in service did not answer within ${facts.timeoutSeconds} s.`;
    case 'throttled':
      return `Microsoft's sign-in service asked the app to slow down${status} and was still refusing${tries}.`;
    case 'network':
      return "The app could not reach Microsoft's sign-in service; the network connection failed.";
    case 'proxy':
      return "A proxy on your network wanted the app to sign in to it and did not pass the check on to Microsoft's sign-in service.";
    case 'server':
      return `Microsoft's sign-in service answered with a server error${status}${tries}.`;
    case 'malformed':
      return "Microsoft's sign-in service sent an answer the app could not read.";
    case 'cancelled':
      return 'The check was cancelled before it finished.';
    case 'internal':
    case undefined:
      return 'The check stopped because of an unexpected problem in the app.';
  }
}

/**
 * The reason an old file's classification is read as: its saved sentences, shown as they were (the file held no
 * reason code; nothing is re-derived from guesses).
 */
export function storedWordsReason(explanation: string, action: string): Reason {
  return { code: 'stored-words', facts: { explanation, action } };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function unknownCode(code: number | null, form: WordForm): string {
  if (code === null) return '';
  return form === 'technical' ? ` (AADSTS${code}, a code the app does not know)` : ' (a code the app does not know)';
}

/** Puts the code in brackets before the sentence's final full stop: "… for this sign-in (AADSTS50076)." */
function withCode(sentence: string, code: number | null): string {
  if (code === null) return sentence;
  return `${stripPeriod(sentence)} (AADSTS${code}).`;
}

function lowerFirst(sentence: string): string {
  return sentence.length > 0 ? `${sentence[0]!.toLowerCase()}${sentence.slice(1)}` : sentence;
}

function stripPeriod(sentence: string): string {
  return sentence.endsWith('.') ? sentence.slice(0, -1) : sentence;
}
