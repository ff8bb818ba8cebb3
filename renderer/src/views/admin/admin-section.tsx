import { makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { TitledSection } from '../../components/titled-section';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  title: { margin: 0 },
});

/** A part of the administrator's report or of an organisation's details, under its heading. */
export function AdminSection(props: {
  id: string;
  title: ReactNode;
  level?: 'h2' | 'h3';
  'data-testid'?: string;
  children: ReactNode;
}) {
  const styles = useStyles();
  return <TitledSection {...props} className={styles.section} titleClassName={styles.title} />;
}
