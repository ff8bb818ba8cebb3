/**
 * The partner-admin report, pure: from what main read in the admin's tenant through Microsoft Graph v1.0 (the
 * cross-tenant access policy, the guest users, their registration details, the sign-in logs, tenant names) it
 * builds, per home organisation, the effective inbound trust (set for the partner or inherited from the
 * default), the guests and their separate registrations here, how their sign-ins met MFA, and the one change
 * that would end those registrations, with its Graph request and PowerShell. docs/admin.md describes the
 * readings; docs/entra.md ("Partner-admin mode") traces them to Microsoft's pages.
 *
 * Everything that comes from Graph is treated as untrusted text: one-line fields are cleaned and bounded.
 */
import { CONSUMERS_TENANT_ID, isGuid } from '../identifiers';
import { DOMAIN_MAX, sanitizeInline } from '../sanitize';
import type {
  AdminGuest,
  AdminRefusal,
  AdminReport,
  EffectiveTrust,
  GuestRedemption,
  HomeOrganisationReport,
  InboundTrustValues,
  SignInCounts,
  SuggestedChange,
  TrustSetting,
} from './types';

/** Where the report's Graph requests go, as shown to the admin (the exact request, whatever host main uses). */
export const GRAPH_V1 = 'https://graph.microsoft.com/v1.0';
export const POLICY_PATH = '/policies/crossTenantAccessPolicy';

/**
 * The `authenticationStepResultDetail` of a sign-in whose MFA requirement was met by the MFA claim the user
 * brought (the home tenant's, under inbound trust). Microsoft's MFA reporting page notes that an earlier MFA
 * claim in the token can also be this tenant's own from earlier in the session, so the count is an upper bound.
 */
export const SATISFIED_BY_CLAIM = 'MFA requirement satisfied by claim in the token';

// ---------------------------------------------------------------------------------------------------------
// What main read (already JSON; shapes of Microsoft Graph v1.0, fields the report uses)

export interface RawIdentity {
  signInType?: unknown;
  issuer?: unknown;
  issuerAssignedId?: unknown;
}

export interface RawGuest {
  id?: unknown;
  displayName?: unknown;
  mail?: unknown;
  userPrincipalName?: unknown;
  externalUserState?: unknown;
  identities?: unknown;
}

export interface RawRegistration {
  id?: unknown;
  isMfaRegistered?: unknown;
  methodsRegistered?: unknown;
}

export interface RawSignIn {
  userId?: unknown;
  homeTenantId?: unknown;
  crossTenantAccessType?: unknown;
  authenticationRequirement?: unknown;
  authenticationDetails?: unknown;
  status?: unknown;
}

export interface RawPartner {
  tenantId?: unknown;
  inboundTrust?: unknown;
}

export interface AdminReads {
  tenantId: string;
  tenantDisplayName: string | null;
  generatedAt: string;
  signInDays: number;
  /** Null: the policy could not be read (a refusal says why). */
  policy: { defaultTrust: unknown; partners: RawPartner[] } | null;
  guests: RawGuest[] | null;
  registrations: RawRegistration[] | null;
  signIns: RawSignIn[] | null;
  /** findTenantInformationByTenantId answers, by tenant id (lower case). */
  tenantInformation: Record<string, { displayName?: unknown; defaultDomainName?: unknown }>;
  /** Home tenant ids found through findTenantInformationByDomainName, by mail domain (lower case). */
  homeByDomain?: Record<string, string>;
  refusals: AdminRefusal[];
}

// ---------------------------------------------------------------------------------------------------------
// Readings

function text(value: unknown, max = 256): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return sanitizeInline(value, max);
}

function trustValue(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** The three values of a crossTenantAccessPolicyInboundTrust (null object: all null, i.e. not set). */
export function readInboundTrust(value: unknown): InboundTrustValues {
  const trust = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    isMfaAccepted: trustValue(trust.isMfaAccepted),
    isCompliantDeviceAccepted: trustValue(trust.isCompliantDeviceAccepted),
    isHybridAzureADJoinedDeviceAccepted: trustValue(trust.isHybridAzureADJoinedDeviceAccepted),
  };
}

