/**
 * Microsoft Graph v1.0 as a resource tenant's administrator reads it about the tenant's guests (partner-admin
 * mode): the cross-tenant access policy's default and partner configurations (read and write), the guest users
 * with their identities, userRegistrationDetails, the sign-in logs and findTenantInformationByTenantId. Shapes
 * and refusals follow Microsoft's API pages; docs/entra.md ("Partner-admin mode") traces each rule to its page.
 *
 * The scenario's `resourceAdmin` on the admin's home tenant holds the data (admin-scenario.ts); the default's
 * inbound trust is that tenant's `inboundTrust`. Writes change the running emulator's world, so a re-read shows
 * them. A PATCH of the default changes that `inboundTrust`, which the guest-side sign-in model reads too; partner
 * entries are read only here (the guest-side model knows one effective trust per tenant).
 */
import type { ExternalGuest, ResourceAdmin } from './admin-scenario';
import { graphError } from './errors';
import { headerValue, jsonAnswer, type Answer, type Exchange, type Route, type Services } from './exchange';
import { CONSUMERS_TENANT_ID, stableGuid } from './ids';
import type { ScenarioTenant } from './scenario';
import { verifyAccessToken } from './tokens';

const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
const POLICY_ROOT = '/policies/crossTenantAccessPolicy';

type AdminEndpoint =
  | { kind: 'default' }
  | { kind: 'partners' }
  | { kind: 'partner'; tenantId: string }
  | { kind: 'users' }
  | { kind: 'userMethods'; userId: string }
  | { kind: 'registrations' }
  | { kind: 'signIns' }
  | { kind: 'tenantInformation'; tenantId: string; byDomain?: boolean };

/** Whether this Graph path is one of the admin resources (graph.ts hands those here). */
export function adminEndpoint(path: string): AdminEndpoint | null {
  const match = /^\/v1\.0(\/.*?)\/?$/i.exec(path);
  const rest = match?.[1];
  if (!rest) return null;
  const lower = rest.toLowerCase();
  if (lower === `${POLICY_ROOT.toLowerCase()}/default`) return { kind: 'default' };
  if (lower === `${POLICY_ROOT.toLowerCase()}/partners`) return { kind: 'partners' };
  const partner = /^\/policies\/crossTenantAccessPolicy\/partners\/([^/]+)$/i.exec(rest);
  if (partner) return { kind: 'partner', tenantId: decodeURIComponent(partner[1]!).toLowerCase() };
  if (lower === '/users') return { kind: 'users' };
  const methods = /^\/users\/([^/]+)\/authentication\/methods$/i.exec(rest);
  if (methods) return { kind: 'userMethods', userId: decodeURIComponent(methods[1]!).toLowerCase() };
  if (lower === '/reports/authenticationmethods/userregistrationdetails') return { kind: 'registrations' };
  if (lower === '/auditlogs/signins') return { kind: 'signIns' };
  const info = /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']*)'\)$/i.exec(
    decodeURIComponent(rest),
  );
  if (info) return { kind: 'tenantInformation', tenantId: info[1]!.toLowerCase() };
  const byDomain = /^\/tenantRelationships\/findTenantInformationByDomainName\(domainName='([^']*)'\)$/i.exec(
    decodeURIComponent(rest),
  );
  if (byDomain) return { kind: 'tenantInformation', tenantId: byDomain[1]!.toLowerCase(), byDomain: true };
  return null;
}

/** Roles that may read the cross-tenant access policy (crosstenantaccesspolicy-get.md: Security Reader least). */
const POLICY_READ_ROLES = ['globalAdministrator', 'securityAdministrator', 'globalReader', 'securityReader'];
/** Roles that may change it (crosstenantaccesspolicyconfigurationpartner-update.md: Security Administrator). */
const POLICY_WRITE_ROLES = ['globalAdministrator', 'securityAdministrator'];
/**
 * Roles that may read another user's authentication methods (authentication-list-methods.md; likely: Global
 * Reader and the authentication administrator roles, which the scenario has no name for).
 */
const METHODS_ROLES = ['globalAdministrator', 'globalReader'];
/** Roles that may read sign-in logs and registration details (signin-list.md: Reports Reader least). */
const REPORT_ROLES = [
  'globalAdministrator',
  'securityAdministrator',
  'globalReader',
  'securityReader',
  'reportsReader',
];

export function routeAdminGraph(services: Services, exchange: Exchange, endpoint: AdminEndpoint): Route {
  const tenantKey = null;
  return {
    endpoint: 'admin',
    tenantKey,
    run: () => answerAdmin(services, exchange, endpoint),
  };
}

