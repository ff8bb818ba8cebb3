/**
 * The behaviour model as pure decisions: what a silent token request into a tenant answers, and which step an
 * interactive sign-in shows next. The HTTP layer only renders these decisions. Each rule names its public
 * source beside it; where the real behaviour is unknown the rule says "guess" and a scenario switch offers the
 * other answer (tools/entra-emulator/README.md lists them all).
 */
import { randomGuid } from './ids';
import {
  guestOf,
  type Scenario,
  type ScenarioMethod,
  type ScenarioPolicy,
  type ScenarioTenant,
  type ScenarioUser,
} from './scenario';

/** The scenario as the emulator keeps it while running: registrations and redemptions change it. */
export type World = Scenario;

/**
 * What Entra remembers about one sign-in: the refresh tokens issued from it all point here. A session is one
 * user's: "refresh tokens are bound to a combination of user and client"
 * (https://learn.microsoft.com/entra/identity-platform/refresh-tokens), so each home account keeps its own.
 */
export interface Session {
  readonly id: string;
  /** The upn of the user who signed in (as the scenario spells it). */
  readonly upn: string;
  /** The session carries an MFA claim from the home tenant. */
  readonly mfa: boolean;
  /** The home method that satisfied MFA (or the default method when no MFA was done). */
  readonly method: ScenarioMethod | null;
  /** Tenants (keys) in which MFA was done inside that tenant during this session's sign-in. */
  readonly tenantMfa: ReadonlySet<string>;
  /** Authentication-context values (`acrs`) a claims request asked for and the sign-in satisfied. */
  readonly acrs: readonly string[];
}

export type ErrorReason =
  | 'removed'
  | 'unknown-account'
  | 'pending'
  | 'consent'
  | 'admin-consent'
  | 'first-party-scope'
  | 'blocked'
  | 'device'
  | 'device-interactive'
  | 'mfa'
  | 'strength'
  | 'strength-unavailable'
  | 'registration'
  | 'claims-mfa'
  | 'amr-values'
  | 'mfa-request-refused';

/** A model answer that is an Entra error (before it is dressed as a JSON body or an error page). */
export interface ModelError {
  reason: ErrorReason;
  code: number;
  error: 'invalid_grant' | 'interaction_required' | 'access_denied' | 'invalid_request';
  suberror?: 'basic_action' | 'additional_action' | 'message_only' | 'consent_required';
  /** Claims challenge (JSON text): the Conditional Access policies that fired. */
  claims?: string;
}

export type SilentOutcome =
  | { kind: 'token'; mfa: boolean; amr: string[]; acrs: string[] }
  | { kind: 'error'; failure: ModelError; tenantKey: string };

export interface TokenRequestFacts {
  /** The request names a Graph scope that reads authentication methods. */
  wantsMethodsScope: boolean;
  /** What the request's `claims` parameter asks for (nothing when absent). */
  claims?: ClaimsRequest;
  /** The resource the token is for (Graph when absent). */
  resource?: 'graph' | 'arm';
}

/** What a `claims` request parameter asks of the sign-in. */
export interface ClaimsRequest {
  /** `{"access_token":{"amr":{"values":["mfa"]}}}` (also under `id_token`): MSAL-based tools ask MFA so. */
  amrMfa: boolean;
  /** `acrs` values (authentication contexts) a claims challenge asks for, e.g. ARM's mandatory MFA. */
  acrs: string[];
}

export const NO_CLAIMS: ClaimsRequest = { amrMfa: false, acrs: [] };

