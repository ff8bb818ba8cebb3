import type { ReactNode } from 'react';
import { TitledSection } from '../titled-section';
import { useStyles } from './styles';

/** One part of the drawer (methods, evidence, notes, ...) under its h3 heading. */
export function DrawerSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <TitledSection id={id} title={title} className={styles.section} titleClassName={styles.sectionTitle}>
      {children}
    </TitledSection>
  );
}
