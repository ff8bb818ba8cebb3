/**
 * Azure Resource Manager, as far as the app uses it: `GET /tenants` in the `TenantListResult` shape, paged with
 * `nextLink` beyond 50 entries. Lists the home tenant and the tenants where the user is a guest ("all the
 * tenants that User-A is part of (added as guest user) would get listed":
 * https://techcommunity.microsoft.com/discussions/microsoft-entra/find-all-users-in-my-tenant-who-are-invited-as-guest-in-another-tenant/2390436/replies/2396083 ),
 * with `tenantCategory` `Home` (AADInternals: "All are \"Home\"",
 * https://github.com/Gerenios/AADInternals/blob/master/AzureCoreManagement.ps1), and the scenario's Azure
 * Lighthouse tenants (`tenantCategory` `ProjectedBy` / `ManagedBy`, as ARM's own GetTenants.json example lists
 * them) to every user. `$includeAllTenantCategories` is accepted and changes nothing (whether ARM leaves the
 * Lighthouse tenants out without it is unknown; the app handles either). Needs a valid ARM access token.
 */
import { armError, armFaultBody } from './errors';
import {
  jsonAnswer,
  headerValue,
  malformedJson,
  type Answer,
  type Exchange,
  type Route,
  type Services,
} from './exchange';
import { guestOf, type ScenarioTenant } from './scenario';
import { peekClaims, verifyAccessToken } from './tokens';
import { createHash } from 'node:crypto';

export const ARM_PAGE_SIZE = 50;
const ARM_AUDIENCES = [
  'https://management.azure.com',
  'https://management.azure.com/',
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
];

const COUNTRIES: [string, string][] = [
  ['US', 'United States'],
  ['DE', 'Germany'],
  ['GB', 'United Kingdom'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['SE', 'Sweden'],
  ['CH', 'Switzerland'],
  ['JP', 'Japan'],
  ['AU', 'Australia'],
  ['CA', 'Canada'],
];

/** A stable country for a tenant (the scenario format has none). */
export function countryOf(tenantId: string): { code: string; name: string } {
  const index = createHash('sha256').update(tenantId.toLowerCase()).digest()[0]! % COUNTRIES.length;
  const [code, name] = COUNTRIES[index]!;
  return { code, name };
}

/**
 * The claims ARM's mandatory-MFA challenge asks for. Guess: an authentication context `p1`, the value Azure
 * CLI's own handling of ARM's MFA challenge shows (https://github.com/Azure/azure-cli/pull/31699); the header
 * form is Microsoft's (https://learn.microsoft.com/entra/identity-platform/claims-challenge).
 */
export const ARM_MFA_CLAIMS = JSON.stringify({ access_token: { acrs: { essential: true, values: ['p1'] } } });

function claimsChallenge(): Answer {
  return jsonAnswer(
    401,
    armError(
      'InvalidAuthenticationToken',
      'The access token does not satisfy multi-factor authentication, which this request requires. Sign in again with the claims of the WWW-Authenticate challenge.',
    ),
    {
      'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(ARM_MFA_CLAIMS).toString('base64')}"`,
    },
  );
}

function unauthorized(code: string, message: string): Answer {
  return jsonAnswer(401, armError(code, message), {
    'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${code}"`,
  });
}

export function routeArm(services: Services, exchange: Exchange): Route {
  // The caller's home tenant (faults and latency of `tenants` are the home's): the user the token names.
  const { state } = services;
  const claims = peekClaims(headerValue(exchange, 'authorization'));
  const caller =
    typeof claims?.tid === 'string' && typeof claims.oid === 'string'
      ? state.userByObjectId(claims.tid, claims.oid)
      : null;
  const homeKey = (caller ?? state.defaultUser()).homeTenant;
  if (exchange.method === 'GET' && exchange.path.replace(/\/$/, '').toLowerCase() === '/tenants') {
    return {
      endpoint: 'tenants',
      tenantKey: homeKey,
      faultEndpoint: 'tenants',
      faultAnswer: (status) => jsonAnswer(status, armFaultBody(status)),
      malformedAnswer: malformedJson,
      run: () => listTenants(services, exchange),
    };
  }
  return {
    endpoint: 'not-found',
    tenantKey: null,
    run: async () =>
      jsonAnswer(404, armError('NotFound', `The emulator has no Resource Manager endpoint ${exchange.path}.`)),
  };
}

function decodeSkipToken(token: string | null): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof parsed.offset === 'number' && parsed.offset >= 0 ? parsed.offset : -1;
  } catch {
    return -1;
  }
}

