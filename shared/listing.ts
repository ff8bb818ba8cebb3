/**
 * How far a scan could read the list of organisations the account is a guest in (Azure Resource Manager's
 * `GET /tenants`), and the words for a listing that could not be read at all. One owner for the inventory's
 * "listing unavailable" state: the scanner's notice, the headless runner's `--json` and the diagnostics read it here.
 *
 * - `complete`: ARM listed every tenant.
 * - `partial`: ARM's list stopped part-way (a page failed); the tenants that came and the stored ones were checked.
 * - `unavailable`: the home refused a token for Azure management or ARM did not answer the list; the scan checked
 *   the organisations the app already knew (earlier scans, added by hand) through Microsoft Graph only.
 */

export const LISTING_STATES = ['complete', 'partial', 'unavailable'] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** Why the list was not read: the home's refusal of the Azure management sign-in, or ARM's own failure. */
export interface ListingProblem {
  /** `home-refused`: the home's sign-in service refused an Azure management token; `failed`: ARM did not list. */
  kind: 'home-refused' | 'failed';
  /** The AADSTS code of the refusal, when there was one. */
  aadsts: number | null;
  /** One paragraph: what happened, what it means and what the user or home IT can do. */
  message: string;
}

/** The AADSTS codes with which a home refuses a token for one resource (Conditional Access), by kind. */
const DEVICE_CODES = new Set([53000, 53001, 530003, 530033]);

/**
 * The words for a home that refused the Azure management ("Windows Azure Service Management API") sign-in.
 * 53003 is Conditional Access's block (https://learn.microsoft.com/entra/identity-platform/reference-error-codes,
 * BlockedByConditionalAccess); the device codes mean the home admits Azure management only from a managed device.
 */
export function homeRefusalMessage(aadsts: number | null): string {
  const code = aadsts ? `AADSTS${aadsts}` : 'a Conditional Access refusal';
  const meaning =
    aadsts !== null && DEVICE_CODES.has(aadsts)
      ? 'it allows "Windows Azure Service Management API" only from a device it manages'
      : 'a Conditional Access policy blocks this account from "Windows Azure Service Management API"';
  return (
    `Your home organisation refused the sign-in for Azure management (${code}): ${meaning}, and that is where ` +
    'Microsoft lists the organisations you are a guest in. The app signed in for Microsoft Graph only and checked ' +
    'the organisations it already knows. Add others with Add organisation (My Account → Organizations, ' +
    'https://myaccount.microsoft.com/organizations, lists them), or ask your home IT to let the Azure CLI ' +
    'application (04b07795-8ddb-461a-bbee-02f9e1bf7b46) read the tenant list for you.'
  );
}

/** The words for an ARM listing that failed for another reason than a home refusal (and the network was up). */
export function listingFailedMessage(reason: string): string {
  return (
    `Microsoft did not give the list of organisations you are a guest in: ${reason.replace(/\.$/, '')}. ` +
    'The app checked every organisation it already knows (from earlier scans and those you added); none was ' +
    'marked as no longer listed because of it. The next scan asks for the list again.'
  );
}

export function listingProblemTitle(problem: ListingProblem): string {
  return problem.kind === 'home-refused'
    ? 'Listing unavailable: your home organisation blocks Azure management'
    : 'Listing unavailable: the list of your organisations could not be read';
}
