/**
 * The classifier: from what one probe of one tenant observed to the verdict the user sees, with the evidence
 * behind it, how far the answer supports it (`confidence`), a plain-language explanation and the recommended
 * action. Pure; main's scanner runs it on every probe before the result is stored (the composition root,
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

function forPersonalAccount(result: Classification): Classification {
  if (!OWN_MFA_VERDICTS.has(result.verdict)) return result;
  return {
    ...result,
    explanation: `${PERSONAL_ACCOUNT_NO_TRUST} ${result.explanation}`,
    action: PERSONAL_ACCOUNT_ACTION,
  };
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

const ACTION = {
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
} as const;

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
  const tokenHasMfa = token.amr.includes('mfa');
  const registeredMfa = readMfaMethods(observation);

  if (context.isHome) {
    // The home tenant's own token: its `amr` is the home sign-in itself, so it is decisive.
    return tokenHasMfa
      ? result('home-mfa-trusted', 'certain', evidence, {
          explanation: 'Your home organisation: the MFA you do here is the one partners can trust.',
          action: ACTION.homeTrusted,
        })
      : result('no-mfa-required', 'certain', evidence, {
          explanation: 'Your home organisation did not ask for MFA in this sign-in.',
          action: ACTION.homeNoMfa,
        });
  }

  if (tokenHasMfa && observation.homeSessionMfa) {
    // Only likely: whether a tenant that neither trusts home MFA nor asks for MFA still shows the home `mfa` in its
    // token is not documented (https://github.com/MicrosoftDocs/azure-docs/issues/62154 on `amr` in v2 tokens).
    const leftover = registeredMfa !== null && registeredMfa > 0;
    return result(
      'home-mfa-trusted',
      'likely',
      evidence,
      {
        explanation:
          'This organisation gave the app a token marked as MFA without asking for its own: it accepted your home MFA, or asks for none for this sign-in.',
        action: leftover ? ACTION.trustedLeftover : ACTION.trustedNoEntry,
      },
      leftover,
    );
  }

  if (tokenHasMfa) {
    // The token says MFA happened, but the home session carried none: the MFA can only have come from a
    // registration in this tenant, which only the methods list can confirm.
    if (registeredMfa !== null && registeredMfa > 0) {
      return result('separate-mfa', 'likely', evidence, {
        explanation:
          'This organisation issued a token marked as MFA although your home sign-in had none, and you have MFA methods registered there, so it most likely relies on its own MFA.',
        action: ACTION.separateMfa,
      });
    }
    return result('needs-sign-in', 'unknown', evidence, {
      explanation:
        'This organisation issued a token marked as MFA although your home sign-in had none, and the app sees no MFA method registered there, so it cannot tell whose MFA it accepted.',
      action: 'Sign in at home with MFA and scan again, or use Sign in to this tenant to see what it asks for.',
    });
  }

  // At most likely: a tenant may ask for MFA only some of the time (Security Defaults decide "when necessary",
  // https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/fundamentals/security-defaults.md) or only for
  // other apps than the Graph sign-in the app checks.
  const leftover = registeredMfa !== null && registeredMfa > 0;
  return result(
    'no-mfa-required',
    'likely',
    evidence,
    {
      explanation:
        'This organisation did not ask this time for MFA for a Microsoft Graph sign-in; it may ask at other times or in its other apps.',
      action: leftover ? ACTION.noMfaLeftover : ACTION.noMfa,
    },
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

  const tag = `AADSTS${code}`;
  const known: Confidence = entry.onlyLikely ? 'likely' : 'certain';
  const refusedAfterward = refusedInteractiveWithBlock(context);
  switch (entry.bucket) {
    case 'mfa-required':
      if (refusedAfterward) return strongerAfterRefusal(tag, evidence);
      return classifyMfaDemand(observation, code, interactionRequired, evidence, context);
    case 'mfa-registration-required': {
      if (refusedAfterward) return strongerAfterRefusal(tag, evidence);
      // Only likely: a tenant asks guests to register also under Security Defaults, which ignore MFA trust, and an
      // authentication strength no method registrable there can meet may answer the same way (what the token
      // endpoint answers silently then is not documented).
      const explanation = observation.homeSessionMfa
        ? withCode(
            `${stripPeriod(entry.summary)}, although your home sign-in carried MFA: it most likely does not accept your home MFA.`,
            tag,
          )
        : withCode(
            `${stripPeriod(entry.summary)}; your home sign-in had no MFA, so it may instead send you home to register there.`,
            tag,
          );
      return result('registration-required', 'likely', evidence, { explanation, action: ACTION.registration });
    }
    case 'blocked':
      return result('blocked', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: entry.action ?? ACTION.blocked,
      });
    case 'device':
    case 'client':
      // At most likely: a device or client refusal refuses this app's sign-in path, not the guest's access; the
      // browser or Teams on a managed device may get in (real-answers.md, "Device refusals refuse the client path").
      return result('blocked', 'likely', evidence, {
        explanation: withCode(entry.summary, tag),
        action: entry.action ?? ACTION.device,
      });
    case 'not-member':
      return result('not-a-guest', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.notAGuest,
      });
    case 'invite-pending':
      return result('needs-sign-in', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.inviteSignIn,
      });
    case 'consent':
      return result('needs-sign-in', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.consentSignIn,
      });
    case 'reauth':
      return result('needs-sign-in', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.sessionSignIn,
      });
    case 'interrupt':
      return result('needs-sign-in', known, evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.signIn,
      });
    case 'throttled':
      // A failed check (the `error` verdict never enters history), not something the tenant demands.
      return result('error', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.throttled,
      });
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
  // A device or client summary already says whose sign-in was refused ("refused this app's sign-in").
  const said =
    entry.bucket === 'blocked'
      ? `When you signed in to this organisation it refused: ${lowerFirst(stripPeriod(entry.summary))}; the app's own check still got a token, so this may hold only for some sign-ins.`
      : `${stripPeriod(entry.summary)}. The app's own check still got a token, so it may hold only for some sign-ins.`;
  return result('blocked', 'likely', evidence, {
    explanation: withCode(said, `AADSTS${evidence.aadsts}`),
    action: entry.action ?? (entry.bucket === 'device' ? ACTION.device : ACTION.blocked),
  });
}

/**
 * The interactive sign-in just before this check was refused with a Conditional Access block (53003) although the
 * silent answer only asked for MFA: the person could do the MFA they have and was still refused.
 */
