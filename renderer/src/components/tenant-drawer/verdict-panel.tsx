import { Body1, Caption1, Subtitle2, mergeClasses } from '@fluentui/react-components';
import { ShieldKeyholeRegular } from '@fluentui/react-icons';
import { tidyPeriods } from '../../../../shared/email/text';
import { entryKeyForTenant } from '../../../../shared/entry-keys';
import type { TenantRecord } from '../../../../shared/model';
import { refusesDevice, verdictKeyOf, verdictRule } from '../../../../shared/verdicts';
import { signInPathSentence } from '../../../../shared/sign-in-path';
import { useApp } from '../../store-context';
import { entriesOf } from '../../views-of-state';
import { entryAdvice } from '../../../../shared/entries';
import { adviseReason, explainReason } from '../../../../shared/reasons';
import { VERDICT_ICONS } from '../icons';
import { confidenceMarker } from '../verdict-badge';
import { useStyles } from './styles';

export function VerdictPanel({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const c = tenant.classification;
  const entryKey = entryKeyForTenant(tenant.accountId, tenant.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === entryKey) ?? null);
  const signInPath = useApp((s) => s.snapshot?.accounts.find((a) => a.accountId === tenant.accountId)?.signInPath);
  if (tenant.isHome) {
    return (
      <div className={mergeClasses(styles.verdictCard, styles.informative)} data-testid="verdict-panel">
        <ShieldKeyholeRegular className={styles.verdictIcon} aria-hidden />
        <Subtitle2 as="h3" className={styles.verdictTitle} style={{ margin: 0 }}>
          Your home organisation
        </Subtitle2>
        <Body1 className={styles.verdictText}>
          Every sign-in starts here. The MFA you do here is what partner organisations can choose to trust.
        </Body1>
      </div>
    );
  }
  const text = verdictRule(verdictKeyOf(tenant));
  const Icon = VERDICT_ICONS[c?.verdict ?? 'unchecked'];
  // The bold advice follows the entry word (the user's answer, an entry kept or one that can go), else the verdict's.
  const advice = entryAdvice(entry, c?.verdict ?? null, c ? adviseReason(c) : null);
  const canGo = entry !== null && (entry.status === 'leftover' || entry.status === 'orphaned');
  return (
    <div className={mergeClasses(styles.verdictCard, styles[text.tone])} data-testid="verdict-panel">
      <Icon className={styles.verdictIcon} aria-hidden />
      <Subtitle2 as="h3" className={styles.verdictHeading} data-verdict={c?.verdict ?? 'unchecked'}>
        {text.label}
        {c && confidenceMarker(c.confidence, c.evidence.aadsts)
          ? ` (${confidenceMarker(c.confidence, c.evidence.aadsts)})`
          : ''}
        {canGo ? ' · entry can be removed' : ''}
      </Subtitle2>
      <Body1 className={styles.verdictText} data-testid="verdict-sentence">
        {c ? tidyPeriods(explainReason(c)) : text.meaning}
      </Body1>
      <Body1 className={styles.actionLine} data-testid="verdict-advice">
        {advice ?? 'Run a scan to find out what this organisation demands.'}
      </Body1>
      {/* After the advice: the icon spans the heading, the sentence and the advice. */}
      {signInPath && refusesDevice(tenant) && (
        <Caption1 className={styles.verdictText} style={{ gridColumn: 2 }} data-testid="sign-in-path-note">
          {signInPathSentence(signInPath)}
        </Caption1>
      )}
      {c?.verdict === 'error' && (
        <Caption1 className={styles.verdictText} style={{ gridColumn: 2 }} data-testid="failed-check-note">
          This is no verdict about {tenant.displayName || 'this organisation'}: the check itself did not complete.
          {tenant.history.length > 0
            ? ' Its history below still shows what it answered before.'
            : ' No check of it has succeeded yet.'}{' '}
          Check again asks it once more.
        </Caption1>
      )}
      {c && c.confidence !== 'certain' && (
        <Caption1 className={styles.verdictText} style={{ gridColumn: 2 }}>
          {c.confidence === 'likely'
            ? "Likely, not certain: Entra's answer also fits the other cause named above."
            : "Unsure: the app cannot tell from Entra's answer. What Entra answered is under Evidence."}
        </Caption1>
      )}
    </div>
  );
}
