/**
 * Counts per verdict as toggle chips: each one filters the inventory to that verdict (several can be on).
 * Colour, icon and words together, and the pressed state is announced.
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { VERDICT_KEYS, verdictRule, type VerdictKey, type VerdictTone } from '../../../shared/verdicts';
import type { InventorySummary } from '../../../shared/selectors';
import { VERDICT_ICONS } from './icons';

const useStyles = makeStyles({
  strip: { display: 'flex', flexWrap: 'wrap', gap: '6px', listStyleType: 'none', margin: 0, padding: 0 },
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '8px',
    height: '32px',
    padding: '0 12px 0 10px',
    borderRadius: tokens.borderRadiusCircular,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    cursor: 'pointer',
    boxShadow: tokens.shadow2,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  pressed: {
    border: `1px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  count: { fontWeight: tokens.fontWeightBold, fontSize: tokens.fontSizeBase300, color: tokens.colorNeutralForeground1 },
  icon: { fontSize: '18px' },
  success: { color: tokens.colorStatusSuccessForeground1 },
  warning: { color: tokens.colorStatusWarningForeground3 },
  danger: { color: tokens.colorStatusDangerForeground1 },
  informative: { color: tokens.colorBrandForeground1 },
  subtle: { color: tokens.colorNeutralForeground3 },
});

export function SummaryStrip({
  summary,
  selected,
  onToggle,
}: {
  summary: InventorySummary;
  selected: readonly VerdictKey[];
  onToggle: (key: VerdictKey) => void;
}) {
  const styles = useStyles();
  const keys = VERDICT_KEYS.filter((k) => summary.counts[k] > 0 || selected.includes(k));
  if (keys.length === 0) return null;
  const toneClass: Record<VerdictTone, string> = {
    success: styles.success,
    warning: styles.warning,
    danger: styles.danger,
    informative: styles.informative,
    subtle: styles.subtle,
  };
  return (
    <ul className={styles.strip} aria-label="Organisations per verdict (filters)">
      {keys.map((key) => {
        const text = verdictRule(key);
        const Icon = VERDICT_ICONS[key];
        const pressed = selected.includes(key);
        return (
          <li key={key}>
            <button
              type="button"
              className={mergeClasses(styles.chip, pressed && styles.pressed)}
              aria-pressed={pressed}
              title={text.meaning}
              data-testid={`summary-${key}`}
              onClick={() => onToggle(key)}
            >
              <Icon className={mergeClasses(styles.icon, toneClass[text.tone])} aria-hidden />
              <span className={styles.count}>{summary.counts[key]}</span>
              <span>{text.label}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
