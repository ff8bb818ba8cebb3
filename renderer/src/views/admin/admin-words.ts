/**
 * The admin mode's words on screen: each permission it asks for, the roles that suffice, and how a trust value,
 * a redemption or a refusal reads. Sources (Microsoft's pages):
 * - roles for sign-in logs and reports: Reports Reader, Security Reader, Security Administrator, Global Reader
 *   (MicrosoftDocs/entra-docs, docs/includes/licensing-monitoring-health.md);
 * - reading the sign-in logs through Graph needs Microsoft Entra ID P1 or P2 ("Neither tenant is B2C or tenant
 *   doesn't have premium license", howto-configure-prerequisites-for-reporting-api);
 * - changing a cross-tenant access partner: Policy.ReadWrite.CrossTenantAccess, least privileged role Security
 *   Administrator (learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-update);
 * - Microsoft Graph Command Line Tools is the public client 14d82eec-204b-4c2f-b7e8-296a70dab67e (issue 26).
 */
import type { AdminRefusal, AdminSection, GuestRedemption, TrustSetting } from '../../../../shared/admin/types';

export const GRAPH_CLI_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
export const ADMIN_WRITE_SCOPE = 'Policy.ReadWrite.CrossTenantAccess';

/** Each read permission the admin sign-in asks for, and what it is read for. */
export const ADMIN_READS: readonly { scope: string; what: string }[] = [
  {
    scope: 'Policy.Read.All',
    what: 'Your cross-tenant access settings: the default and each organisation’s inbound trust',
  },
  { scope: 'User.Read.All', what: 'Your guest users and how each redeemed the invitation' },
  { scope: 'UserAuthenticationMethod.Read.All', what: 'Which guests registered MFA methods with you' },
  { scope: 'AuditLog.Read.All', what: 'Guests’ recent sign-ins and how they met MFA, and the registration report' },
  { scope: 'CrossTenantInformation.ReadBasic.All', what: 'The names of your guests’ home organisations' },
];

export const ADMIN_ROLES_TEXT = {
  read: 'Reading: Global Reader reads all of it; Security Reader or Reports Reader also read the sign-in logs and the registration report. The sign-in logs need Microsoft Entra ID P1 or P2.',
  write:
    'Changing a trust setting: Security Administrator. If the app has no consent in your tenant yet, an administrator who may grant consent for Microsoft Graph permissions has to approve it once.',
} as const;

/** "Yes, set for this partner" / "No, inherited from the default". */
export function trustSourceText(setting: TrustSetting): string {
  return setting.source === 'partner' ? 'set for this partner' : 'inherited from the default';
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

export const REDEMPTION_TEXT: Record<GuestRedemption, string> = {
  entra: 'Work account (Microsoft Entra)',
  'microsoft-account': 'Personal Microsoft account',
  'email-otp': 'Email one-time passcode',
  google: 'Google',
  facebook: 'Facebook',
  'saml-federation': 'SAML/WS-Fed identity provider',
  unknown: 'Not known (not redeemed yet?)',
};

const SECTION_TEXT: Record<AdminSection, string> = {
  policy: 'Cross-tenant access settings',
  guests: 'Guest users',
  registrations: 'MFA registrations',
  signIns: 'Sign-in logs',
  tenantInformation: 'Organisation names',
};

/** The title of a refusal's message: what could not be read and why, in words. */
export function refusalTitle(refusal: AdminRefusal): string {
  const what = SECTION_TEXT[refusal.section];
  switch (refusal.kind) {
    case 'no-consent':
      return `${what} not read: the app has no consent for this in your tenant`;
    case 'no-role':
      return `${what} not read: your account has no role that may read them`;
    case 'no-licence':
      return `${what} not read: your tenant has no Microsoft Entra ID P1 or P2 licence`;
    default:
      return `${what} could not be read`;
  }
}

/** "12" or "not read" for a count main could not read. */
export function countText(value: number | null | undefined): string {
  return value === null || value === undefined ? 'not read' : String(value);
}

/** The exact request as the user reads and copies it: method and URL, then the JSON body. */
export function requestText(request: { method: string; url: string; body: unknown }): string {
  return `${request.method} ${request.url}\nContent-Type: application/json\n\n${JSON.stringify(request.body, null, 2)}`;
}

/**
 * The words for the `methodsRegistered` values of the registration report (userRegistrationDetails,
 * learn.microsoft.com/graph/api/resources/userregistrationdetails); a value not listed shows as Graph names it.
 */
const REGISTERED_METHOD_TEXT: Readonly<Record<string, string>> = {
  microsoftAuthenticatorPush: 'Authenticator app (push)',
  microsoftAuthenticatorPasswordless: 'Authenticator app (passwordless)',
  softwareOneTimePasscode: 'Authenticator app code',
  hardwareOneTimePasscode: 'Hardware token code',
  mobilePhone: 'Mobile phone',
  alternateMobilePhone: 'Alternate mobile phone',
  officePhone: 'Office phone',
  email: 'Email',
  fido2: 'Security key (FIDO2)',
  passKeyDeviceBound: 'Passkey',
  passKeyDeviceBoundAuthenticator: 'Passkey in Authenticator',
  passKeyDeviceBoundWindowsHello: 'Passkey (Windows Hello)',
  windowsHelloForBusiness: 'Windows Hello for Business',
  temporaryAccessPass: 'Temporary Access Pass',
  securityQuestion: 'Security questions',
};

export function registeredMethodsText(methods: readonly string[]): string {
  return methods.map((m) => REGISTERED_METHOD_TEXT[m] ?? m).join(', ');
}
