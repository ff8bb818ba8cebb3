/**
 * The methods registered in a tenant, compact (inventory cell) or in full (detail drawer). Methods the app
 * could not read show as "Unknown" with the reason, never as an empty cell.
 */
import { Caption1, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { InfoRegular } from '@fluentui/react-icons';
import type { AuthMethod } from '../../../shared/model';
import { methodTypeLabel } from '../../../shared/method-labels';
import { relativeTime } from '../format';
import { METHOD_ICONS } from './icons';

const useStyles = makeStyles({
  chips: { display: 'flex', flexWrap: 'nowrap', gap: '6px', alignItems: 'center', minWidth: 0, overflow: 'hidden' },
  wrap: { flexWrap: 'wrap', overflow: 'visible' },
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    minWidth: 0,
    maxWidth: '190px',
    padding: '2px 8px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  chipText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  icon: { flexShrink: 0, fontSize: '16px', color: tokens.colorNeutralForeground3 },
  more: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  unknown: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase300,
  },
  none: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase300 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: '8px' },
  item: {
    display: 'grid',
    gridTemplateColumns: '32px 1fr',
    columnGap: '10px',
    alignItems: 'center',
    padding: '8px 12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  itemIcon: { fontSize: '22px', color: tokens.colorBrandForeground1, justifySelf: 'center' },
  itemText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  secondary: { color: tokens.colorNeutralForeground3 },
});

function methodName(method: AuthMethod): string {
  return method.displayName.trim() || methodTypeLabel(method.type);
}

/** One line of chips for the inventory row: as many as fit the budget, then "+N more". */
export function MethodChips({
  methods,
  note,
  budget = 30,
  wrap = false,
}: {
  methods: AuthMethod[] | null;
  note: string | null;
  /** Roughly how many characters of names fit; at least one chip is always shown. */
  budget?: number;
  /** Let chips wrap onto more lines (for rows without a fixed height). */
  wrap?: boolean;
}) {
  const styles = useStyles();
  if (methods === null) {
    const why = note?.trim() || 'The app could not read the methods registered there.';
    return (
      <Tooltip content={why} relationship="description" withArrow>
        <span className={styles.unknown} data-testid="methods-unknown">
          <InfoRegular aria-hidden />
          Not readable
        </span>
      </Tooltip>
    );
  }
  if (methods.length === 0) return <span className={styles.none}>None registered</span>;
  const shown: AuthMethod[] = [];
  let used = 0;
  for (const m of methods) {
    const cost = methodName(m).length + 4;
    if (shown.length > 0 && used + cost > budget) break;
    shown.push(m);
    used += cost;
  }
  const rest = methods.length - shown.length;
  return (
    <span className={mergeClasses(styles.chips, wrap && styles.wrap)}>
      {shown.map((m, i) => {
        const Icon = METHOD_ICONS[m.type] ?? METHOD_ICONS.other;
        return (
          <span className={styles.chip} key={`${m.type}-${i}`} title={`${methodTypeLabel(m.type)}: ${methodName(m)}`}>
            <Icon className={styles.icon} aria-label={methodTypeLabel(m.type)} />
            <span className={styles.chipText}>{methodName(m)}</span>
          </span>
        );
      })}
      {rest > 0 && <span className={styles.more}>+{rest} more</span>}
    </span>
  );
}

/** The full list for the detail drawer: kind, name, detail and when it was added. */
export function MethodList({ methods, note }: { methods: AuthMethod[] | null; note: string | null }) {
  const styles = useStyles();
  if (methods === null)
    return (
      <Text className={styles.secondary}>
        Not readable. {note?.trim() || 'The app could not read the methods registered there.'}
      </Text>
    );
  if (methods.length === 0)
    return <Text className={styles.secondary}>No methods are registered for you in this organisation.</Text>;
  return (
    <ul className={styles.list}>
      {methods.map((m, i) => {
        const Icon = METHOD_ICONS[m.type] ?? METHOD_ICONS.other;
        const added = m.createdDateTime ? `Added ${relativeTime(m.createdDateTime)}` : null;
        return (
          <li className={styles.item} key={`${m.type}-${i}`}>
            <Icon className={styles.itemIcon} aria-hidden />
            <span className={styles.itemText}>
              <Text weight="semibold">{methodName(m)}</Text>
              <Caption1 className={styles.secondary}>
                {[methodTypeLabel(m.type), m.detail && m.detail !== methodTypeLabel(m.type) ? m.detail : null, added]
                  .filter(Boolean)
                  .join(' · ')}
              </Caption1>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
