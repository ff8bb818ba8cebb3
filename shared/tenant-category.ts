/**
 * Tenant categories: which listed tenants are guest tenants. ARM's `GET /tenants` names each tenant's category
 * (`Home`, `ProjectedBy`, `ManagedBy`; its own example lists all three: azure-rest-api-specs, Microsoft.Resources
 * subscriptions 2022-12-01 `examples/GetTenants.json`, kept in test/fixtures/published/). `ProjectedBy` and
 * `ManagedBy` are Azure Lighthouse delegations: the account reaches the tenant's Azure resources through its own
 * organisation, not through a guest account there. The app therefore never probes them as guest tenants, and
 * never calls them "not a guest", "no longer listed" or an orphaned entry; it lists them apart with the reason.
 * The one owner of that rule: the scanner, the inventory, the UI and the exports ask here.
 */
import { TENANT_CATEGORIES, type TenantCategory, type TenantRecord } from './model';

/**
 * The category ARM sent, as the app keeps it. Absent (the `$select` example and old API versions omit it) reads
 * as `Home`, as does a value ARM does not document (likely a new kind of directory the account belongs to: the
 * app probes it as before rather than hiding a possible guest tenant). Case is not significant.
 */
export function readTenantCategory(value: string | null | undefined): TenantCategory {
  const known = TENANT_CATEGORIES.find((category) => category.toLowerCase() === value?.trim().toLowerCase());
  return known ?? 'Home';
}

/** Whether a tenant is an Azure Lighthouse delegation rather than a guest tenant. */
export function isLighthouseTenant(record: Pick<TenantRecord, 'tenantCategory' | 'isHome'>): boolean {
  return !record.isHome && (record.tenantCategory === 'ProjectedBy' || record.tenantCategory === 'ManagedBy');
}

/** Whether the scanner probes a tenant: every tenant except the Lighthouse ones. */
export function isProbedTenant(record: Pick<TenantRecord, 'tenantCategory' | 'isHome'>): boolean {
  return !isLighthouseTenant(record);
}

/** The plain reason shown beside a tenant listed apart. */
export const LIGHTHOUSE_REASON = 'Managed through Azure Lighthouse, not a guest account: not checked.';

/** The heading of the group of tenants listed apart. */
export const LIGHTHOUSE_GROUP_TITLE = 'Listed apart';

/** ARM's word for the category, in the user's words (which side of a delegation each names is not documented). */
export function describeTenantCategory(category: TenantCategory | undefined): string {
  switch (category ?? 'Home') {
    case 'Home':
      return 'Your organisation or a guest account';
    case 'ProjectedBy':
      return 'Azure Lighthouse delegation (Azure says "ProjectedBy")';
    case 'ManagedBy':
      return 'Azure Lighthouse delegation (Azure says "ManagedBy")';
  }
}
