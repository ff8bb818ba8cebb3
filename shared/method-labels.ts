/**
 * The words for each kind of authentication method, as the user recognises them in the Authenticator app or on
 * the Security info page. One home for this wording, like verdict-labels.ts for verdicts.
 */
import type { AuthMethod, MethodType } from './model';
import { sanitizeInline } from './sanitize';

export const METHOD_LABEL: Readonly<Record<MethodType, string>> = {
  microsoftAuthenticator: 'Microsoft Authenticator',
  phone: 'Phone',
  softwareOath: 'Authenticator app code (OATH)',
  fido2: 'Security key (FIDO2)',
  email: 'Email',
  windowsHelloForBusiness: 'Windows Hello for Business',
  temporaryAccessPass: 'Temporary Access Pass',
  password: 'Password',
  other: 'Other method',
};

/** One method in words: "Microsoft Authenticator (Pixel 7)"; the name part is cleaned to one short line. */
export function describeMethod(method: AuthMethod): string {
  const label = METHOD_LABEL[method.type] ?? METHOD_LABEL.other;
  const name = sanitizeInline(method.displayName, 120);
  return name === '' ? label : `${label} (${name})`;
}
