import { Caption1, Subtitle2, Text } from '@fluentui/react-components';
import type { TenantRecord } from '../../../../shared/model';
import { useStyles } from './styles';

export function Contacts({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  if (tenant.isHome || (tenant.sponsors.length === 0 && tenant.technicalContacts.length === 0)) return null;
  return (
    <section className={styles.section} aria-labelledby="contacts-title">
      <Subtitle2 as="h3" id="contacts-title" className={styles.sectionTitle}>
        Contacts there
      </Subtitle2>
      <ul className={styles.contacts}>
        {tenant.sponsors.map((s, i) => (
          <li key={`s${i}`}>
            <Text weight="semibold">{s.displayName || 'Sponsor'}</Text>
            <Caption1 className={styles.muted}> · your sponsor{s.mail ? ` · ${s.mail}` : ''}</Caption1>
          </li>
        ))}
        {tenant.technicalContacts.map((mail) => (
          <li key={mail}>
            <Text>{mail}</Text>
            <Caption1 className={styles.muted}> · technical contact</Caption1>
          </li>
        ))}
      </ul>
    </section>
  );
}
