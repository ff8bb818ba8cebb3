/**
 * The shape of an email language. Every word of the request emails lives in an `EmailLocale`; the builders in
 * `compose.ts` decide which facts go where and lay the text out, the locale says it. A new language is a new
 * file under `locales/` implementing this interface — no builder changes.
 *
 * Every string a locale receives in its facts is already sanitised (one line, no controls, bounded length) and
 * every optional fact is null when unknown, so a locale only chooses words.
 */
import type { Confidence, EntryStatus, Verdict } from '../model';

/** What every email kind knows about the sender, the home organisation and the partner tenant. */
export interface CommonFacts {
  senderName: string;
  senderAddress: string;
  /** The home organisation's display name, else its primary domain, else the locale's `homeFallback`. */
  homeName: string;
  homeDomain: string | null;
  /** The home tenant id (a GUID), or null when it is not known in GUID form. */
  homeTenantId: string | null;
  /** The partner's display name, else its default domain, else the locale's `tenantFallback`. */
  tenantName: string;
  tenantDomain: string | null;
  tenantId: string;
  /** The sponsor's name when the only recipient is that sponsor (the email greets them); else null. */
  recipientSponsor: string | null;
  /** The display names of the guest's other sponsors in that tenant (at most three). */
  sponsorNames: string[];
  /** The guest's Authenticator entry for this tenant, as the app's entries view words it; null when unknown to the email. */
  entry: EntryStatus | null;
  /** How far that entry word is supported (certain, likely, unknown); null when not known (then said as certain). */
  entryConfidence: Confidence | null;
}

/** The observation behind a trust request. */
export interface TrustFacts extends CommonFacts {
  verdict: Verdict | null;
  /** How far the answer supports the verdict; null when not checked. */
  confidence: Confidence | null;
  /**
   * The tenant does not accept the home MFA, but the answer leaves open why: no MFA trust, or an authentication
   * strength the home method does not meet (the email then asks the administrator to check both).
   */
  causeOpen: boolean;
  aadsts: number | null;
  correlationId: string | null;
  traceId: string | null;
  /** Conditional Access policy ids the answer named (ids only; at most a few). */
  policyIds: string[];
  /** When the tenant answered, already formatted by `formatUtc`; null when unknown. */
  observedAt: string | null;
  /** The observation is old enough that the partner may have changed something since. */
  observationIsOld: boolean;
  /** Whether the guest's latest sign-in at home carried MFA (the home token's `amr`); null when unknown. */
  homeSessionMfa: boolean | null;
  /** The MFA methods the guest has registered at home (their labels), when the app read them; null when unknown. */
  homeMethods: string[] | null;
}

/** A heading and the label-value lines under it. */
export interface FieldLabels {
  name: string;
  address: string;
  homeOrganisation: string;
  homeTenantId: string;
  primaryDomain: string;
  guestAccount: string;
  organisation: string;
  tenantId: string;
  errorCode: string;
  correlationId: string;
  traceId: string;
  policyIds: string;
  timeUtc: string;
  authenticatorEntry: string;
}

/** The Graph and PowerShell sections both trust emails share: the change is to one cross-tenant access entry. */
export interface CrossTenantChangeWords {
  headingGraph: string;
  graphIntro: string;
  graphNewPartner(f: CommonFacts): string;
  graphExistingPartner(f: CommonFacts): string;
  headingPowerShell: string;
  powerShellIntro: string;
  /** Comment lines inside the PowerShell block (ASCII, no data). */
  powerShellNewComment: string;
  powerShellExistingComment: string;
}