interface Caller {
  tenant: ScenarioTenant;
  admin: ResourceAdmin;
  scopes: Set<string>;
  role: string;
}

async function answerAdmin(services: Services, exchange: Exchange, endpoint: AdminEndpoint): Promise<Answer> {
  const now = services.now();
  const clientRequestId = headerValue(exchange, 'client-request-id');
  const error = (status: number, code: string, message: string): Answer =>
    jsonAnswer(status, graphError(code, message, now, clientRequestId));
  const verified = await verifyAccessToken(services.key, headerValue(exchange, 'authorization'), GRAPH_AUDIENCES);
  if (!verified.ok) return error(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
  const tid = String(verified.claims.tid ?? '');
  const key = services.state.tenantKeyById(tid);
  const user = services.state.userByObjectId(tid, String(verified.claims.oid ?? ''));
  if (key === null || !user) return error(401, 'InvalidAuthenticationToken', 'The token names no user of this tenant.');
  const tenant = services.state.tenant(key).tenant;
  // A guest's token (or a tenant without admin data) reads nothing here: guests have no directory role.
  const admin = user.homeTenant === key ? tenant.resourceAdmin : undefined;
  const withheld = new Set((admin?.withheldScopes ?? []).map((scope) => scope.toLowerCase()));
  const scopes = new Set(
    String(verified.claims.scp ?? '')
      .toLowerCase()
      .split(' ')
      .filter((scope) => scope && !withheld.has(scope)),
  );
  const caller: Caller = {
    tenant,
    admin: admin ?? { adminRole: 'none', withheldScopes: [], partners: [], externalGuests: [], pageSize: 100 },
    scopes,
    role: admin?.adminRole ?? 'none',
  };
  const denied = (): Answer =>
    error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const allowed = (anyScope: string[], roles: string[] | null): boolean =>
    anyScope.some((scope) => caller.scopes.has(scope.toLowerCase())) && (roles === null || roles.includes(caller.role));
  const noLicence = (): Answer =>
    error(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  const policyRead = ['Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'];
  const policyWrite = ['Policy.ReadWrite.CrossTenantAccess'];
  const method = exchange.method.toUpperCase();

  switch (endpoint.kind) {
    case 'default': {
      if (method === 'GET') {
        if (!allowed(policyRead, POLICY_READ_ROLES)) return denied();
        return jsonAnswer(200, defaultResource(services, tid, caller));
      }
      if (method !== 'PATCH') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(policyWrite, POLICY_WRITE_ROLES)) return denied();
      const trust = readTrustPatch(exchange.body);
      if (trust === 'invalid') return error(400, 'Request_BadRequest', 'The request body is not valid.');
      if (trust) {
        tenant.inboundTrust = {
          mfa: trust.isMfaAccepted ?? tenant.inboundTrust.mfa,
          compliantDevice: trust.isCompliantDeviceAccepted ?? tenant.inboundTrust.compliantDevice,
          hybridJoinedDevice: trust.isHybridAzureADJoinedDeviceAccepted ?? tenant.inboundTrust.hybridJoinedDevice,
        };
      }
      return { status: 204, headers: {}, body: '' };
    }
    case 'partners': {
      if (method === 'GET') {
        if (!allowed(policyRead, POLICY_READ_ROLES)) return denied();
        const value = caller.admin.partners.map((partner) => partnerResource(services, partner));
        return jsonAnswer(200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/partners',
          value,
        });
      }
      if (method !== 'POST') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(policyWrite, POLICY_WRITE_ROLES) || !admin) return denied();
      const body = parseJson(exchange.body);
      const partnerId = typeof body?.tenantId === 'string' ? body.tenantId.toLowerCase() : '';
      const partnerKey = services.state.tenantKeyById(partnerId);
      if (!partnerKey)
        return error(400, 'Request_BadRequest', 'tenantId must name an existing Microsoft Entra tenant.');
      if (admin.partners.some((partner) => partner.tenant === partnerKey)) {
        return error(409, 'Request_MultipleObjectsWithSameKeyValue', 'A configuration for this partner exists.');
      }
      const trust = readTrustPatch(JSON.stringify({ inboundTrust: body?.inboundTrust ?? null }));
      if (trust === 'invalid') return error(400, 'Request_BadRequest', 'The request body is not valid.');
      const created = { tenant: partnerKey, inboundTrust: trust };
      admin.partners.push(created);
      return jsonAnswer(201, partnerResource(services, created));
    }
    case 'partner': {
      const partner = caller.admin.partners.find(
        (p) => services.state.tenant(p.tenant).tenant.id.toLowerCase() === endpoint.tenantId,
      );
      if (method === 'GET') {
        if (!allowed(policyRead, POLICY_READ_ROLES)) return denied();
        if (!partner)
          return error(404, 'Request_ResourceNotFound', `No partner configuration for '${endpoint.tenantId}'.`);
        return jsonAnswer(200, partnerResource(services, partner));
      }
      if (method !== 'PATCH') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(policyWrite, POLICY_WRITE_ROLES)) return denied();
      if (!partner)
        return error(404, 'Request_ResourceNotFound', `No partner configuration for '${endpoint.tenantId}'.`);
      const trust = readTrustPatch(exchange.body);
      if (trust === 'invalid') return error(400, 'Request_BadRequest', 'The request body is not valid.');
      if (trust) {
        const before = partner.inboundTrust;
        partner.inboundTrust = {
          isMfaAccepted: trust.isMfaAccepted ?? before?.isMfaAccepted ?? null,
          isCompliantDeviceAccepted: trust.isCompliantDeviceAccepted ?? before?.isCompliantDeviceAccepted ?? null,
          isHybridAzureADJoinedDeviceAccepted:
            trust.isHybridAzureADJoinedDeviceAccepted ?? before?.isHybridAzureADJoinedDeviceAccepted ?? null,
        };
      }
      return { status: 204, headers: {}, body: '' };
    }
    case 'users': {
      if (method !== 'GET') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'], null)) return denied();
      const filter = exchange.query.get('$filter');
      if (filter !== null && !/^\s*userType\s+eq\s+'Guest'\s*$/i.test(filter)) {
        return error(400, 'Request_UnsupportedQuery', "The emulator filters users by userType eq 'Guest' only.");
      }
      const guests = caller.admin.externalGuests.map((guest, index) => userResource(tid, caller.tenant, guest, index));
      return page(exchange, caller.admin.pageSize, guests, 'users');
    }
    case 'userMethods': {
      if (method !== 'GET') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'], METHODS_ROLES)) {
        return denied();
      }
      const index = caller.admin.externalGuests.findIndex((_, i) => guestId(tid, i) === endpoint.userId);
      const guest = caller.admin.externalGuests[index];
      if (!guest) return error(404, 'Request_ResourceNotFound', `Resource '${endpoint.userId}' does not exist.`);
      return jsonAnswer(200, {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${endpoint.userId}')/authentication/methods`,
        value: [
          {
            '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
            id: '28c10230-6103-485e-b985-444c60001490',
            password: null,
          },
          ...guest.methodsRegistered.flatMap((name, i) =>
            methodResource(name, stableGuid('admin-method', tid, String(index), String(i))),
          ),
        ],
      });
    }
    case 'registrations': {
      if (method !== 'GET') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(['AuditLog.Read.All'], REPORT_ROLES)) return denied();
      if (tenant.license === 'free') return noLicence();
      const value = caller.admin.externalGuests.map((guest, index) =>
        registrationResource(tid, caller.tenant, guest, index, now),
      );
      return page(exchange, caller.admin.pageSize, value, 'reports/authenticationMethods/userRegistrationDetails');
    }
    case 'signIns': {
      if (method !== 'GET') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(['AuditLog.Read.All'], REPORT_ROLES)) return denied();
      if (tenant.license === 'free') return noLicence();
      const filter = exchange.query.get('$filter');
      let since = Number.NEGATIVE_INFINITY;
      if (filter !== null) {
        const match = /^\s*createdDateTime\s+ge\s+(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\s*$/i.exec(filter);
        if (!match)
          return error(400, 'Request_UnsupportedQuery', 'The emulator filters sign-ins by createdDateTime ge only.');
        since = Date.parse(match[1]!);
      }
      const value = signInResources(services, tid, caller, now).filter(
        (signIn) => Date.parse(String(signIn.createdDateTime)) >= since,
      );
      return page(exchange, caller.admin.pageSize, value, 'auditLogs/signIns');
    }
    case 'tenantInformation': {
      if (method !== 'GET') return error(405, 'Request_BadRequest', 'The method is not allowed here.');
      if (!allowed(['CrossTenantInformation.ReadBasic.All'], null)) return denied();
      const infoKey = services.state.tenantKeyById(endpoint.tenantId);
      const known = infoKey ? services.state.tenant(infoKey).tenant : null;
      const matches = endpoint.byDomain
        ? known?.defaultDomain.toLowerCase() === endpoint.tenantId
        : known?.id.toLowerCase() === endpoint.tenantId;
      if (!infoKey || !matches) {
        return error(404, 'Request_ResourceNotFound', `Tenant '${endpoint.tenantId}' was not found.`);
      }
      const info = services.state.tenant(infoKey).tenant;
      return jsonAnswer(200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.tenantInformation',
        tenantId: info.id,
        federationBrandName: null,
        displayName: info.displayName,
        defaultDomainName: info.defaultDomain,
      });
    }
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

