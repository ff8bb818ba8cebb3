/**
 * The `scope` parameter of an authorize or token request, read the way Entra's v2 endpoint reads it: the
 * OpenID scopes, then one resource (Microsoft Graph or Azure Resource Manager) with either `.default` or
 * named delegated scopes. What the token then says (`aud`, `scp`, the answer's `scope`) is decided here too.
 */

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const ARM_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net/'] as const;

const OIDC = new Set(['openid', 'profile', 'offline_access', 'email']);
const METHODS_SCOPE = 'UserAuthenticationMethod.Read';

/** Microsoft's first-party public clients whose Graph permissions are pre-authorised and fixed. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const AZURE_POWERSHELL_CLIENT_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
const FIXED_SET_CLIENTS = new Set([AZURE_CLI_CLIENT_ID, AZURE_POWERSHELL_CLIENT_ID]);

/**
 * The Graph `.default` set of the Azure CLI (and, as the evidence reads it, Azure PowerShell) client: fixed,
 * with no `UserAuthenticationMethod.*` (TokenTacticsV2's per-client scope listing in public write-ups; the
 * methods API accepts only UserAuthenticationMethod.Read/ReadWrite on self:
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/authentication-list-methods.md).
 */
export const FIXED_GRAPH_SCOPES = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'AuditLog.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Directory.AccessAsUser.All',
  'Group.ReadWrite.All',
  'User.Read.All',
  'User.ReadWrite.All',
];

/**
 * What the partner-admin mode asks for by name in the admin's own tenant (docs/admin.md). The tenant's consent
 * is the scenario's (`resourceAdmin.withheldScopes`, answered in admin-graph.ts).
 */
export const ADMIN_GRAPH_SCOPES = [
  'Policy.Read.All',
  'AuditLog.Read.All',
  'UserAuthenticationMethod.Read.All',
  'User.Read.All',
  'CrossTenantInformation.ReadBasic.All',
  'Policy.ReadWrite.CrossTenantAccess',
];
/**
 * Graph scopes an own app (or Graph CLI Tools) may get by name; anything else has no consent. An own app's
 * registration may also carry `CrossTenantInformation.ReadBasic.All` (delegated, for naming a tenant by domain:
 * graph-tenant-information.ts); the Azure CLI's fixed set does not (docs/entra.md).
 */
const OWN_APP_GRAPH_SCOPES = ['User.Read', METHODS_SCOPE, ...ADMIN_GRAPH_SCOPES];
/** Scope names the parser knows (canonical casing). */
const KNOWN_GRAPH_SCOPES = [...new Set([...OWN_APP_GRAPH_SCOPES, ...FIXED_GRAPH_SCOPES])];

export function hasFixedGraphScopes(clientId: string): boolean {
  return FIXED_SET_CLIENTS.has(clientId.toLowerCase());
}

export type ScopeProblem =
  | { kind: 'several-resources'; resources: string[] }
  | { kind: 'unknown-resource'; resource: string }
  | { kind: 'not-consented'; scope: string }
  | { kind: 'first-party-not-preauthorized'; scope: string };

export interface ScopeRequest {
  /** OpenID scopes asked for (`openid`, `profile`, `offline_access`, `email`). */
  oidc: Set<string>;
  resource: 'graph' | 'arm';
  /** The `aud` the access token gets. */
  audience: string;
  /** The resource prefix as the client wrote it (`https://graph.microsoft.com/`, …), '' for bare Graph scopes. */
  prefix: string;
  isDefault: boolean;
  /** Named Graph scopes in canonical casing (empty for `.default` and ARM). */
  named: string[];
  /** Named scopes as the client wrote them, for the answer's `scope`. */
  namedAsWritten: string[];
  wantsMethodsScope: boolean;
  /** No resource scope was asked: Entra issues a Graph `User.Read` token for the sign-in. */
  implicit: boolean;
}

interface ResourceScope {
  resource: 'graph' | 'arm';
  audience: string;
  prefix: string;
  value: string;
  written: string;
}

function splitResourceScope(scope: string): ResourceScope | { unknown: string } {
  const lower = scope.toLowerCase();
  for (const prefix of [`${GRAPH_AUDIENCE}/`, `${GRAPH_APP_ID}/`]) {
    if (lower.startsWith(prefix)) {
      return { resource: 'graph', audience: GRAPH_AUDIENCE, prefix, value: scope.slice(prefix.length), written: scope };
    }
  }
  for (const audience of ARM_AUDIENCES) {
    const base = audience.endsWith('/') ? audience : `${audience}/`;
    // `https://management.core.windows.net//.default` keeps the resource's own trailing slash.
    for (const prefix of [`${base}/`, base, `${ARM_APP_ID}/`]) {
      if (lower.startsWith(prefix)) {
        return { resource: 'arm', audience, prefix, value: scope.slice(prefix.length), written: scope };
      }
    }
  }
  if (!scope.includes('/') && !scope.includes(':')) {
    // A bare scope name means Microsoft Graph on the v2 endpoint.
    return { resource: 'graph', audience: GRAPH_AUDIENCE, prefix: '', value: scope, written: scope };
  }
  const slash = scope.lastIndexOf('/');
  return { unknown: slash > 0 ? scope.slice(0, slash) : scope };
}

