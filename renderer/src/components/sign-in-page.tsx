/**
 * The pieces both ways in share (the guest's welcome and the admin's sign-in): a card centred on the page with the
 * app's mark, the panel shown while the browser or the system's sign-in window has the sign-in, and the message of
 * a sign-in that did not complete.
 */
import {
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const SMALL = '@media (max-width: 700px), (max-height: 699px)';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    display: 'grid',
    placeItems: 'center',
    padding: '32px',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    [SMALL]: { padding: '12px' },
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow16,
    boxSizing: 'border-box',
  },
  mark: {
    display: 'grid',
    placeItems: 'center',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  waiting: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    padding: '16px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground3,
    width: '100%',
    boxSizing: 'border-box',
  },
  waitingText: { display: 'flex', flexDirection: 'column', gap: '2px', flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The page and its card; `cardClassName` sets the card's width, gap and padding. */
export function SignInPage(props: { labelledBy: string; cardClassName: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <section className={mergeClasses(styles.card, props.cardClassName)} aria-labelledby={props.labelledBy}>
        {props.children}
      </section>
    </main>
  );
}

/** The square brand-coloured mark with the page's icon; `className` sets its size. */
export function SignInMark({ className, children }: { className: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.mark, className)} aria-hidden>
      {children}
    </span>
  );
}

/** Says where the sign-in goes on while the app waits for it; `action` is the way out, where there is one. */
export function SignInWaiting(props: {
  label: string;
  title: string;
  text: ReactNode;
  textTestId?: string;
  action?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.waiting} role="status" aria-live="polite">
      <Spinner size="small" aria-label={props.label} />
      <span className={styles.waitingText}>
        <Subtitle2>{props.title}</Subtitle2>
        <Caption1 className={styles.muted} data-testid={props.textTestId}>
          {props.text}
        </Caption1>
      </span>
      {props.action}
    </div>
  );
}

/** "Sign-in did not complete" with what happened, and what to do next where the page offers it. */
export function SignInFailed(props: { error: string; testId: string; actions?: ReactNode }) {
  return (
    <MessageBar intent="error" layout="multiline" data-testid={props.testId}>
      <MessageBarBody>
        <MessageBarTitle>Sign-in did not complete</MessageBarTitle>
        {props.error}
      </MessageBarBody>
      {props.actions && <MessageBarActions>{props.actions}</MessageBarActions>}
    </MessageBar>
  );
}
