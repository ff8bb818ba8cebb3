/**
 * The classifier: from what one probe of one tenant observed to the verdict the user sees, with the evidence
 * behind it, a plain-language explanation and the recommended action. Pure; the same code runs in main (when a
 * result is stored) and wherever the renderer needs it.
 *
 * Spec: design.md "Verdicts" (its table wins over entra-facts.md's buckets), the emulator's behaviour model in
 * scenario-format.md, and the code table in aadsts.ts. Whenever the evidence does not decide the question, the
 * verdict says so (`needs-sign-in` or `error` with confidence `unknown`) rather than guess.
 */
import { extractCorrelationId, extractTimestamp, lookupAadsts, normalizeEntraTimestamp, parseAadsts } from './aadsts';
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

export interface ClassifyContext {
  /** The probed tenant is the account's home tenant. */
  isHome: boolean;
  /** The probe's time limit in seconds, to name it when a probe timed out (settings.probeTimeoutSeconds). */
  probeTimeoutSeconds?: number;
}

/** How much of a server message the evidence keeps. */
export const EVIDENCE_MESSAGE_LIMIT = 500;

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
  separateMfa: "Keep its Authenticator entry; ask its IT to trust your home organisation's MFA (Request trust).",
  registration:
    'Use Sign in to this tenant to register a method, or ask its IT to trust your home MFA first (Request trust).',
  stronger:
    'Use Sign in to this tenant to see which methods it accepts; you may need a stronger one, such as a security key.',
  notAGuest: 'Delete its entry from the Authenticator app if you still have one.',
  signIn: 'Use Sign in to this tenant to see what it asks for; the app checks it again afterwards.',
  inviteSignIn: 'Use Sign in to this tenant to accept its invitation; the app checks it again afterwards.',
  consentSignIn: "Use Sign in to this tenant to approve the app's access, or ask its IT to approve it.",
  sessionSignIn: 'Use Sign in to this tenant to sign in again; the app checks it again afterwards.',
  blocked: 'Ask your contact there or its IT whether you should have access; this is not an MFA matter.',
  device: "Sign in from a device this organisation accepts, or ask its IT to trust your home organisation's devices.",
  trustedNoEntry: 'You need no Authenticator entry for it.',
  trustedLeftover:
    'You need no Authenticator entry for it: you can delete its entry and remove the methods still registered there.',
  noMfa: 'Nothing to do for now; keep an entry only if its other apps ask you for MFA.',
  noMfaLeftover: 'You can probably delete its Authenticator entry, unless its other apps still ask you for MFA there.',
  homeTrusted: 'Keep your home Authenticator entry: partners that trust your home MFA rely on it.',
  homeNoMfa: 'Complete MFA when you sign in at home, then scan again, so partners can accept your home MFA.',
  retry: 'Scan again later; if it keeps failing, use Sign in to this tenant to see the full message.',
} as const;

/**
 * Decides the verdict for one tenant from one observation. `context.isHome` switches the wording and meaning for
 * the home tenant's own token; errors at home classify like anywhere else. Methods that Graph refused to show
 * (denied, consent) never change the verdict; they only leave the methods unknown.
 */
