/**
 * Authenticator entries: every place the guest keeps, kept or will keep MFA methods (home, every guest tenant,
 * entries added by hand), filtered by the entry's word, each with what the app knows and how it knows it, the
 * places to act (the tenant's Security info page, "Sign in to this tenant"), "I have this entry in
 * Authenticator" to confirm or correct it, and a tick-off box.
 */
import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Text,
  Textarea,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, HomeRegular, HandRightRegular, BuildingRegular } from '@fluentui/react-icons';
import { useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { entriesOfAccount } from '../../../shared/selectors';
import { manualEntryIdOf } from '../../../shared/entry-keys';
import { ENTRY_TEXT } from '../../../shared/entry-labels';
import { DEFAULT_CLIENT_ID, type AuthenticatorEntry, type EntryStatus } from '../../../shared/model';
import { EntryAnswerControl, EntryBadge, EntryFacts, EntryPlaces } from '../components/entry-parts';
import { MarkBox } from '../components/mark-box';
import { MethodChips } from '../components/method-chips';
import { PageHeader } from '../components/page-header';
import { useApp, useAppStoreApi } from '../store-context';
import { cardSurface, DIVIDED_ROW_STYLE, EMPTY_LIST_STYLE, pageBodyStyle, VIEW_STYLE } from '../layout';
import { entriesOf } from '../views-of-state';
import { DialogFrame } from '../components/dialog-frame';

type Filter = 'all' | EntryStatus;

/** The order of the tabs and of the rows: what the user must keep first, what can go last. */
const ORDER: readonly EntryStatus[] = ['in-use', 'will-be-needed', 'unknown', 'leftover', 'orphaned', 'not-needed'];

// Narrow windows put the answer under the reason.
const NARROW = '@media (max-width: 1099px)';
const COLUMNS = '64px minmax(160px, 1fr) 140px minmax(260px, 2.4fr) 250px 40px';
const NARROW_COLUMNS = '64px minmax(140px, 1fr) 120px minmax(220px, 2fr) 40px';

const useStyles = makeStyles({
  view: VIEW_STYLE,
  body: pageBodyStyle('12px', undefined, '32px'),
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: '8px' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    ...cardSurface(),
    overflow: 'hidden',
  },
  item: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    [NARROW]: { gridTemplateColumns: NARROW_COLUMNS },
    alignItems: 'start',
    columnGap: '16px',
    rowGap: '8px',
    padding: '14px 16px',
    ...DIVIDED_ROW_STYLE,
  },
  ticked: { '& .entry-org, & .entry-reason': { color: tokens.colorNeutralForeground3 } },
  org: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  orgName: { display: 'inline-flex', alignItems: 'center', gap: '6px', fontWeight: tokens.fontWeightSemibold },
  kindIcon: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  why: { display: 'flex', flexDirection: 'column', gap: '6px', minWidth: 0 },
  answer: { [NARROW]: { gridColumn: '4', gridRow: '2' } },
  empty: EMPTY_LIST_STYLE,
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  headerRow: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    [NARROW]: { gridTemplateColumns: NARROW_COLUMNS },
    columnGap: '16px',
    padding: '10px 16px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  narrowHidden: { [NARROW]: { display: 'none' } },
  // Tabs wrap onto a second line rather than run off a small window.
  tabs: { flexWrap: 'wrap' },
});

