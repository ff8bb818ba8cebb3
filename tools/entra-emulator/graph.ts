/**
 * Microsoft Graph, as far as the app uses it in a tenant T (with a token from T): the guest's authentication
 * methods, sponsors and the organisation, in Graph's resource shapes. Permissions follow the token's `scp`:
 * without `UserAuthenticationMethod.Read`/`.ReadWrite` the methods call is refused with 403 `accessDenied`
 * "Request Authorization failed" (https://github.com/microsoftgraph/msgraph-sdk-go/issues/441), which is what
 * the Azure CLI client's fixed `.default` set meets in every tenant, home included.
 */
import { adminEndpoint, routeAdminGraph } from './admin-graph';
import { countryOf } from './arm';
import { graphError, graphFaultBody } from './errors';
import {
  headerValue,
  jsonAnswer,
  malformedJson,
  replayedAnswer,
  type Answer,
  type Exchange,
  type Route,
  type Services,
} from './exchange';
import { stableGuid } from './ids';
import { guestOf, type ReplayGraphPath, type ScenarioMethod, type ScenarioSponsor } from './scenario';
import { peekClaims, verifyAccessToken } from './tokens';

const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
const GRAPH_ROOT = 'https://graph.microsoft.com/v1.0';
const METHODS_SCOPES = ['userauthenticationmethod.read', 'userauthenticationmethod.readwrite'];
const USER_READ_SCOPES = [
  'user.read',
  'user.readwrite',
  'user.read.all',
  'user.readwrite.all',
  'directory.read.all',
  'directory.accessasuser.all',
];
/**
 * What /organization gives a token without an organisation-wide read permission: "Applications granted the
 * User.Read permission are able to read only the id, displayName, and verifiedDomains properties … All other
 * properties will return with null values"
 * (https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/organization-get.md).
 * The view is keyed on the token's permissions, not on whether the caller is a guest. The CSDL
 * (msgraph-metadata schemas/v1.0-Prod.csdl) declares the organisation's collections non-nullable, so they come
 * as empty arrays rather than null (test/fixtures/published/graph-v1-descriptions.json).
 */
const ORGANIZATION_BASIC = new Set(['id', 'displayName', 'verifiedDomains']);
/** The permissions that page lists as reading every property of the organisation. */
const ORGANIZATION_FULL_SCOPES = [
  'organization.read.all',
  'organization.readwrite.all',
  'directory.read.all',
  'directory.readwrite.all',
];

const PHONE_METHOD_IDS: Record<string, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};
const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

type GraphEndpoint = 'methods' | 'sponsors' | 'organization';

const REPLAY_PATH: Record<GraphEndpoint, ReplayGraphPath> = {
  methods: '/me/authentication/methods',
  sponsors: '/me/sponsors',
  organization: '/organization',
};

function graphEndpoint(path: string): GraphEndpoint | null {
  const match = /^\/(?:v1\.0|beta)(\/.*?)\/?$/i.exec(path);
  switch (match?.[1]?.toLowerCase()) {
    case '/me/authentication/methods':
      return 'methods';
    case '/me/sponsors':
      return 'sponsors';
    case '/organization':
      return 'organization';
    default:
      return null;
  }
}

export function routeGraph(services: Services, exchange: Exchange): Route {
  const admin = adminEndpoint(exchange.path);
  if (admin) return routeAdminGraph(services, exchange, admin);
  const endpoint = exchange.method === 'GET' ? graphEndpoint(exchange.path) : null;
  const clientRequestId = headerValue(exchange, 'client-request-id');
  const claims = peekClaims(headerValue(exchange, 'authorization'));
  const tenantKey = typeof claims?.tid === 'string' ? services.state.tenantKeyById(claims.tid) : null;
  if (!endpoint) {
    return {
      endpoint: 'not-found',
      tenantKey,
      run: async () =>
        jsonAnswer(
          400,
          graphError(
            'BadRequest',
            `Resource not found for the segment '${exchange.path}'.`,
            services.now(),
            clientRequestId,
          ),
        ),
    };
  }
  return {
    endpoint,
    tenantKey,
    faultEndpoint: endpoint,
    faultAnswer: (status) => jsonAnswer(status, graphFaultBody(status, services.now(), clientRequestId)),
    malformedAnswer: malformedJson,
    run: () => answerGraph(services, exchange, endpoint, clientRequestId),
  };
}