/** Reads a `claims` parameter (JSON text); anything unreadable asks for nothing. */
export function readClaimsRequest(text: string | null | undefined): ClaimsRequest {
  if (!text) return NO_CLAIMS;
  try {
    const parsed = JSON.parse(text) as Record<string, Record<string, { values?: unknown; value?: unknown }>>;
    let amrMfa = false;
    const acrs: string[] = [];
    for (const target of ['access_token', 'id_token']) {
      const claims = parsed[target];
      if (!claims || typeof claims !== 'object') continue;
      const amrValues = claims.amr?.values;
      if (Array.isArray(amrValues) && amrValues.some((value) => value === 'mfa' || value === 'ngcmfa')) amrMfa = true;
      const acr = claims.acrs;
      const acrValues = Array.isArray(acr?.values) ? acr.values : typeof acr?.value === 'string' ? [acr.value] : [];
      for (const value of acrValues) if (typeof value === 'string' && !acrs.includes(value)) acrs.push(value);
    }
    return { amrMfa, acrs };
  } catch {
    return NO_CLAIMS;
  }
}

/** Platform credentials (Platform SSO) count with them (guess: Microsoft lists them as phishing-resistant). */
const PHISHING_RESISTANT = new Set<ScenarioMethod['type']>(['fido2', 'windowsHelloForBusiness', 'platformCredential']);
/**
 * Password and e-mail are not second factors, nor QR code with PIN (guess: a primary sign-in method for frontline
 * workers); everything else, external MFA included, can satisfy MFA.
 */
const NOT_MFA = new Set<ScenarioMethod['type']>(['password', 'email', 'qrCodePin']);

const AMR_MARKER: Record<ScenarioMethod['type'], string> = {
  microsoftAuthenticator: 'rsa',
  phone: 'sms',
  softwareOath: 'otp',
  fido2: 'fido',
  email: 'otp',
  windowsHelloForBusiness: 'rsa',
  temporaryAccessPass: 'otp',
  password: 'pwd',
  // Guesses: no public token shows the amr of these three.
  platformCredential: 'rsa',
  qrCodePin: 'pwd',
  external: 'mfa',
};

export function isMfaMethod(method: ScenarioMethod): boolean {
  return !NOT_MFA.has(method.type);
}

/**
 * Whether a method satisfies an authentication strength. Passwordless takes the phishing-resistant methods or
 * Authenticator phone sign-in; Authenticator push is MFA only (the table of methods accepted from the home
 * tenant lists push and phone sign-in apart:
 * https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity/authentication/concept-authentication-strength-external-users.md).
 */
export function meetsStrength(method: ScenarioMethod | null, strength: ScenarioPolicy['authStrength']): boolean {
  if (!method || !isMfaMethod(method)) return false;
  if (PHISHING_RESISTANT.has(method.type)) return true;
  if (strength === 'phishingResistant') return false;
  if (strength === 'passwordless') return method.type === 'microsoftAuthenticator' && method.phoneSignIn === true;
  return true;
}

/** The `amr` claim of a token: always `pwd`; with MFA also the method's marker and `mfa`. */
export function amrFor(mfa: boolean, method: ScenarioMethod | null): string[] {
  if (!mfa) return ['pwd'];
  const marker = method ? AMR_MARKER[method.type] : 'rsa';
  return marker === 'pwd' || marker === 'mfa' ? ['pwd', 'mfa'] : ['pwd', marker, 'mfa'];
}

/** A Conditional Access policy requires MFA (Security Defaults and per-user MFA are rules of their own). */
export function mfaDemanded(tenant: ScenarioTenant): boolean {
  return tenant.policy.requireMfa;
}

/**
 * Inbound MFA trust only applies with a P1/P2 licence and Conditional Access (no Security Defaults): the seed
 * blog ("You cannot enable MFA Trust settings when the resource tenant does not have an Entra ID Plan 1
 * licence"); for a P1 tenant that still runs Security Defaults this is a guess.
 */
export function mfaTrustEffective(tenant: ScenarioTenant): boolean {
  return tenant.inboundTrust.mfa && tenant.license !== 'free' && !tenant.securityDefaults;
}