type TrustValues = NonNullable<ResourceAdmin['partners'][number]['inboundTrust']>;
const TRUST_KEYS = ['isMfaAccepted', 'isCompliantDeviceAccepted', 'isHybridAzureADJoinedDeviceAccepted'] as const;

/** The `inboundTrust` of a PATCH body: null when absent, 'invalid' for a wrong shape. */
function readTrustPatch(body: string): TrustValues | null | 'invalid' {
  const parsed = parseJson(body);
  if (!parsed) return 'invalid';
  const trust = parsed.inboundTrust;
  if (trust === undefined || trust === null) return null;
  if (typeof trust !== 'object' || Array.isArray(trust)) return 'invalid';
  const out: TrustValues = {
    isMfaAccepted: null,
    isCompliantDeviceAccepted: null,
    isHybridAzureADJoinedDeviceAccepted: null,
  };
  for (const [name, value] of Object.entries(trust as Record<string, unknown>)) {
    if (!(TRUST_KEYS as readonly string[]).includes(name)) return 'invalid';
    if (value !== null && typeof value !== 'boolean') return 'invalid';
    out[name as (typeof TRUST_KEYS)[number]] = value;
  }
  return out;
}

function defaultResource(services: Services, tid: string, caller: Caller): Record<string, unknown> {
  const trust = caller.tenant.inboundTrust;
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/crossTenantAccessPolicy/default/$entity',
    isServiceDefault: !trust.mfa && !trust.compliantDevice && !trust.hybridJoinedDevice,
    inboundTrust: {
      isMfaAccepted: trust.mfa,
      isCompliantDeviceAccepted: trust.compliantDevice,
      isHybridAzureADJoinedDeviceAccepted: trust.hybridJoinedDevice,
    },
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
    automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    invitationRedemptionIdentityProviderConfiguration: null,
    tenantRestrictions: null,
  };
}

