/**
 * Which of an account's listed tenants the store has room for. The store keeps LIMITS.tenants over all accounts
 * (main/store/schema.ts): an account's listing gets the room the other accounts leave. Tenants the account already
 * has keep their place, the home always has one, and new tenants are kept in the order ARM lists them while room
 * is left. Decided page by page, so that a scan can start on the first page while later ones load.
 */
import type { TenantRecord } from '../../shared/model';
import type { TenantListing } from '../store';
import type { ArmTenant } from './arm';

/** A tenant of ARM's list as the store takes it. */
export function listingOf(tenant: ArmTenant, homeTenantId: string): TenantListing {
  return {
    tenantId: tenant.tenantId,
    displayName: tenant.displayName || tenant.defaultDomain || tenant.tenantId,
    defaultDomain: tenant.defaultDomain,
    domains: tenant.domains,
    isHome: tenant.tenantId === homeTenantId,
    source: 'arm',
    listed: true,
    tenantCategory: tenant.tenantCategory,
  };
}

export class ListingRoom {
  /** Room the store has for this account's listing (its own stored tenants included). */
  readonly room: number;
  private readonly own: ReadonlySet<string>;
  private free: number;
  private homeKept = false;
  /** Listed tenants that did not fit. */
  leftOut = 0;

  /**
   * @param stored every stored record, of all accounts
   * @param homeNeedsRoom whether the home, when not stored yet, needs a place of its own (not for a personal
   *   account, whose home is never stored)
   */
  constructor(
    stored: readonly TenantRecord[],
    accountId: string,
    limit: number,
    private readonly homeTenantId: string,
    homeNeedsRoom: boolean,
  ) {
    const own = new Set<string>();
    let others = 0;
    for (const t of stored) {
      if (t.accountId === accountId) own.add(t.tenantId);
      else others += 1;
    }
    this.own = own;
    this.room = Math.max(0, limit - others);
    // The home's place is held from the start, wherever in the list it comes (or as the placeholder when it
    // does not come at all).
    this.free = this.room - own.size - (homeNeedsRoom && !own.has(homeTenantId) ? 1 : 0);
  }

  /** Whether this listed tenant is kept (call once per tenant, in list order). */
  keep(tenant: TenantListing): boolean {
    if (this.own.has(tenant.tenantId)) return true;
    if (tenant.tenantId === this.homeTenantId && !this.homeKept) {
      this.homeKept = true;
      return true;
    }
    if (this.free > 0) {
      this.free -= 1;
      return true;
    }
    this.leftOut += 1;
    return false;
  }
}
