/**
 * Finds the tenant id for a tenant the user adds by hand. A GUID is taken as it is; a domain is looked up in
 * the public OpenID configuration of that tenant (`/{domain}/v2.0/.well-known/openid-configuration`), whose
 * `issuer` names the tenant id. No token is involved.
 */
import { z } from 'zod';
import { NetworkError, type HttpTransport } from '../net/transport';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const configSchema = z.object({ issuer: z.string().max(500) });

export type TenantLookup =
  { ok: true; tenantId: string; domain: string | null } | { ok: false; offline: boolean; message: string };

export async function resolveTenantId(
  transport: HttpTransport,
  authorityHost: string,
  query: string,
): Promise<TenantLookup> {
  const value = query.trim().toLowerCase();
  if (GUID.test(value)) return { ok: true, tenantId: value, domain: null };
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
  const tenantId = parsed ? /\/([0-9a-f-]{36})\//i.exec(parsed.issuer)?.[1] : undefined;
  if (response.status !== 200 || !tenantId || !GUID.test(tenantId)) {
    return {
      ok: false,
      offline: false,
      message: `The organisation for ${value} could not be looked up (HTTP ${response.status}).`,
    };
  }
  return { ok: true, tenantId: tenantId.toLowerCase(), domain: value };
}
