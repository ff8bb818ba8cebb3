/**
 * One home organisation in a panel on the right: the suggested change in words, its exact Microsoft Graph request
 * and the same change in PowerShell (each copyable), what stays in force after it, which registrations here could
 * then be removed, and every guest from that organisation (how they redeemed, MFA registered here, how their
 * sign-ins met MFA). "Apply this change…" opens the confirmation dialog; nothing is written from here.
 */
import {
  Body1,
  Button,
  Caption1,
  DrawerBody,
  OverlayDrawer,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular, ShieldCheckmarkRegular } from '@fluentui/react-icons';
import type { AdminGuest, HomeOrganisationReport, SuggestedChange } from '../../../../shared/admin/types';
import { useAdmin, useAdminStoreApi } from '../../admin-store-context';
import { whenClosed } from '../../components/dialog-frame';
import { DrawerTitle } from '../../components/drawer-title';
import { codeBlockStyle } from '../../layout';
import { AdminChangeDialog } from './admin-change-dialog';
import { REDEMPTION_TEXT, registeredMethodsText, requestText, trustSourceText, yesNo } from './admin-words';
import { AdminSection } from './admin-section';

const useStyles = makeStyles({
  drawer: { width: 'min(640px, 100vw)' },
  body: { display: 'flex', flexDirection: 'column', gap: '20px', paddingBottom: '24px' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  codeHead: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '8px' },
  code: codeBlockStyle('12px'),
  list: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '4px' },
  secondary: { color: tokens.colorNeutralForeground2 },
  apply: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  tableWrap: { overflowX: 'auto' },
  cell: { overflowWrap: 'anywhere' },
  ok: { display: 'flex', gap: '8px', alignItems: 'center' },
});

export function AdminOrganisationDrawer() {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const org = useAdmin((s) =>
    s.selectedTenantId ? (s.report?.organisations.find((o) => o.tenantId === s.selectedTenantId) ?? null) : null,
  );
  const name = org ? (org.displayName ?? org.defaultDomainName ?? org.tenantId) : '';
  return (
    <OverlayDrawer
      open={org !== null}
      position="end"
      size="medium"
      className={styles.drawer}
      onOpenChange={whenClosed(() => admin.getState().select(null))}
      aria-label={org ? `Details of ${name}` : 'Details'}
      data-testid="admin-drawer"
    >
      {org && (
        <>
          <DrawerTitle
            name={name}
            domain={org.defaultDomainName}
            tenantId={org.tenantId}
            onClose={() => admin.getState().select(null)}
          />
          <DrawerBody className={styles.body}>
            <AdminSection id="admin-trust-title" title="Effective inbound trust">
              <Body1>
                Home MFA: <strong>{yesNo(org.trust.mfa.value)}</strong>, {trustSourceText(org.trust.mfa)}. Compliant
                devices: <strong>{yesNo(org.trust.compliantDevice.value)}</strong>,{' '}
                {trustSourceText(org.trust.compliantDevice)}. Hybrid joined devices:{' '}
                <strong>{yesNo(org.trust.hybridJoinedDevice.value)}</strong>,{' '}
                {trustSourceText(org.trust.hybridJoinedDevice)}.
              </Body1>
            </AdminSection>
            {org.suggestion ? (
              <Suggestion org={org} change={org.suggestion} />
            ) : (
              <div className={styles.ok}>
                <ShieldCheckmarkRegular aria-hidden fontSize={20} />
                <Body1>MFA from {name} is already trusted: nothing to change here.</Body1>
              </div>
            )}
            <Guests org={org} />
            <AdminChangeDialog />
          </DrawerBody>
        </>
      )}
    </OverlayDrawer>
  );
}

