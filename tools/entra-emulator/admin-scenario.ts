/**
 * Scenario fields for the partner-admin mode: a resource tenant's own view of its guests (`resourceAdmin` on a
 * tenant that is the home of the admin user). The emulator serves them as Microsoft Graph v1.0 resources
 * (admin-graph.ts); docs/entra.md ("Partner-admin mode") traces each rule to its page.
 */
import { z } from 'zod';

/** The admin's directory role in the resource tenant (what the role checks in admin-graph.ts read). */
export const ADMIN_ROLES = [
  'globalAdministrator',
  'securityAdministrator',
  'globalReader',
  'securityReader',
  'reportsReader',
  'none',
] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** The `issuer` values Graph gives a guest's identity (user resource, `identities`). */
export const GUEST_ISSUERS = ['ExternalAzureAD', 'MicrosoftAccount', 'mail', 'google.com', 'facebook.com'] as const;

const trustValue = z.boolean().nullable().default(null);

export const inboundTrustSchema = z.strictObject({
  isMfaAccepted: trustValue,
  isCompliantDeviceAccepted: trustValue,
  isHybridAzureADJoinedDeviceAccepted: trustValue,
});

/**
 * How one sign-in met MFA: `claim` the home tenant's MFA claim was accepted (inbound trust), `here` MFA done
 * against a method registered in this tenant, `singleFactor` no MFA required.
 */
export const SIGN_IN_KINDS = ['claim', 'here', 'singleFactor'] as const;

const externalGuestSchema = z.strictObject({
  displayName: z.string().min(1),
  mail: z.string().min(3),
  issuer: z.enum(GUEST_ISSUERS).default('ExternalAzureAD'),
  /** The guest's home organisation: a key of `tenants` (Entra guests only). */
  homeTenant: z.string().min(1).optional(),
  externalUserState: z.enum(['Accepted', 'PendingAcceptance']).default('Accepted'),
  /** `methodsRegistered` of userRegistrationDetails here (e.g. "microsoftAuthenticatorPush", "mobilePhone"). */
  methodsRegistered: z.array(z.string().min(1)).default([]),
  /** Recent sign-ins, newest first, one a day. */
  signIns: z.array(z.enum(SIGN_IN_KINDS)).default([]),
});

export const resourceAdminSchema = z.strictObject({
  /** The role of this tenant's home user(s) here. */
  adminRole: z.enum(ADMIN_ROLES).default('globalReader'),
  /**
   * Graph permissions this tenant has not consented for the admin's client: answered as if the token lacked
   * them (403 Authorization_RequestDenied).
   */
  withheldScopes: z.array(z.string().min(1)).default([]),
  /** Partner configurations (`partners`); `inboundTrust: null` inherits the default (the tenant's `inboundTrust`). */
  partners: z
    .array(
      z.strictObject({
        /** A key of `tenants`. */
        tenant: z.string().min(1),
        inboundTrust: inboundTrustSchema.nullable().default(null),
      }),
    )
    .default([]),
  externalGuests: z.array(externalGuestSchema).default([]),
  /** Page size of the guest, registration and sign-in lists (`@odata.nextLink` beyond it). */
  pageSize: z.number().int().min(1).max(999).default(100),
});

export type ResourceAdmin = z.output<typeof resourceAdminSchema>;
export type ExternalGuest = ResourceAdmin['externalGuests'][number];

/** Cross-field checks: every tenant named is a key of `tenants`; guests from elsewhere name no home of their own. */
export function checkResourceAdmin(
  admin: ResourceAdmin,
  tenantKeys: ReadonlySet<string>,
  issue: (path: PropertyKey[], message: string) => void,
): void {
  admin.partners.forEach((partner, index) => {
    if (!tenantKeys.has(partner.tenant))
      issue(['partners', index, 'tenant'], `"${partner.tenant}" is not a key of tenants`);
  });
  admin.externalGuests.forEach((guest, index) => {
    if (guest.homeTenant !== undefined && !tenantKeys.has(guest.homeTenant)) {
      issue(['externalGuests', index, 'homeTenant'], `"${guest.homeTenant}" is not a key of tenants`);
    }
    if (guest.issuer === 'ExternalAzureAD' && guest.homeTenant === undefined) {
      issue(
        ['externalGuests', index, 'homeTenant'],
        'an ExternalAzureAD guest needs its home tenant (a key of tenants)',
      );
    }
    if (guest.issuer !== 'ExternalAzureAD' && guest.signIns.includes('claim')) {
      issue(
        ['externalGuests', index, 'signIns'],
        'only a guest from another Entra organisation can bring an MFA claim',
      );
    }
  });
}

/**
 * The scopes a token into tenant `tenant` may not carry (`resourceAdmin.withheldScopes`, lower case): Entra
 * leaves out of the token, and out of the answer's `scope`, what the tenant has not consented to.
 */
export function withheldScopes(tenant: { resourceAdmin?: ResourceAdmin | undefined } | undefined): Set<string> {
  return new Set((tenant?.resourceAdmin?.withheldScopes ?? []).map((scope) => scope.toLowerCase()));
}

/** A token answer's `scope` without the withheld ones (each written with or without the Graph prefix). */
export function withoutWithheld(scope: string, withheld: ReadonlySet<string>): string {
  if (withheld.size === 0) return scope;
  return scope
    .split(' ')
    .filter((item) => !withheld.has(item.slice(item.lastIndexOf('/') + 1).toLowerCase()))
    .join(' ');
}