function refusedInteractiveWithBlock(context: ClassifyContext): boolean {
  const refusal = context.interactive?.refusal;
  return refusal !== null && refusal !== undefined && (refusal.aadsts ?? parseAadsts(refusal.message)) === 53003;
}

/**
 * Silent answer: MFA (or registration) demanded; interactive sign-in: refused by a Conditional Access block. The
 * reading that fits both is an authentication strength the guest's methods do not meet; it is not proof.
 */
function strongerAfterRefusal(tag: string, evidence: Evidence): Classification {
  return result('stronger-method', 'likely', evidence, {
    explanation: withCode(
      'This organisation asks for MFA, and refused your sign-in to it after you could do your MFA (AADSTS53003): most likely it demands a stronger sign-in method (an authentication strength) than yours, or it blocks guests there.',
      tag,
    ),
    action: ACTION.stronger,
  });
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
): Classification {
  const tag = `AADSTS${code}`;
  const interactive = context.interactive;
  const didMfaThere = interactive !== undefined && interactive.succeeded && interactive.amr.includes('mfa');
  if (observation.homeSessionMfa) {
    if (didMfaThere) {
      const ownMethods = readMfaMethods(observation);
      if (ownMethods !== null && ownMethods > 0 && code !== 50078) {
        return result('separate-mfa', 'certain', evidence, {
          explanation: withCode(
            'Even after you completed MFA in a sign-in to this organisation, it still demands MFA of your home sign-in, and you have MFA methods registered with it: it relies on its own MFA.',
            tag,
          ),
          action: ACTION.separateMfa,
        });
      }
      return result('separate-mfa', 'likely', evidence, {
        explanation: withCode(
          'Even after you signed in to this organisation and completed MFA, it still does not accept the MFA of your home sign-in: it demands its own MFA (or a stronger method than your home one).',
          tag,
        ),
        action: ACTION.separateMfa,
      });
    }
    const sentence =
      code === 50078
        ? 'This organisation asked for a fresh MFA although your home sign-in carried MFA: it demands its own MFA (or a more recent or stronger one than your home sign-in has).'
        : interactionRequired
          ? 'This organisation asked for MFA although your home sign-in carried it: it demands its own MFA (or a stronger method than your home one).'
          : 'This organisation refused the check with an MFA code although your home sign-in carried MFA: it most likely demands its own MFA (or a stronger method than your home one).';
    return result('separate-mfa', 'likely', evidence, {
      explanation: withCode(sentence, tag),
      action: ACTION.separateMfa,
    });
  }
  if (interactive?.succeeded) {
    return result('needs-sign-in', 'unknown', evidence, {
      explanation: withCode(
        'This organisation still asks for MFA your home session does not carry, so the app cannot tell whether it would accept your home MFA.',
        tag,
      ),
      action: ACTION.homeMfaFirst,
    });
  }
  return result('needs-sign-in', 'unknown', evidence, {
    explanation: withCode(
      'This organisation asks for MFA, but your home session carried none, so the app cannot tell whether it would accept your home MFA; an interactive sign-in will show whether it sends you home for MFA or asks for its own.',
      tag,
    ),
    action: 'Use Sign in to this tenant, or sign in at home with MFA and scan again.',
  });
}