function partnerResource(services: Services, partner: ResourceAdmin['partners'][number]): Record<string, unknown> {
  return {
    tenantId: services.state.tenant(partner.tenant).tenant.id,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    inboundTrust: partner.inboundTrust,
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
    tenantRestrictions: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
  };
}

function guestId(tid: string, index: number): string {
  return stableGuid('admin-guest', tid, String(index));
}

function guestUpn(tenant: ScenarioTenant, guest: ExternalGuest): string {
  return `${guest.mail.replace('@', '_')}#EXT#@${tenant.defaultDomain}`;
}

function userResource(
  tid: string,
  tenant: ScenarioTenant,
  guest: ExternalGuest,
  index: number,
): Record<string, unknown> {
  return {
    id: guestId(tid, index),
    displayName: guest.displayName,
    mail: guest.mail,
    userPrincipalName: guestUpn(tenant, guest),
    userType: 'Guest',
    externalUserState: guest.externalUserState,
    externalUserStateChangeDateTime: null,
    identities: [
      {
        signInType: guest.issuer === 'mail' ? 'emailAddress' : 'federated',
        issuer: guest.issuer,
        issuerAssignedId: guest.issuer === 'mail' ? guest.mail : null,
      },
      { signInType: 'userPrincipalName', issuer: tenant.defaultDomain, issuerAssignedId: guestUpn(tenant, guest) },
    ],
  };
}

function registrationResource(
  tid: string,
  tenant: ScenarioTenant,
  guest: ExternalGuest,
  index: number,
  now: Date,
): Record<string, unknown> {
  const methods = guest.methodsRegistered;
  const mfa = methods.some((method) => method !== 'email' && method !== 'securityQuestion');
  return {
    id: guestId(tid, index),
    userPrincipalName: guestUpn(tenant, guest),
    userDisplayName: guest.displayName,
    userType: 'guest',
    isAdmin: false,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered: mfa,
    isMfaCapable: mfa,
    isPasswordlessCapable: false,
    methodsRegistered: methods,
    isSystemPreferredAuthenticationMethodEnabled: false,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: mfa ? 'push' : '',
    lastUpdatedDateTime: new Date(now.getTime() - 86_400_000).toISOString(),
  };
}

