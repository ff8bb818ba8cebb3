/**
 * The classifier: from what one probe of one tenant observed to the verdict the user sees, with the evidence
 * behind it, how far the answer supports it (`confidence`) and why (a reason code with its facts: the AADSTS
 * code, the time, whether the home session carried MFA, how a check failed). It writes no sentence: shared/reasons.ts
 * makes the words where they are shown, so they follow the confidence and change without a rescan. Pure; main's scanner runs it on every probe before the result is stored (the composition root,
 * main/services/app-services.ts, hands it over); the renderer shows the stored verdict and never classifies.
 *
 * It says only what the answer supports. `certain` is kept for answers that leave no other reading; wherever the
 * real service is known to give the same answer for more than one cause, the verdict is `likely` and the words
 * name the other cause; unknown codes are never confident. In particular a claims challenge is no verdict: real
 * ordinary Conditional Access MFA demands carry one (`capolids`, the ids of the policies that fired;
 * https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491), so it is only kept as evidence
 * and passed on to "Sign in to this tenant". Throttling is a failed check, never a tenant verdict.
 */
import {
  extractCorrelationId,
  extractTimestamp,
  extractTraceId,
  lookupAadsts,
  normalizeEntraTimestamp,
  parseAadsts,
  policyIdsFromClaims,
} from './aadsts';
import { mfaCapableMethods } from './methods';
import type { Reason, ReasonCode, ReasonFacts } from './reasons';
import type {
  AuthErrorObservation,
  Classification,
  Confidence,
  Evidence,
  FailureObservation,
  TenantObservation,
  TokenObservation,
  Verdict,
} from './model';

/** What an interactive "Sign in to this tenant" showed, right before the check it is passed to. */
export interface InteractiveSignInFacts {
  /** When it ended (ISO-8601). */
  at: string;
  /** It ended with a token from this tenant. */
  succeeded: boolean;
  /** The `amr` claim of that token; empty when it failed. */
  amr: string[];
  /** How the tenant refused it, when it did with an Entra answer (recorded like a probe's). */
  refusal: AuthErrorObservation | null;
}

export interface ClassifyContext {
  /** The probed tenant is the account's home tenant. */
  isHome: boolean;
  /** The probe's time limit in seconds, to name it when a probe timed out (settings.probeTimeoutSeconds). */
  probeTimeoutSeconds?: number;
  /** Set when this check follows an interactive sign-in to the tenant: what that sign-in showed. */
  interactive?: InteractiveSignInFacts;
  /** The account is a personal Microsoft account (its home is the consumers tenant): no inbound trust covers it. */
  personalAccount?: boolean;
}

/**
 * A personal Microsoft account (its home is the consumers tenant): no inbound MFA trust can cover it, which the words
 * for the partner's own-MFA verdicts say (shared/reasons.ts).
 */
function forPersonalAccount(result: Classification): Classification {
  return { ...result, reason: { ...result.reason, facts: { ...result.reason.facts, personalAccount: true } } };
}

/** How much of a server message the evidence keeps. */
export const EVIDENCE_MESSAGE_LIMIT = 500;
/** How much of an identifier (correlation id, trace id) the evidence keeps. */
const ID_LIMIT = 100;

/** MSAL's OAuth `error` values that mean "interaction required" (msal-common's list and its own codes). */
const INTERACTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'interaction_required',
  'consent_required',
  'login_required',
  'bad_token',
  'ui_not_allowed',
  'ux_not_allowed',
  'interrupted_user',
  'no_tokens_found',
  'native_account_unavailable',
  'refresh_token_expired',
]);

/** Sub-errors MSAL treats as "interaction required". */
const INTERACTION_SUB_ERRORS: ReadonlySet<string> = new Set([
  'message_only',
  'additional_action',
  'basic_action',
  'user_password_expired',
  'consent_required',
  'bad_token',
  'ui_not_allowed',
  'interrupted_user',
]);

/** Error values that mean the session itself has to be renewed (MSAL-side or server). */
const SESSION_ERROR_CODES: ReadonlySet<string> = new Set([
  'login_required',
  'no_tokens_found',
  'refresh_token_expired',
  'bad_token',
]);

/**
 * Decides the verdict for one tenant from one observation. `context.isHome` switches the wording and meaning for
 * the home tenant's own token; errors at home classify like anywhere else. Methods that Graph refused to show
 * (denied, consent) never change the verdict; they only leave the methods unknown.
 */
