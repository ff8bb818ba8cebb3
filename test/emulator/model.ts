/**
 * The behaviour model of docs/scenario-format.md as pure decisions: what a silent token request into a
 * tenant answers, and which step an interactive sign-in shows next. The HTTP layer only renders these
 * decisions; the rules live here, one branch per rule, in the order the spec lists them.
 */
import { randomGuid } from './ids';
import type { Scenario, ScenarioMethod, ScenarioTenant } from './scenario';

/** The scenario as the emulator keeps it while running: registrations and redemptions change it. */
export type World = Scenario;

/** What Entra remembers about one sign-in: the refresh tokens issued from it all point here. */
export interface Session {
  readonly id: string;
  /** The session carries an MFA claim from the home tenant. */
  readonly mfa: boolean;
  /** The home method that satisfied MFA (or the default method when no MFA was done). */
  readonly method: ScenarioMethod | null;
  /** Tenants (keys) in which MFA was done inside that tenant during this session's sign-in. */
  readonly tenantMfa: ReadonlySet<string>;
}

export type ErrorReason =
  | 'removed'
  | 'pending'
  | 'consent'
  | 'admin-consent'
  | 'blocked'
  | 'device'
  | 'mfa'
  | 'strength'
  | 'strength-unavailable'
  | 'registration';

/** A model answer that is an Entra error (before it is dressed as a JSON body or an error page). */
export interface ModelError {
  reason: ErrorReason;
  code: number;
  error: 'invalid_grant' | 'interaction_required' | 'access_denied';
  suberror?: 'basic_action' | 'additional_action' | 'message_only' | 'consent_required';
  /** Claims challenge (JSON text), only for the authentication-strength case. */
  claims?: string;
}

export type SilentOutcome =
  { kind: 'token'; mfa: boolean; amr: string[] } | { kind: 'error'; failure: ModelError; tenantKey: string };

export interface TokenRequestFacts {
  /** The request names a Graph scope that reads authentication methods. */
  wantsMethodsScope: boolean;
}

const PHISHING_RESISTANT = new Set<ScenarioMethod['type']>(['fido2', 'windowsHelloForBusiness']);
const PASSWORDLESS = new Set<ScenarioMethod['type']>([...PHISHING_RESISTANT, 'microsoftAuthenticator']);
/** Password and e-mail are not second factors; everything else can satisfy MFA. */
const NOT_MFA = new Set<ScenarioMethod['type']>(['password', 'email']);

const AMR_MARKER: Record<ScenarioMethod['type'], string> = {
  microsoftAuthenticator: 'rsa',
  phone: 'sms',
  softwareOath: 'otp',
  fido2: 'fido',
  email: 'otp',
  windowsHelloForBusiness: 'rsa',
  temporaryAccessPass: 'otp',
  password: 'pwd',
};

export function isMfaMethod(method: ScenarioMethod): boolean {
  return !NOT_MFA.has(method.type);
}

/** Whether a method satisfies an authentication strength (spec: home sign-in paragraph). */
export function meetsStrength(
  method: ScenarioMethod | null,
  strength: ScenarioTenant['policy']['authStrength'],
): boolean {
  if (!method || !isMfaMethod(method)) return false;
  if (strength === 'phishingResistant') return PHISHING_RESISTANT.has(method.type);
  if (strength === 'passwordless') return PASSWORDLESS.has(method.type);
  return true;
}

/** The `amr` claim of a token: always `pwd`; with MFA also the method's marker and `mfa`. */
export function amrFor(mfa: boolean, method: ScenarioMethod | null): string[] {
  if (!mfa) return ['pwd'];
  const marker = method ? AMR_MARKER[method.type] : 'rsa';
  return marker === 'pwd' ? ['pwd', 'mfa'] : ['pwd', marker, 'mfa'];
}

/** Rule 4: MFA is demanded by a Conditional Access policy or by Security Defaults. */
export function mfaDemanded(tenant: ScenarioTenant): boolean {
  return tenant.policy.requireMfa || tenant.securityDefaults;
}

/** Rule 4: inbound MFA trust only applies with a P1/P2 licence and Conditional Access (no Security Defaults). */
export function mfaTrustEffective(tenant: ScenarioTenant): boolean {
  return tenant.inboundTrust.mfa && tenant.license !== 'free' && !tenant.securityDefaults;
}

function deviceAdmitted(world: World, tenant: ScenarioTenant): boolean {
  return !tenant.policy.requireCompliantDevice || (tenant.inboundTrust.compliantDevice && world.user.deviceCompliant);
}

function mfaFailure(world: World, reason: 'mfa' | 'registration', claims?: string): ModelError {
  return {
    reason,
    code: reason === 'mfa' ? 50076 : 50079,
    error: world.errorStyle === 'interactionRequired' ? 'interaction_required' : 'invalid_grant',
    suberror: 'basic_action',
    ...(claims !== undefined ? { claims } : {}),
  };
}

