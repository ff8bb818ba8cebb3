/**
 * The inventory rows as an ARIA grid, virtualised (@tanstack/react-virtual) so 500 tenants scroll smoothly.
 * Keyboard: Tab reaches the current row, arrow keys / Home / End / Page keys move, Enter or Space opens the
 * detail. Tenants being probed show a labelled spinner ("Checking…") in the verdict column. Each row says its
 * next step; a recent change shows under the verdict. Narrow windows keep the organisation, the verdict and the
 * next step, and names cut short show in full on hover (title).
 */
import {
  Caption1,
  Spinner,
  Text,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
  useRestoreFocusTarget,
  type GriffelStyle,
} from '@fluentui/react-components';
import {
  ArrowDownRegular,
  ArrowTrendingDownRegular,
  ArrowTrendingRegular,
  ArrowUpRegular,
  HomeRegular,
} from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TenantRecord, TenantScanState } from '../../../shared/model';
import { needsNoEntry, nextStepOf, verdictLabel, type NextStepEntry } from '../../../shared/verdicts';
import { localTime, relativeTime } from '../format';
import type { InventoryQuery, SortKey } from '../inventory-query';
import { tenantKey, type TenantRef } from '../store';
import { recentChange } from '../tenant-change';
import { MethodChips } from './method-chips';
import { EntryCanGoBadge, VerdictBadge } from './verdict-badge';
import { cardSurface } from '../layout';

export const ROW_HEIGHT = 60;
// Organisation, verdict (with a recent change under it), next step, methods, last checked.
const COLUMNS = 'minmax(170px, 1.4fr) minmax(224px, 1.2fr) minmax(180px, 1.4fr) minmax(150px, 1.1fr) 112px';
// Narrower windows drop "Last checked" (still in the detail), then the methods (also in the detail); the
// organisation, its verdict and the next step always stay. The navigation folds below 1024 px, so the page is
// widest just below that.
const COLUMNS_4 = 'minmax(160px, 1.3fr) minmax(224px, 1.2fr) minmax(180px, 1.4fr) minmax(140px, 1fr)';
const COLUMNS_3 = 'minmax(150px, 1.3fr) minmax(220px, 1.1fr) minmax(160px, 1.4fr)';
const Q4 = '@media (min-width: 1150px) and (max-width: 1279px), (min-width: 770px) and (max-width: 1023px)';
const Q3 = '@media (min-width: 1024px) and (max-width: 1149px), (max-width: 769px)';
const NO_CHECKED = '@media (max-width: 1279px)';
// Without the methods column (nothing of the account's could be read): the next step takes its room, and below
// 1280 px the three columns that always stay.
const COLUMNS_NO_METHODS = 'minmax(170px, 1.4fr) minmax(224px, 1.2fr) minmax(200px, 2.4fr) 112px';

/** The header and every row lay out the same columns, fewer on narrower windows. */
const ROW_COLUMNS: GriffelStyle = {
  display: 'grid',
  gridTemplateColumns: COLUMNS,
  [Q4]: { gridTemplateColumns: COLUMNS_4 },
  [Q3]: { gridTemplateColumns: COLUMNS_3 },
};

