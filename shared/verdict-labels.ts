/**
 * The words the user sees for each verdict: a short label for badges and filters, and a sentence for tooltips
 * and exports. One home for this wording so the inventory, the detail, the emails and the exports agree.
 */
import type { Verdict } from './model';

export interface VerdictText {
  /** Badge and filter label. */
  label: string;
  /** What the verdict means for the guest, one sentence. */
  meaning: string;
  /** How the UI should colour it (never colour alone: the label and an icon go with it). */
  tone: 'success' | 'warning' | 'danger' | 'informative' | 'subtle';
}

export const VERDICT_TEXT: Readonly<Record<Verdict, VerdictText>> = {
  'home-mfa-trusted': {
    label: 'Accepts your home MFA',
    meaning: 'This organisation trusts the MFA you do at home: you need no Authenticator entry for it.',
    tone: 'success',
  },
  'separate-mfa': {
    label: 'Own MFA required',
    meaning: 'This organisation demands its own MFA: you keep a separate Authenticator entry for it.',
    tone: 'warning',
  },
  'registration-required': {
    label: 'Registration required',
    meaning: 'This organisation will make you register MFA with it at your next sign-in.',
    tone: 'warning',
  },
  'stronger-method': {
    label: 'Stronger method required',
    meaning: 'This organisation asks for a stronger method than your home MFA provides (e.g. phishing-resistant).',
    tone: 'warning',
  },
  'no-mfa-required': {
    label: 'No MFA asked',
    meaning: 'This organisation did not ask for MFA for the sign-in the app checks.',
    tone: 'informative',
  },
  blocked: {
    label: 'Blocked',
    meaning: 'A policy of this organisation blocks your sign-in; this is not an MFA matter.',
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
    meaning: 'The check did not complete (network, throttling, timeout or an unexpected answer).',
    tone: 'danger',
  },
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_TEXT[verdict].label;
}
