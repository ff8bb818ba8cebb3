/**
 * The app frame: first load, start-up failure, the welcome page for a first run, and otherwise the left
 * navigation with the current view, the notices and messages above it, toasts and the email composer.
 */
import {
  Body1,
  Button,
  Caption1,
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarGroup,
  MessageBarTitle,
  NavDrawer,
  NavDrawerBody,
  NavDrawerFooter,
  NavDrawerHeader,
  NavItem,
  NavSectionHeader,
  Badge,
  Tooltip,
  mergeClasses,
  Persona,
  Spinner,
  Title2,
  Toast,
  ToastBody,
  ToastTitle,
  Toaster,
  makeStyles,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import {
  CheckmarkRegular,
  DismissRegular,
  MoreHorizontalRegular,
  PersonAddRegular,
  PhoneUpdateFilled,
  PhoneUpdateRegular,
  SettingsFilled,
  SettingsRegular,
  ShieldKeyholeFilled,
  SignOutRegular,
  TableSimpleFilled,
  TableSimpleRegular,
  KeyMultipleFilled,
  KeyMultipleRegular,
  bundleIcon,
  ArrowClockwiseRegular,
  ErrorCircleRegular,
  HistoryFilled,
  HistoryRegular,
} from '@fluentui/react-icons';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { tidyPeriods } from '../../shared/email/text';
import type { AccountSummary, Notice } from '../../shared/model';
import { scanRunning } from '../../shared/scan-view';
import { AppVersion } from './components/app-version';
import { BackendStatus } from './components/backend-status';
import { whenClosed } from './components/dialog-frame';
import { EmailComposer } from './components/email-composer';
import { NavToggleContext, useNarrowWindow } from './layout';
import { useApp, useAppStoreApi } from './store-context';
import type { UiMessage, View } from './store';
import { countersOf } from './views-of-state';
import { InventoryView } from './views/inventory-view';
import { WelcomeView } from './views/welcome-view';
import { useAdmin } from './admin-store-context';

const AdminMode = lazy(() => import('./views/admin/admin-mode').then((m) => ({ default: m.AdminMode })));

const EntriesView = lazy(() => import('./views/entries-view').then((m) => ({ default: m.EntriesView })));
const PhoneChangeView = lazy(() => import('./views/phone-change-view').then((m) => ({ default: m.PhoneChangeView })));
const SettingsView = lazy(() => import('./views/settings-view').then((m) => ({ default: m.SettingsView })));
const ChangesView = lazy(() => import('./views/changes-view').then((m) => ({ default: m.ChangesView })));

const InventoryIcon = bundleIcon(TableSimpleFilled, TableSimpleRegular);
const EntriesIcon = bundleIcon(KeyMultipleFilled, KeyMultipleRegular);
const PhoneIcon = bundleIcon(PhoneUpdateFilled, PhoneUpdateRegular);
const SettingsIcon = bundleIcon(SettingsFilled, SettingsRegular);
const ChangesIcon = bundleIcon(HistoryFilled, HistoryRegular);

const useStyles = makeStyles({
  frame: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  frameNarrow: { gridTemplateColumns: '1fr' },
  nav: { height: '100vh', width: '264px' },
  navCount: { flexShrink: 0, fontWeight: tokens.fontWeightRegular },
  brand: { display: 'flex', alignItems: 'center', gap: '10px', padding: '4px 6px 4px 4px' },
  brandMark: {
    display: 'grid',
    placeItems: 'center',
    width: '32px',
    height: '32px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: '20px',
    flexShrink: 0,
  },
  brandText: { display: 'flex', flexDirection: 'column', lineHeight: tokens.lineHeightBase300 },
  brandName: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300 },
  navItemContent: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexGrow: 1, gap: '8px' },
  footer: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: '2px',
    padding: '12px 8px 12px 12px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  footerLabel: { color: tokens.colorNeutralForeground3, paddingLeft: '8px' },
  accountRow: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '6px 4px 6px 8px',
    borderRadius: tokens.borderRadiusMedium,
  },
  accountActive: { backgroundColor: tokens.colorNeutralBackground1 },
  persona: { flexGrow: 1, minWidth: 0 },
  main: { display: 'flex', flexDirection: 'column', minWidth: 0, minHeight: 0, overflow: 'hidden' },
  messages: { padding: '12px 32px 0', display: 'flex', flexDirection: 'column', gap: '8px' },
  content: { flexGrow: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  center: {
    height: '100vh',
    display: 'grid',
    placeItems: 'center',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  errorCard: {
    maxWidth: '520px',
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '32px',
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
  },
  version: { color: tokens.colorNeutralForeground3 },
  errorIcon: {
    display: 'grid',
    placeItems: 'center',
    width: '48px',
    height: '48px',
    borderRadius: '50%',
    backgroundColor: tokens.colorStatusDangerBackground1,
    color: tokens.colorStatusDangerForeground1,
    fontSize: '28px',
  },
  viewFallback: { padding: '48px', display: 'grid', placeItems: 'center' },
});