/**
 * The trust that applies to one partner: each value the partner sets (not null) is its own; a partner without a
 * configuration, with `inboundTrust: null` or with a value left null inherits the default's (null there: off).
 */
export function effectiveTrust(defaults: InboundTrustValues, partner: InboundTrustValues | null): EffectiveTrust {
  const pick = (key: keyof InboundTrustValues): TrustSetting => {
    const own = partner?.[key] ?? null;
    return own !== null ? { value: own, source: 'partner' } : { value: defaults[key] ?? false, source: 'default' };
  };
  return {
    mfa: pick('isMfaAccepted'),
    compliantDevice: pick('isCompliantDeviceAccepted'),
    hybridJoinedDevice: pick('isHybridAzureADJoinedDeviceAccepted'),
  };
}

/** How a guest redeemed, from the issuer of its identities (the `userPrincipalName` identity is this tenant's own). */
export function guestRedemption(identities: unknown): { redemption: GuestRedemption; issuer: string | null } {
  const list = Array.isArray(identities) ? (identities as RawIdentity[]) : [];
  const external = list.find(
    (identity) => identity && typeof identity.issuer === 'string' && identity.signInType !== 'userPrincipalName',
  );
  const issuer = external ? text(external.issuer, DOMAIN_MAX) : null;
  switch (issuer?.toLowerCase()) {
    case undefined:
      return { redemption: 'unknown', issuer };
    case 'externalazuread':
      return { redemption: 'entra', issuer };
    case 'microsoftaccount':
      return { redemption: 'microsoft-account', issuer };
    case 'mail':
      return { redemption: 'email-otp', issuer };
    case 'google.com':
      return { redemption: 'google', issuer };
    case 'facebook.com':
      return { redemption: 'facebook', issuer };
    default:
      return { redemption: 'saml-federation', issuer };
  }
}

const CANNOT_HELP: Partial<Record<GuestRedemption, string>> = {
  'microsoft-account':
    'Signs in with a personal Microsoft account: no organisation’s MFA trust covers it, so MFA stays registered here.',
  'email-otp':
    'Signs in with a one-time passcode sent by email: there is no home organisation whose MFA could be trusted.',
  google: 'Signs in with a Google account: inbound MFA trust covers only Microsoft Entra organisations.',
  facebook: 'Signs in with a Facebook account: inbound MFA trust covers only Microsoft Entra organisations.',
  'saml-federation':
    'Signs in through a SAML/WS-Fed identity provider: inbound MFA trust covers only Microsoft Entra organisations.',
};

type SignInKind = 'claim' | 'here' | 'singleFactor' | 'other';

/** How one sign-in met MFA, from its authenticationRequirement and authenticationDetails. */
export function signInKind(signIn: RawSignIn): SignInKind {
  const details = Array.isArray(signIn.authenticationDetails)
    ? (signIn.authenticationDetails as Record<string, unknown>[])
    : [];
  if (details.some((d) => d && d.authenticationStepResultDetail === SATISFIED_BY_CLAIM)) return 'claim';
  if (signIn.authenticationRequirement === 'singleFactorAuthentication') return 'singleFactor';
  if (signIn.authenticationRequirement === 'multiFactorAuthentication') {
    const mfaStep = details.some(
      (d) => d && d.authenticationStepRequirement === 'Multifactor authentication' && d.succeeded === true,
    );
    return mfaStep ? 'here' : 'other';
  }
  return 'other';
}

function emptyCounts(): SignInCounts {
  return { total: 0, satisfiedByClaim: 0, mfaHere: 0, singleFactor: 0 };
}

function addCounts(into: SignInCounts, from: SignInCounts): void {
  into.total += from.total;
  into.satisfiedByClaim += from.satisfiedByClaim;
  into.mfaHere += from.mfaHere;
  into.singleFactor += from.singleFactor;
}

