/**
 * The partner-admin mode's data: what an administrator of a resource tenant sees about the guests that come from
 * other organisations, per home organisation, and the one change that would end their separate MFA registrations
 * here. Built in main from Microsoft Graph v1.0 reads (shared/admin/report.ts builds it, pure); sent to the
 * renderer over IPC. Nothing here carries a token. docs/admin.md describes the mode, docs/entra.md traces each
 * reading to Microsoft's pages.
 */

/** Where an effective trust value comes from: the partner's own configuration, or inherited from the default. */
export type TrustSource = 'partner' | 'default';

/** One inbound trust setting as it applies to a partner, and where it comes from. */
export interface TrustSetting {
  value: boolean;
  source: TrustSource;
}

/**
 * The effective inbound trust for one home organisation (crossTenantAccessPolicyInboundTrust): accept MFA done
 * at home, accept a device marked compliant at home, accept a device hybrid-joined at home. A partner whose
 * `inboundTrust` is null (or a property left null) inherits the default's value.
 */
export interface EffectiveTrust {
  mfa: TrustSetting;
  compliantDevice: TrustSetting;
  hybridJoinedDevice: TrustSetting;
}

/** The three inbound trust values as the default or a partner configuration holds them (null: not set). */
export interface InboundTrustValues {
  isMfaAccepted: boolean | null;
  isCompliantDeviceAccepted: boolean | null;
  isHybridAzureADJoinedDeviceAccepted: boolean | null;
}

/**
 * How the guest redeemed the invitation, from its `identities` issuer: `entra` another Microsoft Entra
 * organisation (the only kind MFA trust can help), `microsoft-account` a personal Microsoft account,
 * `email-otp` the email one-time passcode, `google` / `facebook` / `saml-federation` other identity providers,
 * `unknown` when the issuer says nothing usable (e.g. not redeemed yet).
 */
export const GUEST_REDEMPTIONS = [
  'entra',
  'microsoft-account',
  'email-otp',
  'google',
  'facebook',
  'saml-federation',
  'unknown',
] as const;
export type GuestRedemption = (typeof GUEST_REDEMPTIONS)[number];

/** One guest user of this tenant. */
export interface AdminGuest {
  /** The guest's object id here. */
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  /** The `issuer` of the identity the guest signs in with (e.g. "ExternalAzureAD", "MicrosoftAccount", "mail"). */
  issuer: string | null;
  redemption: GuestRedemption;
  /** `externalUserState`: "PendingAcceptance", "Accepted", or null. */
  externalUserState: string | null;
  /** The guest's home tenant, when its sign-ins or identity name one; null when unknown. */
  homeTenantId: string | null;
  /**
   * True when no inbound trust can spare this guest an MFA registration here (a personal Microsoft account,
   * one-time passcode or another non-Entra identity); `trustCannotHelpReason` says why in words.
   */
  trustCannotHelp: boolean;
  trustCannotHelpReason: string | null;
  /**
   * MFA methods registered in this tenant (userRegistrationDetails): `null` when it could not be read. A guest
   * with `isMfaRegistered` holds a separate Authenticator entry (or phone, etc.) for this tenant.
   */
  registeredHere: { isMfaRegistered: boolean; methods: string[] } | null;
  /** This guest's B2B sign-ins in the report's window (null when the sign-in logs could not be read). */
  signIns: SignInCounts | null;
}

/** Sign-ins that required MFA, by how MFA was met. */
export interface SignInCounts {
  /** All B2B collaboration sign-ins counted. */
  total: number;
  /** MFA met by the claim from the home tenant ("MFA requirement satisfied by claim in the token"). */
  satisfiedByClaim: number;
  /** MFA done here, against a method registered in this tenant. */
  mfaHere: number;
  /** Single-factor sign-ins (no MFA required). */
  singleFactor: number;
}

/** The exact Microsoft Graph request a change sends. */
export interface GraphRequest {
  method: 'PATCH' | 'POST';
  /** Absolute URL, e.g. https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/{id}. */
  url: string;
  /** The JSON body, exactly as sent. */
  body: Record<string, unknown>;
}

/**
 * The change that would end the separate registrations: `update-partner` PATCH an existing partner
 * configuration, `create-partner` POST one when the partner has none, `update-default` PATCH the default (every
 * organisation without its own setting).
 */
export const ADMIN_CHANGE_ACTIONS = ['update-partner', 'create-partner', 'update-default'] as const;
export type AdminChangeAction = (typeof ADMIN_CHANGE_ACTIONS)[number];