const VIEW_TITLES: Record<View, string> = {
  inventory: 'Inventory',
  entries: 'Authenticator entries',
  phone: 'Phone change',
  changes: 'What changed',
  settings: 'Settings',
};

export function App() {
  const store = useAppStoreApi();
  const { status, hasAccounts, loadError } = useApp(
    useShallow((s) => ({
      status: s.status,
      hasAccounts: (s.snapshot?.accounts.length ?? 0) > 0,
      loadError: s.loadError,
    })),
  );
  useEffect(() => store.getState().start(), [store]);
  const view = useApp((s) => s.view);
  // The partner-admin mode (state/admin.ts) takes the whole window while it is open.
  const adminMode = useAdmin((s) => s.active);
  useEffect(() => {
    if (adminMode) document.title = 'Admin mode · Guest MFA Inventory';
    else document.title = hasAccounts ? `${VIEW_TITLES[view]} · Guest MFA Inventory` : 'Guest MFA Inventory';
  }, [view, hasAccounts, adminMode]);

  let body;
  if (adminMode)
    body = (
      <Suspense fallback={null}>
        <AdminMode />
      </Suspense>
    );
  else if (status === 'idle' || status === 'loading') body = <StartupLoading />;
  else if (status === 'failed') body = <StartupError message={loadError} />;
  else if (!hasAccounts) body = <WelcomeView />;
  else body = <Frame />;
  return (
    <>
      {body}
      <ToastBridge />
      <EmailComposer placement="app" />
    </>
  );
}

function StartupLoading() {
  const styles = useStyles();
  return (
    <div className={styles.center}>
      <Spinner label="Loading your inventory…" labelPosition="below" size="large" />
    </div>
  );
}

function StartupError({ message }: { message: string | null }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  return (
    <div className={styles.center}>
      <div className={styles.errorCard} role="alert">
        <span className={styles.errorIcon} aria-hidden>
          <ErrorCircleRegular />
        </span>
        <Title2 as="h1" style={{ margin: 0 }}>
          The app could not start
        </Title2>
        <Body1>{message ?? 'Your data could not be loaded.'}</Body1>
        <Body1>Try again. If it keeps failing, close the app and open it again.</Body1>
        <div>
          <Button appearance="primary" icon={<ArrowClockwiseRegular />} onClick={() => void store.getState().load()}>
            Try again
          </Button>
        </div>
        <AppVersion />
      </div>
    </div>
  );
}

function Frame() {
  const styles = useStyles();
  const view = useApp((s) => s.view);
  // Narrow windows fold the navigation into the menu button of each page header (an overlay drawer).
  const narrow = useNarrowWindow();
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => {
    if (!narrow) setNavOpen(false);
  }, [narrow]);
  const openNavigation = useCallback(() => setNavOpen(true), []);
  return (
    <div className={mergeClasses(styles.frame, narrow && styles.frameNarrow)}>
      <Navigation
        mode={narrow ? 'overlay' : 'inline'}
        open={narrow ? navOpen : true}
        onClose={() => setNavOpen(false)}
      />
      <NavToggleContext.Provider value={narrow ? openNavigation : null}>
        <main className={`${styles.main} print-page`} aria-label={VIEW_TITLES[view]}>
          <BackendStatus />
          <Messages />
          <div className={styles.content}>
            {view === 'inventory' && <InventoryView />}
            <Suspense
              fallback={
                <div className={styles.viewFallback}>
                  <Spinner label="Loading…" />
                </div>
              }
            >
              {view === 'entries' && <EntriesView />}
              {view === 'phone' && <PhoneChangeView />}
              {view === 'changes' && <ChangesView />}
              {view === 'settings' && <SettingsView />}
            </Suspense>
          </div>
        </main>
      </NavToggleContext.Provider>
    </div>
  );
}