function mailDomain(mail: string | null): string | null {
  const at = mail?.lastIndexOf('@') ?? -1;
  return mail && at > 0 ? mail.slice(at + 1).toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------------------
// The suggested change

function psBool(value: boolean): string {
  return value ? '$true' : '$false';
}

function trustBody(trust: EffectiveTrust): Record<string, boolean> {
  return {
    isMfaAccepted: true,
    isCompliantDeviceAccepted: trust.compliantDevice.value,
    isHybridAzureADJoinedDeviceAccepted: trust.hybridJoinedDevice.value,
  };
}

function psTrust(body: Record<string, boolean>): string {
  return `@{ isMfaAccepted = ${psBool(body.isMfaAccepted!)}; isCompliantDeviceAccepted = ${psBool(
    body.isCompliantDeviceAccepted!,
  )}; isHybridAzureADJoinedDeviceAccepted = ${psBool(body.isHybridAzureADJoinedDeviceAccepted!)} }`;
}

function stillInForce(
  resourceName: string,
  partnerName: string,
  trust: EffectiveTrust,
  scope: 'partner' | 'default',
): string[] {
  const lines = [
    `${resourceName}’s Conditional Access policies still apply to these guests: trust changes where MFA is done (at home), not whether it is required, and other grant controls (device, terms of use, sign-in frequency) stay as they are.`,
    `Only MFA done in ${partnerName}’s own Microsoft Entra tenant is accepted; a guest whose home sign-in carried no MFA is still asked for MFA.`,
  ];
  if (
    scope === 'partner' &&
    (trust.compliantDevice.source === 'default' || trust.hybridJoinedDevice.source === 'default')
  ) {
    lines.push(
      'The device trust settings are written as they apply today (from the default), so this partner no longer follows later changes of the default for them.',
    );
  }
  if (scope === 'default') {
    lines.push(
      'Partners with their own MFA trust setting keep it; every other Microsoft Entra organisation gets this one.',
    );
  }
  return lines;
}

export function partnerChange(
  org: { tenantId: string; displayName: string | null; hasPartnerConfiguration: boolean; trust: EffectiveTrust },
  resourceName: string,
  removable: string[],
): SuggestedChange {
  const body = trustBody(org.trust);
  const name = org.displayName ?? org.tenantId;
  const stays = stillInForce(resourceName, name, org.trust, 'partner');
  if (org.hasPartnerConfiguration) {
    return {
      action: 'update-partner',
      tenantId: org.tenantId,
      summary: `Accept MFA done in ${name} for its guests here (change the existing partner configuration).`,
      request: {
        method: 'PATCH',
        url: `${GRAPH_V1}${POLICY_PATH}/partners/${org.tenantId}`,
        body: { inboundTrust: body },
      },
      powershell: `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '${org.tenantId}' -BodyParameter @{ inboundTrust = ${psTrust(body)} }`,
      stillInForce: stays,
      removableRegistrations: removable,
    };
  }
  return {
    action: 'create-partner',
    tenantId: org.tenantId,
    summary: `Accept MFA done in ${name} for its guests here (add it as a partner organisation).`,
    request: {
      method: 'POST',
      url: `${GRAPH_V1}${POLICY_PATH}/partners`,
      body: { tenantId: org.tenantId, inboundTrust: body },
    },
    powershell: `New-MgPolicyCrossTenantAccessPolicyPartner -BodyParameter @{ tenantId = '${org.tenantId}'; inboundTrust = ${psTrust(body)} }`,
    stillInForce: stays,
    removableRegistrations: removable,
  };
}

export function defaultChange(
  defaults: InboundTrustValues,
  resourceName: string,
  removable: string[],
): SuggestedChange {
  const trust = effectiveTrust(defaults, null);
  const body = trustBody(trust);
  return {
    action: 'update-default',
    tenantId: null,
    summary:
      'Accept MFA done in the guest’s home organisation for every Microsoft Entra organisation without its own setting (the default).',
    request: { method: 'PATCH', url: `${GRAPH_V1}${POLICY_PATH}/default`, body: { inboundTrust: body } },
    powershell: `Update-MgPolicyCrossTenantAccessPolicyDefault -BodyParameter @{ inboundTrust = ${psTrust(body)} }`,
    stillInForce: stillInForce(resourceName, 'the guest’s home organisation', trust, 'default'),
    removableRegistrations: removable,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The report

export function buildAdminReport(reads: AdminReads): AdminReport {
  const tenantId = reads.tenantId.toLowerCase();
  const resourceName = reads.tenantDisplayName ?? 'This organisation';
  const defaults = reads.policy ? readInboundTrust(reads.policy.defaultTrust) : null;
  const partners = new Map<string, InboundTrustValues | null>();
  for (const partner of reads.policy?.partners ?? []) {
    if (!isGuid(partner.tenantId)) continue;
    partners.set(
      partner.tenantId.toLowerCase(),
      partner.inboundTrust === null || partner.inboundTrust === undefined
        ? null
        : readInboundTrust(partner.inboundTrust),
    );
  }

  const registrations = new Map<string, { isMfaRegistered: boolean; methods: string[] }>();
  for (const row of reads.registrations ?? []) {
    if (typeof row.id !== 'string') continue;
    const methods = Array.isArray(row.methodsRegistered)
      ? row.methodsRegistered.filter((m): m is string => typeof m === 'string').map((m) => sanitizeInline(m, 64))
      : [];
    registrations.set(row.id.toLowerCase(), { isMfaRegistered: row.isMfaRegistered === true, methods });
  }

  const countsByUser = new Map<string, SignInCounts>();
  const homeByUser = new Map<string, string>();
  for (const signIn of reads.signIns ?? []) {
    if (typeof signIn.userId !== 'string') continue;
    const user = signIn.userId.toLowerCase();
    const home = typeof signIn.homeTenantId === 'string' ? signIn.homeTenantId.toLowerCase() : '';
    if (
      signIn.crossTenantAccessType === 'b2bCollaboration' &&
      isGuid(home) &&
      home !== tenantId &&
      home !== CONSUMERS_TENANT_ID
    ) {
      homeByUser.set(user, home);
    }
    const counts = countsByUser.get(user) ?? emptyCounts();
    counts.total += 1;
    const kind = signInKind(signIn);
    if (kind === 'claim') counts.satisfiedByClaim += 1;
    else if (kind === 'here') counts.mfaHere += 1;
    else if (kind === 'singleFactor') counts.singleFactor += 1;
    countsByUser.set(user, counts);
  }

  const guests: AdminGuest[] = [];
  for (const raw of reads.guests ?? []) {
    if (typeof raw.id !== 'string') continue;
    const id = raw.id.toLowerCase();
    const { redemption, issuer } = guestRedemption(raw.identities);
    const mail = text(raw.mail, 254);
    const domainHome = reads.homeByDomain?.[mailDomain(mail) ?? ''];
    const homeTenantId =
      redemption === 'entra' || redemption === 'unknown'
        ? (homeByUser.get(id) ?? (domainHome && isGuid(domainHome) ? domainHome.toLowerCase() : null))
        : null;
    const reason = CANNOT_HELP[redemption] ?? null;
    guests.push({
      id,
      displayName: text(raw.displayName),
      userPrincipalName: text(raw.userPrincipalName),
      mail,
      issuer,
      redemption,
      externalUserState: text(raw.externalUserState, 64),
      homeTenantId,
      trustCannotHelp: reason !== null,
      trustCannotHelpReason: reason,
      registeredHere: reads.registrations ? (registrations.get(id) ?? { isMfaRegistered: false, methods: [] }) : null,
      signIns: reads.signIns ? (countsByUser.get(id) ?? emptyCounts()) : null,
    });
  }

  const byHome = new Map<string, AdminGuest[]>();
  const withoutHome: AdminGuest[] = [];
  for (const guest of guests) {
    if (guest.homeTenantId) byHome.set(guest.homeTenantId, [...(byHome.get(guest.homeTenantId) ?? []), guest]);
    else withoutHome.push(guest);
  }
  // Partners configured but with no guest here are not listed: there is nothing to change for them.
  const defaultValues = defaults ?? {
    isMfaAccepted: null,
    isCompliantDeviceAccepted: null,
    isHybridAzureADJoinedDeviceAccepted: null,
  };
  const organisations: HomeOrganisationReport[] = [...byHome.entries()].map(([homeId, members]) => {
    const info = reads.tenantInformation[homeId];
    const hasPartnerConfiguration = partners.has(homeId);
    const trust = effectiveTrust(defaultValues, partners.get(homeId) ?? null);
    const registered = members.filter((g) => g.registeredHere?.isMfaRegistered === true);
    let signIns: SignInCounts | null = null;
    if (reads.signIns) {
      signIns = emptyCounts();
      for (const member of members) if (member.signIns) addCounts(signIns, member.signIns);
    }
    const org = {
      tenantId: homeId,
      displayName: text(info?.displayName),
      defaultDomainName: text(info?.defaultDomainName, DOMAIN_MAX),
      hasPartnerConfiguration,
      trust,
    };
    return {
      ...org,
      guests: members,
      counts: {
        guests: members.length,
        trustCannotHelp: members.filter((g) => g.trustCannotHelp).length,
        registeredHere: reads.registrations ? registered.length : null,
        signIns,
      },
      // Without the policy the effective trust is unknown: no change is suggested on a guess.
      suggestion:
        defaults && !trust.mfa.value
          ? partnerChange(
              org,
              resourceName,
              registered.map((g) => g.id),
            )
          : null,
    };
  });
  organisations.sort(
    (a, b) =>
      (b.counts.registeredHere ?? 0) - (a.counts.registeredHere ?? 0) ||
      b.counts.guests - a.counts.guests ||
      (a.displayName ?? a.tenantId).localeCompare(b.displayName ?? b.tenantId),
  );

  // The default: worth suggesting when two or more organisations inherit a default without MFA trust.
  const inheriting = organisations.filter((org) => org.trust.mfa.source === 'default' && !org.trust.mfa.value);
  const defaultSuggestion =
    defaults && defaults.isMfaAccepted !== true && inheriting.length >= 2
      ? defaultChange(
          defaults,
          resourceName,
          inheriting.flatMap((org) =>
            org.guests.filter((g) => g.registeredHere?.isMfaRegistered === true).map((g) => g.id),
          ),
        )
      : null;

  return {
    tenantId,
    tenantDisplayName: reads.tenantDisplayName,
    generatedAt: reads.generatedAt,
    signInDays: reads.signInDays,
    defaultTrust: defaults,
    organisations,
    guestsWithoutHome: withoutHome,
    defaultSuggestion,
    refusals: reads.refusals,
  };
}

/** userRegistrationDetails' name for each authentication method type that counts (password does not). */
const METHOD_NAMES: Record<string, { name: string; mfa: boolean }> = {
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': { name: 'microsoftAuthenticatorPush', mfa: true },
  '#microsoft.graph.phoneAuthenticationMethod': { name: 'mobilePhone', mfa: true },
  '#microsoft.graph.softwareOathAuthenticationMethod': { name: 'softwareOneTimePasscode', mfa: true },
  '#microsoft.graph.fido2AuthenticationMethod': { name: 'fido2SecurityKey', mfa: true },
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': { name: 'windowsHelloForBusiness', mfa: true },
  '#microsoft.graph.emailAuthenticationMethod': { name: 'email', mfa: false },
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': { name: 'temporaryAccessPass', mfa: false },
};

/**
 * A guest's registration read from its authentication methods (`GET /users/{id}/authentication/methods`), in the
 * shape of a userRegistrationDetails row: what the report uses when that report cannot be read.
 */
export function registrationFromMethods(id: string, methods: unknown): RawRegistration {
  const list = Array.isArray(methods) ? (methods as { '@odata.type'?: unknown }[]) : [];
  const known = list.map((m) => METHOD_NAMES[String(m?.['@odata.type'])]).filter((m) => m !== undefined);
  return {
    id,
    isMfaRegistered: known.some((m) => m.mfa),
    methodsRegistered: [...new Set(known.map((m) => m.name))],
  };
}