/** A code the table does not know, or no code at all: never a confident verdict, and the raw code is named. */
function classifyUnknownError(
  error: AuthErrorObservation,
  code: number | null,
  interactionRequired: boolean,
  evidence: Evidence,
): Classification {
  const tag = code === null ? null : `AADSTS${code}`;
  const errorCode = error.errorCode;
  const subError = error.subError ?? '';
  const named = tag === null ? '' : ` (${tag}, a code the app does not know)`;
  if (interactionRequired) {
    if (errorCode === 'consent_required' || subError === 'consent_required') {
      return result('needs-sign-in', 'unknown', evidence, {
        explanation: `This organisation wants the app's access approved before it answers${named}.`,
        action: ACTION.consentSignIn,
      });
    }
    if (SESSION_ERROR_CODES.has(errorCode) || subError === 'user_password_expired') {
      return result('needs-sign-in', 'unknown', evidence, {
        explanation: `Your sign-in session cannot be used here without signing in again${named}.`,
        action: ACTION.sessionSignIn,
      });
    }
    return result('needs-sign-in', 'unknown', evidence, {
      explanation: `This organisation asked for an interactive sign-in for a reason the app does not recognise${named}.`,
      action: ACTION.signIn,
    });
  }
  return result('error', 'unknown', evidence, {
    explanation: `Microsoft's sign-in service refused the check with an error the app does not recognise${named}.`,
    action: ACTION.retry,
  });
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
  const status = failure.httpStatus === null ? '' : ` (HTTP ${failure.httpStatus})`;
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
  const explanation = ((): string => {
    switch (failure.reason) {
      case 'timeout':
        return context.probeTimeoutSeconds === undefined
          ? "Microsoft's sign-in service did not answer in time."
          : `Microsoft's sign-in service did not answer within ${context.probeTimeoutSeconds} s.`;
      case 'throttled':
        return `Microsoft's sign-in service asked the app to slow down${status} and was still refusing${tries}.`;
      case 'network':
        return "The app could not reach Microsoft's sign-in service; the network connection failed.";
      case 'server':
        return `Microsoft's sign-in service answered with a server error${status}${tries}.`;
      case 'malformed':
        return "Microsoft's sign-in service sent an answer the app could not read.";
      case 'cancelled':
        return 'The check was cancelled before it finished.';
      case 'internal':
        return 'The check stopped because of an unexpected problem in the app.';
    }
  })();
  const action =
    failure.reason === 'network'
      ? 'Check your internet connection and scan again.'
      : failure.reason === 'cancelled'
        ? 'Scan again to check this organisation.'
        : failure.reason === 'throttled'
          ? ACTION.throttled
          : 'Scan again later to check this organisation.';
  // The check failed: that much is certain, and it says nothing about the tenant (an `error` never enters history).
  return result('error', 'certain', evidence, { explanation, action });
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function result(
  verdict: Verdict,
  confidence: Confidence,
  evidence: Evidence,
  words: { explanation: string; action: string },
  leftoverRegistration = false,
): Classification {
  return { verdict, leftoverRegistration, confidence, evidence, explanation: words.explanation, action: words.action };
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

/** Puts the code in parentheses before the sentence's final full stop: "… for this sign-in (AADSTS50076)." */
function withCode(sentence: string, tag: string | null): string {
  if (tag === null) return sentence;
  return `${stripPeriod(sentence)} (${tag}).`;
}

function lowerFirst(sentence: string): string {
  return sentence.length > 0 ? `${sentence[0]!.toLowerCase()}${sentence.slice(1)}` : sentence;
}

function stripPeriod(sentence: string): string {
  return sentence.endsWith('.') ? sentence.slice(0, -1) : sentence;
}

/** Shortens a message for display, marking the cut with an ellipsis. */
export function shorten(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  return `${trimmed.slice(0, limit - 1).trimEnd()}…`;
}