/**
 * Whether sign-ins carry a compliant device: only through a broker. A non-brokered public client (msal-node's
 * loopback and the system browser) presents no device identity, so users of managed devices still meet
 * 530003/530033 ("Device identifier: Not available": https://github.com/Azure/azure-cli/issues/27919 ,
 * https://github.com/isaac-sim/IsaacAutomator/issues/9); a resource tenant can only trust a device claim the
 * home sign-in carried (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/authentication-conditional-access.md).
 */
export function deviceClaimPresent(user: ScenarioUser): boolean {
  return user.broker && user.deviceCompliant;
}

/** The home tenant admits only compliant devices (its own policy, or the home sign-in is satisfied by one). */
function homeRequiresDevice(world: World, user: ScenarioUser): boolean {
  const home = world.tenants[user.homeTenant];
  return user.homeMfa === 'compliantDevice' || Boolean(home?.policy.requireCompliantDevice);
}

function deviceAdmitted(user: ScenarioUser, tenant: ScenarioTenant): boolean {
  return !tenant.policy.requireCompliantDevice || (tenant.inboundTrust.compliantDevice && deviceClaimPresent(user));
}

/**
 * How `user` stands in tenant `tenantKey`: at home, a guest (with the guest object), or not a member at all.
 * A user of another home tenant who was never invited has no account there, which Entra answers like a
 * removed guest: AADSTS50020 "User account … from identity provider … does not exist in tenant"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
function membershipOf(
  tenant: ScenarioTenant,
  tenantKey: string,
  user: ScenarioUser,
): { kind: 'home' } | { kind: 'guest'; guest: NonNullable<ScenarioTenant['guest']> } | { kind: 'none' } {
  if (tenantKey === user.homeTenant) return { kind: 'home' };
  const guest = guestOf(tenant, user);
  return guest ? { kind: 'guest', guest } : { kind: 'none' };
}

export type PolicyKind = 'requireMfa' | 'blockGuests' | 'requireCompliantDevice' | 'blockAzureManagement';
/** The id of a tenant's Conditional Access policy of a kind (the scenario's, or a stable made-up one). */
export type PolicyIdOf = (kind: PolicyKind) => string;

/**
 * The claims challenge a Conditional Access error carries: the ids of the policies that fired. Ordinary MFA
 * policies send it (50076: https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491 ;
 * 50079: https://github.com/juunas11/aspnetcore2aadauth/issues/6 ; 53003: Microsoft's sample log,
 * https://learn.microsoft.com/en-us/azure/developer/cpp/sdk/authentication/credential-chains). The `polids`
 * spelling is Microsoft's on-behalf-of example
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity-platform/v2-oauth2-on-behalf-of-flow.md);
 * `Values` with a capital V is the variant the evidence also reports.
 */
export function policyChallenge(
  policyIds: readonly string[],
  style: ScenarioPolicy['claimsStyle'] = 'capolids',
): string {
  const values = [...policyIds];
  if (style === 'capolids') return JSON.stringify({ access_token: { capolids: { essential: true, values } } });
  if (style === 'polids') return JSON.stringify({ access_token: { polids: { essential: true, values } } });
  return JSON.stringify({ access_token: { polids: { essential: true, Values: values } } });
}

/** Kept for callers of the old name: the challenge of the MFA policy. */
export function strengthChallenge(policyId: string): string {
  return policyChallenge([policyId]);
}

/** The `error` of a Conditional Access answer: both values are seen for the same codes (B1 vs B3/B5/B11). */
function caError(world: World): 'invalid_grant' | 'interaction_required' {
  return world.errorStyle === 'interactionRequired' ? 'interaction_required' : 'invalid_grant';
}

function mfaFailure(world: World, reason: 'mfa' | 'registration', claims: string | undefined): ModelError {
  return {
    reason,
    code: reason === 'mfa' ? 50076 : 50079,
    error: caError(world),
    suberror: 'basic_action',
    ...(claims !== undefined ? { claims } : {}),
  };
}