async function answerGraph(
  services: Services,
  exchange: Exchange,
  endpoint: GraphEndpoint,
  clientRequestId: string | undefined,
): Promise<Answer> {
  const now = services.now();
  const verified = await verifyAccessToken(services.key, headerValue(exchange, 'authorization'), GRAPH_AUDIENCES);
  if (!verified.ok) {
    const message =
      verified.reason === 'missing'
        ? 'Access token is empty.'
        : verified.reason === 'expired'
          ? 'Lifetime validation failed, the token is expired.'
          : verified.reason === 'audience'
            ? 'Access token validation failure. Invalid audience.'
            : 'Access token validation failure.';
    return jsonAnswer(401, graphError('InvalidAuthenticationToken', message, now, clientRequestId), {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  }
  const { state } = services;
  const tid = String(verified.claims.tid ?? '');
  const key = state.tenantKeyById(tid);
  if (key === null) {
    return jsonAnswer(
      401,
      graphError('InvalidAuthenticationToken', 'The token names an unknown tenant.', now, clientRequestId),
    );
  }
  const scp = String(verified.claims.scp ?? '')
    .toLowerCase()
    .split(' ');
  const denied = (): Answer =>
    jsonAnswer(
      403,
      graphError(
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
        now,
        clientRequestId,
      ),
    );
  const tenant = state.tenant(key).tenant;
  const oid = String(verified.claims.oid ?? '');
  // The caller, by their object id in this tenant: each home account reads its own methods and sponsors.
  const user = state.userByObjectId(tid, oid);
  if (!user) {
    return jsonAnswer(
      401,
      graphError('InvalidAuthenticationToken', 'The token names no user of this tenant.', now, clientRequestId),
    );
  }
  const isHome = key === user.homeTenant;
  const guest = isHome ? undefined : guestOf(tenant, user);
  const methodsDenied = (): Answer =>
    jsonAnswer(403, graphError('accessDenied', 'Request Authorization failed', now, clientRequestId));
  const replay = tenant.replay?.graph?.[REPLAY_PATH[endpoint]];
  if (replay) return replayedAnswer(replay);

  switch (endpoint) {
    case 'methods': {
      if (!METHODS_SCOPES.some((scope) => scp.includes(scope))) return methodsDenied();
      const methods = isHome ? user.homeMethods : (guest?.methods ?? []);
      return jsonAnswer(200, {
        '@odata.context': `${GRAPH_ROOT}/$metadata#users('${oid}')/authentication/methods`,
        value: methods.map((method, index) => graphMethod(method, tenant.id, index)),
      });
    }
    case 'sponsors': {
      if (!USER_READ_SCOPES.some((scope) => scp.includes(scope))) return denied();
      const sponsors = guest?.sponsors ?? [];
      const select = selectedProperties(exchange.query.get('$select'));
      return jsonAnswer(200, {
        '@odata.context': `${GRAPH_ROOT}/$metadata#directoryObjects`,
        value: sponsors.map((sponsor, index) => graphSponsor(sponsor, tenant.id, index, select)),
      });
    }
    case 'organization': {
      if (!USER_READ_SCOPES.some((scope) => scp.includes(scope))) return denied();
      const domains = state.domainsOf(key);
      const fullRead = ORGANIZATION_FULL_SCOPES.some((scope) => scp.includes(scope));
      const organization: Record<string, unknown> = {
        id: tenant.id,
        deletedDateTime: null,
        businessPhones: [],
        city: null,
        country: null,
        countryLetterCode: countryOf(tenant.id).code,
        createdDateTime: '2019-04-01T09:00:00Z',
        defaultUsageLocation: null,
        displayName: tenant.displayName,
        marketingNotificationEmails: [],
        onPremisesLastSyncDateTime: null,
        onPremisesSyncEnabled: null,
        postalCode: null,
        preferredLanguage: 'en',
        privacyProfile: null,
        securityComplianceNotificationMails: [],
        securityComplianceNotificationPhones: [],
        state: null,
        street: null,
        technicalNotificationMails: tenant.contacts.technicalNotificationMails,
        tenantType: 'AAD',
        verifiedDomains: domains.map((name, index) => ({
          capabilities: 'Email, OfficeCommunicationsOnline',
          isDefault: index === 0,
          isInitial: name.endsWith('.onmicrosoft.com'),
          name,
          type: 'Managed',
        })),
      };
      // `contacts.readableByGuests`: a tenant that shows its contacts to any signed-in reader (scenario opt-in).
      if (!fullRead && !tenant.contacts.readableByGuests) {
        for (const [property, value] of Object.entries(organization)) {
          if (!ORGANIZATION_BASIC.has(property)) organization[property] = Array.isArray(value) ? [] : null;
        }
      }
      return jsonAnswer(200, { '@odata.context': `${GRAPH_ROOT}/$metadata#organization`, value: [organization] });
    }
  }
}

/** `$select=a,b` as a set of property names (null: everything). */
function selectedProperties(select: string | null): Set<string> | null {
  if (!select) return null;
  return new Set(
    select
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
}

/**
 * A sponsor as Graph lists a directoryObject: a user, a group (no `mail` unless mail-enabled, no
 * userPrincipalName), or an object the guest cannot read (only `@odata.type` and `id`). Sponsors may be users
 * or groups: https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/b2b-sponsors.md .
 */
function graphSponsor(
  sponsor: ScenarioSponsor,
  tenantId: string,
  index: number,
  select: Set<string> | null,
): Record<string, unknown> {
  const id = sponsor.id ?? stableGuid('sponsor', tenantId, String(index));
  if (sponsor.type === 'unreadable') return { '@odata.type': '#microsoft.graph.directoryObject', id };
  const properties: Record<string, unknown> =
    sponsor.type === 'group'
      ? {
          displayName: sponsor.displayName ?? null,
          description: null,
          mail: sponsor.mail,
          mailEnabled: sponsor.mail !== null,
          securityEnabled: sponsor.mail === null,
        }
      : {
          businessPhones: [],
          displayName: sponsor.displayName ?? null,
          givenName: null,
          jobTitle: sponsor.jobTitle ?? null,
          mail: sponsor.mail,
          mobilePhone: null,
          officeLocation: null,
          preferredLanguage: null,
          surname: null,
          userPrincipalName: sponsor.userPrincipalName ?? sponsor.mail ?? null,
        };
  const kept = select
    ? Object.fromEntries(Object.entries(properties).filter(([name]) => select.has(name)))
    : properties;
  return { '@odata.type': `#microsoft.graph.${sponsor.type}`, id, ...kept };
}

/** A scenario method as Graph's authentication method resource of its type. */
export function graphMethod(method: ScenarioMethod, tenantId: string, index: number): Record<string, unknown> {
  const base = (id: string): Record<string, unknown> => ({
    '@odata.type': `#microsoft.graph.${method.type}AuthenticationMethod`,
    id: method.id ?? id,
  });
  const stable = stableGuid('method', tenantId, String(index), method.type);
  switch (method.type) {
    case 'microsoftAuthenticator':
      // `phoneSignIn` is the scenario's own: Graph's resource has no such property.
      return {
        ...base(stable),
        displayName: method.displayName,
        deviceTag: method.deviceTag ?? 'SoftwareTokenActivated',
        phoneAppVersion: method.phoneAppVersion ?? null,
        createdDateTime: method.createdDateTime ?? null,
      };
    case 'phone':
      return {
        ...base(PHONE_METHOD_IDS[method.phoneType] ?? stable),
        phoneNumber: method.phoneNumber,
        phoneType: method.phoneType,
        smsSignInState: method.smsSignInState ?? 'notAllowedByPolicy',
      };
    case 'softwareOath':
      return { ...base(stable), secretKey: null };
    case 'fido2':
      return {
        ...base(stable),
        displayName: method.displayName,
        createdDateTime: method.createdDateTime ?? null,
        aaGuid: method.aaGuid ?? null,
        model: method.model ?? null,
        attestationCertificates: method.attestationCertificates ?? [],
        attestationLevel: method.attestationLevel ?? 'notAttested',
      };
    case 'email':
      return { ...base(stable), emailAddress: method.emailAddress };
    case 'windowsHelloForBusiness':
      return {
        ...base(stable),
        displayName: method.displayName,
        createdDateTime: method.createdDateTime ?? null,
        keyStrength: method.keyStrength ?? 'normal',
      };
    case 'temporaryAccessPass':
      return {
        ...base(stable),
        createdDateTime: method.createdDateTime ?? null,
        startDateTime: method.startDateTime ?? null,
        lifetimeInMinutes: method.lifetimeInMinutes ?? 60,
        isUsableOnce: method.isUsableOnce ?? false,
        isUsable: method.isUsable ?? false,
        methodUsabilityReason: method.methodUsabilityReason ?? 'Expired',
      };
    case 'password':
      return { ...base(PASSWORD_METHOD_ID), password: null, createdDateTime: method.createdDateTime ?? null };
    case 'platformCredential':
      return {
        ...base(stable),
        displayName: method.displayName,
        createdDateTime: method.createdDateTime ?? null,
        keyStrength: method.keyStrength ?? 'normal',
        platform: method.platform ?? 'macOS',
      };
    case 'qrCodePin':
      return { ...base(stable), createdDateTime: method.createdDateTime ?? null };
    case 'external':
      return {
        ...base(stable),
        displayName: method.displayName,
        configurationId: method.configurationId,
        createdDateTime: method.createdDateTime ?? null,
      };
  }
}