const useStyles = makeStyles({
  grid: {
    display: 'flex',
    flexDirection: 'column',
    flexGrow: 1,
    minHeight: 0,
    ...cardSurface(),
    overflow: 'hidden',
  },
  header: {
    ...ROW_COLUMNS,
    alignItems: 'center',
    minHeight: '40px',
    padding: '0 12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  headerCell: { padding: '0 8px', display: 'flex', alignItems: 'center' },
  sortButton: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    border: 'none',
    background: 'none',
    padding: '4px 6px',
    margin: '0 -6px',
    borderRadius: tokens.borderRadiusMedium,
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  scroller: { flexGrow: 1, minHeight: 0, overflowY: 'auto', position: 'relative' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    top: 0,
    ...ROW_COLUMNS,
    alignItems: 'center',
    padding: '0 12px',
    boxSizing: 'border-box',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    outline: 'none',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  selected: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundSelected },
  },
  home: { backgroundColor: tokens.colorNeutralBackground2 },
  cell: { padding: '0 8px', minWidth: 0, display: 'flex', alignItems: 'center' },
  hideChecked: { [NO_CHECKED]: { display: 'none' } },
  hideMethods: { [Q3]: { display: 'none' } },
  // Every query the row styles set, so that these win over them (mergeClasses keeps the last per query).
  noMethods: {
    gridTemplateColumns: COLUMNS_NO_METHODS,
    [Q4]: { gridTemplateColumns: COLUMNS_3 },
    [Q3]: { gridTemplateColumns: COLUMNS_3 },
    [NO_CHECKED]: { gridTemplateColumns: COLUMNS_3 },
  },
  verdictCell: { flexDirection: 'column', alignItems: 'flex-start', justifyContent: 'center', gap: '2px' },
  next: {
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'break-word',
  },
  nextCalm: { color: tokens.colorNeutralForeground3 },
  org: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  orgName: {
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  orgText: { overflow: 'hidden', textOverflow: 'ellipsis' },
  domain: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  homeIcon: { color: tokens.colorBrandForeground1, flexShrink: 0 },
  homeText: { color: tokens.colorNeutralForeground2, display: 'inline-flex', alignItems: 'center', gap: '6px' },
  muted: { color: tokens.colorNeutralForeground3 },
  change: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    fontSize: tokens.fontSizeBase200,
    maxWidth: '100%',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  better: { color: tokens.colorStatusSuccessForeground1 },
  worse: { color: tokens.colorStatusDangerForeground1 },
  neutral: { color: tokens.colorNeutralForeground2 },
  spinnerCell: { display: 'inline-flex', alignItems: 'center' },
});

export interface TenantGridProps {
  rows: TenantRecord[];
  selectedKey: string | null;
  scanStates: Record<string, TenantScanState>;
  query: InventoryQuery;
  now: number;
  /** Tenants (`accountId:tenantId`) whose Authenticator entry can go (leftover or orphaned). */
  canGo: ReadonlySet<string>;
  /** Each guest tenant's entry word and how it is known, by `accountId:tenantId` (the Next step follows it). */
  entryOf?: ReadonlyMap<string, NextStepEntry>;
  onOpen: (ref: TenantRef) => void;
  onSort: (sort: SortKey) => void;
  /**
   * Whether the "Methods there" column shows: only where the methods of at least one organisation were read. With
   * the default sign-in none can be (the view says why, once, under the grid).
   */
  showMethods: boolean;
}

const HEADERS: { key: SortKey | null; label: string; hide?: 'checked' | 'methods' }[] = [
  { key: 'name', label: 'Organisation' },
  { key: 'verdict', label: 'Verdict' },
  { key: null, label: 'Next step' },
  { key: null, label: 'Methods there', hide: 'methods' },
  { key: 'checked', label: 'Last checked', hide: 'checked' },
];

export function TenantGrid({
  rows,
  selectedKey,
  scanStates,
  query,
  now,
  canGo,
  entryOf,
  onOpen,
  onSort,
  showMethods,
}: TenantGridProps) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  // Focus returns to the row when the detail drawer closes.
  const restoreFocus = useRestoreFocusTarget();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 1000, height: 600 },
  });

  useEffect(() => {
    if (focusIndex >= rows.length) setFocusIndex(Math.max(0, rows.length - 1));
  }, [rows.length, focusIndex]);

  const focusRow = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(rows.length - 1, index));
      setFocusIndex(target);
      virtualizer.scrollToIndex(target, { align: 'auto' });
      const find = () => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`);
      // Focus at once when the row is rendered (fast key repeats must not get lost), else after it renders.
      const row = find();
      if (row) row.focus();
      else requestAnimationFrame(() => find()?.focus());
    },
    [rows.length, virtualizer],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: index + page,
      PageUp: index - page,
    };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const tenant = rows[index];
      if (tenant) onOpen({ accountId: tenant.accountId, tenantId: tenant.tenantId });
    }
  };

  return (
    <div
      role="grid"
      aria-label="Organisations"
      aria-rowcount={rows.length + 1}
      className={styles.grid}
      data-testid="tenant-grid"
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={mergeClasses(styles.header, !showMethods && styles.noMethods)}>
          {HEADERS.filter((header) => showMethods || header.hide !== 'methods').map((header) => {
            const active = header.key !== null && query.sort === header.key;
            const Arrow = query.direction === 'ascending' ? ArrowUpRegular : ArrowDownRegular;
            return (
              <div
                role="columnheader"
                key={header.label}
                className={mergeClasses(
                  styles.headerCell,
                  header.hide === 'checked' && styles.hideChecked,
                  header.hide === 'methods' && styles.hideMethods,
                )}
                aria-sort={active ? query.direction : undefined}
              >
                {header.key ? (
                  <button
                    type="button"
                    className={styles.sortButton}
                    onClick={() => onSort(header.key!)}
                    aria-label={`Sort by ${header.label.toLowerCase()}`}
                  >
                    {header.label}
                    {active && <Arrow aria-hidden />}
                  </button>
                ) : (
                  header.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className={styles.scroller} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const tenant = rows[item.index]!;
            const key = tenantKey(tenant);
            return (
              <TenantRow
                key={key}
                tenant={tenant}
                index={item.index}
                start={item.start}
                selected={key === selectedKey}
                tabbable={item.index === focusIndex}
                restoreFocus={restoreFocus}
                scanState={scanStates[tenant.tenantId]}
                entryCanGo={canGo.has(`${tenant.accountId}:${tenant.tenantId}`)}
                entryStatus={entryOf?.get(`${tenant.accountId}:${tenant.tenantId}`)?.status ?? null}
                entryBasis={entryOf?.get(`${tenant.accountId}:${tenant.tenantId}`)?.basis ?? null}
                showMethods={showMethods}
                now={now}
                onOpen={onOpen}
                onFocusRow={setFocusIndex}
                onKeyDown={onKeyDown}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface TenantRowProps {
  tenant: TenantRecord;
  index: number;
  start: number;
  selected: boolean;
  tabbable: boolean;
  restoreFocus: ReturnType<typeof useRestoreFocusTarget>;
  scanState: TenantScanState | undefined;
  entryCanGo: boolean;
  /** The tenant's entry word and how it is known (primitives, so the memoized row re-renders only on a change). */
  entryStatus: NextStepEntry['status'] | null;
  entryBasis: NextStepEntry['basis'] | null;
  now: number;
  onOpen: (ref: TenantRef) => void;
  onFocusRow: (index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  showMethods: boolean;
}

const TenantRow = memo(function TenantRow({
  tenant,
  index,
  start,
  selected,
  tabbable,
  restoreFocus,
  scanState,
  entryCanGo,
  entryStatus,
  entryBasis,
  now,
  onOpen,
  onFocusRow,
  onKeyDown,
  showMethods,
}: TenantRowProps) {
  const styles = useStyles();
  const change = recentChange(tenant.history, now);
  const ChangeIcon = change?.direction === 'worse' ? ArrowTrendingDownRegular : ArrowTrendingRegular;
  const probing = scanState === 'probing';
  const domain = tenant.defaultDomain || tenant.domains[0] || tenant.tenantId;
  const name = tenant.displayName || 'Unnamed organisation';
  // The entry that can go is the next step itself: the badge says it (its tooltip says why).
  // Whether the entry can go is the entry's word (shared/entries.ts), never the verdict's flag alone.
  const canGoHere = entryCanGo;
  const entry = entryStatus !== null && entryBasis !== null ? { status: entryStatus, basis: entryBasis } : null;
  const next = nextStepOf(tenant, canGoHere, entry);
  // "Nothing to do" reads quieter than a step to take.
  const calm = !canGoHere && needsNoEntry(tenant.classification?.verdict ?? null) && entry?.status !== 'in-use';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-row-index={index}
      {...restoreFocus}
      data-tenant-id={tenant.tenantId}
      className={mergeClasses(
        styles.row,
        !showMethods && styles.noMethods,
        tenant.isHome && styles.home,
        selected && styles.selected,
      )}
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onOpen({ accountId: tenant.accountId, tenantId: tenant.tenantId })}
      onFocus={() => onFocusRow(index)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <div role="gridcell" className={styles.cell}>
        <div className={styles.org}>
          <Text className={styles.orgName}>
            {tenant.isHome && <HomeRegular className={styles.homeIcon} aria-hidden />}
            <span className={styles.orgText} title={name}>
              {name}
            </span>
          </Text>
          <Caption1 className={styles.domain} title={domain}>
            {domain}
          </Caption1>
        </div>
      </div>
      <div role="gridcell" className={mergeClasses(styles.cell, styles.verdictCell)}>
        {probing ? (
          <span className={styles.spinnerCell}>
            <Spinner size="extra-tiny" label="Checking…" labelPosition="after" />
          </span>
        ) : tenant.isHome ? (
          <span className={styles.homeText}>Your home organisation</span>
        ) : (
          <VerdictBadge
            verdict={tenant.classification?.verdict ?? null}
            {...(tenant.classification
              ? { confidence: tenant.classification.confidence, code: tenant.classification.evidence.aadsts }
              : {})}
            size="medium"
            nowrap
          />
        )}
        {change && !probing && (
          <Tooltip
            content={`Changed ${localTime(change.at)}; before: ${verdictLabel(change.from)}`}
            relationship="description"
            withArrow
          >
            <span className={mergeClasses(styles.change, styles[change.direction])} data-testid="row-change">
              <ChangeIcon aria-hidden />
              {change.text}
            </span>
          </Tooltip>
        )}
      </div>
      <div role="gridcell" className={styles.cell}>
        {tenant.isHome ? (
          <Caption1 className={styles.nextCalm}>Keep your home entry</Caption1>
        ) : canGoHere ? (
          <EntryCanGoBadge />
        ) : (
          <span className={mergeClasses(styles.next, calm && styles.nextCalm)} title={next} data-testid="next-step">
            {next}
          </span>
        )}
      </div>
      {showMethods && (
        <div role="gridcell" className={mergeClasses(styles.cell, styles.hideMethods)}>
          <MethodChips methods={tenant.methods} note={tenant.methodsNote} />
        </div>
      )}
      <div role="gridcell" className={mergeClasses(styles.cell, styles.hideChecked)}>
        {tenant.observedAt ? (
          <Tooltip content={localTime(tenant.observedAt)} relationship="description" withArrow>
            <Caption1 className={styles.muted}>{relativeTime(tenant.observedAt, now)}</Caption1>
          </Tooltip>
        ) : (
          <Caption1 className={styles.muted}>Never</Caption1>
        )}
      </div>
    </div>
  );
});