/** 53003 with `message_only` (B8), as `invalid_grant` or `interaction_required` (row 19), with the policy ids. */
function blockedFailure(world: World, claims: string): ModelError {
  return { reason: 'blocked', code: 53003, error: caError(world), suberror: 'message_only', claims };
}

/**
 * The device demand on refresh: 530003 `invalid_grant` (https://github.com/Azure/azure-cli/issues/29282 ; no
 * suberror published, none sent), or the older 53000 (`additional_action`) behind `policy.deviceErrorCode`.
 */
function deviceFailure(tenant: ScenarioTenant, claims: string): ModelError {
  if (tenant.policy.deviceErrorCode === 53000) {
    return { reason: 'device', code: 53000, error: 'invalid_grant', suberror: 'additional_action', claims };
  }
  return { reason: 'device', code: 530003, error: 'invalid_grant', claims };
}

const FAILURES = {
  removed: { reason: 'removed', code: 50020, error: 'invalid_grant' },
  pending: { reason: 'pending', code: 50014, error: 'interaction_required', suberror: 'basic_action' },
  consent: { reason: 'consent', code: 65001, error: 'invalid_grant', suberror: 'consent_required' },
  adminConsent: { reason: 'admin-consent', code: 90094, error: 'access_denied' },
  strengthUnavailable: { reason: 'strength-unavailable', code: 53003, error: 'access_denied' },
  blockedInteractive: { reason: 'blocked', code: 53003, error: 'access_denied', suberror: 'message_only' },
  /** The browser's device refusal (https://github.com/Azure/azure-cli/issues/27919). */
  deviceInteractive: { reason: 'device-interactive', code: 530033, error: 'access_denied' },
  /** https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/6746 (the `error` value is inferred). */
  amrValues: { reason: 'amr-values', code: 901002, error: 'invalid_request' },
  /** `homeMfaRequest: "refuse"`: the real answer is unknown; 90100 (invalid request parameter) is a guess. */
  mfaRequestRefused: { reason: 'mfa-request-refused', code: 90100, error: 'invalid_request' },
  /** A claims request for MFA a session without MFA cannot meet silently. */
  claimsMfa: { reason: 'claims-mfa', code: 50076, error: 'interaction_required', suberror: 'basic_action' },
} as const satisfies Record<string, ModelError>;

/**
 * A personal Microsoft account's MFA is never covered by a partner's inbound trust: cross-tenant access settings
 * (and their MFA trust) apply to users of other Microsoft Entra organisations only
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/authentication-conditional-access.md,
 * https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/cross-tenant-access-overview.md).
 */
export function personalAccountHome(user: ScenarioUser): boolean {
  return user.personal;
}

/**
 * `arm.homeRefusesSignIn`: the home's Conditional Access blocks "Windows Azure Service Management API" (the
 * published recipes aimed at the "Windows Azure Service Management API" app, with a block grant,
 * https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity/conditional-access/howto-conditional-access-policy-azure-management.md
 * and the block-by-grant-control variants): an ARM token at home is refused with 53003, Graph is not.
 */
function homeArmRefusal(
  world: World,
  resource: 'graph' | 'arm' | undefined,
  claims: string | undefined,
): ModelError | null {
  if (!world.arm.homeRefusesSignIn || resource !== 'arm') return null;
  return claims === undefined ? FAILURES.blockedInteractive : blockedFailure(world, claims);
}

function tenantOf(world: World, tenantKey: string): ScenarioTenant {
  const tenant = world.tenants[tenantKey];
  if (!tenant) throw new Error(`Unknown tenant key ${tenantKey}`);
  return tenant;
}

/** The claims request as the home tenant treats it: `homeMfaRequest: "ignore"` drops the amr request. */
function effectiveClaims(world: World, claims: ClaimsRequest | undefined): ClaimsRequest {
  const request = claims ?? NO_CLAIMS;
  return world.homeMfaRequest === 'ignore' ? { ...request, amrMfa: false } : request;
}

