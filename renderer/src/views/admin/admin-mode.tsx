/** The admin mode's window: the sign-in until the admin is signed in, then the inbound report. */
import { useAdmin } from '../../admin-store-context';
import { AdminReportView } from './admin-report-view';
import { AdminSignInView } from './admin-sign-in-view';

export function AdminMode() {
  const signedIn = useAdmin((s) => s.account !== null);
  return signedIn ? <AdminReportView /> : <AdminSignInView />;
}
