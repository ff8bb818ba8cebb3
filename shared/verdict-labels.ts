/**
 * The words the user sees for each verdict: a short label for badges and filters, and a sentence for tooltips
 * and exports. One home for this wording so the inventory, the detail, the emails and the exports agree.
 */
import type { Confidence, Verdict } from './model';

/**
 * The tones a verdict is shown in. The three verdicts that cost an Authenticator entry each have their own
 * (`severe`, `warning`, `important`), so they never read as one yellow; `danger` is a refusal or a failed check.
 */
export type VerdictTone = 'success' | 'severe' | 'warning' | 'important' | 'danger' | 'informative' | 'subtle';

export interface VerdictText {
  /** Badge and filter label. */
  label: string;
  /** What the verdict means for the guest, one sentence. */
  meaning: string;
  /** How the UI should colour it (never colour alone: the label and an icon go with it). */
  tone: VerdictTone;
}

export const VERDICT_TEXT: Readonly<Record<Verdict, VerdictText>> = {
  'home-mfa-trusted': {
    label: 'Accepts your home MFA',
    meaning:
      'This organisation accepted your home MFA, or asks for none for this sign-in: you most likely need no Authenticator entry for it.',
    tone: 'success',
  },
  'separate-mfa': {
    // Not "Own MFA required": that reads as "your own (home) MFA".
    label: 'Needs its own MFA',
    meaning:
      'This organisation demands its own MFA (or a stronger method than your home one): you keep a separate Authenticator entry for it.',
    tone: 'severe',
  },
  'registration-required': {
    label: 'Registration required',
    meaning: 'This organisation will most likely make you register MFA with it at your next sign-in.',
    tone: 'warning',
  },
  'stronger-method': {
    label: 'Stronger method required',
    meaning:
      'This organisation most likely asks for a stronger method than your home MFA provides (e.g. phishing-resistant): it refused your sign-in after MFA.',
    tone: 'important',
  },
  'no-mfa-required': {
    label: 'No MFA asked',
    meaning: 'This organisation did not ask this time for MFA for the sign-in the app checks; it may at other times.',
    tone: 'informative',
  },
  blocked: {
    label: 'Blocked',
    meaning:
      'This organisation refused the sign-in (a policy, the device or your account), or asks for something you cannot provide there.',
    tone: 'danger',
  },
  'not-a-guest': {
    label: 'No longer a guest',
    meaning: 'Your guest account in this organisation is gone; any Authenticator entry for it is orphaned.',
    tone: 'subtle',
  },
  'needs-sign-in': {
    label: 'Sign-in needed',
    meaning: 'The app cannot tell without an interactive sign-in to this organisation.',
    tone: 'informative',
  },
  error: {
    label: 'Check failed',
    meaning:
      'The check did not complete (network, throttling, timeout or an answer the app does not know); it says nothing about the organisation.',
    tone: 'danger',
  },
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_TEXT[verdict].label;
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
  return marker ? `${VERDICT_TEXT[verdict].label} (${marker})` : VERDICT_TEXT[verdict].label;
}
