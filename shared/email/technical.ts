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

function homeId(homeTenantId: string | null): string {
  return isGuid(homeTenantId) ? homeTenantId.toLowerCase() : HOME_TENANT_PLACEHOLDER;
}

/** POST that creates the partner entry for the home tenant with MFA trust on. */
export function graphCreatePartner(homeTenantId: string | null): string[] {
  return [
    `POST ${GRAPH_PARTNERS}`,
    'Content-Type: application/json',
    '',
    '{',
    `  "tenantId": "${homeId(homeTenantId)}",`,
    '  "inboundTrust": { "isMfaAccepted": true }',
    '}',
  ];
}

/** PATCH that turns MFA trust on in an existing partner entry. */
export function graphUpdatePartner(homeTenantId: string | null): string[] {
  return [
    `PATCH ${GRAPH_PARTNERS}/${homeId(homeTenantId)}`,
    'Content-Type: application/json',
    '',
    '{',
    '  "inboundTrust": { "isMfaAccepted": true }',
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
): string[] {
  const home = homeId(homeTenantId);
  const connect = isGuid(partnerTenantId)
    ? `Connect-MgGraph -TenantId ${partnerTenantId.toLowerCase()} -Scopes ${CROSS_TENANT_PERMISSION}`
    : `Connect-MgGraph -Scopes ${CROSS_TENANT_PERMISSION}`;
  return [
    connect,
    `# ${comments.newEntry}`,
    `New-MgPolicyCrossTenantAccessPolicyPartner -TenantId ${home} -InboundTrust @{ IsMfaAccepted = $true }`,
    `# ${comments.existingEntry}`,
    `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId ${home} -InboundTrust @{ IsMfaAccepted = $true }`,
  ];
}

/** Microsoft Entra PowerShell command that makes a user register MFA methods again. */
export function powerShellResetMethods(upnPlaceholder: string): string {
  return `Reset-EntraStrongAuthenticationMethodByUpn -UserPrincipalName ${upnPlaceholder}`;
}
