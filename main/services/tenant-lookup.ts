/**
 * Finds the tenant id for a tenant the user adds by hand. A GUID is taken as it is; a domain is looked up in
 * the public OpenID configuration of that tenant (`/{domain}/v2.0/.well-known/openid-configuration`), whose
 * `issuer` names the tenant id. No token is involved.
 */
import { z } from 'zod';
import { isGuid, normaliseTenantId } from '../../shared/identifiers';
import { NetworkError, type HttpTransport } from '../net/transport';

const configSchema = z.object({ issuer: z.string().max(500) });

export type TenantLookup =
  { ok: true; tenantId: string; domain: string | null } | { ok: false; offline: boolean; message: string };

export async function resolveTenantId(
  transport: HttpTransport,
  authorityHost: string,
  query: string,
): Promise<TenantLookup> {
  if (isGuid(query.trim())) return { ok: true, tenantId: normaliseTenantId(query.trim()), domain: null };
  // Domain names are the same in any case; the app keeps them in lower case.
  const value = query.trim().toLowerCase();
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
      message: 'The app could not reach Microsoft to look up that domain. Check your network connection.',
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
  return { ok: true, tenantId: normaliseTenantId(tenantId), domain: value };
}
