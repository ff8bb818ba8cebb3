/**
 * The AADSTS error codes a guest meets when the app asks a partner tenant for a token, as data: what each code is
 * called, which bucket the classifier puts it in, and one plain sentence the UI can show. Names and meanings follow
 * Microsoft's reference (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity-platform/reference-error-codes.md)
 * and the public answers cited beside the entries; the verdict each bucket leads to is decided in classify.ts.
 *
 * Also the text helpers for errors whose numbers MSAL did not hand over: the AADSTS number, the correlation id,
 * the trace id and the timestamp are recovered from the server's description, in either of the layouts Entra
 * uses; and the policy ids a claims challenge names.
 */

/** How the classifier treats a code: what kind of demand or refusal it is. */
export type AadstsBucket =
  | 'mfa-required'
  | 'mfa-registration-required'
  | 'blocked'
  /**
   * A device demand: it refuses this app's sign-in path (msal-node's loopback flow carries no device identity and
   * no broker), not necessarily the person or the device; `blocked`, at most likely.
   */
  | 'device'
  /**
   * A refusal of the client the app signs in as (assignment required, token protection, passthrough limits): not
   * the guest's access and not a passing failure; `blocked`, likely.
   */
  | 'client'
  | 'not-member'
  | 'invite-pending'
  | 'consent'
  | 'reauth'
  | 'interrupt'
  /** Entra refused to answer for now (too many requests): a failed check to retry later, never a tenant verdict. */
  | 'throttled';

export interface AadstsEntry {
  /**
   * Microsoft's internal name for the code, as its error reference gives it; where it gives none, its short
   * description in parentheses.
   */
  readonly name: string;
  readonly bucket: AadstsBucket;
  /** One plain-language sentence: what this organisation demands or why the sign-in stopped. */
  readonly summary: string;
  /** What the user can do, where the code says more than its verdict's general advice. */
  readonly action?: string;
  /**
   * Set where the code allows another reading than its bucket's verdict (the summary then names it): the verdict is
   * only `likely`.
   */
  readonly onlyLikely?: true;
}

const ASK_IT_ACCESS = 'Ask your contact there or its IT whether you should have access; this is not an MFA matter.';
const ASK_HOME_IT_RISK = "Ask your home organisation's IT desk to review the risk on your account, then scan again.";
const TRUST_DEVICE =
  "Try its apps in the browser or in Teams on your managed device: they may get in where this app cannot. If they are refused too, ask its IT whether it trusts your home organisation's compliant devices.";
const OTHER_CLIENT =
  "Use its apps in the browser or in Teams: this refusal is of the app's sign-in (as the Azure CLI), not of your access there.";
const OTHER_NETWORK = "Sign in from another network, or ask that network's IT to allow this organisation.";

/**
 * Every code the classifier knows. An authentication strength has no code of its own, and a claims challenge does
 * not mark one either: ordinary Conditional Access MFA demands carry `capolids` claims too
 * (https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491).
 */
