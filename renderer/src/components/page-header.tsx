/** The title block every view starts with: heading, one line of context, actions on the right. */
import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: '24px',
    flexWrap: 'wrap',
    padding: '28px 32px 16px',
  },
  text: { display: 'flex', flexDirection: 'column', gap: '4px', minWidth: 0, maxWidth: '1040px', flex: '1 1 480px' },
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
  return (
    <header className={styles.header} style={maxWidth ? { maxWidth, boxSizing: 'content-box' } : undefined}>
      <div className={styles.text}>
        <Title2 as="h1" style={{ margin: 0 }}>
          {title}
        </Title2>
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
