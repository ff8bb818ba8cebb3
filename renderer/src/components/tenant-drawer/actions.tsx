import {
  Body1,
  Button,
  Dialog,
  DialogTrigger,
  Spinner,
  Tooltip,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import {
  ArrowEnterRegular,
  ArrowSyncRegular,
  ClipboardCodeRegular,
  DeleteRegular,
  DoorArrowLeftRegular,
  KeyResetRegular,
  LaptopShieldRegular,
  MailArrowUpRegular,
  OpenRegular,
  PersonDeleteRegular,
  type FluentIcon,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { entryKeyForTenant } from '../../../../shared/entry-keys';
import { organizationsUrl, securityInfoUrl } from '../../../../shared/links';
import type { EmailKind, TenantRecord } from '../../../../shared/model';
import { emailOfAction, tenantActions, type VerdictAction } from '../../../../shared/verdicts';
import { scanRunning } from '../../../../shared/scan-view';
import { tenantKey, type TenantRef } from '../../store';
import { useApp, useAppStoreApi } from '../../store-context';
import { entriesOf } from '../../views-of-state';
import { useStyles } from './styles';
import { DialogFrame } from '../dialog-frame';

/** An action the drawer shows as a plain button: its words and icon are here. */
type PlainAction = Exclude<VerdictAction, 'check-again' | 'leave-organisation' | 'copy-diagnostics'>;

/** The words and icon of each plain action (which ones, and in which order, is shared/verdicts.ts's). */
const ACTION_LOOK: Record<PlainAction, readonly [label: string, icon: FluentIcon]> = {
  'request-trust': ['Request trust', MailArrowUpRegular],
  'request-device-trust': ['Ask to trust your devices', LaptopShieldRegular],
  'sign-in-to-tenant': ['Sign in to this tenant', ArrowEnterRegular],
  'open-security-info': ['Open security info', OpenRegular],
  'request-mfa-reset': ['Request MFA reset', KeyResetRegular],
  'request-removal': ['Request removal', PersonDeleteRegular],
};

/**
 * The actions that fit this tenant (`tenantActions`: its verdict, its entry, a refused device), the first as the
 * primary button, the next two beside it, the rest as small buttons below; the same rule picks the toolbar's
 * counts and the batches.
 */
export function Actions({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const signingIn = useApp((s) => s.tenantSignIns[tenantKey(tenantRef)] === true);
  const checking = useApp((s) => s.tenantChecks[tenantKey(tenantRef)] === true);
  const scanning = useApp((s) => scanRunning(s.snapshot?.scan, s.backend.reachable));
  const entryKey = entryKeyForTenant(tenant.accountId, tenant.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === entryKey)?.status ?? null);
  const actions = tenantActions(tenant, entry);
  const restoreFocus = useRestoreFocusTarget();
  const compose = (kind: EmailKind) => store.getState().openComposer({ ...tenantRef, kind });

  const button = (action: VerdictAction, place: 'primary' | 'secondary' | 'subtle') => {
    const appearance = place === 'subtle' ? 'subtle' : place;
    const size = place === 'subtle' ? 'small' : 'medium';
    /** A plain action's button; `busy` names the spinner that stands for its icon while it runs. */
    const plain = (
      plainAction: PlainAction,
      onClick: () => void,
      more: { busy?: string; label?: string; focus?: ReturnType<typeof useRestoreFocusTarget> } = {},
    ) => {
      const [label, Icon] = ACTION_LOOK[plainAction];
      return (
        <Button
          key={plainAction}
          appearance={appearance}
          size={size}
          icon={more.busy ? <Spinner size="tiny" aria-label={more.busy} /> : <Icon />}
          disabledFocusable={more.busy !== undefined}
          onClick={onClick}
          {...more.focus}
        >
          {more.label ?? label}
        </Button>
      );
    };
    switch (action) {
      case 'check-again':
        return (
          <Tooltip
            key={action}
            content={
              scanning
                ? 'A scan is running; it checks this organisation too.'
                : 'Asks this organisation again now, as a scan would, without scanning the others.'
            }
            relationship="description"
          >
            <Button
              appearance={appearance}
              size={size}
              icon={checking ? <Spinner size="tiny" aria-label="Checking" /> : <ArrowSyncRegular />}
              disabledFocusable={checking || scanning}
              onClick={() => void store.getState().checkTenant(tenantRef)}
              data-testid="check-again"
            >
              {checking ? 'Checking…' : 'Check again'}
            </Button>
          </Tooltip>
        );
      case 'leave-organisation':
        return <LeaveOrganisation key={action} tenant={tenant} appearance={appearance} size={size} />;
      case 'copy-diagnostics':
        return (
          <Tooltip
            key={action}
            content="Copies what the sign-in service and Graph answered at the latest check of this organisation (error texts as received, no tokens), to send to its IT, your IT or us."
            relationship="description"
          >
            <Button
              appearance={appearance}
              size={size}
              icon={<ClipboardCodeRegular />}
              onClick={() => void store.getState().copyDiagnostics(tenantRef)}
              data-testid="copy-tenant-diagnostics"
            >
              Copy what Entra answered
            </Button>
          </Tooltip>
        );
      case 'sign-in-to-tenant':
        return plain(
          action,
          () => void store.getState().signInToTenant(tenantRef),
          signingIn ? { busy: 'Signing in', label: 'Waiting for the browser…' } : {},
        );
      case 'open-security-info':
        return plain(action, () => void store.getState().openLink(securityInfoUrl(tenant.tenantId)));
      default:
        return plain(action, () => compose(emailOfAction(action)!), { focus: restoreFocus });
    }
  };

  return (
    <>
      <div className={styles.actions} data-testid="drawer-actions">
        {actions.slice(0, 3).map((a, i) => button(a, i === 0 ? 'primary' : 'secondary'))}
      </div>
      <div className={styles.secondaryActions} data-testid="drawer-more-actions">
        {actions.slice(3).map((a) => button(a, 'subtle'))}
        {tenant.source === 'added-by-user' && (
          <Button
            appearance="subtle"
            size="small"
            className={styles.dangerButton}
            icon={<DeleteRegular />}
            onClick={() => void store.getState().removeTenant(tenantRef)}
          >
            Remove from list
          </Button>
        )}
      </div>
    </>
  );
}

/**
 * "Leave organisation": an external page (Microsoft's My Account, Organizations) and a step that cannot be undone
 * from here, so it says both: the external-link mark, and a confirmation that tells what leaving does
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/leave-the-organization.md: the guest
 * account is soft-deleted, restorable for 30 days; an organisation may not let guests leave).
 */
function LeaveOrganisation({
  tenant,
  appearance,
  size,
}: {
  tenant: TenantRecord;
  appearance: 'primary' | 'secondary' | 'subtle';
  size: 'small' | 'medium';
}) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const name = tenant.displayName || 'this organisation';
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button
          appearance={appearance}
          size={size}
          icon={<DoorArrowLeftRegular />}
          aria-label="Leave organisation (opens My Account in your browser)"
          data-testid="leave-organisation"
        >
          Leave organisation
          <OpenRegular aria-hidden style={{ marginLeft: 4 }} />
        </Button>
      </DialogTrigger>
      <DialogFrame
        title={`Leave ${name}?`}
        contentStyle={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        cancel
        actions={
          <Button
            appearance="primary"
            icon={<OpenRegular />}
            onClick={() => {
              setOpen(false);
              void store.getState().openLink(organizationsUrl(tenant.tenantId));
            }}
          >
            Open My Account
          </Button>
        }
      >
        <Body1>
          This opens Microsoft’s My Account page (Organizations) in your browser, where you can leave {name}. The app
          changes nothing by itself.
        </Body1>
        <Body1>
          Leaving removes your guest account there: you lose access to its apps, teams and files. Its admin can restore
          the account within 30 days; after that only a new invitation brings you back. Some organisations do not let
          guests leave; then ask for removal instead.
        </Body1>
      </DialogFrame>
    </Dialog>
  );
}