export interface TrustRequestWords extends CrossTenantChangeWords {
  subject(f: TrustFacts): string;
  /** The first paragraph: who asks, the ask, in three or four sentences. */
  opening(f: TrustFacts): string;
  /**
   * The short part above the divider, read in a minute: what the setting does and does not do (set for the home
   * organisation only, accepts only the MFA claim, what the home organisation enforces, the redemption trap).
   */
  headingFacts: string;
  facts(f: TrustFacts): string[];
  /** The line between the short part and the administrator's details. */
  detailsDivider: string;
  headingWho: string;
  headingToday: string;
  /** One sentence: what the tenant does today, from the verdict. */
  today(f: TrustFacts): string;
  /** Why the codes are listed: they let the admin find the sign-in. */
  findInLogs(f: TrustFacts): string;
  /** Said when the observation is old. */
  oldObservation(f: TrustFacts): string;
  /** When `causeOpen`: a heading and the two checks (trust setting; authentication strength of the policy). */
  headingChecks: string;
  checksIntro: string;
  checks(f: TrustFacts): string[];
  headingChange: string;
  optionPartnerTitle(f: TrustFacts): string;
  /** The admin-center steps for the partner-specific setting, one string per step. */
  optionPartnerSteps(f: TrustFacts): string[];
  optionDefaultTitle: string;
  optionDefaultSteps(f: TrustFacts): string[];
  graphKeepDeviceTrust: string;
  /** Where the same body goes for the default setting (Option B). */
  graphDefault(url: string): string;
  headingBefore: string;
  before(f: TrustFacts): string[];
  headingUndo: string;
  undo(f: TrustFacts): string[];
  headingVerify: string;
  verify(f: TrustFacts): string;
  headingWhy(f: TrustFacts): string;
  why(f: TrustFacts): string[];
}

export interface MfaResetWords {
  subject(f: CommonFacts): string;
  /** Says the phone was lost or replaced only when `lostPhone` (the user said so in the composer). */
  opening(f: CommonFacts, lostPhone: boolean): string;
  headingAccount: string;
  guestAccount(f: CommonFacts): string;
  headingAdmin: string;
  admin(f: CommonFacts): string;
  powerShellIntro: string;
  /** Stands for the guest's user principal name in the partner tenant, which the guest does not know. */
  upnPlaceholder: string;
  headingIdentity: string;
  identity(f: CommonFacts): string;
  headingAfter: string;
  after(f: CommonFacts, securityInfoUrl: string, lostPhone: boolean): string;
}

/**
 * The device-trust request: the partner refuses the guest's device (a compliant or hybrid joined device is
 * required) and can trust the device claims of the home tenant instead (cross-tenant access, inbound trust).
 */
export interface DeviceTrustWords extends CrossTenantChangeWords {
  subject(f: TrustFacts): string;
  opening(f: TrustFacts): string;
  headingWho: string;
  headingToday: string;
  today(f: TrustFacts): string;
  findInLogs(f: TrustFacts): string;
  headingChange: string;
  steps(f: TrustFacts): string[];
  graphKeepMfaTrust: string;
  headingBefore: string;
  before(f: TrustFacts): string[];
  headingVerify: string;
  verify(f: TrustFacts): string;
}

export interface RemoveGuestWords {
  subject(f: CommonFacts): string;
  opening(f: CommonFacts): string;
  headingAccount: string;
  guestAccount(f: CommonFacts): string;
  headingLeave: string;
  /** Lines: how to leave without an admin, then the link. */
  leave(f: CommonFacts, organizationsUrl: string): string[];
  headingAfter: string;
  after(f: CommonFacts): string;
}

export interface EmailLocale {
  /** BCP 47 language tag of this locale, e.g. "en". */
  tag: string;
  /** A UTC time as the reader should see it, e.g. "2025-03-04 09:15:27 UTC". */
  formatUtc(date: Date): string;
  /** "Hello Dana Fischer," or a neutral greeting when `name` is null. */
  greeting(name: string | null): string;
  /** Asks the reader to forward the message when they are not the right person. */
  forwardNote: string;
  /** The line before the sender's name. */
  thanks: string;
  signOff: string;
  /** Fallback when the home organisation has neither name nor domain. */
  homeFallback: string;
  /** Fallback when the partner has neither name nor domain. */
  tenantFallback: string;
  /** The partner as shown in a field: "Fabrikam (fabrikam.example)". */
  organisationLine(f: CommonFacts): string;
  /** The guest's Authenticator entry for the partner, as a field value (the entry label and what it means here). */
  entryLine(entry: EntryStatus, confidence?: Confidence | null): string;
  fields: FieldLabels;
  trustRequest: TrustRequestWords;
  mfaReset: MfaResetWords;
  removeGuest: RemoveGuestWords;
  deviceTrust: DeviceTrustWords;
}
