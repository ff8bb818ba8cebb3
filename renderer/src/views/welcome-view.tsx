/**
 * First run: what the app does, and one primary action. While the system browser handles the sign-in the
 * page says so and offers Cancel; a failed sign-in says what happened and what to do next.
 */
import { Body1, Button, Caption1, Subtitle2, Title1, makeStyles, tokens } from '@fluentui/react-components';
import {
  ShieldPersonRegular,
  BuildingMultipleRegular,
  MailArrowUpRegular,
  PersonRegular,
  PhoneUpdateRegular,
  ShieldKeyholeFilled,
} from '@fluentui/react-icons';
import { useShallow } from 'zustand/react/shallow';
import { useAdminStoreApi } from '../admin-store-context';
import { SignInFailed, SignInMark, SignInPage, SignInWaiting } from '../components/sign-in-page';
import { useApp, useAppStoreApi } from '../store-context';

const useStyles = makeStyles({
  card: {
    width: 'min(620px, 100%)',
    gap: '20px',
    padding: '40px 44px 32px',
  },
  mark: { width: '56px', height: '56px', fontSize: '34px' },
  lead: { color: tokens.colorNeutralForeground2, margin: 0 },
  points: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: '14px' },
  point: { display: 'grid', gridTemplateColumns: '36px 1fr', gap: '12px', alignItems: 'start' },
  pointIcon: {
    display: 'grid',
    placeItems: 'center',
    width: '36px',
    height: '36px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    fontSize: '20px',
  },
  pointText: { display: 'flex', flexDirection: 'column', gap: '2px' },
  muted: { color: tokens.colorNeutralForeground3 },
  action: { display: 'flex', flexDirection: 'column', gap: '12px', alignItems: 'flex-start' },
  admin: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: '8px 16px',
    paddingTop: '16px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  adminText: { display: 'flex', flexDirection: 'column', gap: '2px', flex: '1 1 260px' },
});

const POINTS = [
  {
    icon: BuildingMultipleRegular,
    title: 'Every organisation you are a guest in',
    text: 'See which ones make you keep a separate Authenticator entry and which accept the MFA you do at home.',
  },
  {
    icon: PhoneUpdateRegular,
    title: 'A checklist for your next phone',
    text: 'Know what to move, where, and in which order, before you wipe the old phone.',
  },
  {
    icon: MailArrowUpRegular,
    title: 'Emails partner IT can act on',
    text: 'Ask an organisation to trust your home MFA, with the exact settings and the evidence they need.',
  },
];

export function WelcomeView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const admin = useAdminStoreApi();
  const { waiting, error, notice } = useApp(
    useShallow((s) => ({ waiting: s.signIn.waiting, error: s.signIn.error, notice: s.signIn.notice ?? null })),
  );
  // Settings → Advanced: the platform's sign-in broker, where there is one and it is on (shared/sign-in-path.ts).
  const viaBroker = useApp(
    (s) => (s.snapshot?.broker?.available ?? false) && (s.snapshot?.settings.useBroker ?? false),
  );
  return (
    <SignInPage labelledBy="welcome-title" cardClassName={styles.card}>
      <SignInMark className={styles.mark}>
        <ShieldKeyholeFilled />
      </SignInMark>
      <div>
        <Title1 as="h1" id="welcome-title" block style={{ margin: '0 0 4px' }}>
          Guest MFA Inventory
        </Title1>
        <Body1 as="p" className={styles.lead}>
          Find out where you keep MFA for other organisations, and which entries you can do without.
        </Body1>
      </div>
      <ul className={styles.points}>
        {POINTS.map(({ icon: Icon, title, text }) => (
          <li key={title} className={styles.point}>
            <span className={styles.pointIcon} aria-hidden>
              <Icon />
            </span>
            <span className={styles.pointText}>
              <Subtitle2 as="h2" style={{ margin: 0 }}>
                {title}
              </Subtitle2>
              <Body1 className={styles.muted}>{text}</Body1>
            </span>
          </li>
        ))}
      </ul>
      {error && !waiting && (
        <SignInFailed
          error={error}
          testId="sign-in-error"
          actions={
            <Button size="small" onClick={() => void store.getState().signInHome()}>
              Try again
            </Button>
          }
        />
      )}
      <div className={styles.action}>
        {waiting ? (
          <SignInWaiting
            label={viaBroker ? 'Waiting for the sign-in window' : 'Waiting for the browser'}
            title={viaBroker ? 'Continue in the sign-in window' : 'Continue in your browser'}
            text={
              notice ??
              (viaBroker
                ? 'Your system’s sign-in window is open: sign in there. If it cannot sign you in, the app opens your browser instead.'
                : 'We opened your browser to sign you in. This window moves on by itself when you are done.')
            }
            textTestId="sign-in-waiting-text"
            action={<Button onClick={() => void store.getState().cancelSignIn()}>Cancel</Button>}
          />
        ) : (
          <Button
            appearance="primary"
            size="large"
            icon={<PersonRegular />}
            onClick={() => void store.getState().signInHome()}
          >
            Sign in with your work account
          </Button>
        )}
        <Caption1 className={styles.muted}>
          {viaBroker
            ? 'Sign-in happens in your system’s sign-in window, which can show partners this device.'
            : 'Sign-in happens in your browser, with your organisation’s usual page.'}{' '}
          The app never sees your password and needs no admin rights.
        </Caption1>
      </div>
      {!waiting && (
        <div className={styles.admin}>
          <span className={styles.adminText}>
            <Subtitle2 as="h2" style={{ margin: 0 }}>
              Administrator of a tenant with guests?
            </Subtitle2>
            <Caption1 className={styles.muted}>
              See which of your guests keep a separate MFA registration with you, and the one setting that ends it.
            </Caption1>
          </span>
          <Button icon={<ShieldPersonRegular />} onClick={() => void admin.getState().enter()}>
            I manage a Microsoft Entra tenant
          </Button>
        </div>
      )}
    </SignInPage>
  );
}
