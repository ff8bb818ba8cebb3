/**
 * Exports of the partner-admin report for a change ticket: CSV (one row per guest, through the inventory
 * export's formula guard) and JSON (the whole report). The PDF is the renderer's print of the report view.
 * docs/admin.md lists the columns.
 */
import { csvCell } from '../export';
import type { AdminGuest, AdminReport, HomeOrganisationReport } from './types';

export const ADMIN_CSV_COLUMNS = [
  'Home organisation',
  'Home tenant id',
  'MFA trust',
  'MFA trust from',
  'Guest',
  'Mail',
  'Signs in with',
  'Invitation',
  'Trust cannot help',
  'MFA registered here',
  'Methods registered here',
  'Sign-ins',
  'MFA by home claim',
  'MFA here',
  'Single factor',
  'Suggested change',
] as const;

function count(value: number | null | undefined): string {
  return value === null || value === undefined ? 'not read' : String(value);
}

function guestRow(org: HomeOrganisationReport | null, guest: AdminGuest): string[] {
  return [
    org ? (org.displayName ?? org.tenantId) : 'none or unknown',
    org?.tenantId ?? '',
    org ? (org.trust.mfa.value ? 'accepted' : 'not accepted') : '',
    org ? (org.trust.mfa.source === 'partner' ? 'partner setting' : 'default (inherited)') : '',
    guest.displayName ?? guest.userPrincipalName ?? guest.id,
    guest.mail ?? '',
    guest.issuer ?? '',
    guest.externalUserState ?? '',
    guest.trustCannotHelp ? 'yes' : 'no',
    guest.registeredHere ? (guest.registeredHere.isMfaRegistered ? 'yes' : 'no') : 'not read',
    guest.registeredHere ? guest.registeredHere.methods.join(' ') : 'not read',
    count(guest.signIns?.total),
    count(guest.signIns?.satisfiedByClaim),
    count(guest.signIns?.mfaHere),
    count(guest.signIns?.singleFactor),
    org?.suggestion ? `${org.suggestion.request.method} ${org.suggestion.request.url}` : '',
  ];
}

export function adminReportToCsv(report: AdminReport): string {
  const rows: string[][] = [[...ADMIN_CSV_COLUMNS]];
  for (const org of report.organisations) for (const guest of org.guests) rows.push(guestRow(org, guest));
  for (const guest of report.guestsWithoutHome) rows.push(guestRow(null, guest));
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function adminReportToJson(report: AdminReport): string {
  return `${JSON.stringify({ format: 'guest-mfa-inventory/admin-report', version: 1, ...report }, null, 2)}\n`;
}
