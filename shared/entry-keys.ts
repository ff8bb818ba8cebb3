/**
 * The keys of Authenticator entries: `tenant:<accountId>:<tenantId>` for a tenant's entry (home or guest) and
 * `manual:<id>` for one the user added by hand. Ticks, answers and checklist progress are stored by these keys,
 * so the store, main, the renderer and the exports build and read them here only.
 */

const TENANT = 'tenant:';
const MANUAL = 'manual:';

/** The key of a tenant's entry. */
export function entryKeyForTenant(accountId: string, tenantId: string): string {
  return `${TENANT}${accountId}:${tenantId}`;
}

/** The key of a hand-made entry. */
export function entryKeyForManual(id: string): string {
  return `${MANUAL}${id}`;
}

/** The id of the hand-made entry a key names, or null for a tenant's key. */
export function manualEntryIdOf(key: string): string | null {
  return key.startsWith(MANUAL) ? key.slice(MANUAL.length) : null;
}

/** Whether the key belongs to one of the account's tenants (to forget them when the account signs out). */
export function isTenantKeyOfAccount(key: string, accountId: string): boolean {
  return key.startsWith(`${TENANT}${accountId}:`);
}

/** A pattern that matches exactly the keys whose ids match `idPattern` (a regular expression's source, no anchors). */
export function entryKeyPattern(idPattern: string): RegExp {
  return new RegExp(`^(${TENANT}${idPattern}:${idPattern}|${MANUAL}${idPattern})$`);
}
