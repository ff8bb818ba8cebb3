/**
 * External links the app may open in the system browser, and the builders for the ones it shows.
 * Everything else is refused by the main process (see main/window.ts).
 */

/** Hosts of Microsoft self-service and documentation pages a guest may need. https only. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'mysignins.microsoft.com',
  'myaccount.microsoft.com',
  'learn.microsoft.com',
  'entra.microsoft.com',
  'portal.azure.com',
  'login.microsoftonline.com',
];

/** True for an https URL on an allow-listed host, without credentials or an unusual port. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  return EXTERNAL_LINK_HOSTS.includes(url.hostname.toLowerCase());
}

/** The Security info page (registered MFA methods) of the guest in one tenant. */
export function securityInfoUrl(tenantId: string): string {
  return `https://mysignins.microsoft.com/security-info?tenantId=${encodeURIComponent(tenantId)}`;
}

/** My Account → Organizations, where a guest can leave a tenant. */
export function organizationsUrl(tenantId: string): string {
  return `https://myaccount.microsoft.com/organizations?tenantId=${encodeURIComponent(tenantId)}`;
}