/**
 * A silent token request (refresh-token redemption) into `tenantKey` with session S, first match wins:
 * the guest object, consent, blocks, device, Conditional Access MFA (with or without trust), per-user MFA,
 * Security Defaults, then a token.
 */
export function evaluateSilent(
  world: World,
  user: ScenarioUser,
  session: Session,
  tenantKey: string,
  request: TokenRequestFacts,
  policyIdOf: PolicyIdOf,
): SilentOutcome {
  const tenant = tenantOf(world, tenantKey);
  const fail = (failure: ModelError): SilentOutcome => ({ kind: 'error', failure, tenantKey });
  const claims = effectiveClaims(world, request.claims);
  const challenge = (...kinds: PolicyKind[]): string =>
    policyChallenge(
      kinds.map((kind) => policyIdOf(kind)),
      tenant.policy.claimsStyle,
    );

  if (request.claims?.amrMfa && world.homeMfaRequest === 'refuse') return fail(FAILURES.mfaRequestRefused);
  // A claims request for MFA (or an authentication context) that the session has not met needs a sign-in.
  if ((claims.amrMfa || claims.acrs.length > 0) && !session.mfa) return fail(FAILURES.claimsMfa);
  const acrs = claims.acrs.filter((value) => session.acrs.includes(value) || session.mfa);

  const membership = membershipOf(tenant, tenantKey, user);
  if (membership.kind === 'home') {
    // The home tenant: its device rule applies to refreshes too (530003, B12).
    if (homeRequiresDevice(world, user) && !deviceClaimPresent(user)) {
      return fail(deviceFailure(tenant, challenge('requireCompliantDevice')));
    }
    const armRefusal = homeArmRefusal(world, request.resource, challenge('blockAzureManagement'));
    if (armRefusal) return fail(armRefusal);
    return { kind: 'token', mfa: session.mfa, amr: amrFor(session.mfa, session.method), acrs };
  }
  if (membership.kind === 'none') return fail(FAILURES.removed);
  const guest = membership.guest;

  // The guest object.
  if (guest.state === 'removed') return fail(FAILURES.removed);
  if (guest.state === 'pendingRedemption') return fail(FAILURES.pending);
  if (request.wantsMethodsScope && guest.graphConsent === 'adminRequired') return fail(FAILURES.consent);
  // Blocks that no MFA can fix.
  if (tenant.policy.blockGuests) return fail(blockedFailure(world, challenge('blockGuests')));
  if (!deviceAdmitted(user, tenant)) return fail(deviceFailure(tenant, challenge('requireCompliantDevice')));

  const trust = mfaTrustEffective(tenant) && !personalAccountHome(user);
  const didTenantMfa = session.tenantMfa.has(tenantKey);
  const tenantMethod = guest.methods.find(isMfaMethod) ?? null;
  const strength = tenant.policy.authStrength;
  let mfaByPolicy = false;

  if (mfaDemanded(tenant)) {
    if (trust) {
      // Trust: the home MFA counts when its method meets the strength. Otherwise an MFA demand with the
      // policy ids (what comes silently for a too-weak home method is unknown: 50076 is a guess).
      if (!(session.mfa && meetsStrength(session.method, strength))) {
        return fail(mfaFailure(world, 'mfa', challenge('requireMfa')));
      }
      mfaByPolicy = true;
    } else if (strength !== 'mfa') {
      // No trust and a strength beyond MFA: a guest can only do SMS, voice, Authenticator push or OATH in the
      // resource tenant, so it cannot be met (authentication-conditional-access.md above). What the token
      // endpoint sends is not documented: 53003 by default, an MFA demand behind `untrustedStrength`.
      if (tenant.policy.untrustedStrength === 'mfaRequired') {
        return fail(mfaFailure(world, tenantMethod ? 'mfa' : 'registration', challenge('requireMfa')));
      }
      return fail(blockedFailure(world, challenge('requireMfa')));
    } else if (!didTenantMfa) {
      return fail(mfaFailure(world, tenantMethod ? 'mfa' : 'registration', challenge('requireMfa')));
    }
  }

  // Legacy per-user MFA: MFA in this tenant, no claims (guess: bodies without claims such as
  // https://github.com/Azure/azure-cli/issues/6962 look like it); home MFA is not taken (guess).
  if (tenant.policy.perUserMfa && !didTenantMfa) {
    return fail(mfaFailure(world, tenantMethod ? 'mfa' : 'registration', undefined));
  }

  // Security Defaults register guests (50079, "14 days to register") but ask MFA only "when necessary", and
  // always only for Azure management, not Graph; no claims (no policy ids to name):
  // https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/fundamentals/security-defaults.md
  if (tenant.securityDefaults && !didTenantMfa) {
    if (!tenantMethod) return fail(mfaFailure(world, 'registration', undefined));
    if (tenant.securityDefaultsRisk) return fail(mfaFailure(world, 'mfa', undefined));
  }

  if (didTenantMfa) return { kind: 'token', mfa: true, amr: amrFor(true, tenantMethod), acrs };
  const mfa = mfaByPolicy || (session.mfa && trust);
  return { kind: 'token', mfa, amr: amrFor(mfa, session.method), acrs };
}

