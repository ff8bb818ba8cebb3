/**
 * Microsoft Graph v1.0 `GET /tenantRelationships/findTenantInformationByDomainName(domainName='…')`, which the app
 * uses to name an organisation the user adds by domain. Kept apart from graph.ts (the guest's own resources).
 *
 * Evidence: the v1.0 API page and the tenantInformation resource page
 * (github:microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/tenantrelationship-findtenantinformationbydomainname.md
 * at 073a3963b21637213e5f1e568a46929928f02ddf, and api-reference/v1.0/resources/tenantinformation.md at
 * 58e5ce0f4e24ae74ab8bcef5e65deed7a077c453): delegated `CrossTenantInformation.ReadBasic.All` (work or school
 * accounts only, no Entra role needed), the answer a tenantInformation object with `tenantId`, `displayName`,
 * `defaultDomainName`, `federationBrandName` (null in the page's example) and an `@odata.context` naming the type.
 * Without the permission Graph answers 403 `Authorization_RequestDenied` (likely: the shape Graph gives other
 * directory reads without their permission; the page does not show it). A domain no tenant uses: 404
 * `Request_ResourceNotFound` (likely; unpublished: the app treats any answer but 200 alike).
 */
import { graphError } from './errors';
import { headerValue, jsonAnswer, type Answer, type Exchange, type Route, type Services } from './exchange';
import { verifyAccessToken } from './tokens';

const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
export const CROSS_TENANT_INFORMATION_SCOPE = 'CrossTenantInformation.ReadBasic.All';
const FUNCTION_PATH = /^\/v1\.0\/tenantRelationships\/findTenantInformationByDomainName\(domainName='([^']*)'\)\/?$/i;

/** The route for the function, or null when the request is not for it. */
export function routeTenantInformation(services: Services, exchange: Exchange): Route | null {
  const match = exchange.method === 'GET' ? FUNCTION_PATH.exec(decodeURIComponent(exchange.path)) : null;
  if (!match) return null;
  const domain = match[1]!.toLowerCase();
  return { endpoint: 'tenant-information', tenantKey: null, run: () => answer(services, exchange, domain) };
}

async function answer(services: Services, exchange: Exchange, domain: string): Promise<Answer> {
  const now = services.now();
  const clientRequestId = headerValue(exchange, 'client-request-id');
  const verified = await verifyAccessToken(services.key, headerValue(exchange, 'authorization'), GRAPH_AUDIENCES);
  if (!verified.ok) {
    return jsonAnswer(
      401,
      graphError('InvalidAuthenticationToken', 'Access token validation failure.', now, clientRequestId),
    );
  }
  const scp = String(verified.claims.scp ?? '')
    .toLowerCase()
    .split(' ');
  if (!scp.includes(CROSS_TENANT_INFORMATION_SCOPE.toLowerCase())) {
    return jsonAnswer(
      403,
      graphError(
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
        now,
        clientRequestId,
      ),
    );
  }
  const ref = domain.includes('.') ? services.state.resolveTenant(domain) : null;
  if (!ref) {
    return jsonAnswer(
      404,
      graphError('Request_ResourceNotFound', `Tenant with domain '${domain}' not found.`, now, clientRequestId),
    );
  }
  const [defaultDomainName] = services.state.domainsOf(ref.key);
  return jsonAnswer(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.tenantInformation',
    tenantId: ref.tenant.id,
    federationBrandName: null,
    displayName: ref.tenant.displayName,
    defaultDomainName,
  });
}