/**
 * Reads a space-separated scope parameter. Without a resource scope the token is for Graph `User.Read`, as
 * Entra does for a sign-in that only asks for OpenID scopes.
 */
export function parseScopes(scopeParam: string): ScopeRequest | ScopeProblem {
  const scopes = scopeParam.split(/\s+/).filter(Boolean);
  const oidc = new Set<string>();
  const resourceScopes: ResourceScope[] = [];
  for (const scope of scopes) {
    if (OIDC.has(scope.toLowerCase())) {
      oidc.add(scope.toLowerCase());
      continue;
    }
    const parsed = splitResourceScope(scope);
    if ('unknown' in parsed) return { kind: 'unknown-resource', resource: parsed.unknown };
    resourceScopes.push(parsed);
  }
  const resources = [...new Set(resourceScopes.map((scope) => scope.audience))];
  if (resources.length > 1) return { kind: 'several-resources', resources };

  const first = resourceScopes[0];
  if (!first) {
    return {
      oidc,
      resource: 'graph',
      audience: GRAPH_AUDIENCE,
      prefix: '',
      isDefault: false,
      named: ['User.Read'],
      namedAsWritten: ['User.Read'],
      wantsMethodsScope: false,
      implicit: true,
    };
  }
  const isDefault = resourceScopes.some((scope) => scope.value.toLowerCase() === '.default');
  const named: string[] = [];
  const namedAsWritten: string[] = [];
  if (!isDefault) {
    for (const scope of resourceScopes) {
      if (first.resource === 'arm') {
        if (scope.value.toLowerCase() !== 'user_impersonation') return { kind: 'not-consented', scope: scope.written };
        named.push('user_impersonation');
      } else {
        const known = KNOWN_GRAPH_SCOPES.find((name) => name.toLowerCase() === scope.value.toLowerCase());
        if (!known) return { kind: 'not-consented', scope: scope.written };
        named.push(known);
      }
      namedAsWritten.push(scope.written);
    }
  }
  return {
    oidc,
    resource: first.resource,
    audience: first.audience,
    prefix: first.prefix,
    isDefault,
    named,
    namedAsWritten,
    wantsMethodsScope: named.includes(METHODS_SCOPE),
    implicit: false,
  };
}

/** The resource's application id, as Entra's error messages quote it. */
export function resourceAppId(request: ScopeRequest): string {
  return request.resource === 'graph' ? GRAPH_APP_ID : ARM_APP_ID;
}

/**
 * Named scopes a client may ask for. The fixed-set clients get only their pre-authorised set; asking another
 * Graph scope by name is AADSTS65002 for them (https://github.com/Azure-Samples/DSRegTool/issues/1 ,
 * https://github.com/cljung/AzureAD-B2C-scripts/issues/1). Own apps may name their two scopes.
 */
export function clientScopeProblem(request: ScopeRequest, clientId: string): ScopeProblem | null {
  if (request.resource !== 'graph' || request.isDefault || request.implicit) return null;
  const allowed = hasFixedGraphScopes(clientId) ? FIXED_GRAPH_SCOPES : OWN_APP_GRAPH_SCOPES;
  const index = request.named.findIndex((scope) => !allowed.includes(scope));
  if (index < 0) return null;
  const scope = request.namedAsWritten[index] ?? request.named[index]!;
  return hasFixedGraphScopes(clientId)
    ? { kind: 'first-party-not-preauthorized', scope }
    : { kind: 'not-consented', scope };
}

/**
 * The delegated permissions the token carries (`scp`), keyed on the client: Azure CLI / Azure PowerShell get
 * their fixed Graph set whatever the tenant; any other client's `.default` carries `User.Read` and the methods
 * scope where the tenant granted it (`graphConsent`).
 */
export function grantedScopes(request: ScopeRequest, clientId: string, methodsConsented: boolean): string[] {
  if (request.resource === 'arm') return ['user_impersonation'];
  const defaultSet = hasFixedGraphScopes(clientId)
    ? FIXED_GRAPH_SCOPES
    : ['User.Read', ...(methodsConsented ? [METHODS_SCOPE] : [])];
  const base = request.isDefault ? defaultSet : [...request.named];
  const oidc = request.oidc.has('openid') || request.oidc.has('profile') ? ['openid', 'profile', 'email'] : [];
  return [...new Set([...oidc, ...base])];
}

/** The `scope` field of the token answer, written with the prefix the client used (MSAL caches by it). */
export function answeredScope(request: ScopeRequest, scp: string[]): string {
  const oidc = scp.filter((scope) => OIDC.has(scope));
  if (request.resource === 'arm') {
    const prefix = request.prefix || 'https://management.azure.com/';
    return [`${prefix}user_impersonation`, ...(request.isDefault ? [`${prefix}.default`] : [])].join(' ');
  }
  if (request.isDefault) {
    const prefix = request.prefix || `${GRAPH_AUDIENCE}/`;
    const granted = scp.filter((scope) => !OIDC.has(scope)).map((scope) => `${prefix}${scope}`);
    return [...granted, `${prefix}.default`, ...oidc].join(' ');
  }
  return [...request.namedAsWritten, ...oidc].join(' ');
}
