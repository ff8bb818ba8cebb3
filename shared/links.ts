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

/**
 * The URL to hand to the system browser for an allow-listed link, or null: an https URL on an allow-listed
 * host, without credentials or an unusual port. The answer is the normalised form the check saw (`URL.href`),
 * which is what must be opened: the raw string may read differently to another parser (a backslash, a
 * line break or a tab in the host, spaces and quotes for a command line).
 */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return EXTERNAL_LINK_HOSTS.includes(url.hostname.toLowerCase()) ? url.href : null;
}

/** True for an https URL on an allow-listed host, without credentials or an unusual port. */
export function isAllowedExternalUrl(raw: string): boolean {
  return allowedExternalUrl(raw) !== null;
}

/**
 * What the shell's opener may hand to the system: an allow-listed link (normalised), or a `mailto:` draft the
 * app built (percent-encoded, so without spaces, line breaks or other control characters). Null otherwise.
 */
export function shellOpenableUrl(raw: string): string | null {
  // eslint-disable-next-line no-control-regex -- a mailto: URL the app built has none of these
  if (raw.startsWith('mailto:')) return /^mailto:[^\s\u0000-\u001f\u007f]+$/.test(raw) ? raw : null;
  return allowedExternalUrl(raw);
}

/**
 * The Security info page (registered MFA methods) of the guest in one tenant, where methods are checked, added
 * and removed. Microsoft documents two forms for an external user to reach a resource tenant's page, by name
 * (`https://mysignins.microsoft.com/security-info?tenant=<Tenant Name>`) and by id
 * (`https://mysignins.microsoft.com/security-info/?tenantId=<Tenant ID>`), in "Combined security information
 * registration", section "Switch directory":
 * https://learn.microsoft.com/entra/identity/authentication/concept-registration-mfa-sspr-combined#switch-directory
 * (source: https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity/authentication/concept-registration-mfa-sspr-combined.md).
 * The app uses the id form: the id is what it knows for certain, a display name need not be unique.
 */
export function securityInfoUrl(tenantId: string): string {
  return `https://mysignins.microsoft.com/security-info/?tenantId=${encodeURIComponent(tenantId)}`;
}

/** My Account → Organizations, where a guest can leave a tenant. */
export function organizationsUrl(tenantId: string): string {
  return `https://myaccount.microsoft.com/organizations?tenantId=${encodeURIComponent(tenantId)}`;
}