/** Where an interactive sign-in stands; the server keeps one per authorize request. */
export interface SignInProgress {
  /** The tenant signed in to: fixed by the authority, or the chosen user's home for `organizations`/`common`. */
  tenantKey: string;
  /** The authorize request asked for MFA (a `claims` amr request the home honours, or honoured `amr_values`). */
  readonly mfaRequested: boolean;
  /** `acrs` values the authorize request's claims asked for (satisfied by MFA at home). */
  readonly acrsRequested: readonly string[];
  readonly wantsMethodsScope: boolean;
  passwordDone: boolean;
  termsAccepted: boolean;
  /** The home method used for MFA during this sign-in, once done. */
  homeMfaMethod: ScenarioMethod | null;
  tenantMfaDone: boolean;
  /** Methods registered during this sign-in, for the log and the pages. */
  registered: { tenantKey: string; method: ScenarioMethod }[];
  /** The resource the sign-in asks a token for (Graph when absent). */
  resource?: 'graph' | 'arm';
}

export type SignInStep =
  | { kind: 'password' }
  | { kind: 'terms' }
  | { kind: 'home-register'; method: ScenarioMethod['type']; phoneSignIn: boolean }
  | { kind: 'home-mfa'; method: ScenarioMethod }
  | { kind: 'tenant-register' }
  | { kind: 'tenant-mfa'; method: ScenarioMethod }
  | { kind: 'refuse'; failure: ModelError }
  | { kind: 'done' };

export function newSignInProgress(
  tenantKey: string,
  mfaRequested: boolean,
  wantsMethodsScope: boolean,
  acrsRequested: readonly string[] = [],
  resource: 'graph' | 'arm' = 'graph',
): SignInProgress {
  return {
    resource,
    tenantKey,
    mfaRequested,
    acrsRequested,
    wantsMethodsScope,
    passwordDone: false,
    termsAccepted: false,
    homeMfaMethod: null,
    tenantMfaDone: false,
    registered: [],
  };
}

/** What the home tenant lets the user register, strongest need first (passkey as in the seed blog). */
const REGISTRATION_ORDER: Record<
  ScenarioPolicy['authStrength'],
  { type: ScenarioMethod['type']; phoneSignIn: boolean }[]
