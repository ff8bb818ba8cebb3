/**
 * Authenticator entries: every place the guest keeps MFA methods (home, tenants with their own registration,
 * entries added by hand), filtered by status, each with its methods, the reason and a tick-off box.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  Tab,
  TabList,
  Text,
  Textarea,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import {
  AddRegular,
  DeleteRegular,
  HomeRegular,
  HandRightRegular,
  ChevronRightRegular,
  BuildingRegular,
} from '@fluentui/react-icons';
import { useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuthenticatorEntry, EntryStatus } from '../../../shared/model';
import { MethodChips } from '../components/method-chips';
import { PageHeader } from '../components/page-header';
import { useApp, useAppStoreApi } from '../store-context';

type Filter = 'all' | EntryStatus;

const STATUS: Record<EntryStatus, { label: string; color: BadgeProps['color']; hint: string }> = {
  needed: { label: 'Needed', color: 'brand', hint: 'You need this entry to sign in there.' },
  removable: { label: 'Can be removed', color: 'success', hint: 'The organisation no longer needs it.' },
  orphaned: { label: 'Orphaned', color: 'warning', hint: 'Your guest account there is gone.' },
  unknown: { label: 'Unknown', color: 'informative', hint: 'The app cannot tell whether you still need it.' },
};

const ORDER: EntryStatus[] = ['needed', 'unknown', 'removable', 'orphaned'];

// Narrow windows drop the methods column (the inventory's detail lists them).
const NARROW = '@media (max-width: 1099px)';
const NARROW_COLUMNS = '32px minmax(160px, 1.2fr) 120px minmax(160px, 1.5fr) 40px';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  body: { padding: '0 32px 32px', display: 'flex', flexDirection: 'column', gap: '12px' },
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: '8px' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '32px minmax(180px, 1.2fr) 130px minmax(180px, 1.5fr) minmax(200px, 1.6fr) 40px',
    [NARROW]: { gridTemplateColumns: NARROW_COLUMNS },
    alignItems: 'center',
    columnGap: '16px',
    padding: '12px 16px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ':last-child': { borderBottom: 'none' },
  },
  ticked: { '& .entry-org, & .entry-reason': { color: tokens.colorNeutralForeground3 } },
  org: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  orgName: { display: 'inline-flex', alignItems: 'center', gap: '6px', fontWeight: tokens.fontWeightSemibold },
  kindIcon: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  reason: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  methods: { [NARROW]: { display: 'none' } },
  empty: {
    padding: '40px',
    textAlign: 'center',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground3,
  },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  headerRow: {
    display: 'grid',
    gridTemplateColumns: '32px minmax(180px, 1.2fr) 130px minmax(180px, 1.5fr) minmax(200px, 1.6fr) 40px',
    [NARROW]: { gridTemplateColumns: NARROW_COLUMNS },
    columnGap: '16px',
    padding: '10px 16px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export function EntriesView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { entries, activeAccountId } = useApp(
    useShallow((s) => ({ entries: s.snapshot?.entries ?? [], activeAccountId: s.activeAccountId })),
  );
  const [filter, setFilter] = useState<Filter>('all');
  const mine = useMemo(
    () =>
      entries
        .filter((e) => e.accountId === null || e.accountId === activeAccountId)
        .sort((a, b) => {
          if (a.kind === 'home' || b.kind === 'home') return a.kind === 'home' ? -1 : 1;
          return ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.organisation.localeCompare(b.organisation);
        }),
    [entries, activeAccountId],
  );
  const count = (f: Filter) => (f === 'all' ? mine.length : mine.filter((e) => e.status === f).length);
  const shown = filter === 'all' ? mine : mine.filter((e) => e.status === filter);
  const ticked = mine.filter((e) => e.ticked).length;
  const needed = count('needed');

  return (
    <div className={styles.view}>
      <PageHeader
        title="Authenticator entries"
        subtitle={
          mine.length === 0
            ? 'Every place where you keep MFA methods will be listed here after a scan.'
            : `You need ${needed} ${needed === 1 ? 'entry' : 'entries'}; ${count('removable') + count('orphaned')} can go. ${ticked} of ${mine.length} reviewed.`
        }
        actions={<AddEntryDialog />}
      />
      <div className={styles.body}>
        <div className={styles.bar}>
          <TabList
            selectedValue={filter}
            onTabSelect={(_, data) => setFilter(data.value as Filter)}
            aria-label="Show entries"
          >
            <Tab value="all">All ({count('all')})</Tab>
            {ORDER.map((s) => (
              <Tab key={s} value={s}>
                {STATUS[s].label} ({count(s)})
              </Tab>
            ))}
          </TabList>
        </div>
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
              <span>Done</span>
              <span>Organisation</span>
              <span>Status</span>
              <span>Why</span>
              <span className={styles.methods}>Methods</span>
              <span />
            </li>
            {shown.map((entry) => (
              <EntryRow
                key={entry.key}
                entry={entry}
                onTick={(t) => void store.getState().setEntryTicked(entry.key, t)}
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
                    ? () => void store.getState().removeManualEntry(entry.key.replace(/^manual:/, ''))
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
  onTick: (ticked: boolean) => void;
  onOpen: (() => void) | null;
  onRemove: (() => void) | null;
}) {
  const styles = useStyles();
  const status = STATUS[entry.status];
  const KindIcon = entry.kind === 'home' ? HomeRegular : entry.kind === 'manual' ? HandRightRegular : BuildingRegular;
  const kindLabel =
    entry.kind === 'home' ? 'Home organisation' : entry.kind === 'manual' ? 'Added by you' : 'Organisation';
  return (
    <li className={mergeClasses(styles.item, entry.ticked && styles.ticked)} data-entry-key={entry.key}>
      <Checkbox
        checked={entry.ticked}
        onChange={(_, data) => onTick(data.checked === true)}
        aria-label={`Reviewed: ${entry.organisation}`}
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
      <span>
        <Tooltip content={status.hint} relationship="description">
          <Badge appearance="tint" shape="rounded" color={status.color}>
            {status.label}
          </Badge>
        </Tooltip>
      </span>
      <span className={`${styles.reason} entry-reason`}>{entry.reason}</span>
      <span className={styles.methods}>
        <MethodChips
          methods={entry.methods}
          note={entry.kind === 'manual' ? 'Added by hand: the app cannot read it.' : null}
          budget={44}
          wrap
        />
      </span>
      <span>
        {onRemove ? (
          <Button
            appearance="subtle"
            icon={<DeleteRegular />}
            aria-label={`Remove ${entry.organisation}`}
            onClick={onRemove}
          />
        ) : onOpen ? (
          <Button
            appearance="subtle"
            icon={<ChevronRightRegular />}
            aria-label={`Open ${entry.organisation} in the inventory`}
            onClick={onOpen}
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
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>Add an Authenticator entry</DialogTitle>
            <DialogContent className={styles.form}>
              For an entry in your Authenticator app that belongs to an organisation the app cannot see, so it shows up
              on your phone-change checklist too.
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
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <Button appearance="primary" type="submit" disabled={busy}>
                Add entry
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