export interface SuggestedChange {
  action: AdminChangeAction;
  /** The partner's tenant id; null for the default. */
  tenantId: string | null;
  /** One sentence: what the change does. */
  summary: string;
  request: GraphRequest;
  /** The same change with Microsoft Graph PowerShell (Update-/New-MgPolicyCrossTenantAccessPolicyPartner …). */
  powershell: string;
  /** What else stays in force after the change (Conditional Access still applies, …), one sentence each. */
  stillInForce: string[];
  /** Guests (object ids) whose registration here could be removed once the change is in force. */
  removableRegistrations: string[];
}

/** The report's part for one home organisation. */
export interface HomeOrganisationReport {
  tenantId: string;
  /** From findTenantInformationByTenantId; null when it could not be read. */
  displayName: string | null;
  defaultDomainName: string | null;
  /** Whether a partner configuration exists for this tenant (`partners/{id}`). */
  hasPartnerConfiguration: boolean;
  trust: EffectiveTrust;
  guests: AdminGuest[];
  counts: {
    guests: number;
    /** Guests no trust can help (personal accounts, one-time passcode …). */
    trustCannotHelp: number;
    /** Guests with MFA registered here (null when registrations could not be read). */
    registeredHere: number | null;
    /** Sign-ins summed over the guests (null when sign-in logs could not be read). */
    signIns: SignInCounts | null;
  };
  /** Null when MFA trust already applies and nothing would change. */
  suggestion: SuggestedChange | null;
}

/** The part of the report a refusal concerns. */
export const ADMIN_SECTIONS = ['policy', 'guests', 'registrations', 'signIns', 'tenantInformation'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * Why a read was refused: `no-consent` the app was not granted the permission (scope) it needs; `no-role` the
 * signed-in admin has no role that allows the read; `no-licence` the tenant has no Microsoft Entra ID P1/P2
 * licence, which the sign-in logs need; `failed` anything else (network, server).
 */
export const ADMIN_REFUSAL_KINDS = ['no-consent', 'no-role', 'no-licence', 'failed'] as const;
export type AdminRefusalKind = (typeof ADMIN_REFUSAL_KINDS)[number];

export interface AdminRefusal {
  section: AdminSection;
  kind: AdminRefusalKind;
  /** What it means and what to do, in words. */
  message: string;
  /** Graph's error code as answered (e.g. "Authorization_RequestDenied"); null without one. */
  code: string | null;
  /** The HTTP status answered; null when no answer came. */
  status: number | null;
}

/** The whole inbound report of the admin's tenant. */
export interface AdminReport {
  /** The admin's (resource) tenant. */
  tenantId: string;
  tenantDisplayName: string | null;
  /** ISO-8601 UTC time of the reads. */
  generatedAt: string;
  /** Days of sign-in logs counted. */
  signInDays: number;
  /** The default's inbound trust (null when the policy could not be read). */
  defaultTrust: InboundTrustValues | null;
  /** One part per home organisation (Entra guests), most registrations here first. */
  organisations: HomeOrganisationReport[];
  /**
   * Guests the report cannot put under a home organisation: those with none (personal accounts, one-time
   * passcode …: `trustCannotHelp`) and Entra guests whose home neither a sign-in nor their mail domain named.
   */
  guestsWithoutHome: AdminGuest[];
  /**
   * The change for the default, when it would help more than one organisation at once; null otherwise or when
   * the default already accepts MFA.
   */
  defaultSuggestion: SuggestedChange | null;
  /** Sections that could not be read, each explained; the report is partial, never silently empty. */
  refusals: AdminRefusal[];
}

/** The admin's sign-in (no token: those stay in main). */
export interface AdminAccount {
  username: string;
  tenantId: string;
  /** The public client used: the Microsoft Graph Command Line Tools client or the organisation's own. */
  clientId: string;
  /** Whether the write permission (Policy.ReadWrite.CrossTenantAccess) has been granted in this session. */
  canWrite: boolean;
}

/** What `previewAdminChange` answers: the exact request, to show before the user confirms. */
export interface AdminChangePreview {
  /** Pass back to `applyAdminChange`; valid for this exact request only, once, until `expiresAt`. */
  confirmationId: string;
  change: SuggestedChange;
  /** The permission the write asks for (incremental consent when applying). */
  requiredScope: string;
  expiresAt: string;
}

/** What `applyAdminChange` answers: the write was sent, and the policy re-read shows whether it took. */
export interface AdminApplyResult {
  /** The write was answered with success. */
  applied: boolean;
  /** The re-read policy shows MFA trust for the target (partner or default). */
  tookEffect: boolean;
  /** The target's effective trust as re-read after the write. */
  trustAfter: EffectiveTrust | InboundTrustValues | null;
  /** One sentence for the user. */
  message: string;
}

/** The admin mode's state the renderer can ask for. */
export interface AdminStatus {
  account: AdminAccount | null;
  report: AdminReport | null;
}
