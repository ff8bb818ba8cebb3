/**
 * The home tenant of an MSAL account: an `AccountInfo`'s `homeAccountId` is `<object id>.<home tenant id>`
 * (docs/entra.md, "MSAL: a token for another tenant with the same account"). One reading for the sign-in, the
 * probe session and the scan.
 */
import type { AccountInfo } from '@azure/msal-node';

/** The home tenant id, lower case; the account's own `tenantId` when `homeAccountId` has no tenant part. */
export function homeTenantOf(account: Pick<AccountInfo, 'homeAccountId' | 'tenantId'>): string {
  return (account.homeAccountId.split('.')[1] ?? account.tenantId).toLowerCase();
}

/** Whether this `AccountInfo` is the account's home tenant profile (not one of its guest profiles). */
export function isHomeProfile(account: Pick<AccountInfo, 'homeAccountId' | 'tenantId'>): boolean {
  return account.tenantId.toLowerCase() === homeTenantOf(account);
}
