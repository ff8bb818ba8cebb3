/**
 * What the running emulator remembers: the scenario's mutable copy (the "world"), sign-in sessions and the
 * refresh tokens that point at them, authorization codes, sign-ins in progress, and how often each fault has
 * fired. Also the lookups every endpoint needs: tenant by path segment, the home users, a user as a tenant
 * sees them. Sessions, and so refresh tokens and codes, belong to one user each.
 */
import { stableGuid } from './ids';
import type { ErrorUriStyle } from './errors';
import type { PolicyKind, Session, SignInProgress, World } from './model';
import {
  findUser,
  scenarioUsers,
  type FaultEndpoint,
  type Scenario,
  type ScenarioFault,
  type ScenarioTenant,
  type ScenarioUser,
} from './scenario';
import type { ScopeRequest } from './scopes';
import { objectIdIn, type Subject } from './tokens';

export interface TenantRef {
  key: string;
  tenant: ScenarioTenant;
  /** Position in the scenario; chooses the error-description layout. */
  index: number;
}

/** An interactive sign-in between the authorize request and the form post back to the client. */
export interface SignInFlow {
  id: string;
  /** The account signing in; null until the person picks one on the account page. */
  user: ScenarioUser | null;
  /** The authority was `organizations` or `common`: the tenant is the chosen user's home. */
  tenantFromAccount: boolean;
  progress: SignInProgress;
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  scopeParam: string;
  scope: ScopeRequest;
  correlationId: string | undefined;
}

export interface CodeGrant {
  sessionId: string;
  tenantKey: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  expiresAt: number;
  used: boolean;
}

export interface RefreshGrant {
  sessionId: string;
  clientId: string;
}

const SPECIAL_TENANTS = new Set(['common', 'organizations', 'consumers']);

function initialDomainSlug(key: string, id: string): string {
  const slug = key
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 27);
  return slug.length >= 3 ? slug : `tenant${id.replace(/-/g, '').slice(0, 8).toLowerCase()}`;
}

export class EmulatorState {
  readonly world: World;
  readonly sessions = new Map<string, Session>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly codes = new Map<string, CodeGrant>();
  readonly flows = new Map<string, SignInFlow>();
  private readonly keysByIdOrDomain = new Map<string, string>();
  private readonly initialDomains = new Map<string, string>();
  private readonly indexes = new Map<string, number>();
  private readonly faultUse = new Map<ScenarioFault, number>();
  /** Answers a `hold` fault keeps back, per tenant key, until `release`. */
  private readonly held = new Map<string, Set<() => void>>();

  constructor(scenario: Scenario) {
    this.world = structuredClone(scenario);
    Object.entries(this.world.tenants).forEach(([key, tenant], index) => {
      this.indexes.set(key, index);
      this.keysByIdOrDomain.set(tenant.id.toLowerCase(), key);
      this.keysByIdOrDomain.set(tenant.defaultDomain.toLowerCase(), key);
    });
    for (const [key, tenant] of Object.entries(this.world.tenants)) {
      let initial = `${initialDomainSlug(key, tenant.id)}.onmicrosoft.com`;
      if (this.keysByIdOrDomain.has(initial)) initial = `${initialDomainSlug('', tenant.id)}.onmicrosoft.com`;
      this.initialDomains.set(key, initial);
      this.keysByIdOrDomain.set(initial, key);
    }
  }

  tenant(key: string): TenantRef {
    const tenant = this.world.tenants[key];
    if (!tenant) throw new Error(`The scenario has no tenant "${key}"`);
    return { key, tenant, index: this.indexes.get(key) ?? 0 };
  }

  /** The home users, the default one first (the live objects: a home registration changes them). */
  users(): ScenarioUser[] {
    return scenarioUsers(this.world);
  }

  /** The default user: the scenario's `user`, or `users[0]`. */
  defaultUser(): ScenarioUser {
    const user = this.users()[0];
    if (!user) throw new Error('The scenario has no user');
    return user;
  }

  /** The user with this upn (case-insensitive), or null. */
  userByUpn(upn: string): ScenarioUser | null {
    return findUser(this.world, upn);
  }

  /** The user whose object id in tenant `tenantId` is `oid` (how ARM and Graph know the caller), or null. */
  userByObjectId(tenantId: string, oid: string): ScenarioUser | null {
    return this.users().find((user) => objectIdIn(tenantId, user.upn) === oid.toLowerCase()) ?? null;
  }

  /** The user a session belongs to. */
  userOfSession(sessionId: string): ScenarioUser | null {
    const session = this.sessions.get(sessionId);
    return session ? this.userByUpn(session.upn) : null;
  }

  /** A user's home tenant (the default user's when none is given). */
  home(user: ScenarioUser = this.defaultUser()): TenantRef {
    return this.tenant(user.homeTenant);
  }