function CodeBlock({ title, text, what, testId }: { title: string; text: string; what: string; testId: string }) {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const id = `admin-code-${testId}`;
  return (
    <div className={styles.section}>
      <div className={styles.codeHead}>
        <Body1 as="h4" id={id} style={{ margin: 0, fontWeight: tokens.fontWeightSemibold }}>
          {title}
        </Body1>
        <Button size="small" icon={<CopyRegular />} onClick={() => void admin.getState().copy(text, what)}>
          Copy
        </Button>
      </div>
      <pre className={styles.code} aria-labelledby={id} data-testid={testId} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

function Suggestion({ org, change }: { org: HomeOrganisationReport; change: SuggestedChange }) {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const removable = change.removableRegistrations
    .map((id) => org.guests.find((g) => g.id === id))
    .filter((g): g is AdminGuest => g !== undefined);
  return (
    <AdminSection id="admin-change-title" title="The change that ends the separate registrations">
      <Body1>{change.summary}</Body1>
      <div className={styles.apply}>
        <Button
          appearance="primary"
          onClick={() =>
            void admin
              .getState()
              .previewChange(change.tenantId ? { target: 'partner', tenantId: change.tenantId } : { target: 'default' })
          }
        >
          Apply this change…
        </Button>
        <Caption1 className={styles.secondary}>
          You see the exact request and confirm it before anything is sent.
        </Caption1>
      </div>
      <CodeBlock
        title="Microsoft Graph request"
        text={requestText(change.request)}
        what="The request"
        testId="admin-graph-request"
      />
      <CodeBlock
        title="Microsoft Graph PowerShell"
        text={change.powershell}
        what="The PowerShell"
        testId="admin-powershell"
      />
      <Body1 as="h4" style={{ margin: 0, fontWeight: tokens.fontWeightSemibold }}>
        What stays in force
      </Body1>
      <ul className={styles.list}>
        {change.stillInForce.map((line) => (
          <li key={line}>
            <Body1>{line}</Body1>
          </li>
        ))}
      </ul>
      <Body1 as="h4" style={{ margin: 0, fontWeight: tokens.fontWeightSemibold }}>
        Registrations you could then remove ({removable.length})
      </Body1>
      {removable.length === 0 ? (
        <Body1 className={styles.secondary}>None: no guest from this organisation has MFA registered here.</Body1>
      ) : (
        <>
          <Caption1 className={styles.secondary}>
            Once their sign-ins show “MFA requirement satisfied by claim in the token”, these guests no longer need the
            MFA methods they registered with you.
          </Caption1>
          <ul className={styles.list} data-testid="admin-removable">
            {removable.map((g) => (
              <li key={g.id}>
                <Body1>
                  {guestName(g)}
                  {g.registeredHere && g.registeredHere.methods.length > 0
                    ? ` · ${registeredMethodsText(g.registeredHere.methods)}`
                    : ''}
                </Body1>
              </li>
            ))}
          </ul>
        </>
      )}
    </AdminSection>
  );
}

function guestName(g: AdminGuest): string {
  return g.displayName ?? g.mail ?? g.userPrincipalName ?? g.id;
}

function Guests({ org }: { org: HomeOrganisationReport }) {
  const styles = useStyles();
  return (
    <AdminSection id="admin-guests-title" title={<>Guests from this organisation ({org.guests.length})</>}>
      <div className={styles.tableWrap}>
        <Table size="small" aria-labelledby="admin-guests-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Guest</TableHeaderCell>
              <TableHeaderCell>Signs in with</TableHeaderCell>
              <TableHeaderCell>MFA registered here</TableHeaderCell>
              <TableHeaderCell>Sign-ins: from home / here</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {org.guests.map((g) => (
              <TableRow key={g.id}>
                <TableCell className={styles.cell}>
                  {guestName(g)}
                  {g.externalUserState === 'PendingAcceptance' ? ' (invitation not redeemed)' : ''}
                </TableCell>
                <TableCell className={styles.cell}>
                  {REDEMPTION_TEXT[g.redemption]}
                  {g.trustCannotHelp ? ' · trust cannot help' : ''}
                </TableCell>
                <TableCell className={styles.cell}>
                  {g.registeredHere === null
                    ? 'not read'
                    : g.registeredHere.isMfaRegistered
                      ? registeredMethodsText(g.registeredHere.methods) || 'Yes'
                      : 'No'}
                </TableCell>
                <TableCell className={styles.cell}>
                  {g.signIns === null ? 'not read' : `${g.signIns.satisfiedByClaim} / ${g.signIns.mfaHere}`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </AdminSection>
  );
}