/** Each guest's scenario sign-ins, one a day back from now, as signIn resources; newest first. */
function signInResources(services: Services, tid: string, caller: Caller, now: Date): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  caller.admin.externalGuests.forEach((guest, index) => {
    // A personal Microsoft account's home is the consumers tenant (shared/identifiers.ts); a one-time passcode
    // guest has no home directory (likely: the log then names this tenant and no cross-tenant access).
    const homeTenantId = guest.homeTenant
      ? services.state.tenant(guest.homeTenant).tenant.id
      : guest.issuer === 'MicrosoftAccount'
        ? CONSUMERS_TENANT_ID
        : null;
    guest.signIns.forEach((kind, day) => {
      const at = new Date(now.getTime() - (day * 24 + index + 1) * 3_600_000).toISOString();
      const primary = {
        authenticationStepDateTime: at,
        authenticationMethod: 'Password',
        authenticationMethodDetail: 'Password in the cloud',
        succeeded: true,
        authenticationStepResultDetail:
          kind === 'claim' ? 'MFA requirement satisfied by claim in the token' : 'Correct password',
        authenticationStepRequirement: 'Primary authentication',
      };
      const second = {
        authenticationStepDateTime: at,
        authenticationMethod: 'Mobile app notification',
        authenticationMethodDetail: null,
        succeeded: true,
        authenticationStepResultDetail: 'MFA successfully completed',
        authenticationStepRequirement: 'Multifactor authentication',
      };
      out.push({
        id: stableGuid('admin-sign-in', tid, String(index), String(day)),
        createdDateTime: at,
        userDisplayName: guest.displayName,
        userPrincipalName: guestUpn(caller.tenant, guest),
        userId: guestId(tid, index),
        userType: 'guest',
        appDisplayName: 'Microsoft Teams',
        crossTenantAccessType: homeTenantId ? 'b2bCollaboration' : 'none',
        homeTenantId: homeTenantId ?? tid,
        resourceTenantId: tid,
        authenticationRequirement: kind === 'singleFactor' ? 'singleFactorAuthentication' : 'multiFactorAuthentication',
        authenticationDetails: kind === 'here' ? [primary, second] : [primary],
        status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
      });
    });
  });
  return out.sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)));
}

/** One page of a collection: `$top` (or the scenario's page size) items from `$skiptoken`, with `@odata.nextLink`. */
function page(exchange: Exchange, pageSize: number, items: Record<string, unknown>[], collection: string): Answer {
  const top = Number(exchange.query.get('$top') ?? pageSize);
  const size = Number.isInteger(top) && top > 0 ? Math.min(top, pageSize) : pageSize;
  const skip = Number(exchange.query.get('$skiptoken') ?? 0);
  const start = Number.isInteger(skip) && skip >= 0 ? skip : 0;
  const body: Record<string, unknown> = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${collection}`,
    value: items.slice(start, start + size),
  };
  if (start + size < items.length) {
    const next = new URLSearchParams(exchange.query);
    next.set('$skiptoken', String(start + size));
    body['@odata.nextLink'] = `${exchange.origin}${exchange.path}?${next.toString()}`;
  }
  return jsonAnswer(200, body);
}

/** A userRegistrationDetails method name as the authentication method resource it stands for (none for others). */
function methodResource(name: string, id: string): Record<string, unknown>[] {
  switch (name) {
    case 'microsoftAuthenticatorPush':
    case 'microsoftAuthenticatorPasswordless':
      return [
        {
          '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
          id,
          displayName: 'Phone',
          deviceTag: 'SoftwareTokenActivated',
          phoneAppVersion: null,
        },
      ];
    case 'mobilePhone':
      return [
        {
          '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
          id: '3179e48a-750b-4051-897c-87b9720928f7',
          phoneNumber: '+1 5555550100',
          phoneType: 'mobile',
          smsSignInState: 'notAllowedByPolicy',
        },
      ];
    case 'softwareOneTimePasscode':
      return [{ '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id, secretKey: null }];
    case 'email':
      return [
        { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id, emailAddress: 'guest@example.invalid' },
      ];
    case 'fido2SecurityKey':
      return [
        {
          '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
          id,
          displayName: 'Security key',
          aaGuid: null,
          model: null,
        },
      ];
    default:
      return [];
  }
}