/** What each navigation count counts, for its tooltip and its accessible name. */
function countWords(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

type CountedView = 'entries' | 'phone' | 'changes';

/** What a view's count says in the navigation: the badge's short text, and the sentence for its tooltip and reader. */
const NAV_COUNT_WORDS: Record<CountedView, (n: number) => { text: string; description: string }> = {
  entries: (n) => ({
    text: `${n} in use`,
    description: `${countWords(n, 'Authenticator entry is', 'Authenticator entries are')} in use for this account`,
  }),
  phone: (n) => ({
    text: `${n} to do`,
    description: `${countWords(n, 'step', 'steps')} of the phone-change checklist still to do`,
  }),
  changes: (n) => ({
    text: countWords(n, 'change', 'changes'),
    description: `${countWords(n, 'change', 'changes')} of what an organisation demands, listed in What changed`,
  }),
};

function NavCount({ view, count }: { view: CountedView; count: number }) {
  const styles = useStyles();
  const { text, description } = NAV_COUNT_WORDS[view](count);
  return (
    <Tooltip content={description} relationship="description" positioning="after">
      <Badge
        appearance="tint"
        color="informative"
        size="small"
        shape="rounded"
        className={styles.navCount}
        aria-label={description}
        data-testid={`nav-count-${view}`}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}

/** One view in the navigation: its icon and name, and after the name what it holds. */
interface ViewNavItemProps {
  view: View;
  icon: ReactElement;
  label: string;
  /** Shown after the name: a count, a spinner. */
  children?: ReactNode;
}

function ViewNavItem({ view, icon, label, children }: ViewNavItemProps) {
  const styles = useStyles();
  return (
    <NavItem icon={icon} value={view} data-testid={`nav-${view}`}>
      <span className={styles.navItemContent}>
        {label}
        {children}
      </span>
    </NavItem>
  );
}

function Navigation({ mode, open, onClose }: { mode: 'inline' | 'overlay'; open: boolean; onClose: () => void }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { view, accounts, activeAccountId, entryCount, openSteps, scanning, changeCount } = useApp(
    useShallow((s) => ({
      view: s.view,
      accounts: s.snapshot?.accounts ?? [],
      activeAccountId: s.activeAccountId,
      entryCount: countersOf(s).entriesInUse,
      openSteps: countersOf(s).openSteps,
      scanning: scanRunning(s.snapshot?.scan, s.backend.reachable),
      changeCount: s.snapshot?.changes?.length ?? 0,
    })),
  );
  return (
    <NavDrawer
      open={open}
      type={mode}
      className={`${styles.nav} no-print`}
      selectedValue={view}
      onNavItemSelect={(_, data) => {
        store.getState().setView(data.value as View);
        onClose();
      }}
      onOpenChange={whenClosed(() => onClose())}
      // Folded (an overlay over the page), the navigation is a modal dialog: Fluent gives every overlay drawer
      // aria-modal, which the navigation role does not allow (axe: aria-allowed-attr, critical).
      {...(mode === 'overlay' ? { role: 'dialog', 'aria-label': 'Navigation' } : { 'aria-label': 'Main' })}
    >
      <NavDrawerHeader>
        <div className={styles.brand}>
          <span className={styles.brandMark} aria-hidden>
            <ShieldKeyholeFilled />
          </span>
          <span className={styles.brandText}>
            <span className={styles.brandName}>Guest MFA Inventory</span>
            <Caption1 className={styles.version}>Your MFA across organisations</Caption1>
          </span>
        </div>
      </NavDrawerHeader>
      <NavDrawerBody>
        <NavSectionHeader>Overview</NavSectionHeader>
        <ViewNavItem view="inventory" icon={<InventoryIcon />} label="Inventory">
          {scanning && <Spinner size="extra-tiny" aria-label="Scan running" />}
        </ViewNavItem>
        <ViewNavItem view="entries" icon={<EntriesIcon />} label="Authenticator entries">
          {entryCount > 0 && <NavCount view="entries" count={entryCount} />}
        </ViewNavItem>
        <ViewNavItem view="phone" icon={<PhoneIcon />} label="Phone change">
          {/* Held while a scan runs: results replace guesses then, and the count would jump (e.g. 29 to 37). */}
          {openSteps > 0 && !scanning && <NavCount view="phone" count={openSteps} />}
        </ViewNavItem>
        <ViewNavItem view="changes" icon={<ChangesIcon />} label="What changed">
          {changeCount > 0 && <NavCount view="changes" count={changeCount} />}
        </ViewNavItem>
        <NavSectionHeader>App</NavSectionHeader>
        <ViewNavItem view="settings" icon={<SettingsIcon />} label="Settings" />
      </NavDrawerBody>
      <NavDrawerFooter className={styles.footer}>
        <Caption1 className={styles.footerLabel} id="accounts-heading">
          {accounts.length === 1 ? 'Signed in' : 'Signed-in accounts'}
        </Caption1>
        {accounts.map((account) => (
          <AccountRow
            key={account.accountId}
            account={account}
            active={account.accountId === activeAccountId}
            several={accounts.length > 1}
          />
        ))}
      </NavDrawerFooter>
    </NavDrawer>
  );
}

function AccountRow({ account, active, several }: { account: AccountSummary; active: boolean; several: boolean }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const name = account.displayName || account.username;
  const home = account.homeTenantName ?? account.homeDomain ?? 'your home organisation';
  return (
    <div className={`${styles.accountRow} ${active && several ? styles.accountActive : ''}`}>
      <Persona
        className={styles.persona}
        name={name}
        secondaryText={account.username}
        avatar={{ color: 'colorful', 'aria-hidden': true }}
        size="medium"
        textAlignment="center"
      />
      <Menu positioning="above-end">
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={`Account options for ${name}`} />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {several && (
              <MenuItem
                icon={active ? <CheckmarkRegular /> : undefined}
                onClick={() => store.getState().setActiveAccount(account.accountId)}
              >
                Show inventory of {home}
              </MenuItem>
            )}
            <MenuItem icon={<PersonAddRegular />} onClick={() => void store.getState().signInHome()}>
              Add another account
            </MenuItem>
            <MenuDivider />
            <MenuItem icon={<SignOutRegular />} onClick={() => void store.getState().signOut(account.accountId)}>
              Sign out {account.username}
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
    </div>
  );
}

/** Stored notices from main and error messages of actions, as dismissible MessageBars. */
function Messages() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { notices, messages, signInWaiting, signInNotice, readyVersion } = useApp(
    useShallow((s) => ({
      notices: s.snapshot?.notices ?? [],
      messages: s.messages,
      signInWaiting: s.signIn.waiting,
      signInNotice: s.signIn.notice ?? null,
      readyVersion: s.snapshot?.update?.status === 'ready' ? (s.snapshot.update.version ?? '') : null,
    })),
  );
  const [updateDismissed, setUpdateDismissed] = useState<string | null>(null);
  const showUpdate = readyVersion !== null && updateDismissed !== readyVersion;
  if (notices.length === 0 && messages.length === 0 && !signInWaiting && !showUpdate) return null;
  return (
    <div className={`${styles.messages} no-print`}>
      <MessageBarGroup animate="both">
        {[
          ...(signInWaiting
            ? [
                <MessageBar key="sign-in" intent="info" layout="singleline">
                  <MessageBarBody>
                    <MessageBarTitle>Waiting for your browser</MessageBarTitle>
                    {signInNotice ?? 'Finish signing in there; this window updates by itself.'}
                  </MessageBarBody>
                  <MessageBarActions>
                    <Button size="small" onClick={() => void store.getState().cancelSignIn()}>
                      Cancel sign-in
                    </Button>
                  </MessageBarActions>
                </MessageBar>,
              ]
            : []),
          ...(showUpdate
            ? [
                <MessageBar key="update" intent="success" layout="singleline" data-testid="update-ready">
                  <MessageBarBody>
                    <MessageBarTitle>Update ready</MessageBarTitle>
                    Version {readyVersion} is downloaded. Restart the app to use it; your inventory stays as it is.
                  </MessageBarBody>
                  <MessageBarActions
                    containerAction={
                      <Button
                        appearance="transparent"
                        aria-label="Dismiss: Update ready"
                        icon={<DismissRegular />}
                        onClick={() => setUpdateDismissed(readyVersion)}
                      />
                    }
                  >
                    <Button size="small" appearance="primary" onClick={() => void store.getState().installUpdate()}>
                      Restart to update
                    </Button>
                  </MessageBarActions>
                </MessageBar>,
              ]
            : []),
          ...notices.map((notice) => dismissibleBar(notice, () => void store.getState().dismissNotice(notice.id))),
          ...messages.map((message) =>
            dismissibleBar(message, () => store.getState().dismissMessage(message.id), 'action-error'),
          ),
        ]}
      </MessageBarGroup>
    </div>
  );
}

/** One notice or message as a MessageBar with its title and a dismiss button (a plain element: the group animates it). */
function dismissibleBar(bar: UiMessage | Notice, onDismiss: () => void, testId?: string) {
  return (
    <MessageBar key={bar.id} intent={bar.intent} layout="multiline" data-testid={testId}>
      <MessageBarBody>
        <MessageBarTitle>{bar.title}</MessageBarTitle>
        {bar.message}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={`Dismiss: ${bar.title}`}
            icon={<DismissRegular />}
            onClick={onDismiss}
          />
        }
      />
    </MessageBar>
  );
}

