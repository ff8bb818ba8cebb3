/**
 * Finds the tenant for an organisation the user adds by hand. A GUID is taken as it is. A domain is looked up,
 * where the home token allows it, with Microsoft Graph's `findTenantInformationByDomainName`, which also gives the
 * organisation's display name; else (and whenever Graph does not answer with the tenant) in the public OpenID
 * configuration of that tenant (`/{domain}/v2.0/.well-known/openid-configuration`), whose `issuer` names the
 * tenant id and which needs no token.
 *
 * Graph's function needs the delegated permission `CrossTenantInformation.ReadBasic.All` (work or school
 * accounts only). The Azure CLI client's Graph permissions are a fixed set without it (docs/entra.md), so with the
 * default client the token request is refused and the OpenID configuration names the tenant; an organisation's
 * own app registration that carries the permission gets the display name too. Either answer works.
 */
import { z } from 'zod';
import { isGuid, normaliseTenantId } from '../../shared/identifiers';
import { NetworkError, type HttpTransport } from '../net/transport';

const configSchema = z.object({ issuer: z.string().max(500) });
const tenantInformationSchema = z.object({
  tenantId: z.string().refine(isGuid),
  displayName: z.string().max(256).nullable().optional(),
  defaultDomainName: z.string().max(256).nullable().optional(),
});

/** The delegated Graph permission `findTenantInformationByDomainName` needs. */
export const CROSS_TENANT_INFORMATION_SCOPES = ['https://graph.microsoft.com/CrossTenantInformation.ReadBasic.All'];

export type TenantLookup =
  | {
      ok: true;
      tenantId: string;
      domain: string | null;
      /** The organisation's name, when Graph gave it. */
      displayName: string | null;
      /** Its default domain, when Graph gave it. */
      defaultDomain: string | null;
      /** Where the answer came from. */
      via: 'id' | 'graph' | 'openid';
    }
  | { ok: false; offline: boolean; message: string };

export interface GraphLookup {
  graphBaseUrl: string;
  /** A home Graph token carrying the permission, or null when the home will not give one (never prompts). */
  token(): Promise<string | null>;
}

export async function resolveTenantId(
  transport: HttpTransport,
  authorityHost: string,
  query: string,
  graph?: GraphLookup,
): Promise<TenantLookup> {
  if (isGuid(query.trim())) {
    const tenantId = normaliseTenantId(query.trim());
    return { ok: true, tenantId, domain: null, displayName: null, defaultDomain: null, via: 'id' };
  }
  // Domain names are the same in any case; the app keeps them in lower case.
  const value = query.trim().toLowerCase();
  const fromGraph = graph ? await findByDomainName(transport, graph, value) : null;
  if (fromGraph) return fromGraph;
  let response;
  try {
    response = await transport.request({
      method: 'GET',
      url: `https://${authorityHost}/${encodeURIComponent(value)}/v2.0/.well-known/openid-configuration`,
      timeoutMs: 15_000,
    });
  } catch (error) {
    return {
      ok: false,
      offline: error instanceof NetworkError,
      // A proxy that wants a sign-in says which and what to do (main/net/proxy-auth.ts).
      message:
        error instanceof NetworkError && error.kind === 'proxy-auth'
          ? `The app could not look up that domain. ${error.message}`
          : 'The app could not reach Microsoft to look up that domain. Check your network connection.',
    };
  }
  if (response.status === 400 || response.status === 404) {
    return { ok: false, offline: false, message: `No Microsoft Entra organisation uses the domain ${value}.` };
  }
  let parsed: z.infer<typeof configSchema> | null = null;
  try {
    const result = configSchema.safeParse(JSON.parse(response.body));
    parsed = result.success ? result.data : null;
  } catch {
    parsed = null;
  }
  // The issuer is `https://login.microsoftonline.com/<tenant id>/v2.0`: the tenant id is its GUID segment.
  const tenantId = parsed?.issuer.split('/').find(isGuid);
  if (response.status !== 200 || !tenantId) {
    return {
      ok: false,
      offline: false,
      message: `The organisation for ${value} could not be looked up (HTTP ${response.status}).`,
    };
  }
  return {
    ok: true,
    tenantId: normaliseTenantId(tenantId),
    domain: value,
    displayName: null,
    defaultDomain: null,
    via: 'openid',
  };
}

/**
 * Graph's answer for a domain, or null for anything but a tenant (no token, 403 without the permission, 404, a
 * network error, a body that is not a tenantInformation): the OpenID configuration is asked then.
 */
async function findByDomainName(
  transport: HttpTransport,
  graph: GraphLookup,
  domain: string,
): Promise<TenantLookup | null> {
  const token = await graph.token().catch(() => null);
  if (!token) return null;
  try {
    const response = await transport.request({
      method: 'GET',
      url: `${graph.graphBaseUrl}/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='${encodeURIComponent(domain.replace(/'/g, "''"))}')`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      timeoutMs: 15_000,
    });
    if (response.status !== 200) return null;
    const parsed = tenantInformationSchema.safeParse(JSON.parse(response.body));
    if (!parsed.success) return null;
    return {
      ok: true,
      tenantId: normaliseTenantId(parsed.data.tenantId),
      domain,
      displayName: parsed.data.displayName?.trim() || null,
      defaultDomain: parsed.data.defaultDomainName?.trim().toLowerCase() || null,
      via: 'graph',
    };
  } catch {
    return null;
  }
}
