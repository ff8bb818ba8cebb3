/**
 * The bar shown while the app's background service does not answer (backend-watch.ts): says so, what happened
 * to a scan that was running, and that the window comes back by itself when the service answers again.
 */
import { MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles } from '@fluentui/react-components';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store-context';

const useStyles = makeStyles({ wrap: { padding: '12px 32px 0' } });

export function BackendStatus() {
  const styles = useStyles();
  const { reachable, scan } = useApp(
    useShallow((s) => ({ reachable: s.backend.reachable, scan: s.snapshot?.scan ?? null })),
  );
  if (reachable) return null;
  const stoppedScan = scan?.running ? scan : null;
  return (
    <div className={`${styles.wrap} no-print`}>
      <MessageBar intent="error" layout="multiline" data-testid="backend-lost" role="alert">
        <MessageBarBody>
          <MessageBarTitle>The app&apos;s background service stopped answering</MessageBarTitle>
          {stoppedScan
            ? stoppedScan.total > 0
              ? `The scan stopped at ${stoppedScan.done} of ${stoppedScan.total}: the results that came in are saved, and the other organisations keep their earlier results. `
              : 'The scan stopped before it had the list of your organisations; nothing of it was saved. '
            : 'Nothing you do here reaches it now. '}
          The window keeps trying to reach it and shows what it says as soon as it answers; you can then scan again. If
          that does not happen within a minute, restart the app.
        </MessageBarBody>
        <Spinner size="tiny" aria-label="Trying to reach the background service" />
      </MessageBar>
    </div>
  );
}
