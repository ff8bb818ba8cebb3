/**
 * The words of a stored classification, as shared/reasons.ts makes them: `said` is the technical sentence (with its
 * AADSTS code, as exports and IT see it), `plain` the user's, `todo` the advice. Tests read words through these, so
 * they check what a user or IT is shown, not a stored sentence.
 */
import type { Classification, Verdict } from '../../shared/model';
import { adviseReason, explainReason, type Reason } from '../../shared/reasons';

export function said(c: Classification | null | undefined): string {
  if (!c) throw new Error('no classification');
  return explainReason(c, 'technical');
}

export function plain(c: Classification | null | undefined): string {
  if (!c) throw new Error('no classification');
  return explainReason(c, 'plain');
}

export function todo(c: Classification | null | undefined): string {
  if (!c) throw new Error('no classification');
  return adviseReason(c);
}

/** A reason the classifier gives for each verdict (for fixtures that are about something else than the words). */
export function typicalReason(verdict: Verdict): Reason {
  switch (verdict) {
    case 'home-mfa-trusted':
      return { code: 'token-mfa-with-home-mfa', facts: { homeSessionMfa: true } };
    case 'separate-mfa':
      return { code: 'mfa-demand', facts: { aadsts: 50076, homeSessionMfa: true } };
    case 'registration-required':
      return { code: 'registration-demand', facts: { aadsts: 50079, homeSessionMfa: true } };
    case 'stronger-method':
      return { code: 'stronger-after-refusal', facts: { aadsts: 50076 } };
    case 'no-mfa-required':
      return { code: 'token-no-mfa', facts: { homeSessionMfa: true } };
    case 'blocked':
      return { code: 'aadsts', facts: { aadsts: 53003 } };
    case 'not-a-guest':
      return { code: 'aadsts', facts: { aadsts: 50020 } };
    case 'needs-sign-in':
      return { code: 'mfa-demand-undecided', facts: { aadsts: 50076, homeSessionMfa: false } };
    case 'error':
      return { code: 'check-failed', facts: { failure: 'timeout', timeoutSeconds: 20 } };
  }
}
