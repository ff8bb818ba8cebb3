/**
 * The title block every view starts with: heading, one line of context, actions on the right. Compact on narrow
 * or short windows (smaller title, less padding), with the menu button that opens the folded navigation.
 */
import { Body1, Hamburger, Title2, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { COMPACT, useNavToggle } from '../layout';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: '24px',
    flexWrap: 'wrap',
    padding: '28px 32px 16px',
    [COMPACT]: { padding: '12px 16px 8px', gap: '8px 16px', alignItems: 'center' },
  },
  text: { display: 'flex', flexDirection: 'column', gap: '4px', minWidth: 0, maxWidth: '1040px', flex: '1 1 480px' },
  titleRow: { display: 'flex', alignItems: 'center', gap: '8px', minWidth: 0 },
  title: { margin: 0, [COMPACT]: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 } },
  subtitle: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

export function PageHeader({
  title,
  subtitle,
  actions,
  maxWidth,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Keeps the actions above the right edge of a narrower body. */
  maxWidth?: number;
}) {
  const styles = useStyles();
  const openNavigation = useNavToggle();
  return (
    <header className={styles.header} style={maxWidth ? { maxWidth, boxSizing: 'content-box' } : undefined}>
      <div className={styles.text}>
        <div className={styles.titleRow}>
          {openNavigation && (
            <Tooltip content="Navigation" relationship="description">
              <Hamburger className="no-print" aria-label="Open navigation" onClick={openNavigation} />
            </Tooltip>
          )}
          <Title2 as="h1" className={styles.title}>
            {title}
          </Title2>
        </div>
        {subtitle && (
          <Body1 as="p" className={styles.subtitle} style={{ margin: 0 }}>
            {subtitle}
          </Body1>
        )}
      </div>
      {actions && <div className={`${styles.actions} no-print`}>{actions}</div>}
    </header>
  );
}