  /** Whether `key` is some user's home tenant. */
  isHomeOfAnyone(key: string): boolean {
    return this.users().some((user) => user.homeTenant === key);
  }

  /**
   * The tenant a path segment names: its id, any of its domains, or `common` / `organizations` (which mean
   * the home tenant of `user`, by default of the default user). Null for a tenant the scenario does not know.
   */
  resolveTenant(segment: string, user?: ScenarioUser | null): TenantRef | null {
    const lower = segment.toLowerCase();
    if (SPECIAL_TENANTS.has(lower)) return this.home(user ?? undefined);
    const key = this.keysByIdOrDomain.get(lower);
    return key === undefined ? null : this.tenant(key);
  }

  /** Every domain of a tenant, default first (the scenario names one; the `onmicrosoft.com` one is derived). */
  domainsOf(key: string): string[] {
    const tenant = this.tenant(key).tenant;
    const initial = this.initialDomains.get(key);
    return initial ? [tenant.defaultDomain, initial] : [tenant.defaultDomain];
  }

  tenantKeyById(tenantId: string): string | null {
    const key = this.keysByIdOrDomain.get(tenantId.toLowerCase());
    return key ?? null;
  }

  /** `user` as tenant `key` sees them (`tid`, per-tenant `oid`, the home identity). */
  subjectIn(key: string, user: ScenarioUser): Subject {
    const home = this.home(user).tenant;
    const tenant = this.tenant(key).tenant;
    return {
      upn: user.upn,
      displayName: user.displayName,
      homeTenantId: home.id,
      homeOid: objectIdIn(home.id, user.upn),
      tenantId: tenant.id,
      oid: objectIdIn(tenant.id, user.upn),
    };
  }

  /**
   * The id of a tenant's Conditional Access policy of a kind, as claims challenges name it: the scenario's
   * `policy.policyIds`, or a stable made-up one (the MFA policy keeps the id earlier versions used).
   */
  policyIdOf(key: string, kind: PolicyKind = 'requireMfa'): string {
    const tenant = this.tenant(key).tenant;
    const given = tenant.policy.policyIds?.[kind];
    if (given) return given;
    return kind === 'requireMfa' ? stableGuid('ca-policy', tenant.id) : stableGuid('ca-policy', tenant.id, kind);
  }

  /**
   * The `error_uri` of a tenant's errors: login.microsoftonline.com, login.microsoft.com or none, by position
   * in the file (every third), so that clients meet all three; with the separator alternating every second
   * tenant, six tenants cover every combination.
   */
  errorUriFor(key: string | null): ErrorUriStyle {
    if (key === null) return 'login.microsoftonline.com';
    const index = this.indexes.get(key) ?? 0;
    return (['login.microsoftonline.com', 'login.microsoft.com', 'none'] as const)[index % 3]!;
  }

  /** Entra writes `error_description` with CRLF or with spaces; even tenants get CRLF, odd ones spaces. */
  separatorFor(key: string | null): '\r\n' | ' ' {
    if (key === null) return '\r\n';
    return (this.indexes.get(key) ?? 0) % 2 === 0 ? '\r\n' : ' ';
  }

  latencyFor(key: string | null): number {
    const tenant = key === null ? undefined : this.world.tenants[key];
    return tenant?.latencyMs ?? this.world.latencyMs;
  }

  /**
   * The fault to apply to this request, if any: the first fault of the tenant for this endpoint that has not
   * used up its `times`. Counts the use.
   */
  takeFault(key: string | null, endpoint: FaultEndpoint): ScenarioFault | null {
    if (key === null) return null;
    const tenant = this.world.tenants[key];
    if (!tenant) return null;
    for (const fault of tenant.faults) {
      if (fault.endpoint !== endpoint) continue;
      const used = this.faultUse.get(fault) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      this.faultUse.set(fault, used + 1);
      return fault;
    }
    return null;
  }

  /** Resolves when `release(key)` is called: how a `hold` fault keeps an answer back. */
  waitForRelease(key: string): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.held.get(key) ?? new Set<() => void>();
      waiting.add(resolve);
      this.held.set(key, waiting);
    });
  }

  /** How many answers a `hold` fault keeps back for this tenant now. */
  heldCount(key: string): number {
    return this.held.get(key)?.size ?? 0;
  }

  /**
   * Lets the answers a `hold` fault keeps back for this tenant go on, and drops its `hold` faults not yet taken
   * (a test that releases has seen what it waited for; a later request must not be held). How many were waiting.
   */
  release(key: string): number {
    const tenant = this.world.tenants[key];
    if (tenant) {
      for (let i = tenant.faults.length - 1; i >= 0; i--) {
        if (tenant.faults[i]!.kind === 'hold') tenant.faults.splice(i, 1);
      }
    }
    const waiting = [...(this.held.get(key) ?? [])];
    this.held.delete(key);
    for (const resolve of waiting) resolve();
    return waiting.length;
  }
}
