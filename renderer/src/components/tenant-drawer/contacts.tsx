import { Caption1, Text } from '@fluentui/react-components';
import type { TenantRecord } from '../../../../shared/model';
import { useStyles } from './styles';
import { DrawerSection } from './section';

export function Contacts({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  if (tenant.isHome || (tenant.sponsors.length === 0 && tenant.technicalContacts.length === 0)) return null;
  return (
    <DrawerSection id="contacts-title" title="Contacts there">
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
    </DrawerSection>
  );
}