export function classify(observation: TenantObservation, context: ClassifyContext): Classification {
  const probe = observation.probe;
  switch (probe.kind) {
    case 'token':
      return classifyToken(observation, probe, context);
    case 'auth-error':
      return classifyAuthError(observation, probe);
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
  const evidence: Evidence = {
    ...emptyEvidence(),
    timestamp: observation.observedAt,
    amr: [...token.amr],
    acrs: [...token.acrs],
  };
  const tokenHasMfa = token.amr.includes('mfa');
  const registeredMfa = readMfaMethods(observation);

  if (context.isHome) {
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
    const leftover = registeredMfa !== null && registeredMfa > 0;
    return result(
      'home-mfa-trusted',
      'certain',
      evidence,
      {
        explanation:
          'This organisation accepted the MFA from your home sign-in: it gave the app a token marked as MFA without asking for its own.',
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

  const leftover = registeredMfa !== null && registeredMfa > 0;
  return result(
    'no-mfa-required',
    'certain',
    evidence,
    {
      explanation:
        'This organisation did not ask for MFA for a Microsoft Graph sign-in; its other apps may still ask for it.',
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

function classifyAuthError(observation: TenantObservation, error: AuthErrorObservation): Classification {
  const code = error.aadsts ?? parseAadsts(error.message);
  const claims = error.claims !== null && error.claims.trim() !== '' ? error.claims : null;
  const evidence: Evidence = {
    aadsts: code,
    errorCode: error.errorCode || null,
    subError: error.subError || null,
    correlationId: error.correlationId || extractCorrelationId(error.message),
    timestamp: error.timestamp
      ? normalizeEntraTimestamp(error.timestamp)
      : (extractTimestamp(error.message) ?? observation.observedAt),
    amr: null,
    acrs: null,
    claimsChallenge: claims,
    message: shorten(error.message, EVIDENCE_MESSAGE_LIMIT),
  };
  const interactive = isInteractionRequired(error);
  const entry = lookupAadsts(code);
  if (entry === null || code === null) return classifyUnknownError(error, code, interactive, evidence);

  const tag = `AADSTS${code}`;
  switch (entry.bucket) {
    case 'mfa-required':
      return classifyMfaDemand(observation, code, interactive, claims, evidence);
    case 'mfa-registration-required': {
      // The code is decisive when the home session carried MFA. Without it, a tenant that trusts home MFA
      // might be sending the user home to register there, so the verdict is only likely.
      const confidence: Confidence = interactive && observation.homeSessionMfa ? 'certain' : 'likely';
      const explanation = observation.homeSessionMfa
        ? withCode(entry.summary, tag)
        : withCode(
            `${stripPeriod(entry.summary)}; your home sign-in had no MFA, so it may instead send you home to register there.`,
            tag,
          );
      return result('registration-required', confidence, evidence, { explanation, action: ACTION.registration });
    }
    case 'blocked':
      return result('blocked', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: entry.action ?? ACTION.blocked,
      });
    case 'device':
      return result('blocked', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: entry.action ?? ACTION.device,
      });
    case 'not-member':
      return result('not-a-guest', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.notAGuest,
      });
    case 'invite-pending':
      return result('needs-sign-in', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.inviteSignIn,
      });
    case 'consent':
      return result('needs-sign-in', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.consentSignIn,
      });
    case 'reauth':
      return result('needs-sign-in', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.sessionSignIn,
      });
    case 'interrupt':
      return result('needs-sign-in', 'certain', evidence, {
        explanation: withCode(entry.summary, tag),
        action: ACTION.signIn,
      });
  }
}

/**
 * An MFA demand (50076/50074/50078). What it means depends on what the home session carried and on a claims
 * challenge: see design.md's verdict table and scenario-format.md's rules 5 and 6.
 */
function classifyMfaDemand(
  observation: TenantObservation,
  code: number,
  interactive: boolean,
  claims: string | null,
  evidence: Evidence,
): Classification {
  const tag = `AADSTS${code}`;
  if (claims !== null) {
    return result('stronger-method', 'likely', evidence, {
      explanation: withCode(
        'This organisation asked for MFA and sent a claims challenge with it, which usually means an authentication strength your method does not meet.',
        tag,
      ),
      action: ACTION.stronger,
    });
  }
  if (observation.homeSessionMfa) {
    // 50078 (MFA too old) can also come from a tenant that trusts home MFA but wants it fresher, and an MFA code
    // MSAL did not treat as interaction-required is unusual: both only make the verdict likely.
    const confidence: Confidence = interactive && code !== 50078 ? 'certain' : 'likely';
    return result('separate-mfa', confidence, evidence, {
      explanation: withCode(
        'This organisation demanded MFA although your home sign-in carried it, so it does not trust your home MFA.',
        tag,
      ),
      action: ACTION.separateMfa,
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

/** A code the table does not know, or no code at all: never a confident verdict. */
function classifyUnknownError(
  error: AuthErrorObservation,
  code: number | null,
  interactive: boolean,
  evidence: Evidence,
): Classification {
  const tag = code === null ? null : `AADSTS${code}`;
  const errorCode = error.errorCode;
  const subError = error.subError ?? '';
  if (interactive) {
    if (errorCode === 'consent_required' || subError === 'consent_required') {
      return result('needs-sign-in', 'unknown', evidence, {
        explanation: withCode("This organisation wants the app's access approved before it answers.", tag),
        action: ACTION.consentSignIn,
      });
    }
    if (SESSION_ERROR_CODES.has(errorCode) || subError === 'user_password_expired') {
      return result('needs-sign-in', 'unknown', evidence, {
        explanation: withCode('Your sign-in session cannot be used here without signing in again.', tag),
        action: ACTION.sessionSignIn,
      });
    }
    return result('needs-sign-in', 'unknown', evidence, {
      explanation: withCode(
        'This organisation asked for an interactive sign-in for a reason the app does not recognise.',
        tag,
      ),
      action: ACTION.signIn,
    });
  }
  return result('error', 'unknown', evidence, {
    explanation: withCode(
      "Microsoft's sign-in service refused the check with an error the app does not recognise.",
      tag,
    ),
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
        : 'Scan again later to check this organisation.';
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
    timestamp: null,
    amr: null,
    acrs: null,
    claimsChallenge: null,
    message: null,
  };
}

/** Puts the code in parentheses before the sentence's final full stop: "… for this sign-in (AADSTS50076)." */
function withCode(sentence: string, tag: string | null): string {
  if (tag === null) return sentence;
  return `${stripPeriod(sentence)} (${tag}).`;
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