export function EntriesView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { entries, activeAccountId, clientId } = useApp(
    useShallow((s) => ({
      entries: entriesOf(s),
      activeAccountId: s.activeAccountId,
      clientId: s.snapshot?.settings.clientId ?? DEFAULT_CLIENT_ID,
    })),
  );
  const [filter, setFilter] = useState<Filter>('all');
  const mine = useMemo(
    () =>
      entriesOfAccount(entries, activeAccountId).sort((a, b) => {
        if (a.kind === 'home' || b.kind === 'home') return a.kind === 'home' ? -1 : 1;
        return ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.organisation.localeCompare(b.organisation);
      }),
    [entries, activeAccountId],
  );
  const count = (f: Filter) => (f === 'all' ? mine.length : mine.filter((e) => e.status === f).length);
  const shown = filter === 'all' ? mine : mine.filter((e) => e.status === filter);
  const inferred = mine.filter((e) => e.kind === 'tenant' && e.basis === 'inferred').length;
  const canGo = count('leftover') + count('orphaned');

  return (
    <div className={styles.view} data-testid="entries-view">
      <PageHeader
        title="Authenticator entries"
        subtitle={
          mine.length === 0
            ? 'Every place where you keep MFA methods will be listed here after a scan.'
            : `${count('in-use')} in use, ${count('will-be-needed')} will be needed, ${canGo} can go, ${count('unknown')} unknown. Confirm or correct each one: your answer counts until the organisation changes what it asks for.`
        }
        actions={<AddEntryDialog />}
      />
      <div className={styles.body}>
        {clientId === DEFAULT_CLIENT_ID && inferred > 0 && !mine.some((e) => e.basis === 'graph') && (
          <MessageBar intent="info" layout="multiline" data-testid="entries-inferred-note">
            <MessageBarBody>
              <MessageBarTitle>Inferred from what each organisation answered</MessageBarTitle>
              With its default sign-in (Microsoft&apos;s Azure CLI app) the app cannot read your methods: Microsoft
              Graph refuses that in every organisation. So each entry says what the organisation asked for at the
              checks, and when. An organisation that asks for its own MFA although your home sign-in did MFA has an
              entry of yours; one that now accepts your home MFA has a leftover. Your own app registration (Settings)
              can read the methods and make entries certain.
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.bar}>
          <TabList
            className={styles.tabs}
            selectedValue={filter}
            onTabSelect={(_, data) => setFilter(data.value as Filter)}
            aria-label="Show entries"
          >
            <Tab value="all">All ({count('all')})</Tab>
            {ORDER.map((s) => (
              <Tab key={s} value={s}>
                {ENTRY_TEXT[s].label} ({count(s)})
              </Tab>
            ))}
          </TabList>
        </div>
        <Caption1 className={styles.muted} id="reviewed-help" data-testid="reviewed-help">
          Tick Reviewed once you have looked at an entry in your Authenticator app: the tick is only your mark here and
          changes no verdict, answer or step. For an entry you added by hand it means “no longer needed”: it then counts
          as one that can go, and the phone-change checklist lists it to delete.
        </Caption1>
        {shown.length === 0 ? (
          <div className={styles.empty}>
            <Body1>
              {mine.length === 0
                ? 'No entries yet. Run a scan from the inventory, or add one by hand.'
                : 'No entries here.'}
            </Body1>
          </div>
        ) : (
          <ul className={styles.list} aria-label="Authenticator entries">
            <li className={styles.headerRow} aria-hidden>
              <span>Reviewed</span>
              <span>Organisation</span>
              <span>Entry</span>
              <span>What the app knows</span>
              <span className={styles.narrowHidden}>Your answer</span>
              <span />
            </li>
            {shown.map((entry) => (
              <EntryRow
                key={entry.key}
                entry={entry}
                onTick={(t) => store.getState().setEntryTicked(entry.key, t)}
                onOpen={
                  entry.tenantId && entry.accountId
                    ? () => {
                        store.getState().setView('inventory');
                        store.getState().select({ accountId: entry.accountId!, tenantId: entry.tenantId! });
                      }
                    : null
                }
                onRemove={
                  entry.kind === 'manual'
                    ? () => void store.getState().removeManualEntry(manualEntryIdOf(entry.key) ?? '')
                    : null
                }
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function EntryRow({
  entry,
  onTick,
  onOpen,
  onRemove,
}: {
  entry: AuthenticatorEntry;
  onTick: (ticked: boolean) => Promise<void>;
  onOpen: (() => void) | null;
  onRemove: (() => void) | null;
}) {
  const styles = useStyles();
  const KindIcon = entry.kind === 'home' ? HomeRegular : entry.kind === 'manual' ? HandRightRegular : BuildingRegular;
  const kindLabel =
    entry.kind === 'home' ? 'Home organisation' : entry.kind === 'manual' ? 'Added by you' : 'Organisation';
  return (
    <li className={mergeClasses(styles.item, entry.ticked && styles.ticked)} data-entry-key={entry.key}>
      <MarkBox
        checked={entry.ticked}
        onMark={onTick}
        aria-label={`${entry.kind === 'manual' ? 'No longer needed' : 'Reviewed'}: ${entry.organisation}`}
        aria-describedby="reviewed-help"
        title={
          entry.kind === 'manual'
            ? 'No longer needed: it moves to the entries that can go'
            : 'Reviewed: your mark only, it changes nothing else'
        }
      />
      <span className={styles.org}>
        <Text className={`${styles.orgName} entry-org`}>
          <Tooltip content={kindLabel} relationship="label">
            <KindIcon className={styles.kindIcon} />
          </Tooltip>
          {entry.organisation}
        </Text>
        <Caption1 className={styles.muted}>{entry.domain ?? kindLabel}</Caption1>
      </span>
      <EntryBadge entry={entry} />
      <span className={styles.why}>
        <EntryFacts entry={entry} />
        {entry.methods !== null && <MethodChips methods={entry.methods} note={null} budget={60} wrap />}
        <EntryPlaces entry={entry} onDetails={onOpen} />
      </span>
      <span className={styles.answer}>
        {entry.kind === 'tenant' ? (
          <EntryAnswerControl entry={entry} />
        ) : (
          <Caption1 className={styles.muted}>
            {entry.kind === 'home' ? 'Your home entry is always in use.' : 'Added by you: tick it off when it can go.'}
          </Caption1>
        )}
      </span>
      <span>
        {onRemove ? (
          <Button
            appearance="subtle"
            icon={<DeleteRegular />}
            aria-label={`Remove ${entry.organisation}`}
            onClick={onRemove}
          />
        ) : null}
      </span>
    </li>
  );
}

function AddEntryDialog() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const [organisation, setOrganisation] = useState('');
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (organisation.trim() === '') {
      setError('Enter the organisation’s name.');
      return;
    }
    setBusy(true);
    const result = await store
      .getState()
      .addManualEntry({ organisation: organisation.trim(), label: label.trim(), note });
    setBusy(false);
    if (result.ok) {
      setOpen(false);
      setOrganisation('');
      setLabel('');
      setNote('');
      setError(null);
    } else setError(result.error.message);
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<AddRegular />}>Add entry by hand</Button>
      </DialogTrigger>
      <DialogFrame
        title="Add an Authenticator entry"
        onSubmit={(e) => void submit(e)}
        contentClassName={styles.form}
        cancel
        actions={
          <Button appearance="primary" type="submit" disabled={busy}>
            Add entry
          </Button>
        }
      >
        For an entry in your Authenticator app that belongs to an organisation the app cannot see, so it shows up on
        your phone-change checklist too.
        <Field
          label="Organisation"
          required
          validationState={error ? 'error' : 'none'}
          validationMessage={error ?? undefined}
        >
          <Input value={organisation} autoFocus onChange={(_, d) => setOrganisation(d.value)} maxLength={200} />
        </Field>
        <Field label="Name in the Authenticator app" hint="If it differs, e.g. the account name shown there">
          <Input value={label} onChange={(_, d) => setLabel(d.value)} maxLength={200} />
        </Field>
        <Field label="Note">
          <Textarea value={note} onChange={(_, d) => setNote(d.value)} maxLength={2000} resize="vertical" />
        </Field>
      </DialogFrame>
    </Dialog>
  );
}
