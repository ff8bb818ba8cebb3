/**
 * The detail of one tenant in a drawer on the right: the verdict sentence and what to do first, then the
 * actions (sign in there, emails, Microsoft pages), the evidence in words, methods, contacts, the history of
 * verdicts, notes (saved as you type) and the recipients remembered for emails.
 */
import { Divider, DrawerBody, OverlayDrawer } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { TenantRecord } from '../../../../shared/model';
import { tenantKey, type TenantRef } from '../../store';
import { useApp, useAppStoreApi } from '../../store-context';
import { whenClosed } from '../dialog-frame';
import { DrawerTitle } from '../drawer-title';
import { EmailComposer } from '../email-composer';
import { MethodList } from '../method-chips';
import { Actions } from './actions';
import { Contacts } from './contacts';
import { EntrySection } from './entry';
import { Evidence } from './evidence';
import { History } from './history';
import { Notes } from './notes';
import { Recipients } from './recipients';
import { useStyles } from './styles';
import { VerdictPanel } from './verdict-panel';
import { DrawerSection } from './section';

/** The drawer; open while a tenant is selected. */
export function TenantDrawer() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const tenant = useApp((s) =>
    s.selected
      ? (s.snapshot?.tenants.find(
          (t) => t.accountId === s.selected!.accountId && t.tenantId === s.selected!.tenantId,
        ) ?? null)
      : null,
  );
  const open = tenant !== null;
  const composerOpen = useApp((s) => s.composer !== null);
  // Escape closes the drawer even when focus fell back to the page (e.g. right after the composer closed,
  // before focus is restored into the drawer): nothing else handles an Escape that starts at <body>.
  useEffect(() => {
    if (!open || composerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const active = document.activeElement;
      if (event.key === 'Escape' && !event.defaultPrevented && (!active || active === document.body))
        store.getState().select(null);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, composerOpen, store]);
  return (
    <OverlayDrawer
      open={open}
      position="end"
      size="medium"
      className={styles.drawer}
      onOpenChange={whenClosed(() => store.getState().select(null))}
      aria-label={tenant ? `Details of ${tenant.displayName}` : 'Details'}
      data-testid="tenant-drawer"
    >
      {tenant && <TenantDetail tenant={tenant} />}
    </OverlayDrawer>
  );
}

function TenantDetail({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const ref: TenantRef = { accountId: tenant.accountId, tenantId: tenant.tenantId };
  const c = tenant.classification;
  return (
    <>
      <DrawerTitle
        name={tenant.displayName || 'Unnamed organisation'}
        domain={tenant.defaultDomain}
        tenantId={tenant.tenantId}
        onClose={() => store.getState().select(null)}
      />
      <DrawerBody className={styles.body}>
        <VerdictPanel tenant={tenant} />
        <Actions tenant={tenant} tenantRef={ref} />
        <EntrySection tenant={tenant} />
        <Divider />
        {c && <Evidence classification={c} observedAt={tenant.observedAt} />}
        <DrawerSection id="methods-title" title="Your methods there">
          <MethodList methods={tenant.methods} note={tenant.methodsNote} />
        </DrawerSection>
        <Contacts tenant={tenant} />
        <History tenant={tenant} />
        <Notes key={tenantKey(tenant)} tenant={tenant} tenantRef={ref} />
        <Recipients tenant={tenant} tenantRef={ref} />
        <EmailComposer placement="drawer" />
      </DrawerBody>
    </>
  );
}
