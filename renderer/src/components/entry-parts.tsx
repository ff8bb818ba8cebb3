/**
 * Pieces of an Authenticator entry that the entries view and the tenant drawer share: the entry's badge (its
 * word, never colour alone), what the app knows and how it knows it, the places to act (the tenant's own
 * Security info page, "Sign in to this tenant"), and the "I have this entry in Authenticator" control.
 */
import {
  Badge,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Tooltip,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { ArrowEnterRegular, OpenRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import {
  ENTRY_ANSWER_LABEL,
  ENTRY_BASIS_LABEL,
  ENTRY_QUESTION,
  ENTRY_TEXT,
  type EntryText,
} from '../../../shared/entry-labels';
import { tidyPeriods } from '../../../shared/email/text';
import { ENTRY_ANSWERS, type AuthenticatorEntry, type EntryAnswer } from '../../../shared/model';
import { tenantKey } from '../store';
import { useApp, useAppStoreApi } from '../store-context';

const BADGE_COLOR: Record<EntryText['tone'], BadgeProps['color']> = {
  brand: 'brand',
  warning: 'warning',
  success: 'success',
  danger: 'danger',
  informative: 'informative',
  subtle: 'subtle',
};

const useStyles = makeStyles({
  badgeCell: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '4px' },
  basis: { color: tokens.colorNeutralForeground3 },
  facts: { display: 'flex', flexDirection: 'column', gap: '4px', minWidth: 0 },
  reason: { color: tokens.colorNeutralForeground1 },
  howKnown: { color: tokens.colorNeutralForeground3 },
  places: { display: 'flex', flexWrap: 'wrap', gap: '4px 16px', alignItems: 'center' },
  place: { display: 'inline-flex', alignItems: 'center', gap: '4px' },
  answer: { display: 'flex', flexDirection: 'column', gap: '2px' },
  question: { color: tokens.colorNeutralForeground2 },
  radios: { flexWrap: 'nowrap' },
  tile: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** The entry's word as a badge, with how it is known below it. */
export function EntryBadge({ entry, showBasis = true }: { entry: AuthenticatorEntry; showBasis?: boolean }) {
  const styles = useStyles();
  const text = ENTRY_TEXT[entry.status];
  return (
    <span className={styles.badgeCell}>
      <Tooltip content={text.meaning} relationship="description">
        <Badge appearance="tint" shape="rounded" color={BADGE_COLOR[text.tone]} data-entry-status={entry.status}>
          {text.label}
        </Badge>
      </Tooltip>
      {showBasis && (
        <Caption1 className={styles.basis}>
          {ENTRY_BASIS_LABEL[entry.basis]}
          {entry.basis === 'inferred' && entry.confidence === 'likely' ? ' (likely)' : ''}
        </Caption1>
      )}
    </span>
  );
}

/**
 * What the app knows (the reason, with its date, in plain words: the AADSTS code stays in the tenant's Evidence),
 * how it knows it, and what changed since the user's answer.
 */
export function EntryFacts({ entry }: { entry: AuthenticatorEntry }) {
  const styles = useStyles();
  // The change note leads the reason; show it apart, as a warning, and the rest of the reason as usual.
  const reason =
    entry.changeNote !== null && entry.reason.startsWith(entry.changeNote)
      ? entry.reason.slice(entry.changeNote.length).trim()
      : entry.reason;
  return (
    <span className={styles.facts}>
      {entry.changeNote !== null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{entry.changeNote}</MessageBarBody>
        </MessageBar>
      )}
      <Text size={300} className={`${styles.reason} entry-reason`}>
        {tidyPeriods(reason)}
      </Text>
      <Caption1 className={styles.howKnown}>{entry.howKnown}</Caption1>
      <AuthenticatorTile entry={entry} />
    </span>
  );
}

/**
 * The tile this entry is in the Authenticator app, as the user sees it on the phone: usually the organisation's
 * name over the account's address ("Northwind Traders · adele@contoso.example"). Hand-made entries carry the
 * user's own label and have no account here, so they get none.
 */
export function AuthenticatorTile({ entry }: { entry: AuthenticatorEntry }) {
  const styles = useStyles();
  const username = useApp((s) => s.snapshot?.accounts.find((a) => a.accountId === entry.accountId)?.username ?? null);
  if (entry.accountId === null || username === null) return null;
  return (
    <Caption1 className={styles.howKnown} data-testid="authenticator-tile">
      In the Authenticator app, usually the tile{' '}
      <span className={styles.tile}>
        {entry.organisation} · {username}
      </span>
    </Caption1>
  );
}

/** The places to act for a tenant's entry: its Security info page, and "Sign in to this tenant" for a guest tenant. */
export function EntryPlaces({ entry, onDetails }: { entry: AuthenticatorEntry; onDetails?: (() => void) | null }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const ref =
    entry.accountId !== null && entry.tenantId !== null
      ? { accountId: entry.accountId, tenantId: entry.tenantId }
      : null;
  const signingIn = useApp((s) => (ref ? s.tenantSignIns[tenantKey(ref)] === true : false));
  if (entry.securityInfoUrl === null && onDetails == null) return null;
  return (
    <span className={styles.places}>
      {entry.securityInfoUrl !== null && (
        <Link
          className={styles.place}
          onClick={() => void store.getState().openLink(entry.securityInfoUrl!)}
          aria-label={`Open the Security info page of ${entry.organisation}`}
        >
          <OpenRegular aria-hidden /> Security info
        </Link>
      )}
      {ref !== null && entry.kind === 'tenant' && entry.status !== 'orphaned' && (
        <Link
          className={styles.place}
          disabled={signingIn}
          onClick={() => void store.getState().signInToTenant(ref)}
          aria-label={`Sign in to this tenant: ${entry.organisation}`}
        >
          {signingIn ? <Spinner size="extra-tiny" aria-label="Signing in" /> : <ArrowEnterRegular aria-hidden />}
          {signingIn ? 'Waiting for the browser…' : 'Sign in to this tenant'}
        </Link>
      )}
      {onDetails && (
        <Link className={styles.place} onClick={onDetails} aria-label={`Details of ${entry.organisation}`}>
          Details
        </Link>
      )}
    </span>
  );
}

/**
 * "I have this entry in Authenticator: Yes / No / Not sure". A guest tenant's entry only; an answer that a later
 * change of the tenant overruled shows as unanswered (the change note says why), so the user can answer again.
 */
export function EntryAnswerControl({
  entry,
  layout = 'horizontal',
}: {
  entry: AuthenticatorEntry;
  layout?: 'horizontal' | 'vertical';
}) {
  const styles = useStyles();
  const store = useAppStoreApi();
  // The choice shows at once; the saved answer (and the entry's new word) follows from main.
  const [chosen, setChosen] = useState<EntryAnswer | null>(null);
  if (entry.kind !== 'tenant') return null;
  const saved = entry.confirmation !== null && entry.changeNote === null ? entry.confirmation.answer : '';
  return (
    <span className={styles.answer}>
      <Caption1 className={styles.question} aria-hidden>
        {ENTRY_QUESTION}
      </Caption1>
      <RadioGroup
        className={layout === 'horizontal' ? styles.radios : undefined}
        layout={layout === 'horizontal' ? 'horizontal' : 'vertical'}
        value={chosen ?? saved}
        aria-label={`${ENTRY_QUESTION}: ${entry.organisation}`}
        onChange={(_, data) => {
          const answer = data.value as EntryAnswer;
          setChosen(answer);
          void store
            .getState()
            .setEntryConfirmation(entry.key, answer)
            .finally(() => setChosen(null));
        }}
        data-testid="entry-answer"
      >
        {ENTRY_ANSWERS.map((answer) => (
          <Radio key={answer} value={answer} label={ENTRY_ANSWER_LABEL[answer]} />
        ))}
      </RadioGroup>
    </span>
  );
}