export const AADSTS_TABLE: Readonly<Record<number, AadstsEntry>> = {
  // MFA demanded
  50076: {
    name: 'UserStrongAuthClientAuthNRequired',
    bucket: 'mfa-required',
    summary: 'This organisation requires multifactor authentication for this sign-in.',
  },
  50074: {
    name: 'UserStrongAuthClientAuthNRequiredInterrupt',
    bucket: 'mfa-required',
    summary: 'This organisation requires multifactor authentication, and it was not completed for this sign-in.',
  },
  50078: {
    name: 'UserStrongAuthExpired',
    bucket: 'mfa-required',
    summary: 'This organisation requires a fresh multifactor authentication because the earlier one is too old.',
  },

  // MFA registration demanded
  50079: {
    name: 'UserStrongAuthEnrollmentRequired',
    bucket: 'mfa-registration-required',
    summary: 'This organisation requires you to register a multifactor authentication method with it.',
  },
  50072: {
    name: 'UserStrongAuthEnrollmentRequiredInterrupt',
    bucket: 'mfa-registration-required',
    summary: 'This organisation asks you to set up a second sign-in method before you continue.',
  },

  // Blocked: registration needed but impossible
  53004: {
    name: 'ProofUpBlockedDueToRisk',
    bucket: 'blocked',
    summary:
      'This organisation requires you to register an MFA method, but registering is blocked because the sign-in looked risky.',
    action:
      'Try again later from your usual device and network; if it stays blocked, ask its IT to review the risk on your account.',
  },
  53010: {
    name: 'ProofUpBlockedDueToSecurityInfoAcr',
    bucket: 'blocked',
    summary:
      'This organisation requires you to register an MFA method, but only allows registering from certain places or devices.',
    action: 'Register from a place or device this organisation allows, or ask its IT how guests should register.',
  },

  // Blocked by policy, risk or account state
  // 53003 is also what an authentication strength no method of the guest can meet may answer (Microsoft documents
  // only "access is blocked" for that case), so it is no proof of an outright block.
  53003: {
    name: 'BlockedByConditionalAccess',
    bucket: 'blocked',
    summary:
      'A Conditional Access policy of this organisation did not let this sign-in through: it may block guests, or ask for a sign-in method you cannot use here.',
    action:
      'Ask its IT what the policy expects of guests (the evidence names the policy); an MFA entry alone may not help.',
    onlyLikely: true,
  },
  530032: {
    name: 'BlockedByConditionalAccessOnSecurityPolicy',
    bucket: 'blocked',
    summary: 'A security policy of this organisation blocks your sign-in.',
    action: ASK_IT_ACCESS,
  },
  530035: {
    name: 'BlockedBySecurityDefaults',
    bucket: 'blocked',
    summary: "This organisation's basic security settings (security defaults) block this sign-in.",
    action: ASK_IT_ACCESS,
  },
  530034: {
    name: 'DelegatedAdminBlockedDueToSuspiciousActivity',
    bucket: 'blocked',
    summary: 'Your access to this organisation is blocked because your home organisation saw suspicious activity.',
    action: ASK_HOME_IT_RISK,
  },
  53011: {
    name: '(user blocked due to risk on home tenant)',
    bucket: 'blocked',
    summary: 'Your home organisation marked your account as risky, so this organisation blocks your sign-in.',
    action: ASK_HOME_IT_RISK,
  },
  50131: {
    name: 'ConditionalAccessFailed',
    bucket: 'blocked',
    summary: 'A policy of this organisation refused your sign-in (device state, suspicious activity or another rule).',
    action: ASK_IT_ACCESS,
  },
  50053: {
    name: 'IdsLocked',
    bucket: 'blocked',
    summary: 'Your account is locked for now, after too many attempts or sign-ins from a suspicious address.',
    action: 'Wait a while and scan again; if it stays locked, ask its IT to unlock it.',
  },
  50057: {
    name: 'UserDisabled',
    bucket: 'blocked',
    summary: 'Your guest account in this organisation is disabled.',
    action: 'Ask your contact there whether your guest account should be enabled again.',
  },
  500212: {
    name: 'NotAllowedByOutboundPolicyTenant',
    bucket: 'blocked',
    summary: 'Your home organisation does not allow you to sign in to this organisation.',
    action: "Ask your home organisation's IT whether you may work with this organisation.",
  },
  500213: {
    name: 'NotAllowedByInboundPolicyTenant',
    bucket: 'blocked',
    summary: 'This organisation does not admit users from your home organisation.',
    action: ASK_IT_ACCESS,
  },
  // Cross-cloud B2B: the partner lives in another Microsoft cloud that the home tenant does not allow.
  1000104: {
    name: 'XCB2BResourceCloudNotAllowedOnIdentityTenant',
    bucket: 'blocked',
    summary:
      'This organisation is in another Microsoft cloud (such as a national or government cloud) that your home organisation does not allow.',
    action:
      "Ask your home organisation's IT whether you may work with organisations in that cloud; this is not an MFA matter.",
  },
  500021: {
    name: '(tenant restrictions)',
    bucket: 'blocked',
    summary: 'The network you are on only allows sign-ins to certain organisations, and not to this one.',
    action: OTHER_NETWORK,
  },
  500022: {
    name: '(tenant restrictions)',
    bucket: 'blocked',
    summary: 'The network you are on restricts which organisations you may sign in to and does not allow this one.',
    action: OTHER_NETWORK,
  },

  // Device requirements (blocked for the user). A public client without a broker, like this app's browser sign-in,
  // usually presents no device identity, and a partner can only trust a device claim the home sign-in carried
  // (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/authentication-conditional-access.md),
  // so even a managed device may be refused.
  // 530003 on refresh-token redemption: https://github.com/Azure/azure-cli/issues/29282 ; 530033 in the browser:
  // https://github.com/Azure/azure-cli/issues/27919 .
  530003: {
    name: '(device required to be managed)',
    bucket: 'device',
    summary:
      "This organisation refused this app's sign-in because it requires a managed device, and this sign-in path cannot show one; your managed device may still get in through the browser or Teams.",
    action: TRUST_DEVICE,
  },
  530033: {
    name: '(device required to be managed, browser)',
    bucket: 'device',
    summary:
      "This organisation refused this app's sign-in because it requires a managed device, and the browser sign-in showed an unregistered one; your managed device may still get in through Edge or Teams.",
    action: TRUST_DEVICE,
  },
  53000: {
    name: 'DeviceNotCompliant',
    bucket: 'device',
    summary:
      "This organisation refused this app's sign-in because it requires a compliant device, which this sign-in path cannot show; your managed device may still get in through the browser or Teams.",
    action: TRUST_DEVICE,
  },
  53001: {
    name: 'DeviceNotDomainJoined',
    bucket: 'device',
    summary:
      "This organisation refused this app's sign-in because it requires a domain-joined device, which this sign-in path cannot show; a joined device may still get in through the browser or Teams.",
    action: TRUST_DEVICE,
  },
  53002: {
    name: 'ApplicationUsedIsNotAnApprovedApp',
    bucket: 'device',
    summary: "This organisation only allows approved apps, and refused this app's sign-in.",
    action: 'Ask its IT how guests should reach its resources; this is not an MFA matter.',
  },
  // A real body (HTTP 401, invalid_grant, Azure PowerShell's ADAL client, 2020): "AADSTS50097: Device
  // authentication is required." https://github.com/Azure/azure-powershell/issues/13193 (also #12527, #14019).
  50097: {
    name: 'DeviceAuthenticationRequired',
    bucket: 'device',
    summary:
      "This organisation wants the device itself to authenticate, which this app's sign-in path does not do; the browser or Teams on a registered device may still get in.",
    action: TRUST_DEVICE,
  },
  50005: {
    name: 'DevicePolicyError',
    bucket: 'device',
    summary:
      "This organisation's device rules refused this app's sign-in on this kind of device; the browser or Teams may still get in.",
    action: TRUST_DEVICE,
  },

  // Refusals of the client the app signs in as (the Azure CLI's), not of the guest (real-answers.md, 2026-12-07).
  50105: {
    name: 'EntitlementGrantsNotFound',
    bucket: 'client',
    summary:
      "This organisation only admits people it has assigned to the app the sign-in names (the Azure CLI), and refused this app's sign-in; your access to its other apps is not affected.",
    action: OTHER_CLIENT,
  },
  530084: {
    name: '(token protection required)',
    bucket: 'client',
    summary:
      "This organisation requires token protection (a sign-in through a broker such as Windows' WAM), which this app's sign-in path does not offer.",
    action: OTHER_CLIENT,
  },
  50177: {
    name: 'ExternalChallengeNotSupportedForPassthroughUsers',
    bucket: 'client',
    summary:
      "This organisation asks for an external challenge that a guest's sign-in through this app cannot answer; it refused this app's sign-in.",
    action: OTHER_CLIENT,
  },
  50178: {
    name: 'SessionControlNotSupportedForPassthroughUsers',
    bucket: 'client',
    summary:
      "This organisation applies a session control that a guest's sign-in through this app cannot take; it refused this app's sign-in.",
    action: OTHER_CLIENT,
  },

  // Interrupts an interactive sign-in resolves
  50158: {
    name: 'ExternalSecurityChallenge',
    bucket: 'interrupt',
    summary:
      'This organisation asks for an extra check (such as its terms or an outside MFA provider) that needs an interactive sign-in.',
  },
  50140: {
    name: 'KmsiInterrupt',
    bucket: 'interrupt',
    summary: 'The sign-in stopped at the "Stay signed in?" question, which needs an interactive sign-in.',
  },

  // Not (or no longer) a guest
  90072: {
    name: 'PassThroughUserMfaError',
    bucket: 'not-member',
    summary: 'Your account is not a guest in this organisation, so it cannot do its MFA.',
  },
  50020: {
    name: 'UserUnauthorized',
    bucket: 'not-member',
    summary: 'Your account is not a guest in this organisation (any more); it would have to invite you again.',
  },
  16000: {
    name: 'InteractionRequired',
    bucket: 'not-member',
    summary: 'Your account does not exist in this organisation.',
  },
  16003: {
    name: 'SsoUserAccountNotFoundInResourceTenant',
    bucket: 'not-member',
    summary: 'Your account has not been added to this organisation.',
  },
  50034: {
    name: 'UserAccountNotFound',
    bucket: 'not-member',
    summary: 'This organisation does not know your account.',
  },
  51004: {
    name: 'UserAccountNotInDirectory',
    bucket: 'not-member',
    summary: "Your account is not in this organisation's directory.",
  },

  // Invitation not yet accepted (signing in accepts it)
  50014: {
    name: 'GuestUserInPendingState',
    bucket: 'invite-pending',
    summary: 'This organisation invited you, but the invitation has not been accepted yet.',
  },

  // Consent for the app
  65001: {
    name: 'DelegationDoesNotExist',
    bucket: 'consent',
    summary: "This organisation has not yet approved the app's access for your account.",
  },
  65004: {
    name: 'UserDeclinedConsent',
    bucket: 'consent',
    summary: "The app's access was declined in this organisation.",
  },
  90094: {
    name: 'AdminConsentRequired',
    bucket: 'consent',
    summary: "This organisation requires its administrator to approve the app's access first.",
  },
  90095: {
    name: 'AdminConsentRequiredRequestAccess',
    bucket: 'consent',
    summary: "This organisation requires its administrator to approve the app's access; a sign-in lets you ask for it.",
  },
  // Also what a wrongly named resource gets (https://github.com/Azure/azure-cli/issues/12986), so only likely.
  500011: {
    name: 'InvalidResourceServicePrincipalNotFound',
    bucket: 'consent',
    summary: 'The service the app asks for is not set up in this organisation, or the app asked for it wrongly.',
    onlyLikely: true,
  },
  700016: {
    name: 'UnauthorizedClient_DoesNotMatchRequest',
    bucket: 'consent',
    summary: 'The app is not set up in this organisation.',
  },
  65002: {
    name: '(first-party preauthorization)',
    bucket: 'consent',
    summary: 'The Microsoft app used for the check is not pre-approved for the access it asked for here.',
  },

  // Sign in again
  50173: {
    name: 'FreshTokenNeeded',
    bucket: 'reauth',
    summary: 'Your sign-in session was revoked, so you have to sign in again.',
  },
  700082: {
    name: 'ExpiredOrRevokedGrantInactiveToken',
    bucket: 'reauth',
    summary: 'Your sign-in session expired after a long time without use.',
  },
  70008: {
    name: 'ExpiredOrRevokedGrant',
    bucket: 'reauth',
    summary: 'Your sign-in session expired after a time without use, or was revoked.',
  },
  70000: {
    name: 'InvalidGrant',
    bucket: 'reauth',
    summary: 'Your saved sign-in session is no longer valid.',
  },
  700084: {
    name: '(refresh token lifetime for single-page apps)',
    bucket: 'reauth',
    summary: 'Your saved sign-in session reached the fixed lifetime it was given and has expired.',
  },
  // "Request is malformed or invalid": seen on refresh-token redemption with a session the service cannot use
  // (a public log quotes `invalid_grant` + AADSTS9002313 for a refresh); it can also be a fault of the app.
  9002313: {
    name: 'InvalidRequest',
    bucket: 'reauth',
    summary:
      "Microsoft's sign-in service found the request malformed or invalid; a fresh sign-in usually gives the app a session it accepts.",
    onlyLikely: true,
  },
  70043: {
    name: 'BadTokenDueToSignInFrequency',
    bucket: 'reauth',
    summary: 'This organisation requires you to sign in again after a set time, and that time has passed.',
  },
  50126: {
    name: 'InvalidUserNameOrPassword',
    bucket: 'reauth',
    summary: 'Your user name or password was not accepted.',
  },
  50055: {
    name: 'InvalidPasswordExpiredPassword',
    bucket: 'reauth',
    summary: 'Your password has expired and must be changed.',
  },
  50058: {
    name: 'UserInformationNotProvided',
    bucket: 'reauth',
    summary: 'There is no sign-in session this organisation can use without an interactive sign-in.',
  },
  81010: {
    name: 'DesktopSsoAuthTokenInvalid',
    bucket: 'reauth',
    summary: 'The automatic Windows sign-in ticket has expired or is not valid.',
  },
  50089: {
    name: '(flow token expired)',
    bucket: 'reauth',
    summary: 'The sign-in took too long and timed out.',
  },

  // Throttling: the check failed and is retried later; it says nothing about the tenant.
  50196: {
    name: 'LoopDetected',
    bucket: 'throttled',
    summary: "Microsoft's sign-in service saw too many of the same request in a short time and refused them for now.",
  },
  90055: {
    name: 'TenantThrottlingError',
    bucket: 'throttled',
    summary: "Microsoft's sign-in service is receiving too many requests right now and refused this one.",
  },
};