> = {
  mfa: [{ type: 'microsoftAuthenticator', phoneSignIn: false }],
  passwordless: [
    { type: 'fido2', phoneSignIn: false },
    { type: 'microsoftAuthenticator', phoneSignIn: true },
    { type: 'windowsHelloForBusiness', phoneSignIn: false },
  ],
  phishingResistant: [
    { type: 'fido2', phoneSignIn: false },
    { type: 'windowsHelloForBusiness', phoneSignIn: false },
  ],
};

function registrationFor(user: ScenarioUser, strength: ScenarioPolicy['authStrength']) {
  const allowed = user.homeAllowedMethods;
  return (
    REGISTRATION_ORDER[strength].find((option) => !allowed || (allowed as readonly string[]).includes(option.type)) ??
    null
  );
}

/**
 * The next page of an interactive sign-in into `progress.tenantKey`. Mirrors the silent rules, except that
 * what a person can do in the browser is done: accept the terms (redemption), MFA at home (registering a home
 * method first when none is strong enough), MFA or registration in the tenant. What no person can fix is refused.
 */
export function nextSignInStep(world: World, user: ScenarioUser, progress: SignInProgress): SignInStep {
  if (!progress.passwordDone) return { kind: 'password' };
  const tenant = tenantOf(world, progress.tenantKey);
  const membership = membershipOf(tenant, progress.tenantKey, user);
  const guest = membership.kind === 'guest' ? membership.guest : undefined;
  const trust = mfaTrustEffective(tenant) && !personalAccountHome(user);
  const demanded = mfaDemanded(tenant);

  // The home leg comes first: a home tenant that admits only compliant devices refuses a sign-in without a
  // device claim in the browser (530033), whichever tenant the sign-in is for.
  if (homeRequiresDevice(world, user) && !deviceClaimPresent(user)) {
    return { kind: 'refuse', failure: FAILURES.deviceInteractive };
  }
  if (membership.kind === 'home' && homeArmRefusal(world, progress.resource, undefined)) {
    return { kind: 'refuse', failure: FAILURES.blockedInteractive };
  }
  if (membership.kind === 'none') return { kind: 'refuse', failure: FAILURES.removed };
  if (guest) {
    if (guest.state === 'removed') return { kind: 'refuse', failure: FAILURES.removed };
    if (guest.state === 'pendingRedemption' && !progress.termsAccepted) return { kind: 'terms' };
    if (progress.wantsMethodsScope && guest.graphConsent === 'adminRequired') {
      return { kind: 'refuse', failure: FAILURES.adminConsent };
    }
    if (tenant.policy.blockGuests) {
      return { kind: 'refuse', failure: FAILURES.blockedInteractive };
    }
    if (!deviceAdmitted(user, tenant)) {
      const legacy = tenant.policy.deviceErrorCode === 53000;
      return {
        kind: 'refuse',
        failure: legacy ? { reason: 'device', code: 53000, error: 'access_denied' } : FAILURES.deviceInteractive,
      };
    }
  }

  const trustedDemand = guest !== undefined && demanded && trust;
  const homeMfaNeeded =
    user.homeMfa === 'mfa' || progress.mfaRequested || progress.acrsRequested.length > 0 || trustedDemand;
  if (homeMfaNeeded && !progress.homeMfaMethod) {
    const strength = trustedDemand ? tenant.policy.authStrength : 'mfa';
    const usable = user.homeMethods.find((method) => meetsStrength(method, strength));
    if (usable) return { kind: 'home-mfa', method: usable };
    // No home method is strong enough: "the MFA method must be enabled in the home tenant and user must be
    // able to register for it" — register one at home, refuse only when the home allows none
    // (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/authentication-conditional-access.md).
    const registration = registrationFor(user, strength);
    if (!registration) return { kind: 'refuse', failure: FAILURES.strengthUnavailable };
    return { kind: 'home-register', method: registration.type, phoneSignIn: registration.phoneSignIn };
  }

  if (guest && !progress.tenantMfaDone) {
    const tenantMethod = guest.methods.find(isMfaMethod);
    const caInTenant = demanded && !trust;
    if (caInTenant && tenant.policy.authStrength !== 'mfa') {
      return { kind: 'refuse', failure: FAILURES.blockedInteractive };
    }
    const sdInTenant = tenant.securityDefaults && (!tenantMethod || tenant.securityDefaultsRisk);
    if (caInTenant || tenant.policy.perUserMfa || sdInTenant) {
      if (!tenantMethod) return { kind: 'tenant-register' };
      return { kind: 'tenant-mfa', method: tenantMethod };
    }
  }
  return { kind: 'done' };
}

