/**
 * The words for each kind of authentication method, as the user recognises them in the Authenticator app or on
 * the Security info page: the label (method chips, the drawer, CSV, JSON and PDF) and how a sentence names one
 * (the phone-change checklist). One home for this wording, like verdicts.ts for verdicts.
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

/** The label of a method kind ("Other method" for a kind the app does not know). */
export function methodTypeLabel(type: MethodType): string {
  return METHOD_LABEL[type] ?? METHOD_LABEL.other;
}

/** How a sentence names one method of each kind, without and with its name (device, number, key). */
const METHOD_PHRASE: Readonly<Record<MethodType, { unnamed: string; named?: (name: string) => string }>> = {
  microsoftAuthenticator: { unnamed: 'the Authenticator app', named: (name) => `the Authenticator app (${name})` },
  phone: { unnamed: 'a phone number', named: (name) => `the phone number ${name}` },
  softwareOath: { unnamed: 'a code-generator app' },
  fido2: { unnamed: 'a security key', named: (name) => `the security key ${name}` },
  email: { unnamed: 'one method' },
  windowsHelloForBusiness: { unnamed: 'Windows Hello', named: (name) => `Windows Hello on ${name}` },
  temporaryAccessPass: { unnamed: 'one method' },
  password: { unnamed: 'one method' },
  other: { unnamed: 'one method' },
};

/** One method inside a sentence: "the Authenticator app (Pixel 7)", "a phone number"; "one method" when unknown. */
export function methodInSentence(method: AuthMethod | undefined): string {
  if (method === undefined) return 'one method';
  const phrase = METHOD_PHRASE[method.type] ?? METHOD_PHRASE.other;
  const name = sanitizeInline(method.displayName, 120);
  return name !== '' && phrase.named ? phrase.named(name) : phrase.unnamed;
}

/** One method in words: "Microsoft Authenticator (Pixel 7)"; the name part is cleaned to one short line. */
export function describeMethod(method: AuthMethod): string {
  const label = methodTypeLabel(method.type);
  const name = sanitizeInline(method.displayName, 120);
  return name === '' ? label : `${label} (${name})`;
}