/**
 * Above every other portal: Fluent's portals (drawer, dialogs) stack by creation order at one z-index, and the
 * toaster's, made at the first toast, would otherwise sit under a drawer or dialog opened later, unseen. Never
 * printed (a checklist PDF must not carry a toast). Where it sits: over the navigation column, narrower than
 * it, so a toast never covers the rows of a grid, at most three at once (the rest wait their turn). With the
 * navigation folded, one at a time, one line high,
 * at the bottom of the window, over the status line under the rows: it covers neither the headline nor the rows, nor
 * the close button of the details drawer at the top right (its whole text is its tooltip and is announced).
 */
const TOASTS_AT_ONCE = 3;

const useToastLayerStyles = makeStyles({
  layer: { zIndex: 1_000_001 },
  toaster: { width: '240px' },
  toasterNarrow: { width: 'min(560px, calc(100vw - 32px))' },
  toastNarrow: { padding: '6px 12px', columnGap: '8px' },
  titleNarrow: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
});

/** Shows queued confirmations from the store as Fluent toasts. */
function ToastBridge() {
  const styles = useToastLayerStyles();
  const narrow = useNarrowWindow();
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const store = useAppStoreApi();
  const pending = useApp((s) => s.toasts.length);
  useEffect(() => {
    if (pending === 0) return;
    for (const t of store.getState().takeToasts()) {
      const title = tidyPeriods(t.title);
      const message = t.message ? tidyPeriods(t.message) : '';
      dispatchToast(
        narrow ? (
          <Toast className={styles.toastNarrow} data-testid="toast">
            <ToastTitle className={styles.titleNarrow} title={message ? `${title}: ${message}` : title}>
              {message ? `${title}: ${message}` : title}
            </ToastTitle>
          </Toast>
        ) : (
          <Toast data-testid="toast">
            <ToastTitle>{title}</ToastTitle>
            {message && <ToastBody>{message}</ToastBody>}
          </Toast>
        ),
        // Longer messages stay longer (about 15 characters a second on top of five seconds, at most 15 s).
        {
          intent: t.intent,
          timeout: Math.min(15_000, 5_000 + Math.round((t.message.length / 15) * 1000)),
          // Each toast takes the place of the window's width when it is shown (the window may have been resized).
          position: narrow ? 'bottom' : 'bottom-start',
        },
      );
    }
  }, [pending, dispatchToast, store, narrow, styles]);
  const node = useMemo(
    () => (
      <Toaster
        toasterId={toasterId}
        position={narrow ? 'bottom' : 'bottom-start'}
        offset={narrow ? { vertical: 4, horizontal: 0 } : { vertical: 96, horizontal: 12 }}
        limit={narrow ? 1 : TOASTS_AT_ONCE}
        className={narrow ? styles.toasterNarrow : styles.toaster}
        pauseOnHover
        mountNode={{ className: `${styles.layer} no-print` }}
      />
    ),
    [toasterId, styles, narrow],
  );
  return node;
}
