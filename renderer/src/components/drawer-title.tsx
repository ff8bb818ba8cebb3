/**
 * The head of a details drawer (an organisation in the inventory, a home organisation in admin mode): its name, a
 * close button, and under the name its default domain and tenant ID.
 */
import { Button, Caption1, DrawerHeader, DrawerHeaderTitle, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  sub: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '4px 12px',
    color: tokens.colorNeutralForeground3,
    marginTop: '2px',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export interface DrawerTitleProps {
  name: string;
  /** The organisation's default domain; nothing is shown where there is none. */
  domain: string | null | undefined;
  tenantId: string;
  onClose: () => void;
}

export function DrawerTitle({ name, domain, tenantId, onClose }: DrawerTitleProps) {
  const styles = useStyles();
  return (
    <DrawerHeader>
      <DrawerHeaderTitle
        action={<Button appearance="subtle" aria-label="Close details" icon={<DismissRegular />} onClick={onClose} />}
      >
        {name}
      </DrawerHeaderTitle>
      <div className={styles.sub}>
        {domain && <Caption1>{domain}</Caption1>}
        <Caption1 className={styles.mono}>Tenant ID {tenantId}</Caption1>
      </div>
    </DrawerHeader>
  );
}
