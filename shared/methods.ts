/**
 * Which registered authentication methods count as "an MFA method" for the inventory. One home for the rule so
 * that the classifier's leftover flag, the Authenticator entries and the phone-change checklist agree.
 */
import type { AuthMethod, MethodType } from './model';

/**
 * Method types that can satisfy an MFA prompt. Password, e-mail (self-service password reset only), a Temporary
 * Access Pass (short-lived, issued by IT) and unrecognised types are not counted: calling an entry needed or
 * removable on their strength would mislead the user.
 */
export const MFA_CAPABLE_METHOD_TYPES: readonly MethodType[] = [
  'microsoftAuthenticator',
  'phone',
  'softwareOath',
  'fido2',
  'windowsHelloForBusiness',
];

/**
 * Method types that live inside an app on the phone itself and stop working when the phone is wiped. A phone
 * number is not among them: the number moves to the new phone with the SIM.
 */
export const PHONE_APP_METHOD_TYPES: readonly MethodType[] = ['microsoftAuthenticator', 'softwareOath'];

export function isMfaCapable(method: AuthMethod): boolean {
  return MFA_CAPABLE_METHOD_TYPES.includes(method.type);
}

/** The MFA-capable methods of a list, in their original order. */
export function mfaCapableMethods(methods: readonly AuthMethod[]): AuthMethod[] {
  return methods.filter(isMfaCapable);
}
