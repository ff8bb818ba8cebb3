/**
 * The partner-admin mode's IPC handlers (docs/admin.md). The admin service (admin-service.ts) does the work.
 */
import type { IpcHandlers } from '../ipc-dispatch';
import { UserFacingError } from '../ipc-dispatch';

type AdminRequest =
  | 'adminSignIn'
  | 'adminSignOut'
  | 'getAdminStatus'
  | 'readAdminReport'
  | 'previewAdminChange'
  | 'applyAdminChange'
  | 'exportAdminReport';

const notReady = (): never => {
  throw new UserFacingError('failed', 'The admin mode is not available in this build yet.');
};

export function adminHandlers(): Pick<IpcHandlers, AdminRequest> {
  return {
    adminSignIn: notReady,
    adminSignOut: notReady,
    getAdminStatus: () => ({ account: null, report: null }),
    readAdminReport: notReady,
    previewAdminChange: notReady,
    applyAdminChange: notReady,
    exportAdminReport: notReady,
  };
}
