import { Caption1, Subtitle2, mergeClasses } from '@fluentui/react-components';
import { entryKeyForTenant } from '../../../../shared/entry-keys';
import type { EntryStatus, TenantRecord } from '../../../../shared/model';
import { tenantActions, type VerdictAction } from '../../../../shared/verdicts';
import { useApp } from '../../store-context';
import { entriesOf } from '../../views-of-state';
import { EntryAnswerControl, EntryBadge, EntryFacts } from '../entry-parts';
import { useStyles } from './styles';

/**
 * Where to act, for the words whose reason does not already say it, naming only the buttons the drawer shows for
 * this tenant (`tenantActions`): no "Sign in to this tenant" where a device refusal or the home organisation has
 * none, no "Open security info" where it is not offered.
 */
function actHint(status: EntryStatus, actions: readonly VerdictAction[]): string | null {
  const security = actions.includes('open-security-info');
  const signIn = actions.includes('sign-in-to-tenant');
  const parts: string[] = [];
  if (status === 'in-use' || status === 'unknown') {
    if (security)
      parts.push(
        status === 'in-use'
          ? 'Open security info (above) shows the methods registered for you there'
          : 'Open security info (above) shows whether you have methods there',
      );
    if (signIn) parts.push('Sign in to this tenant (above) checks again');
  } else if (status === 'will-be-needed') {
    parts.push(
      signIn
        ? 'Sign in to this tenant (above) to register a method now, or wait until it asks; register it on the phone you will keep'
        : 'When it asks you to register, register it on the phone you will keep',
    );
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : null;
}

/** The tenant's Authenticator entry: its word, what the app knows and how, and the user's answer. */
export function EntrySection({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const key = entryKeyForTenant(tenant.accountId, tenant.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === key) ?? null);
  if (entry === null) return null;
  const hint = actHint(entry.status, tenantActions(tenant, entry.status));
  return (
    <section
      className={mergeClasses(styles.section, styles.entryCard)}
      aria-labelledby="entry-title"
      data-testid="entry-section"
    >
      <div className={styles.entryHeading}>
        <Subtitle2 as="h3" id="entry-title" className={styles.sectionTitle}>
          Authenticator entry
        </Subtitle2>
        <EntryBadge entry={entry} />
      </div>
      <EntryFacts entry={entry} />
      {entry.kind === 'tenant' && <EntryAnswerControl entry={entry} />}
      {hint && (
        <Caption1 className={styles.muted} data-testid="entry-act-hint">
          {hint}
        </Caption1>
      )}
    </section>
  );
}
