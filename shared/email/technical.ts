/**
 * The machine-readable parts of a trust request: Microsoft Graph requests and Graph PowerShell commands
 * (https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicy-overview). They are the same in every language, so they live here and not in a locale. Only tenant
 * ids in GUID form are ever filled in; anything else becomes a visible placeholder, so no text from a tenant can
 * end up inside a command an administrator runs.
 */
import { isGuid } from '../identifiers';

const GRAPH_PARTNERS = 'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners';
const GRAPH_DEFAULT = 'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/default';

/** Shown instead of the home tenant id when it is not known in GUID form. */
export const HOME_TENANT_PLACEHOLDER = '<home-tenant-id>';

/** The permission a Graph caller needs to change cross-tenant access settings. */
export const CROSS_TENANT_PERMISSION = 'Policy.ReadWrite.CrossTenantAccess';

/** What a partner entry is asked to trust: the home MFA, or the home tenant's device claims. */
export type TrustKind = 'mfa' | 'device';

/**
 * The inboundTrust body of each kind (crossTenantAccessPolicyInboundTrust:
 * https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyinboundtrust).
 */
const INBOUND_TRUST: Record<TrustKind, string> = {
  mfa: '{ "isMfaAccepted": true }',
  device: '{ "isCompliantDeviceAccepted": true, "isHybridAzureADJoinedDeviceAccepted": true }',
};
const POWERSHELL_TRUST: Record<TrustKind, string> = {
  mfa: '@{ IsMfaAccepted = $true }',
  device: '@{ IsCompliantDeviceAccepted = $true; IsHybridAzureADJoinedDeviceAccepted = $true }',
};

function homeId(homeTenantId: string | null): string {
  return isGuid(homeTenantId) ? homeTenantId.toLowerCase() : HOME_TENANT_PLACEHOLDER;
}

/** POST that creates the partner entry for the home tenant with MFA (or device) trust on. */
export function graphCreatePartner(homeTenantId: string | null, trust: TrustKind = 'mfa'): string[] {
  return [
    `POST ${GRAPH_PARTNERS}`,
    'Content-Type: application/json',
    '',
    '{',
    `  "tenantId": "${homeId(homeTenantId)}",`,
    `  "inboundTrust": ${INBOUND_TRUST[trust]}`,
    '}',
  ];
}

/** PATCH that turns MFA (or device) trust on in an existing partner entry. */
export function graphUpdatePartner(homeTenantId: string | null, trust: TrustKind = 'mfa'): string[] {
  return [
    `PATCH ${GRAPH_PARTNERS}/${homeId(homeTenantId)}`,
    'Content-Type: application/json',
    '',
    '{',
    `  "inboundTrust": ${INBOUND_TRUST[trust]}`,
    '}',
  ];
}

/** The URL of the default inbound setting (takes the same PATCH body as a partner entry). */
export function graphDefaultUrl(): string {
  return GRAPH_DEFAULT;
}

/** Graph PowerShell: connect to the partner tenant, then create or update the partner entry. */
export function powerShellCommands(
  homeTenantId: string | null,
  partnerTenantId: string,
  comments: { newEntry: string; existingEntry: string },
  trust: TrustKind = 'mfa',
): string[] {
  const home = homeId(homeTenantId);
  const connect = isGuid(partnerTenantId)
    ? `Connect-MgGraph -TenantId ${partnerTenantId.toLowerCase()} -Scopes ${CROSS_TENANT_PERMISSION}`
    : `Connect-MgGraph -Scopes ${CROSS_TENANT_PERMISSION}`;
  return [
    connect,
    `# ${comments.newEntry}`,
    `New-MgPolicyCrossTenantAccessPolicyPartner -TenantId ${home} -InboundTrust ${POWERSHELL_TRUST[trust]}`,
    `# ${comments.existingEntry}`,
    `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${home} -InboundTrust ${POWERSHELL_TRUST[trust]}`,
  ];
}

/** Microsoft Entra PowerShell command that makes a user register MFA methods again. */
export function powerShellResetMethods(upnPlaceholder: string): string {
  return `Reset-EntraStrongAuthenticationMethodByUpn -UserPrincipalName ${upnPlaceholder}`;
}