const FAILURES = {
  removed: { reason: 'removed', code: 50020, error: 'invalid_grant' },
  pending: { reason: 'pending', code: 50014, error: 'interaction_required', suberror: 'basic_action' },
  consent: { reason: 'consent', code: 65001, error: 'invalid_grant', suberror: 'consent_required' },
  adminConsent: { reason: 'admin-consent', code: 90094, error: 'access_denied' },
  blocked: { reason: 'blocked', code: 53003, error: 'invalid_grant', suberror: 'message_only' },
  device: { reason: 'device', code: 53000, error: 'invalid_grant', suberror: 'additional_action' },
  strengthUnavailable: { reason: 'strength-unavailable', code: 53003, error: 'access_denied' },
} as const satisfies Record<string, ModelError>;

/** The claims challenge the strength case carries: the id of the policy that asked for more. */
export function strengthChallenge(policyId: string): string {
  return JSON.stringify({ access_token: { capolids: { essential: true, values: [policyId] } } });
}

function tenantOf(world: World, tenantKey: string): ScenarioTenant {
  const tenant = world.tenants[tenantKey];
  if (!tenant) throw new Error(`Unknown tenant key ${tenantKey}`);
  return tenant;
}

/**
 * A silent token request (refresh-token redemption) into `tenantKey` with session S: rules 1-7 of the
 * behaviour model, first match wins. A Graph request for the methods scope in a tenant that only admits
 * admin consent fails with the consent error before Conditional Access is evaluated.
 */
export function evaluateSilent(
  world: World,
  session: Session,
  tenantKey: string,
  request: TokenRequestFacts,
  policyId: string,
): SilentOutcome {
  const tenant = tenantOf(world, tenantKey);
  const fail = (failure: ModelError): SilentOutcome => ({ kind: 'error', failure, tenantKey });
  const guest = tenant.guest;
  if (!guest) return { kind: 'token', mfa: session.mfa, amr: amrFor(session.mfa, session.method) };

  // Rule 1: the guest object.
  if (guest.state === 'removed') return fail(FAILURES.removed);
  if (guest.state === 'pendingRedemption') return fail(FAILURES.pending);
  if (request.wantsMethodsScope && guest.graphConsent === 'adminRequired') return fail(FAILURES.consent);
  // Rule 2 and 3: blocks that no MFA can fix.
  if (tenant.policy.blockGuests) return fail(FAILURES.blocked);
  if (!deviceAdmitted(world, tenant)) return fail(FAILURES.device);

  // Rule 4.
  const trust = mfaTrustEffective(tenant);
  const demanded = mfaDemanded(tenant);
  const didTenantMfa = session.tenantMfa.has(tenantKey);
  const tenantMethod = guest.methods.find(isMfaMethod) ?? null;

  if (demanded && trust) {
    // Rule 5.
    if (session.mfa && meetsStrength(session.method, tenant.policy.authStrength)) {
      return { kind: 'token', mfa: true, amr: amrFor(true, session.method) };
    }
    if (session.mfa) return fail(mfaFailure(world, 'mfa', strengthChallenge(policyId)));
    return fail(mfaFailure(world, 'mfa'));
  }
  if (demanded) {
    // Rule 6.
    if (tenant.policy.authStrength !== 'mfa') return fail(FAILURES.blocked);
    if (didTenantMfa) return { kind: 'token', mfa: true, amr: amrFor(true, tenantMethod) };
    if (tenantMethod) return fail(mfaFailure(world, 'mfa'));
    return fail(mfaFailure(world, 'registration'));
  }
  // Rule 7.
  if (didTenantMfa) return { kind: 'token', mfa: true, amr: amrFor(true, tenantMethod) };
  const mfa = session.mfa && trust;
  return { kind: 'token', mfa, amr: amrFor(mfa, session.method) };
}

/** Where an interactive sign-in stands; the server keeps one per authorize request. */
export interface SignInProgress {
  readonly tenantKey: string;
  /** The authorize request asked for MFA (`amr_values` with `mfa` or `ngcmfa`). */
  readonly mfaRequested: boolean;
  readonly wantsMethodsScope: boolean;
  passwordDone: boolean;
  termsAccepted: boolean;
  /** The home method used for MFA during this sign-in, once done. */
  homeMfaMethod: ScenarioMethod | null;
  tenantMfaDone: boolean;
  /** Methods registered during this sign-in, for the log and the pages. */
  registered: { tenantKey: string; method: ScenarioMethod }[];
}

export type SignInStep =
  | { kind: 'password' }
  | { kind: 'terms' }
  | { kind: 'home-register' }
  | { kind: 'home-mfa'; method: ScenarioMethod }
  | { kind: 'tenant-register' }
  | { kind: 'tenant-mfa'; method: ScenarioMethod }
  | { kind: 'refuse'; failure: ModelError }
  | { kind: 'done' };

