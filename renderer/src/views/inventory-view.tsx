/**
 * The main view: the headline and per-verdict filters, the toolbar, scan progress, and the rows
 * (virtualised). Empty, scanning-from-nothing, filtered-to-nothing, failed and offline states each say what
 * is going on and what to do.
 */
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Subtitle1,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowSyncRegular,
  BuildingMultipleRegular,
  ClipboardCodeRegular,
  DismissRegular,
  SearchRegular,
  ShieldKeyholeRegular,
} from '@fluentui/react-icons';
import { useCallback, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { InventoryToolbar } from '../components/inventory-toolbar';
import { PageHeader } from '../components/page-header';
import { SummaryStrip } from '../components/summary-strip';
import { TenantDrawer } from '../components/tenant-drawer';
import { TenantGrid } from '../components/tenant-grid';
import type { TenantRecord } from '../../../shared/model';
import { scanRunning, waitingFor, waitingSentence } from '../../../shared/scan-view';
import {
  LIGHTHOUSE_GROUP_TITLE,
  LIGHTHOUSE_REASON,
  describeTenantCategory,
  isLighthouseTenant,
} from '../../../shared/tenant-category';
import { relativeTime } from '../format';
import { needsNoEntry } from '../../../shared/verdicts';
import { inventoryHeadline } from '../headline';
import { cardSurface, COMPACT, useCompactWindow, VIEW_STYLE } from '../layout';
import { applyQuery, toggleVerdict, type SortKey } from '../inventory-query';
import { useStableRows } from '../stable-order';
import { tenantKey, type TenantRef } from '../store';
import { useApp, useAppStoreApi, useNow } from '../store-context';
import { entriesOf, summaryOf } from '../views-of-state';

/** Said once, under the grid, where no organisation's methods could be read (the default sign-in). */
const METHODS_UNREAD =
  'Your methods in each organisation are not shown: Microsoft Graph lets the default sign-in read them nowhere (Settings → Advanced takes an app that can).';

const useStyles = makeStyles({
  // On short windows the page scrolls and the grid keeps a usable height of its own.
  view: VIEW_STYLE,
  top: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '0 32px 12px',
    [COMPACT]: { padding: '0 16px 8px', gap: '8px' },
  },
  answer: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  rest: { color: tokens.colorNeutralForeground3 },
  progress: { display: 'flex', flexDirection: 'column', gap: '4px' },
  waiting: { color: tokens.colorNeutralForeground2, marginTop: '4px' },
  body: {
    display: 'flex',
    flexDirection: 'column',
    flexGrow: 1,
    minHeight: '420px',
    padding: '0 32px 24px',
    [COMPACT]: { padding: '0 16px 12px', minHeight: '300px' },
  },
  empty: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '12px',
    textAlign: 'center',
    padding: '48px 24px',
    ...cardSurface(),
  },
  emptyIcon: {
    display: 'grid',
    placeItems: 'center',
    width: '72px',
    height: '72px',
    borderRadius: '50%',
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontSize: '36px',
  },
  muted: { color: tokens.colorNeutralForeground3, maxWidth: '480px' },
  footer: { paddingTop: '8px', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  apart: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    marginTop: '16px',
    padding: '12px 16px',
    ...cardSurface(tokens.shadow2),
  },
  apartTitle: { margin: 0 },
  apartReason: { color: tokens.colorNeutralForeground2 },
  apartList: { listStyleType: 'none', margin: '4px 0 0', padding: 0, display: 'flex', flexDirection: 'column' },
  apartItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: '12px',
    padding: '6px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  apartName: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  apartMeta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

export function InventoryView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { tenants, summary, entries, scan, query, selected, scanFailure, accountId, reachable, probeTimeoutSeconds } =
    useApp(
      useShallow((s) => ({
        tenants: s.snapshot?.tenants ?? [],
        summary: summaryOf(s),
        entries: entriesOf(s),
        scan: s.snapshot?.scan ?? null,
        query: s.query,
        selected: s.selected,
        scanFailure: s.scanFailure,
        accountId: s.activeAccountId,
        reachable: s.backend.reachable,
        probeTimeoutSeconds: s.snapshot?.settings.probeTimeoutSeconds ?? null,
      })),
    );
  const ofAccount = useMemo(() => tenants.filter((t) => t.accountId === accountId), [tenants, accountId]);
  // Azure Lighthouse tenants are no guest tenants: never checked, listed apart below the grid.
  const mine = useMemo(() => ofAccount.filter((t) => !isLighthouseTenant(t)), [ofAccount]);
  const lighthouse = useMemo(() => ofAccount.filter(isLighthouseTenant), [ofAccount]);
  const scanForMe = scan && scan.accountId === accountId ? scan : null;
  const running = scanRunning(scanForMe, reachable);
  // Every second while a scan runs, so "waiting for … (18 s)" counts up.
  const now = useNow(running ? 1000 : 30_000);
  const queried = useMemo(() => applyQuery(mine, query), [mine, query]);
  // Rows stay where they are while results arrive; they take the query's order again when the scan ends.
  const rows = useStableRows(
    queried,
    running,
    `${query.search}\n${query.verdicts.join(',')}\n${query.sort}\n${query.direction}`,
  );
  const waiting = useMemo(() => waitingFor(running ? scanForMe : null, mine, now), [running, scanForMe, mine, now]);
  const lastChecked = useMemo(() => latestCheck(mine), [mine]);
  // The methods column shows only where some organisation's methods were read (with your own application id).
  const methodsRead = useMemo(() => mine.some((t) => t.methods !== null), [mine]);

  const onOpen = useCallback((ref: TenantRef) => store.getState().select(ref), [store]);
  const onSort = useCallback(
    (sort: SortKey) => {
      const q = store.getState().query;
      store
        .getState()
        .setQuery(
          q.sort === sort
            ? { direction: q.direction === 'ascending' ? 'descending' : 'ascending' }
            : { sort, direction: 'ascending' },
        );
    },
    [store],
  );

  const guests = summary.total;
  const lastScan = scanForMe?.finishedAt ?? null;
  const headline = inventoryHeadline(summary);
  const compact = useCompactWindow();
  // Entries that can go, by tenant, so the rows can say so (the same entries the headline counts).
  const canGo = useMemo(
    () =>
      new Set(
        entries
          .filter((e) => e.kind === 'tenant' && (e.status === 'leftover' || e.status === 'orphaned'))
          .map((e) => `${e.accountId}:${e.tenantId}`),
      ),
    [entries],
  );
  const entryOf = useMemo(
    () =>
      new Map(
        entries
          // Only the entries that change a row's Next step: the user's answers, and entries kept while the tenant
          // asks for no MFA (shared/verdicts.ts `nextStepOf`).
          .filter(
            (e) => e.kind === 'tenant' && (e.basis === 'you' || (e.status === 'in-use' && needsNoEntry(e.verdict))),
          )
          .map((e) => [`${e.accountId}:${e.tenantId}`, { status: e.status, basis: e.basis }] as const),
      ),
    [entries],
  );
  const subtitle =
    guests > 0 ? (
      <>
        <span className={styles.answer} data-testid="summary-headline">
          {headline.answer}
        </span>
        {headline.rest && (
          <span className={styles.rest} data-testid="summary-rest">
            {' '}
            {headline.rest}
          </span>
        )}
      </>
    ) : (
      'Every organisation you are a guest in, and what each one demands for MFA.'
    );

  return (
    <div className={styles.view}>
      <PageHeader title="Inventory" subtitle={subtitle} />
      <div className={styles.top}>
        {/* Small windows: the chips fold into the toolbar's Filter menu, which shows the same counts. */}
        {!compact && (
          <SummaryStrip
            summary={summary}
            selected={query.verdicts}
            onToggle={(key) => store.getState().setQuery({ verdicts: toggleVerdict(query.verdicts, key) })}
          />
        )}
        <InventoryToolbar counts={summary.counts} compact={compact} />
        {running && scanForMe && (
          <ScanProgressBar
            done={scanForMe.done}
            total={scanForMe.total}
            waiting={waitingSentence(waiting)}
            limitSeconds={probeTimeoutSeconds}
          />
        )}
        <ScanLiveRegion done={scanForMe?.done ?? 0} total={scanForMe?.total ?? 0} running={running} />
        {/* While main is gone the bar above the page says so; a scan request it cut off adds nothing. */}
        {scanFailure && reachable && !scanForMe?.homeMfaRequired && (
          <ScanFailure code={scanFailure.code} message={scanFailure.message} lastChecked={lastChecked} now={now} />
        )}
        {scanForMe?.homeMfaRequired && !running && (
          <HomeMfaRequired message={scanForMe.error} lastChecked={lastChecked} now={now} />
        )}
        {scanForMe?.cancelled && !running && (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Scan cancelled</MessageBarTitle>
              {scanForMe.done} of {scanForMe.total} organisations were checked; the rest keep their earlier result.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.body}>
        {mine.filter((t) => !t.isHome).length === 0 ? (
          running ? (
            <EmptyState
              icon={<Spinner size="large" aria-label="Scanning" />}
              title="Looking for your organisations…"
              text="The app is reading the list of organisations you are a guest in. Rows appear as each one is checked."
            />
          ) : (
            <EmptyState
              icon={<BuildingMultipleRegular />}
              title={
                scanForMe?.homeMfaRequired
                  ? 'Sign in with MFA to list your organisations'
                  : 'No organisations yet — run a scan'
              }
              text="A scan lists every organisation you are a guest in and checks, one by one, what each demands for MFA. It takes about a minute and needs no admin rights."
              action={
                scanForMe?.homeMfaRequired ? (
                  <Button
                    appearance="primary"
                    icon={<ShieldKeyholeRegular />}
                    onClick={() => void store.getState().signInWithMfa()}
                  >
                    Sign in with MFA
                  </Button>
                ) : (
                  <Button
                    appearance="primary"
                    icon={<ArrowSyncRegular />}
                    onClick={() => void store.getState().startScan()}
                  >
                    Scan now
                  </Button>
                )
              }
            />
          )
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<SearchRegular />}
            title="No organisations match"
            text="Nothing matches the search and filters you set."
            action={
              <Button icon={<DismissRegular />} onClick={() => store.getState().setQuery({ search: '', verdicts: [] })}>
                Clear search and filters
              </Button>
            }
          />
        ) : (
          <TenantGrid
            rows={rows}
            selectedKey={selected ? tenantKey(selected) : null}
            scanStates={running && scanForMe ? scanForMe.tenants : {}}
            query={query}
            now={now}
            canGo={canGo}
            entryOf={entryOf}
            onOpen={onOpen}
            onSort={onSort}
            showMethods={methodsRead}
          />
        )}
        {guests > 0 && (
          <div className={styles.footer}>
            {rows.length} of {mine.length} shown
            {lastScan && !running ? ` · Last scan ${relativeTime(lastScan, now)}` : ''}
          </div>
        )}
        {lighthouse.length > 0 && <LighthouseGroup tenants={lighthouse} />}
        {guests > 0 && !methodsRead && lastChecked && (
          <div className={styles.footer} data-testid="methods-note">
            {METHODS_UNREAD}
          </div>
        )}
      </div>
      <TenantDrawer />
    </div>
  );
}