export function classify(observation: TenantObservation, context: ClassifyContext): Classification {
  const result = classifyProbe(observation, context);
  return context.personalAccount && !context.isHome ? forPersonalAccount(result) : result;
}

function classifyProbe(observation: TenantObservation, context: ClassifyContext): Classification {
  const probe = observation.probe;
  switch (probe.kind) {
    case 'token':
      return classifyToken(observation, probe, context);
    case 'auth-error':
      return classifyAuthError(observation, probe, context);
    case 'failure':
      return classifyFailure(observation, probe, context);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

function classifyToken(
  observation: TenantObservation,
  token: TokenObservation,
  context: ClassifyContext,
): Classification {
  const refusedHere = decisiveRefusal(observation, context);
  if (refusedHere) return refusedHere;
  const evidence: Evidence = {
    ...emptyEvidence(),
    timestamp: observation.observedAt,
    amr: [...token.amr],
    acrs: [...token.acrs],
  };
  const at = observation.observedAt;
  const tokenHasMfa = token.amr.includes('mfa');
  const registeredMfa = readMfaMethods(observation);

  if (context.isHome) {
    // The home tenant's own token: its `amr` is the home sign-in itself, so it is decisive.
    return tokenHasMfa
      ? result('home-mfa-trusted', 'certain', evidence, reason('home-mfa', { at }))
      : result('no-mfa-required', 'certain', evidence, reason('home-no-mfa', { at }));
  }

  if (tokenHasMfa && observation.homeSessionMfa) {
    // Only likely: whether a tenant that neither trusts home MFA nor asks for MFA still shows the home `mfa` in its
    // token is not documented (https://github.com/MicrosoftDocs/azure-docs/issues/62154 on `amr` in v2 tokens).
    const leftover = registeredMfa !== null && registeredMfa > 0;
    return result(
      'home-mfa-trusted',
      'likely',
      evidence,
      reason('token-mfa-with-home-mfa', { at, homeSessionMfa: true }),
      leftover,
    );
  }

  if (tokenHasMfa) {
    // The token says MFA happened, but the home session carried none: the MFA can only have come from a
    // registration in this tenant, which only the methods list can confirm.
    if (registeredMfa !== null && registeredMfa > 0) {
      return result('separate-mfa', 'likely', evidence, reason('token-mfa-own-methods', { at, homeSessionMfa: false }));
    }
    return result('needs-sign-in', 'unknown', evidence, reason('token-mfa-unclear', { at, homeSessionMfa: false }));
  }

  // At most likely: a tenant may ask for MFA only some of the time (Security Defaults decide "when necessary",
  // https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/fundamentals/security-defaults.md) or only for
  // other apps than the Graph sign-in the app checks.
  const leftover = registeredMfa !== null && registeredMfa > 0;
  return result(
    'no-mfa-required',
    'likely',
    evidence,
    reason('token-no-mfa', { at, homeSessionMfa: observation.homeSessionMfa }),
    leftover,
  );
}

/** Number of MFA-capable methods Graph listed, or null when the list could not be read. */
function readMfaMethods(observation: TenantObservation): number | null {
  return observation.methods.status === 'ok' ? mfaCapableMethods(observation.methods.value).length : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Authentication errors

function classifyAuthError(
  observation: TenantObservation,
  error: AuthErrorObservation,
  context: ClassifyContext,
): Classification {
  const evidence = errorEvidence(error, observation.observedAt);
  const code = evidence.aadsts;
  const interactionRequired = isInteractionRequired(error);
  const entry = lookupAadsts(code);
  if (entry === null || code === null) return classifyUnknownError(error, code, interactionRequired, evidence);

  const facts: ReasonFacts = { aadsts: code, at: evidence.timestamp, homeSessionMfa: observation.homeSessionMfa };
  const known: Confidence = entry.onlyLikely ? 'likely' : 'certain';
  const refusedAfterward = refusedInteractiveWithBlock(context);
  switch (entry.bucket) {
    case 'mfa-required':
      if (refusedAfterward)
        return result('stronger-method', 'likely', evidence, reason('stronger-after-refusal', facts));
      return classifyMfaDemand(observation, code, interactionRequired, evidence, context, facts);
    case 'mfa-registration-required':
      if (refusedAfterward)
        return result('stronger-method', 'likely', evidence, reason('stronger-after-refusal', facts));
      // Only likely: a tenant asks guests to register also under Security Defaults, which ignore MFA trust, and an
      // authentication strength no method registrable there can meet may answer the same way (what the token
      // endpoint answers silently then is not documented).
      return result('registration-required', 'likely', evidence, reason('registration-demand', facts));
    case 'blocked':
      return result('blocked', known, evidence, reason('aadsts', facts));
    case 'device':
    case 'client':
      // At most likely: a device or client refusal refuses this app's sign-in path, not the guest's access; the
      // browser or Teams on a managed device may get in (real-answers.md, "Device refusals refuse the client path").
      return result('blocked', 'likely', evidence, reason('aadsts', facts));
    case 'not-member':
      return result('not-a-guest', known, evidence, reason('aadsts', facts));
    case 'invite-pending':
    case 'consent':
    case 'reauth':
    case 'interrupt':
      return result('needs-sign-in', known, evidence, reason('aadsts', facts));
    case 'throttled':
      // A failed check (the `error` verdict never enters history), not something the tenant demands.
      return result('error', 'certain', evidence, reason('aadsts', facts));
  }
}

/** The evidence of an Entra error answer; `fallbackTime` when the answer names no time. */
function errorEvidence(error: AuthErrorObservation, fallbackTime: string): Evidence {
  const claims = error.claims !== null && error.claims.trim() !== '' ? error.claims : null;
  return {
    aadsts: error.aadsts ?? parseAadsts(error.message),
    errorCode: error.errorCode || null,
    subError: error.subError || null,
    correlationId: bounded(error.correlationId) ?? extractCorrelationId(error.message),
    traceId: bounded(error.traceId) ?? extractTraceId(error.message),
    timestamp: error.timestamp
      ? normalizeEntraTimestamp(error.timestamp)
      : (extractTimestamp(error.message) ?? fallbackTime),
    amr: null,
    acrs: null,
    claimsChallenge: claims,
    policyIds: policyIdsFromClaims(claims),
    message: shorten(error.message, EVIDENCE_MESSAGE_LIMIT),
  };
}

/**
 * The app's silent check got a token, but the person's own sign-in to the tenant just before was refused with a
 * device or Conditional Access code: what a person meets there is the refusal (the browser path may be judged
 * differently, e.g. on the device), so the verdict follows it, only likely, with the refusal as its evidence.
 */
function decisiveRefusal(observation: TenantObservation, context: ClassifyContext): Classification | null {
  const refusal = context.interactive?.refusal;
  if (context.isHome || !refusal) return null;
  const evidence = errorEvidence(refusal, context.interactive?.at ?? observation.observedAt);
  const entry = lookupAadsts(evidence.aadsts);
  if (entry === null || (entry.bucket !== 'device' && entry.bucket !== 'blocked' && entry.bucket !== 'client')) {
    return null;
  }
  return result(
    'blocked',
    'likely',
    evidence,
    reason('refused-at-sign-in', { aadsts: evidence.aadsts, at: evidence.timestamp }),
  );
}

/**
 * The interactive sign-in just before this check was refused with a Conditional Access block (53003) although the
 * silent answer only asked for MFA: the person could do the MFA they have and was still refused. The reading that
 * fits both is an authentication strength the guest's methods do not meet; it is not proof.
 */
function refusedInteractiveWithBlock(context: ClassifyContext): boolean {
  const refusal = context.interactive?.refusal;
  return refusal !== null && refusal !== undefined && (refusal.aadsts ?? parseAadsts(refusal.message)) === 53003;
}

/**
 * An MFA demand (50076/50074/50078). With home MFA the tenant does not accept the home session's MFA: either it
 * demands its own (no MFA trust) or it trusts home MFA but wants a stronger method than the home one (an
 * authentication strength). The silent answer looks the same for both (the claims challenge names the policy in
 * either case), so the verdict is `separate-mfa`, likely; an interactive sign-in that reads an MFA method registered
 * in the tenant settles it.
 */
function classifyMfaDemand(
  observation: TenantObservation,
  code: number,
  interactionRequired: boolean,
  evidence: Evidence,
  context: ClassifyContext,
  facts: ReasonFacts,
): Classification {
  const interactive = context.interactive;
  const didMfaThere = interactive !== undefined && interactive.succeeded && interactive.amr.includes('mfa');
  if (observation.homeSessionMfa) {
    if (didMfaThere) {
      const ownMethods = readMfaMethods(observation);
      if (ownMethods !== null && ownMethods > 0 && code !== 50078) {
        return result('separate-mfa', 'certain', evidence, reason('mfa-demand-after-own-mfa-methods', facts));
      }
      return result('separate-mfa', 'likely', evidence, reason('mfa-demand-after-own-mfa', facts));
    }
    const why: ReasonCode =
      code === 50078 ? 'mfa-demand-fresh' : interactionRequired ? 'mfa-demand' : 'mfa-demand-refused-check';
    return result('separate-mfa', 'likely', evidence, reason(why, facts));
  }
  return result(
    'needs-sign-in',
    'unknown',
    evidence,
    reason(interactive?.succeeded ? 'mfa-demand-undecided-after-sign-in' : 'mfa-demand-undecided', facts),
  );
}

/** A code the table does not know, or no code at all: never a confident verdict, and the raw code is named. */
function classifyUnknownError(
  error: AuthErrorObservation,
  code: number | null,
  interactionRequired: boolean,
  evidence: Evidence,
): Classification {
  const facts: ReasonFacts = { aadsts: code, at: evidence.timestamp };
  const errorCode = error.errorCode;
  const subError = error.subError ?? '';
  if (interactionRequired) {
    if (errorCode === 'consent_required' || subError === 'consent_required') {
      return result('needs-sign-in', 'unknown', evidence, reason('unknown-consent', facts));
    }
    if (SESSION_ERROR_CODES.has(errorCode) || subError === 'user_password_expired') {
      return result('needs-sign-in', 'unknown', evidence, reason('unknown-session', facts));
    }
    return result('needs-sign-in', 'unknown', evidence, reason('unknown-interaction', facts));
  }
  return result('error', 'unknown', evidence, reason('unknown-error', facts));
}

/**
 * MSAL's own rule for "interaction required" (msal-common's isInteractionRequiredError), applied to what the
 * probe recorded, so `invalid_grant` + `basic_action` and `interaction_required` classify alike.
 */
function isInteractionRequired(error: AuthErrorObservation): boolean {
  if (error.errorClass === 'InteractionRequiredAuthError') return true;
  if (INTERACTION_ERROR_CODES.has(error.errorCode)) return true;
  if (error.subError !== null && INTERACTION_SUB_ERRORS.has(error.subError)) return true;
  return ['interaction_required', 'consent_required', 'login_required'].some((word) => error.message.includes(word));
}

// ---------------------------------------------------------------------------------------------------------------
// Failures (no answer from Entra that says anything about the tenant)

function classifyFailure(
  observation: TenantObservation,
  failure: FailureObservation,
  context: ClassifyContext,
): Classification {
  const evidence: Evidence = {
    ...emptyEvidence(),
    timestamp: observation.observedAt,
    message: shorten(failure.message, EVIDENCE_MESSAGE_LIMIT),
  };
  // The check failed: that much is certain, and it says nothing about the tenant (an `error` never enters history).
  return result(
    'error',
    'certain',
    evidence,
    reason('check-failed', {
      at: observation.observedAt,
      failure: failure.reason,
      httpStatus: failure.httpStatus,
      attempts: failure.attempts,
      timeoutSeconds: failure.reason === 'timeout' ? (context.probeTimeoutSeconds ?? null) : null,
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function result(
  verdict: Verdict,
  confidence: Confidence,
  evidence: Evidence,
  why: Reason,
  leftoverRegistration = false,
): Classification {
  return { verdict, leftoverRegistration, confidence, evidence, reason: why };
}

function reason(code: ReasonCode, facts: ReasonFacts): Reason {
  return { code, facts };
}

function emptyEvidence(): Evidence {
  return {
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
  };
}

/** An identifier from the server, trimmed; null when empty or implausibly long. */
function bounded(value: string | null | undefined): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  return text !== '' && text.length <= ID_LIMIT ? text : null;
}

/** Shortens a message for display, marking the cut with an ellipsis. */
export function shorten(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  return `${trimmed.slice(0, limit - 1).trimEnd()}…`;
}
