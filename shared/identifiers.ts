/**
 * The one check of each kind of identifier the app takes from users, files and services: tenant and application
 * (client) ids (GUIDs) and domain names. The IPC contract's schemas, the store's schemas, the scan's parsers, the
 * email text and the renderer's forms all use these, so what one accepts the others accept. E-mail addresses have
 * their own home: shared/email/address.ts.
 */

/** A GUID in its canonical 8-4-4-4-12 hex form, either case. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A DNS name of letter-digit-hyphen labels with a top-level domain of letters; 253 characters at most. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * True for a tenant or client id in its canonical GUID form (nothing around it). Such a value is also safe to
 * paste into a command line or a URL as it is.
 */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

/**
 * A tenant id as the app keys it: lower case. Entra and ARM send GUIDs in either case, and users paste them so; every
 * comparison and every stored id goes through this one reading.
 */
export function normaliseTenantId(tenantId: string): string {
  return tenantId.toLowerCase();
}

/** True for a domain name as the user types one to add a tenant ("fabrikam.com"). */
export function isDomainName(value: unknown): value is string {
  return typeof value === 'string' && DOMAIN_PATTERN.test(value);
}

/** What the user may type to add a tenant by hand: its id or one of its domains. */
export function isTenantQuery(value: unknown): value is string {
  return isGuid(value) || isDomainName(value);
}

/**
 * The tenant id Entra gives every personal Microsoft account (outlook.com, live.com, hotmail.com) as its home: the
 * "consumers" tenant (it is the `utid` of such an account's client_info, e.g. https://github.com/Azure/azure-cli/issues/32358).
 * ARM never lists it, and no partner's inbound MFA trust covers an account from it.
 */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Whether a home account (its MSAL `homeAccountId`, `<object id>.<home tenant id>`) is a personal Microsoft account. */
export function isPersonalAccountId(accountId: string | null | undefined): boolean {
  return typeof accountId === 'string' && accountId.toLowerCase().endsWith(`.${CONSUMERS_TENANT_ID}`);
}
