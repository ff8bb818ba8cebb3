/**
 * The partner-admin mode's IPC handlers (docs/admin.md); the admin service (admin-service.ts) does the work.
 */
import { writeFile } from 'node:fs/promises';
import { adminReportToCsv, adminReportToJson } from '../../shared/admin/export';
import { AdminNotSignedInError } from '../auth/admin-auth';
import { SignInBusyError, SignInCancelledError } from '../auth/auth-service';
import type { IpcHandlers } from '../ipc-dispatch';
import { UserFacingError } from '../ipc-dispatch';
import { AdminChangeError, type AdminService } from './admin-service';
import { describeError } from './context';
import type { AppEnvironment } from './environment';

type AdminRequest =
  | 'adminSignIn'
  | 'adminSignOut'
  | 'getAdminStatus'
  | 'readAdminReport'
  | 'previewAdminChange'
  | 'applyAdminChange'
  | 'exportAdminReport';

/** Runs an admin call and turns its refusals into the answers the renderer shows. */
async function adminCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AdminNotSignedInError) throw new UserFacingError('not-signed-in', error.message);
    if (error instanceof AdminChangeError) throw new UserFacingError(error.code, error.message);
    if (error instanceof SignInBusyError) throw new UserFacingError('busy', error.message);
    if (error instanceof SignInCancelledError) throw new UserFacingError('cancelled', error.message);
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('failed', `The admin sign-in or read did not complete: ${describeError(error)}`);
  }
}

export function adminHandlers(admin: AdminService, env: AppEnvironment): Pick<IpcHandlers, AdminRequest> {
  return {
    adminSignIn: (arg) =>
      adminCall(() =>
        admin.signIn({
          ...(arg.clientId ? { clientId: arg.clientId } : {}),
          ...(arg.tenant ? { tenant: arg.tenant } : {}),
        }),
      ),
    adminSignOut: () => {
      admin.signOut();
      return null;
    },
    getAdminStatus: () => admin.status(),
    readAdminReport: ({ signInDays }) => adminCall(() => admin.readReport(signInDays ?? 30)),
    previewAdminChange: (arg) => adminCall(() => admin.preview(arg)),
    applyAdminChange: ({ confirmationId }) => adminCall(() => admin.apply(confirmationId)),
    async exportAdminReport({ format }) {
      const report = admin.current();
      if (!report) throw new UserFacingError('not-found', 'Read the report first, then export it.');
      const target = await env.dialogs.saveFile({
        title: 'Export admin report',
        defaultName: `guest-mfa-admin-report.${format}`,
        extensions: [format],
      });
      if (!target) return { saved: false, path: null };
      try {
        await writeFile(target, format === 'csv' ? adminReportToCsv(report) : adminReportToJson(report));
      } catch (error) {
        throw new UserFacingError('failed', `The file could not be saved: ${describeError(error)}`);
      }
      return { saved: true, path: target };
    },
  };
}
