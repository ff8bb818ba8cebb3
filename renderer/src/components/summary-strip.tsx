/**
 * Counts per verdict as toggle chips, in three groups set apart: what costs an Authenticator entry, what needs
 * none, and the rest. Each chip filters the inventory to that verdict (several can be on). Colour, icon and words
 * together, and the pressed state is announced.
 */
import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { VERDICT_GROUPS, verdictRule, type VerdictKey, type VerdictTone } from '../../../shared/verdicts';
import type { InventorySummary } from '../../../shared/selectors';
import { VERDICT_ICONS } from './icons';

const useStyles = makeStyles({
  groups: { display: 'flex', flexWrap: 'wrap', gap: '8px 12px', alignItems: 'stretch' },
  group: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: '4px 10px',
    padding: '5px 6px 5px 12px',
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // What costs an entry stands apart: its own edge colour and a warmer surface.
  costsEntry: {
    border: `1px solid ${tokens.colorPaletteDarkOrangeBorder1}`,
    borderLeft: `4px solid ${tokens.colorPaletteDarkOrangeBorderActive}`,
    backgroundColor: tokens.colorPaletteDarkOrangeBackground1,
  },
  groupLabel: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
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
  severe: { color: tokens.colorPaletteDarkOrangeForeground1 },
  warning: { color: tokens.colorStatusWarningForeground3 },
  important: { color: tokens.colorNeutralForeground1 },
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
  const toneClass: Record<VerdictTone, string> = {
    success: styles.success,
    severe: styles.severe,
    warning: styles.warning,
    important: styles.important,
    danger: styles.danger,
    informative: styles.informative,
    subtle: styles.subtle,
  };
  const groups = VERDICT_GROUPS.map((g) => ({
    ...g,
    keys: g.keys.filter((k) => summary.counts[k] > 0 || selected.includes(k)),
  })).filter((g) => g.keys.length > 0);
  if (groups.length === 0) return null;
  return (
    <div className={styles.groups} aria-label="Organisations per verdict (filters)" role="group">
      {groups.map((group) => (
        <div
          key={group.group}
          className={mergeClasses(styles.group, group.group === 'costs-entry' && styles.costsEntry)}
          data-testid={`summary-group-${group.group}`}
          // A group a screen reader names on entering it ("Costs an entry, group"), so a chip is heard with it.
          role="group"
          aria-labelledby={`summary-group-${group.group}`}
        >
          <Caption1 className={styles.groupLabel} id={`summary-group-${group.group}`}>
            {group.label}
          </Caption1>
          <ul className={styles.strip}>
            {group.keys.map((key) => {
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
                    data-tone={text.tone}
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
        </div>
      ))}
    </div>
  );
}
