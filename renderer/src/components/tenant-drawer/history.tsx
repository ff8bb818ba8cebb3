import { Body1, Caption1, Tooltip, mergeClasses } from '@fluentui/react-components';
import type { TenantRecord } from '../../../../shared/model';
import { localTime, relativeTime } from '../../format';
import { useNow } from '../../store-context';
import { historyNewestFirst } from '../../tenant-change';
import { VerdictBadge } from '../verdict-badge';
import { useStyles } from './styles';
import { DrawerSection } from './section';

export function History({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const now = useNow();
  if (tenant.isHome) return null;
  const items = historyNewestFirst(tenant.history);
  return (
    <DrawerSection id="history-title" title="History">
      {items.length === 0 ? (
        <Body1 className={styles.muted}>No results yet.</Body1>
      ) : (
        <ol className={styles.history} aria-label="Verdicts, newest first">
          {items.map((h, i) => (
            <li key={`${h.at}-${i}`} className={styles.historyItem}>
              <span className={mergeClasses(styles.dot, i === 0 && styles.dotLatest)} aria-hidden />
              <span>
                <VerdictBadge
                  verdict={h.verdict}
                  // Methods left there say "can go" only with a trust signal, not after one answer without MFA.
                  leftover={h.leftoverRegistration && h.verdict === 'home-mfa-trusted'}
                  size="medium"
                />
              </span>
              <Tooltip content={localTime(h.at)} relationship="description">
                <Caption1 className={styles.muted}>{relativeTime(h.at, now)}</Caption1>
              </Tooltip>
            </li>
          ))}
        </ol>
      )}
    </DrawerSection>
  );
}
