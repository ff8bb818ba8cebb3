/**
 * The inventory's "Next step" column: what to do about one organisation, in a few words. One small map per
 * verdict, with the two cases a verdict alone does not decide (an entry that can go, a refusal of the device).
 */
import { lookupAadsts } from '../../shared/aadsts';
import type { TenantRecord, Verdict } from '../../shared/model';

/** Per verdict, the next step in a few words (the drawer says the rest). */
export const NEXT_STEP: Readonly<Record<Verdict | 'unchecked', string>> = {
  'separate-mfa': 'Keep its entry; ask it to trust your MFA',
  'registration-required': 'Ask it to trust your MFA before it asks you to register',
  'stronger-method': 'Ask which sign-in method it needs',
  'home-mfa-trusted': 'Nothing to do',
  'no-mfa-required': 'Nothing to do for now',
  blocked: 'Ask your contact there about access',
  'not-a-guest': 'Delete its entry, if you have one',
  'needs-sign-in': 'Sign in to this tenant to tell',
  error: 'Check again',
  unchecked: 'Scan to find out',
};

/** Where the verdict alone is not the whole story. */
export const NEXT_STEP_LEFTOVER = 'Remove its leftover entry';
export const NEXT_STEP_DEVICE = 'Ask its IT to trust your devices';

/** The refusal is about the device (a compliant or managed device demanded), not the person. */
export function refusesDevice(tenant: Pick<TenantRecord, 'classification'>): boolean {
  const c = tenant.classification;
  if (c?.verdict !== 'blocked' || c.evidence.aadsts === null) return false;
  return lookupAadsts(c.evidence.aadsts)?.bucket === 'device';
}

/** The next step for one guest organisation. */
export function nextStep(tenant: Pick<TenantRecord, 'classification'>, entryCanGo: boolean): string {
  if (entryCanGo) return NEXT_STEP_LEFTOVER;
  if (refusesDevice(tenant)) return NEXT_STEP_DEVICE;
  return NEXT_STEP[tenant.classification?.verdict ?? 'unchecked'];
}

/** The verdict asks nothing of the user (the next step reads quieter). */
export function needsNothing(verdict: Verdict | null): boolean {
  return verdict === 'home-mfa-trusted' || verdict === 'no-mfa-required';
}