function timestampOf(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Authenticator entry a registration adds: on the same phone as the home Authenticator, if any. */
function newAuthenticatorEntry(user: ScenarioUser, now: Date, phoneSignIn = false): ScenarioMethod {
  const homeApp = user.homeMethods.find((method) => method.type === 'microsoftAuthenticator');
  return {
    type: 'microsoftAuthenticator',
    id: randomGuid(),
    displayName: homeApp && homeApp.type === 'microsoftAuthenticator' ? homeApp.displayName : 'Mobile phone',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.2409.6094',
    createdDateTime: timestampOf(now),
    ...(phoneSignIn ? { phoneSignIn: true } : {}),
  };
}

function newHomeMethod(
  user: ScenarioUser,
  step: Extract<SignInStep, { kind: 'home-register' }>,
  now: Date,
): ScenarioMethod {
  switch (step.method) {
    case 'fido2':
      return { type: 'fido2', id: randomGuid(), displayName: 'Passkey', createdDateTime: timestampOf(now) };
    case 'windowsHelloForBusiness':
      return {
        type: 'windowsHelloForBusiness',
        id: randomGuid(),
        displayName: 'This PC',
        createdDateTime: timestampOf(now),
      };
    default:
      return newAuthenticatorEntry(user, now, step.phoneSignIn);
  }
}

/**
 * Records that the person completed `step`. Registrations and redemptions change the world for the rest of
 * the run (a registration adds the method to `guest.methods` or the home methods).
 */
export function completeSignInStep(
  world: World,
  user: ScenarioUser,
  progress: SignInProgress,
  step: SignInStep,
  now: Date,
): void {
  const tenant = tenantOf(world, progress.tenantKey);
  const guest = progress.tenantKey === user.homeTenant ? undefined : guestOf(tenant, user);
  switch (step.kind) {
    case 'password':
      progress.passwordDone = true;
      return;
    case 'terms':
      progress.termsAccepted = true;
      if (guest) guest.state = 'active';
      return;
    case 'home-register': {
      const method = newHomeMethod(user, step, now);
      // The new method becomes the default one, so the following MFA step uses it.
      user.homeMethods.unshift(method);
      progress.registered.push({ tenantKey: user.homeTenant, method });
      return;
    }
    case 'home-mfa':
      progress.homeMfaMethod = step.method;
      return;
    case 'tenant-register': {
      const method = newAuthenticatorEntry(user, now);
      guest?.methods.push(method);
      progress.registered.push({ tenantKey: progress.tenantKey, method });
      progress.tenantMfaDone = true;
      return;
    }
    case 'tenant-mfa':
      progress.tenantMfaDone = true;
      return;
    case 'refuse':
    case 'done':
      return;
  }
}

/** The session a finished sign-in leaves behind. */
export function sessionFromSignIn(user: ScenarioUser, progress: SignInProgress, id: string): Session {
  const defaultMethod = user.homeMethods.find(isMfaMethod) ?? null;
  const mfa = progress.homeMfaMethod !== null;
  return {
    id,
    upn: user.upn,
    mfa,
    method: progress.homeMfaMethod ?? defaultMethod,
    tenantMfa: new Set(progress.tenantMfaDone ? [progress.tenantKey] : []),
    acrs: mfa ? [...progress.acrsRequested] : [],
  };
}
