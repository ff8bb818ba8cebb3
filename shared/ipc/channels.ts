/**
 * Names of the IPC requests and the single event channel. Kept apart from the zod schemas so that the
 * sandboxed preload can import it without pulling a validation library into the renderer process.
 */
export const REQUEST_NAMES = [
  'getAppInfo',
  'getState',
  'signIn',
  'signInWithMfa',
  'cancelSignIn',
  'signOut',
  'updateSettings',
  'startScan',
  'cancelScan',
  'signInToTenant',
  'checkTenant',
  'addTenant',
  'removeTenant',
  'setTenantNotes',
  'setTenantRecipients',
  'addManualEntry',
  'removeManualEntry',
  'setEntryTicked',
  'setEntryConfirmation',
  'setChecklistStep',
  'composeEmail',
  'copyToClipboard',
  'copyDiagnostics',
  'openEmail',
  'saveEmail',
  'prepareEmailBatch',
  'saveEmailBatch',
  'exportInventory',
  'exportChecklistPdf',
  'openExternalLink',
  'dismissNotice',
  'checkForUpdates',
  'installUpdate',
  'dismissChanges',
  // Partner-admin mode (docs/admin.md)
  'adminSignIn',
  'adminSignOut',
  'getAdminStatus',
  'readAdminReport',
  'previewAdminChange',
  'applyAdminChange',
  'exportAdminReport',
] as const;

export type RequestName = (typeof REQUEST_NAMES)[number];

/** Prefix of every request channel; the event channel is separate. */
export const REQUEST_CHANNEL_PREFIX = 'gmi:';
export const EVENT_CHANNEL = 'gmi:event';

export function requestChannel(name: RequestName): string {
  return `${REQUEST_CHANNEL_PREFIX}${name}`;
}

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && (REQUEST_NAMES as readonly string[]).includes(value);
}