async function listTenants(services: Services, exchange: Exchange): Promise<Answer> {
  const verified = await verifyAccessToken(services.key, headerValue(exchange, 'authorization'), ARM_AUDIENCES);
  if (!verified.ok) {
    switch (verified.reason) {
      case 'missing':
        return unauthorized('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
      case 'expired':
        return unauthorized('ExpiredAuthenticationToken', 'The access token has expired.');
      case 'audience':
        return unauthorized('InvalidAuthenticationTokenAudience', 'The access token has the wrong audience.');
      case 'invalid':
        return unauthorized('InvalidAuthenticationToken', 'The access token is invalid.');
    }
  }
  const apiVersion = exchange.query.get('api-version');
  if (!apiVersion) {
    return jsonAnswer(
      400,
      armError('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required.'),
    );
  }
  // Mandatory MFA for Azure (Azure CLI and Azure PowerShell in phase 2, "must complete MFA" for CRUD:
  // https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity/authentication/concept-mandatory-multifactor-authentication.md ;
  // whether reads such as GET /tenants are covered is open, hence a switch).
  const amr = Array.isArray(verified.claims.amr) ? (verified.claims.amr as unknown[]) : [];
  if (services.state.world.arm.mandatoryMfa && !amr.includes('mfa')) return claimsChallenge();
  const offset = decodeSkipToken(exchange.query.get('$skiptoken'));
  if (offset < 0) return jsonAnswer(400, armError('InvalidSkipToken', 'The $skiptoken is not valid.'));

  const { state } = services;
  // Each home account lists its own tenants: its home and where it is a guest (another user's guest
  // objects are not its own).
  const user = state.userByObjectId(String(verified.claims.tid ?? ''), String(verified.claims.oid ?? ''));
  if (!user) return unauthorized('InvalidAuthenticationToken', 'The access token names no user of this directory.');
  const brief = apiVersion < '2020-01-01';
  // A not-yet-redeemed invitation has no account to sign in with; whether ARM lists it is unknown, so only
  // behind `arm.listPendingGuests`.
  const listPending = state.world.arm.listPendingGuests;
  const listable = (key: string, tenant: ScenarioTenant): boolean => {
    // ARM never lists the consumers tenant of a personal account (azure-cli #31300: its list holds only the
    // organisations the account is a guest in).
    if (key === user.homeTenant) return !user.personal;
    if (tenant.tenantCategory !== 'Home') return true;
    const guestState = guestOf(tenant, user)?.state;
    if (guestState === undefined) return false;
    return guestState !== 'removed' && (guestState !== 'pendingRedemption' || listPending);
  };
  // The page's tenants, and whether any comes after them: the walk stops at the first one past the page (a page
  // deep in a list of thousands would otherwise judge and copy all of them).
  const page: [string, ScenarioTenant][] = [];
  let position = 0;
  let more = false;
  for (const key in state.world.tenants) {
    const tenant = state.world.tenants[key]!;
    if (!listable(key, tenant)) continue;
    if (position >= offset + ARM_PAGE_SIZE) {
      more = true;
      break;
    }
    if (position >= offset) page.push([key, tenant]);
    position += 1;
  }
  const value = page.map(([key, tenant]) => {
    const id = { id: `/tenants/${tenant.id}`, tenantId: tenant.id };
    if (brief) return id;
    const country = countryOf(tenant.id);
    return {
      ...id,
      countryCode: country.code,
      displayName: tenant.displayName,
      domains: state.domainsOf(key),
      tenantCategory: tenant.tenantCategory,
      defaultDomain: tenant.defaultDomain,
      tenantType: 'AAD',
    };
  });
  const nextOffset = offset + ARM_PAGE_SIZE;
  const nextLink = more
    ? `${exchange.origin}/tenants?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${Buffer.from(
        JSON.stringify({ offset: nextOffset }),
      ).toString('base64url')}`
    : null;
  return jsonAnswer(200, { value, ...(nextLink ? { nextLink } : {}) });
}