export function newSignInProgress(
  tenantKey: string,
  mfaRequested: boolean,
  wantsMethodsScope: boolean,
): SignInProgress {
  return {
    tenantKey,
    mfaRequested,
    wantsMethodsScope,
    passwordDone: false,
    termsAccepted: false,
    homeMfaMethod: null,
    tenantMfaDone: false,
    registered: [],
  };
}

/**
 * The next page of an interactive sign-in into `progress.tenantKey`. Mirrors the silent rules, except that
 * what a person can do in the browser is done: accept the terms (redemption), MFA at home (registering a home
 * method first if there is none), MFA or registration in the tenant. What no person can fix is refused.
 */
export function nextSignInStep(world: World, progress: SignInProgress): SignInStep {
  if (!progress.passwordDone) return { kind: 'password' };
  const tenant = tenantOf(world, progress.tenantKey);
  const guest = tenant.guest;
  const trust = mfaTrustEffective(tenant);
  const demanded = mfaDemanded(tenant);

  if (guest) {
    if (guest.state === 'removed') return { kind: 'refuse', failure: FAILURES.removed };
    if (guest.state === 'pendingRedemption' && !progress.termsAccepted) return { kind: 'terms' };
    if (progress.wantsMethodsScope && guest.graphConsent === 'adminRequired') {
      return { kind: 'refuse', failure: FAILURES.adminConsent };
    }
    if (tenant.policy.blockGuests) return { kind: 'refuse', failure: FAILURES.blocked };
    if (!deviceAdmitted(world, tenant)) return { kind: 'refuse', failure: FAILURES.device };
  }

  const trustedDemand = guest !== undefined && demanded && trust;
  const homeMfaNeeded =
    world.user.homeMfa === 'mfa' || (progress.mfaRequested && world.homeHonoursMfaRequest) || trustedDemand;
  if (homeMfaNeeded && !progress.homeMfaMethod) {
    const homeMfaMethods = world.user.homeMethods.filter(isMfaMethod);
    if (homeMfaMethods.length === 0) return { kind: 'home-register' };
    const strength = trustedDemand ? tenant.policy.authStrength : 'mfa';
    const usable = homeMfaMethods.find((method) => meetsStrength(method, strength));
    if (!usable) return { kind: 'refuse', failure: FAILURES.strengthUnavailable };
    return { kind: 'home-mfa', method: usable };
  }

  if (guest && demanded && !trust && !progress.tenantMfaDone) {
    if (tenant.policy.authStrength !== 'mfa') return { kind: 'refuse', failure: FAILURES.blocked };
    const tenantMethod = guest.methods.find(isMfaMethod);
    if (!tenantMethod) return { kind: 'tenant-register' };
    return { kind: 'tenant-mfa', method: tenantMethod };
  }
  return { kind: 'done' };
}

/** The Authenticator entry a registration adds: on the same phone as the home Authenticator, if any. */
function newAuthenticatorEntry(world: World, now: Date): ScenarioMethod {
  const homeApp = world.user.homeMethods.find((method) => method.type === 'microsoftAuthenticator');
  return {
    type: 'microsoftAuthenticator',
    id: randomGuid(),
    displayName: homeApp && homeApp.type === 'microsoftAuthenticator' ? homeApp.displayName : 'Mobile phone',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.2409.6094',
    createdDateTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/**
 * Records that the person completed `step`. Registrations and redemptions change the world for the rest of
 * the run (the spec: a registration adds the method to `guest.methods`).
 */
export function completeSignInStep(world: World, progress: SignInProgress, step: SignInStep, now: Date): void {
  const tenant = tenantOf(world, progress.tenantKey);
  switch (step.kind) {
    case 'password':
      progress.passwordDone = true;
      return;
    case 'terms':
      progress.termsAccepted = true;
      if (tenant.guest) tenant.guest.state = 'active';
      return;
    case 'home-register': {
      const method = newAuthenticatorEntry(world, now);
      world.user.homeMethods.push(method);
      progress.registered.push({ tenantKey: world.user.homeTenant, method });
      return;
    }
    case 'home-mfa':
      progress.homeMfaMethod = step.method;
      return;
    case 'tenant-register': {
      const method = newAuthenticatorEntry(world, now);
      tenant.guest?.methods.push(method);
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
export function sessionFromSignIn(world: World, progress: SignInProgress, id: string): Session {
  const defaultMethod = world.user.homeMethods.find(isMfaMethod) ?? null;
  return {
    id,
    mfa: progress.homeMfaMethod !== null,
    method: progress.homeMfaMethod ?? defaultMethod,
    tenantMfa: new Set(progress.tenantMfaDone ? [progress.tenantKey] : []),
  };
}