function ScanProgressBar({
  done,
  total,
  waiting,
  limitSeconds,
}: {
  done: number;
  total: number;
  /** "Waiting for Woodgrove Bank (18 s)", or empty while no check takes long. */
  waiting: string;
  limitSeconds: number | null;
}) {
  const styles = useStyles();
  const label = total > 0 ? `Checking organisations: ${done} of ${total} done` : 'Reading your organisations…';
  return (
    <Field className={styles.progress} label={label} validationState="none" data-testid="scan-progress">
      <ProgressBar
        value={total > 0 ? done / total : undefined}
        max={1}
        thickness="large"
        aria-label={label}
        aria-valuetext={label}
      />
      {waiting && (
        <Caption1 className={styles.waiting} data-testid="scan-waiting">
          {waiting}.
          {limitSeconds
            ? ` Each organisation gets up to ${limitSeconds} s to answer; after that the app records its check as failed and goes on.`
            : ''}
        </Caption1>
      )}
    </Field>
  );
}

/**
 * The tenants ARM lists as Azure Lighthouse delegations (`ProjectedBy` / `ManagedBy`), apart from the guest
 * tenants: no guest account there, so nothing is checked and no Authenticator entry is kept for them.
 */
function LighthouseGroup({ tenants }: { tenants: readonly TenantRecord[] }) {
  const styles = useStyles();
  const sorted = [...tenants].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <section className={styles.apart} aria-labelledby="lighthouse-title" data-testid="lighthouse-group">
      <Subtitle2 as="h2" id="lighthouse-title" className={styles.apartTitle}>
        {LIGHTHOUSE_GROUP_TITLE} ({sorted.length})
      </Subtitle2>
      <Caption1 className={styles.apartReason}>{LIGHTHOUSE_REASON}</Caption1>
      <ul className={styles.apartList}>
        {sorted.map((t) => (
          <li key={t.tenantId} className={styles.apartItem} data-testid="lighthouse-tenant">
            <Body1 className={styles.apartName}>{t.displayName}</Body1>
            <Caption1 className={styles.apartMeta}>
              {[t.defaultDomain, describeTenantCategory(t.tenantCategory)].filter(Boolean).join(' · ')}
            </Caption1>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** When the latest check of any guest organisation was, or null when none was ever checked. */
function latestCheck(tenants: readonly TenantRecord[]): string | null {
  let latest: string | null = null;
  for (const t of tenants) {
    if (!t.isHome && t.observedAt && (latest === null || t.observedAt > latest)) latest = t.observedAt;
  }
  return latest;
}

/** Says where the rows come from after a scan that did not run, only when there are earlier results. */
function earlierResults(lastChecked: string | null, now: number): string {
  return lastChecked
    ? ` The results you see are from earlier checks (the latest ${relativeTime(lastChecked, now)}).`
    : '';
}

/** Announces the scan to screen readers at its start, every quarter and at its end (not every tenant). */
function ScanLiveRegion({ done, total, running }: { done: number; total: number; running: boolean }) {
  let message = '';
  if (running) {
    const quarter = total > 0 ? Math.floor((done / total) * 4) : 0;
    message = quarter === 0 ? 'Scan started.' : `Scan ${quarter * 25}% done: ${total} organisations to check.`;
  } else if (total > 0) {
    message = `Scan finished: ${done} of ${total} organisations checked.`;
  }
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="scan-live">
      {message}
    </div>
  );
}

function ScanFailure({
  code,
  message,
  lastChecked,
  now,
}: {
  code: string;
  message: string;
  lastChecked: string | null;
  now: number;
}) {
  const store = useAppStoreApi();
  const offline = code === 'offline' || /offline|internet|network|connection/i.test(message);
  return (
    <MessageBar intent={offline ? 'warning' : 'error'} layout="multiline" data-testid="scan-failure">
      <MessageBarBody>
        <MessageBarTitle>{offline ? 'You seem to be offline' : 'The scan could not run'}</MessageBarTitle>
        {message}
        {earlierResults(lastChecked, now)}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" icon={<ArrowSyncRegular />} onClick={() => void store.getState().startScan()}>
          Try again
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * Azure refused the tenant list with a claims challenge (its mandatory MFA): not a broken scan. The user
 * chooses when the browser opens; the sign-in carries the challenge and the app's MFA request, then scans again.
 */
function HomeMfaRequired({
  message,
  lastChecked,
  now,
}: {
  message: string | null;
  lastChecked: string | null;
  now: number;
}) {
  const store = useAppStoreApi();
  const waiting = useApp((s) => s.signIn.waiting);
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="home-mfa-required">
      <MessageBarBody>
        <MessageBarTitle>Azure asks for MFA to list your organisations</MessageBarTitle>
        {message ??
          'Azure now asks for multifactor authentication before it lists the organisations you are a guest in.'}
        {earlierResults(lastChecked, now)}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          size="small"
          appearance="primary"
          icon={<ShieldKeyholeRegular />}
          disabled={waiting}
          onClick={() => void store.getState().signInWithMfa()}
        >
          {waiting ? 'Waiting for the browser…' : 'Sign in with MFA'}
        </Button>
        <Button size="small" icon={<ClipboardCodeRegular />} onClick={() => void store.getState().copyDiagnostics()}>
          Copy what Entra answered
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function EmptyState({
  icon,
  title,
  text,
  action,
}: {
  icon: ReactNode;
  title: string;
  text: string;
  action?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.empty} data-testid="empty-state">
      <span className={styles.emptyIcon} aria-hidden>
        {icon}
      </span>
      <Subtitle1 as="h2" style={{ margin: 0 }}>
        {title}
      </Subtitle1>
      <Body1 className={styles.muted}>{text}</Body1>
      {action}
    </div>
  );
}