/** The table's entry for a code, or null when the code is not in it (the classifier then stays unsure). */
export function lookupAadsts(code: number | null): AadstsEntry | null {
  if (code === null) return null;
  return Object.prototype.hasOwnProperty.call(AADSTS_TABLE, code) ? (AADSTS_TABLE[code] ?? null) : null;
}

/** The codes in the table, in ascending order. */
export function knownAadstsCodes(): number[] {
  return Object.keys(AADSTS_TABLE)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The AADSTS number in an error text, for errors where MSAL's `errorNo` is missing. Reads `AADSTSnnnnn` in the
 * server's description (whatever separates its Trace ID / Correlation ID / Timestamp lines), else the first code
 * of MSAL's composed `Error(s): nnnnn - …` message. Null when neither is there.
 */
export function parseAadsts(message: string): number | null {
  const direct = /AADSTS(\d+)/.exec(message);
  if (direct?.[1] !== undefined) return Number(direct[1]);
  const composed = /Error\(s\):\s*(\d+)/.exec(message);
  if (composed?.[1] !== undefined) return Number(composed[1]);
  return null;
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The correlation id named in an error description ("Correlation ID: <guid>"), or null. */
export function extractCorrelationId(text: string): string | null {
  const match = new RegExp(`Correlation ID:\\s*(${GUID})`, 'i').exec(text);
  return match?.[1] ?? null;
}

/** The trace id named in an error description ("Trace ID: <guid>"), or null. */
export function extractTraceId(text: string): string | null {
  const match = new RegExp(`Trace ID:\\s*(${GUID})`, 'i').exec(text);
  return match?.[1] ?? null;
}

/** At most this many policy ids are kept from one claims challenge, each at most POLICY_ID_MAX characters. */
export const POLICY_IDS_MAX = 20;
export const POLICY_ID_MAX = 100;
const POLICY_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The Conditional Access policy ids a claims challenge names: `capolids` (seen with `values`) and `polids` (seen
 * with `Values`), under any token kind (`access_token`, `id_token`). Tolerant: text that is not JSON, or of another
 * shape, gives no ids; ids are de-duplicated, bounded in number and length and limited to id characters.
 * Real challenge: `{"access_token":{"capolids":{"essential":true,"values":["…"]}}}`
 * (https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491).
 */
export function policyIdsFromClaims(claims: string | null | undefined): string[] {
  if (typeof claims !== 'string' || claims.trim() === '' || claims.length > 64_000) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    return [];
  }
  const ids: string[] = [];
  const take = (holder: unknown): void => {
    if (holder === null || typeof holder !== 'object') return;
    for (const [key, list] of Object.entries(holder)) {
      if (key.toLowerCase() !== 'values' || !Array.isArray(list)) continue;
      for (const id of list) {
        if (ids.length >= POLICY_IDS_MAX) return;
        if (typeof id === 'string' && POLICY_ID.test(id) && !ids.includes(id)) ids.push(id);
      }
    }
  };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  for (const section of Object.values(parsed)) {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) continue;
    for (const [claim, request] of Object.entries(section)) {
      const name = claim.toLowerCase();
      if (name === 'capolids' || name === 'polids') take(request);
    }
  }
  return ids;
}

/**
 * The server's timestamp named in an error description ("Timestamp: 2024-05-02 10:15:30Z"), as ISO-8601 UTC
 * ("2024-05-02T10:15:30Z"), or null.
 */
export function extractTimestamp(text: string): string | null {
  const match = /Timestamp:\s*(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/i.exec(text);
  return match?.[1] !== undefined ? normalizeEntraTimestamp(match[1]) : null;
}

/**
 * Entra writes times as `2024-05-02 10:15:30Z`; the app stores ISO-8601 (`2024-05-02T10:15:30Z`). A time without a
 * zone is UTC (Entra's times always are). Text that is not such a time is returned unchanged.
 */
export function normalizeEntraTimestamp(raw: string): string {
  const match = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(raw);
  if (!match) return raw;
  const zone = match[3] === undefined ? 'Z' : match[3].toUpperCase();
  return `${match[1]}T${match[2]}${zone}`;
}
