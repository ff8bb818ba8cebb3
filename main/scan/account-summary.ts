/**
 * What the app keeps of a signed-in account (`AccountSummary`): built here alone, after a sign-in
 * (main/services/session.ts) and after a scan's listing named the home organisation (scanner.ts).
 */
import type { AccountInfo } from '@azure/msal-node';
import { CONSUMERS_TENANT_ID } from '../../shared/identifiers';
import type { AccountSummary } from '../../shared/model';
import { homeTenantOf } from '../auth/home-account';

/** How the app names the "home" of a personal Microsoft account. */
export const PERSONAL_ACCOUNT_HOME_NAME = 'Personal Microsoft account';

/**
 * The summary of `account`. `home` is what is known of the home organisation (its listing, or the stored summary's
 * name and domain); without it the name is unknown and the domain is the one of the user name.
 */
export function accountSummaryOf(
  account: Pick<AccountInfo, 'homeAccountId' | 'tenantId' | 'username' | 'name'>,
  homeSessionMfa: boolean,
  home: { displayName: string | null; defaultDomain: string | null } | null,
): AccountSummary {
  const homeTenantId = homeTenantOf(account);
  return {
    accountId: account.homeAccountId,
    username: account.username,
    displayName: account.name ?? account.username,
    homeTenantId,
    // A personal Microsoft account's home is the consumers tenant: no organisation, never listed.
    homeTenantName: homeTenantId === CONSUMERS_TENANT_ID ? PERSONAL_ACCOUNT_HOME_NAME : (home?.displayName ?? null),
    homeDomain: home?.defaultDomain || account.username.split('@')[1] || null,
    homeSessionMfa,
  };
}

/** Whether two summaries say the same (saving the second would change nothing). */
export function sameSummary(a: AccountSummary, b: AccountSummary): boolean {
  return (
    a.accountId === b.accountId &&
    a.username === b.username &&
    a.displayName === b.displayName &&
    a.homeTenantId === b.homeTenantId &&
    a.homeTenantName === b.homeTenantName &&
    a.homeDomain === b.homeDomain &&
    a.homeSessionMfa === b.homeSessionMfa
  );
}
