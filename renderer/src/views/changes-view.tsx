/**
 * "What changed": the verdict changes the app found when it checked the organisations again (a background
 * re-check or a scan), newest first, in the same words as the notifications. Each opens its organisation in the
 * inventory; the list can be cleared. Deliberately plain: a later UX round will polish it.
 */
import { Body1, Button, Caption1, Link, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircleRegular,
  DismissRegular,
  ErrorCircleRegular,
  PanelRightExpandRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { useShallow } from 'zustand/react/shallow';
import type { VerdictChange } from '../../../shared/changes';
import type { ChangeKind } from '../../../shared/verdicts';
import { PageHeader } from '../components/page-header';
import { localTime, relativeTime } from '../format';
import { useApp, useAppStoreApi } from '../store-context';
import { cardSurface, pageBodyStyle, VIEW_STYLE } from '../layout';

const useStyles = makeStyles({
  view: VIEW_STYLE,
  body: pageBodyStyle('12px', '820px'),
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  item: {
    display: 'grid',
    gridTemplateColumns: '28px 1fr auto',
    gap: '12px',
    alignItems: 'start',
    padding: '14px 16px',
    ...cardSurface(tokens.shadow2),
  },
  icon: { fontSize: '22px', paddingTop: '2px' },
  good: { color: tokens.colorStatusSuccessForeground1 },
  bad: { color: tokens.colorStatusWarningForeground1 },
  danger: { color: tokens.colorStatusDangerForeground1 },
  text: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: '4px', alignItems: 'center' },
  empty: {
    padding: '24px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
  },
});

const TONE: Record<ChangeKind, 'good' | 'bad' | 'danger'> = {
  'trusts-home-mfa': 'good',
  'demands-own-mfa': 'bad',
  'demands-registration': 'bad',
  'demands-stronger-method': 'bad',
  blocks: 'danger',
  'guest-removed': 'bad',
};

function ChangeIcon({ kind }: { kind: ChangeKind }) {
  const styles = useStyles();
  const tone = TONE[kind];
  const className = mergeClasses(styles.icon, styles[tone]);
  if (tone === 'good') return <CheckmarkCircleRegular className={className} aria-hidden />;
  if (tone === 'danger') return <ErrorCircleRegular className={className} aria-hidden />;
  return <WarningRegular className={className} aria-hidden />;
}

export function ChangesView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { changes, recheck, accounts } = useApp(
    useShallow((s) => ({
      changes: s.snapshot?.changes ?? [],
      recheck: s.snapshot?.watch?.settings.recheck ?? 'off',
      accounts: s.snapshot?.accounts ?? [],
    })),
  );
  const username = (change: VerdictChange) => accounts.find((a) => a.accountId === change.accountId)?.username;

  return (
    <div className={styles.view}>
      <PageHeader
        maxWidth={820}
        title="What changed"
        subtitle="What your organisations started or stopped asking of you, as the app found when it checked them again. Newest first."
        actions={
          changes.length > 0 && (
            <Button icon={<DismissRegular />} onClick={() => void store.getState().dismissChanges()}>
              Clear the list
            </Button>
          )
        }
      />
      <div className={styles.body}>
        {changes.length === 0 ? (
          <div className={styles.empty}>
            <Subtitle2 as="h2" style={{ margin: 0 }}>
              No changes to show
            </Subtitle2>
            <Body1>
              {recheck === 'off'
                ? 'Background checks are off, so the app only looks again when you scan or after you send a trust request. '
                : `The app checks your organisations again ${recheck === 'daily' ? 'every day' : 'every week'} while it runs. `}
              <Link onClick={() => store.getState().setView('settings')}>Change this in Settings</Link>
            </Body1>
          </div>
        ) : (
          <ul className={styles.list} aria-label="Changes">
            {changes.map((change) => (
              <li key={change.id} className={styles.item}>
                <ChangeIcon kind={change.kind} />
                <div className={styles.text}>
                  <Body1>
                    <strong>{change.title}</strong>
                  </Body1>
                  <Body1>{change.body}</Body1>
                  <Caption1 className={styles.muted} title={localTime(change.at)}>
                    {relativeTime(change.at)}
                    {accounts.length > 1 && username(change) ? ` · ${username(change)}` : ''}
                  </Caption1>
                </div>
                <div className={styles.actions}>
                  <Button
                    size="small"
                    icon={<PanelRightExpandRegular />}
                    onClick={() =>
                      store.getState().openTenant({ accountId: change.accountId, tenantId: change.tenantId })
                    }
                  >
                    Show
                  </Button>
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<DismissRegular />}
                    aria-label={`Remove from the list: ${change.title}`}
                    onClick={() => void store.getState().dismissChanges([change.id])}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
