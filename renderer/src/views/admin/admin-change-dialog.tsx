/**
 * The confirmation before any write: it names the exact request main will send (method, URL, body), the
 * permission it asks for then, and the role it needs. "Apply change" sends it; "Cancel", Escape or closing the
 * dialog sends nothing. While main prepares the request the dialog says so; a refusal stays in the dialog in words.
 */
import {
  Body1,
  Button,
  Caption1,
  Dialog,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useShallow } from 'zustand/react/shallow';
import { useAdmin, useAdminStoreApi } from '../../admin-store-context';
import { DialogFrame, whenClosed } from '../../components/dialog-frame';
import { codeBlockStyle } from '../../layout';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(680px, calc(100vw - 32px))' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  request: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: '6px 12px',
    margin: 0,
    alignItems: 'baseline',
  },
  label: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  body: codeBlockStyle('10px 12px'),
  secondary: { color: tokens.colorNeutralForeground2 },
});

export function AdminChangeDialog() {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const { confirmation, applying, orgName } = useAdmin(
    useShallow((s) => {
      const target = s.confirmation?.target;
      const org =
        target?.target === 'partner' ? s.report?.organisations.find((o) => o.tenantId === target.tenantId) : undefined;
      return {
        confirmation: s.confirmation,
        applying: s.applying,
        orgName:
          target?.target === 'default'
            ? 'the default (every organisation without its own setting)'
            : (org?.displayName ?? org?.defaultDomainName ?? (target?.target === 'partner' ? target.tenantId : '')),
      };
    }),
  );
  const preview = confirmation?.preview ?? null;
  const request = preview?.change.request ?? null;
  return (
    <Dialog
      open={confirmation !== null}
      modalType="alert"
      onOpenChange={whenClosed(() => admin.getState().cancelChange())}
    >
      <DialogFrame
        title={`Apply this change to ${orgName}?`}
        surface={{
          className: styles.surface,
          'aria-describedby': 'admin-confirm-intro',
          'data-testid': 'admin-confirm',
        }}
        contentClassName={styles.content}
        actions={
          <>
            <Button disabled={applying} onClick={() => admin.getState().cancelChange()}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              disabled={!request || applying}
              icon={applying ? <Spinner size="tiny" aria-label="Applying" /> : undefined}
              onClick={() => void admin.getState().confirmChange()}
            >
              Apply change
            </Button>
          </>
        }
      >
        {request ? (
          <>
            <Body1 id="admin-confirm-intro">
              {preview!.change.summary} The app sends exactly this request to Microsoft Graph, and nothing else:
            </Body1>
            <dl className={styles.request}>
              <dt className={styles.label}>Method</dt>
              <dd className={styles.value} data-testid="admin-confirm-method">
                {request.method}
              </dd>
              <dt className={styles.label}>URL</dt>
              <dd className={styles.value} data-testid="admin-confirm-url">
                {request.url}
              </dd>
              <dt className={styles.label}>Body</dt>
              <dd style={{ margin: 0 }}>
                <pre className={styles.body} data-testid="admin-confirm-body" tabIndex={0} aria-label="Request body">
                  {JSON.stringify(request.body, null, 2)}
                </pre>
              </dd>
            </dl>
            <Caption1 className={styles.secondary}>
              Sending it asks for the permission {preview!.requiredScope}; your browser may ask you to consent. Your
              account needs the Security Administrator role. Afterwards the app reads the policy again and shows whether
              the change took.
            </Caption1>
          </>
        ) : confirmation?.error ? null : (
          <Spinner id="admin-confirm-intro" size="small" label="Preparing the exact request…" />
        )}
        {confirmation?.error && (
          <MessageBar intent="error" layout="multiline" data-testid="admin-confirm-error">
            <MessageBarBody>
              <MessageBarTitle>Not applied</MessageBarTitle>
              {confirmation.error}
            </MessageBarBody>
          </MessageBar>
        )}
      </DialogFrame>
    </Dialog>
  );
}
