/**
 * The inventory rows as an ARIA grid, virtualised (@tanstack/react-virtual) so 500 tenants scroll smoothly.
 * Keyboard: Tab reaches the current row, arrow keys / Home / End / Page keys move, Enter or Space opens the
 * detail. Tenants being probed show a labelled spinner ("Checking…") in the verdict column.
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
import { verdictLabel } from '../../../shared/verdicts';
import { localTime, relativeTime } from '../format';
import type { InventoryQuery, SortKey } from '../inventory-query';
import { tenantKey, type TenantRef } from '../store';
import { recentChange } from '../tenant-change';
import { MethodChips } from './method-chips';
import { VerdictBadge } from './verdict-badge';

export const ROW_HEIGHT = 60;
const COLUMNS = 'minmax(170px, 1.6fr) minmax(190px, 1.25fr) minmax(180px, 1.8fr) 104px minmax(150px, 1.35fr)';
// Narrower windows drop "Last checked" (still in the detail), then the methods (also in the detail).
const COLUMNS_MD = 'minmax(160px, 1.5fr) minmax(190px, 1.2fr) minmax(160px, 1.6fr) minmax(140px, 1.2fr)';
const COLUMNS_SM = 'minmax(150px, 1.5fr) minmax(190px, 1.2fr) minmax(130px, 1fr)';
const MD = '@media (max-width: 1099px)';
const SM = '@media (max-width: 899px)';

const useStyles = makeStyles({
  grid: {
    display: 'flex',
    flexDirection: 'column',
    flexGrow: 1,
    minHeight: 0,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
  },
  header: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    [MD]: { gridTemplateColumns: COLUMNS_MD },
    [SM]: { gridTemplateColumns: COLUMNS_SM },
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
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    [MD]: { gridTemplateColumns: COLUMNS_MD },
    [SM]: { gridTemplateColumns: COLUMNS_SM },
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
  hideMd: { [MD]: { display: 'none' } },
  hideSm: { [SM]: { display: 'none' } },
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
  change: { display: 'inline-flex', alignItems: 'center', gap: '6px', fontSize: tokens.fontSizeBase200 },
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
  onOpen: (ref: TenantRef) => void;
  onSort: (sort: SortKey) => void;
}

const HEADERS: { key: SortKey | null; label: string; hide?: 'md' | 'sm' }[] = [
  { key: 'name', label: 'Organisation' },
  { key: 'verdict', label: 'Verdict' },
  { key: null, label: 'Methods there', hide: 'sm' },
  { key: 'checked', label: 'Last checked', hide: 'md' },
  { key: null, label: 'Change' },
];

export function TenantGrid({ rows, selectedKey, scanStates, query, now, onOpen, onSort }: TenantGridProps) {
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
        <div role="row" aria-rowindex={1} className={styles.header}>
          {HEADERS.map((header) => {
            const active = header.key !== null && query.sort === header.key;
            const Arrow = query.direction === 'ascending' ? ArrowUpRegular : ArrowDownRegular;
            return (
              <div
                role="columnheader"
                key={header.label}
                className={mergeClasses(
                  styles.headerCell,
                  header.hide === 'md' && styles.hideMd,
                  header.hide === 'sm' && styles.hideSm,
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
  now: number;
  onOpen: (ref: TenantRef) => void;
  onFocusRow: (index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
}

const TenantRow = memo(function TenantRow({
  tenant,
  index,
  start,
  selected,
  tabbable,
  restoreFocus,
  scanState,
  now,
  onOpen,
  onFocusRow,
  onKeyDown,
}: TenantRowProps) {
  const styles = useStyles();
  const change = recentChange(tenant.history, now);
  const ChangeIcon = change?.direction === 'worse' ? ArrowTrendingDownRegular : ArrowTrendingRegular;
  const probing = scanState === 'probing';
  const domain = tenant.defaultDomain || tenant.domains[0] || tenant.tenantId;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-row-index={index}
      {...restoreFocus}
      data-tenant-id={tenant.tenantId}
      className={mergeClasses(styles.row, tenant.isHome && styles.home, selected && styles.selected)}
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onOpen({ accountId: tenant.accountId, tenantId: tenant.tenantId })}
      onFocus={() => onFocusRow(index)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <div role="gridcell" className={styles.cell}>
        <div className={styles.org}>
          <Text className={styles.orgName}>
            {tenant.isHome && <HomeRegular className={styles.homeIcon} aria-hidden />}
            <span className={styles.orgText}>{tenant.displayName || 'Unnamed organisation'}</span>
          </Text>
          <Caption1 className={styles.domain}>{domain}</Caption1>
        </div>
      </div>
      <div role="gridcell" className={styles.cell}>
        {probing ? (
          <span className={styles.spinnerCell}>
            <Spinner size="extra-tiny" label="Checking…" labelPosition="after" />
          </span>
        ) : tenant.isHome ? (
          <span className={styles.homeText}>Your home organisation</span>
        ) : (
          <VerdictBadge
            verdict={tenant.classification?.verdict ?? null}
            leftover={tenant.classification?.leftoverRegistration ?? false}
            {...(tenant.classification
              ? { confidence: tenant.classification.confidence, code: tenant.classification.evidence.aadsts }
              : {})}
            size="medium"
          />
        )}
      </div>
      <div role="gridcell" className={mergeClasses(styles.cell, styles.hideSm)}>
        <MethodChips methods={tenant.methods} note={tenant.methodsNote} />
      </div>
      <div role="gridcell" className={mergeClasses(styles.cell, styles.hideMd)}>
        {tenant.observedAt ? (
          <Tooltip content={localTime(tenant.observedAt)} relationship="description" withArrow>
            <Caption1 className={styles.muted}>{relativeTime(tenant.observedAt, now)}</Caption1>
          </Tooltip>
        ) : (
          <Caption1 className={styles.muted}>Never</Caption1>
        )}
      </div>
      <div role="gridcell" className={styles.cell}>
        {change ? (
          <Tooltip
            content={`Changed ${localTime(change.at)}; before: ${verdictLabel(change.from)}`}
            relationship="description"
            withArrow
          >
            <span className={mergeClasses(styles.change, styles[change.direction])}>
              <ChangeIcon aria-hidden />
              {change.text}
            </span>
          </Tooltip>
        ) : (
          <Caption1 className={styles.muted}>
            <span aria-hidden>–</span>
            <span className="visually-hidden">No recent change</span>
          </Caption1>
        )}
      </div>
    </div>
  );
});
