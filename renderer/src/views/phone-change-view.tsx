/**
 * Phone change: the checklist across the guest's Authenticator entries in the order main ranked them (what
 * locks the user out first, first), each with its entry word, why it sits there, the steps before wiping the old
 * phone and after setting up the new one (progress saved), the single-method advice, the MFA-reset way out, and
 * the remove-only entries at the end; above them, what Microsoft documents about Authenticator backup. Prints
 * cleanly (no navigation or buttons, black on white) and saves as PDF.
 */
import {
  Body1,
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle1,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  DocumentPdfRegular,
  KeyResetRegular,
  OpenRegular,
  PrintRegular,
} from '@fluentui/react-icons';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BACKUP_FACTS, ENTRY_TEXT, PHASE_HEADING } from '../../../shared/entry-labels';
import type { ChecklistPhase, PhoneChangeItem, TenantRecord } from '../../../shared/model';
import { ChecklistPrint } from '../components/checklist-print';
import { MarkBox } from '../components/mark-box';
import { PageHeader } from '../components/page-header';
import { cardSurface, EMPTY_LIST_STYLE, pageBodyStyle, VIEW_STYLE } from '../layout';
import { useApp, useAppStoreApi } from '../store-context';
import { checklistOf, summaryOf } from '../views-of-state';

const useStyles = makeStyles({
  view: VIEW_STYLE,
  body: pageBodyStyle('16px', '1040px'),
  progressCard: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    alignItems: 'center',
    gap: '8px 24px',
    padding: '16px 20px',
    ...cardSurface(),
  },
  progressBar: { gridColumn: '1 / -1' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '12px' },
  card: {
    display: 'grid',
    gridTemplateColumns: '40px 1fr',
    columnGap: '16px',
    padding: '18px 20px',
    ...cardSurface(),
  },
  cardDone: { opacity: 0.85 },
  rank: {
    display: 'grid',
    placeItems: 'center',
    width: '36px',
    height: '36px',
    borderRadius: '50%',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
  },
  rankDone: { backgroundColor: tokens.colorStatusSuccessBackground3 },
  cardBody: { display: 'flex', flexDirection: 'column', gap: '10px', minWidth: 0 },
  titleRow: { display: 'flex', alignItems: 'baseline', gap: '10px', flexWrap: 'wrap', justifyContent: 'space-between' },
  titleText: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  reason: { color: tokens.colorNeutralForeground2 },
  steps: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: '0px' },
  stepDone: { color: tokens.colorNeutralForeground3 },
  stepOpen: { color: tokens.colorNeutralForeground1 },
  stepCount: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  cardActions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  removeCard: {
    display: 'grid',
    gridTemplateColumns: '40px 1fr auto',
    alignItems: 'center',
    columnGap: '16px',
    padding: '12px 20px',
    ...cardSurface(tokens.shadow2),
  },
  rankSmall: {
    display: 'grid',
    placeItems: 'center',
    width: '28px',
    height: '28px',
    borderRadius: '50%',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  sectionTitle: { margin: '12px 0 0' },
  phaseTitle: { margin: '4px 0 0', color: tokens.colorNeutralForeground2 },
  entryWord: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  facts: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '2px' },
  empty: EMPTY_LIST_STYLE,
});

export function PhoneChangeView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const { items, accounts, tenants, unchecked } = useApp(
    useShallow((s) => ({
      items: checklistOf(s),
      // The printout names every account, as Save as PDF does (the checklist covers them all).
      accounts: (s.snapshot?.accounts ?? []).map((a) => a.username).join(', '),
      tenants: s.snapshot?.tenants,
      unchecked: summaryOf(s).counts.unchecked,
    })),
  );
  const move = useMemo(() => items.filter((i) => !i.removeOnly), [items]);
  // The counts say what the cards say: known moves (an entry in use), entries to check, registrations to come.
  const counts = useMemo(() => checklistCounts(items), [items]);
  const contacts = useMemo(() => lockoutContacts(tenants ?? []), [tenants]);
  const removeOnly = useMemo(() => items.filter((i) => i.removeOnly), [items]);
  const total = items.reduce((n, i) => n + i.steps.length, 0);
  const done = items.reduce((n, i) => n + i.steps.filter((s) => s.done).length, 0);
  const progressText = `${done} of ${total} ${total === 1 ? 'step' : 'steps'} done`;

  return (
    <div className={`${styles.view} print-page`} data-testid="phone-change-view">
      <PageHeader
        maxWidth={1040}
        title="Phone change"
        subtitle="Before you wipe or hand in your old phone: move each Authenticator entry, in this order. Keep the old phone until every step is done. Tick a step once you have done it: the ticks record your progress here (and in the navigation's count), nothing else."
        actions={
          <>
            <Button icon={<PrintRegular />} onClick={() => window.print()}>
              Print
            </Button>
            <Button
              appearance="primary"
              icon={<DocumentPdfRegular />}
              onClick={() => void store.getState().exportChecklistPdf()}
            >
              Save as PDF
            </Button>
          </>
        }
      />
      <ChecklistPrint items={items} account={accounts} />
      <div className={styles.body}>
        {items.length > 0 && (
          <MessageBar intent="info" layout="multiline" data-testid="backup-facts">
            <MessageBarBody>
              <MessageBarTitle>About Authenticator backup</MessageBarTitle>
              <ul className={styles.facts}>
                {BACKUP_FACTS.map((fact) => (
                  <li key={fact}>{fact}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        )}
        {items.length === 0 ? (
          <div className={styles.empty}>
            <Body1>Nothing to move yet. Run a scan from the inventory to build your checklist.</Body1>
          </div>
        ) : (
          <>
            <div className={styles.progressCard}>
              <Subtitle1 as="h2" style={{ margin: 0 }} data-testid="checklist-progress">
                {progressText}
              </Subtitle1>
              <Caption1 className={styles.muted} data-testid="checklist-counts">
                {counts}
                {unchecked > 0
                  ? ` ${countWords(unchecked, 'organisation is', 'organisations are')} not checked yet: scan before you change phones.`
                  : ''}
              </Caption1>
              <ProgressBar
                className={styles.progressBar}
                value={total > 0 ? done / total : 0}
                thickness="large"
                color={done === total ? 'success' : 'brand'}
                aria-label={progressText}
              />
            </div>
            <ol className={styles.list} aria-label="Organisations to move, most urgent first">
              {move.map((item, i) => (
                <ChecklistCard
                  key={item.entryKey}
                  item={item}
                  number={i + 1}
                  contact={item.tenantId !== null ? (contacts.get(item.tenantId) ?? null) : null}
                />
              ))}
            </ol>
            {removeOnly.length > 0 && (
              <>
                <Subtitle2 as="h2" className={styles.sectionTitle}>
                  Only remove from the Authenticator app
                </Subtitle2>
                <Caption1 className={styles.muted}>
                  Leftover and orphaned entries: delete them from the app before you back it up, so they do not follow
                  you to the new phone; nothing to set up there.
                </Caption1>
                <ol className={styles.list} aria-label="Entries to remove">
                  {removeOnly.map((item, i) => (
                    <RemoveOnlyCard key={item.entryKey} item={item} number={move.length + i + 1} />
                  ))}
                </ol>
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}

const PHASES: readonly ChecklistPhase[] = ['before', 'after'];

/** "4 organisations to move, 2 to check, 1 to register on the new phone, 3 to remove." */
function checklistCounts(items: readonly PhoneChangeItem[]): string {
  const n = (pick: (i: PhoneChangeItem) => boolean) => items.filter(pick).length;
  const moves = n((i) => !i.removeOnly && i.entryStatus === 'in-use');
  const check = n((i) => !i.removeOnly && i.entryStatus === 'unknown');
  const register = n((i) => !i.removeOnly && i.entryStatus === 'will-be-needed');
  const remove = n((i) => i.removeOnly);
  const parts = [`${countWords(moves, 'organisation', 'organisations')} to move`];
  if (check > 0) parts.push(`${check} to check`);
  if (register > 0) parts.push(`${register} to register on the new phone`);
  parts.push(`${remove} to remove`);
  return `${parts.join(', ')}.`;
}

function countWords(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Whom to ask when locked out of an organisation, where the app knows someone: the guest's sponsors (Graph
 * `/me/sponsors`), else the organisation's technical contacts.
 */
function lockoutContacts(tenants: readonly TenantRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tenants) {
    if (t.isHome) continue;
    const sponsors = (t.sponsors ?? [])
      .filter((c) => c.displayName.trim() !== '' || c.mail)
      .slice(0, 2)
      .map((c) => (c.mail && c.displayName.trim() !== '' ? `${c.displayName} (${c.mail})` : c.displayName || c.mail!));
    if (sponsors.length > 0) {
      out.set(t.tenantId, `your sponsor${sponsors.length > 1 ? 's' : ''} there, ${sponsors.join(' or ')}`);
      continue;
    }
    const technical = (t.technicalContacts ?? []).slice(0, 2);
    if (technical.length > 0) out.set(t.tenantId, `its technical contact, ${technical.join(' or ')}`);
  }
  return out;
}

function ChecklistCard({ item, number, contact }: { item: PhoneChangeItem; number: number; contact: string | null }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const done = item.steps.filter((s) => s.done).length;
  const complete = done === item.steps.length;
  // A reset request goes to a partner; for the home entry the home IT gives a Temporary Access Pass instead.
  const canEmail = item.accountId !== null && item.tenantId !== null && item.home !== true;
  const gone =
    item.home === true
      ? 'If the phone is already gone, ask your IT for a Temporary Access Pass.'
      : 'If the phone is already gone, ask for an MFA reset.';
  const restoreFocus = useRestoreFocusTarget();
  // The phone change is the user saying the phone is being replaced: the reset email says the phone was lost.
  const resetAction = canEmail && (
    <MessageBarActions>
      <Button
        size="small"
        icon={<KeyResetRegular />}
        {...restoreFocus}
        onClick={() =>
          store.getState().openComposer({
            accountId: item.accountId!,
            tenantId: item.tenantId!,
            kind: 'mfa-reset',
            lostPhone: true,
          })
        }
      >
        Request MFA reset
      </Button>
    </MessageBarActions>
  );
  return (
    <li className={mergeClasses(styles.card, complete && styles.cardDone, 'print-card')} data-entry-key={item.entryKey}>
      <span className={mergeClasses(styles.rank, complete && styles.rankDone)} aria-hidden>
        {complete ? <CheckmarkCircleFilled /> : number}
      </span>
      <div className={styles.cardBody}>
        <div className={styles.titleRow}>
          <span className={styles.titleText}>
            <Subtitle2 as="h3" style={{ margin: 0 }}>
              <span className="visually-hidden">{number}. </span>
              {item.organisation}
            </Subtitle2>
            {item.domain && <Caption1 className={styles.muted}>{item.domain}</Caption1>}
          </span>
          <Caption1 className={styles.stepCount}>
            {done} of {item.steps.length} steps
          </Caption1>
        </div>
        <Caption1 className={styles.entryWord} data-entry-status={item.entryStatus}>
          Entry: {ENTRY_TEXT[item.entryStatus].label}
        </Caption1>
        <Body1 className={styles.reason}>{item.urgencyReason}</Body1>
        {contact && (
          <Caption1 className={styles.muted} data-testid="lockout-contact">
            Locked out there? Ask {contact} to make you register MFA again.
          </Caption1>
        )}
        {!item.noWorkingMethodAfterChange && item.entryStatus === 'in-use' && !item.methodsKnown && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Methods unknown</MessageBarTitle>
              If the Authenticator app is your only method here, nothing works after the wipe: add a second method
              first. {gone}
            </MessageBarBody>
            {resetAction}
          </MessageBar>
        )}
        {item.noWorkingMethodAfterChange && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>No working method after the change</MessageBarTitle>
              Once the old phone is gone, nothing you registered here would work. Move it while the old phone still
              works. {gone}
            </MessageBarBody>
            {resetAction}
          </MessageBar>
        )}
        {item.singleMethod && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Only one method</MessageBarTitle>
              Add a second one now — another phone number or a security key — while the old phone still works. Then
              losing a phone never locks you out.
            </MessageBarBody>
          </MessageBar>
        )}
        {PHASES.map((phase) => {
          const steps = item.steps.filter((step) => step.phase === phase);
          if (steps.length === 0) return null;
          return (
            <div key={phase}>
              <Caption1 as="h4" className={styles.phaseTitle}>
                {PHASE_HEADING[phase]}
              </Caption1>
              <ul className={styles.steps} aria-label={`${PHASE_HEADING[phase]}: ${item.organisation}`}>
                {steps.map((step) => (
                  <li key={step.id}>
                    <MarkBox
                      checked={step.done}
                      label={
                        <Text strikethrough={step.done} className={step.done ? styles.stepDone : styles.stepOpen}>
                          {step.label}
                        </Text>
                      }
                      onMark={(done) => store.getState().setChecklistStep(item.entryKey, step.id, done)}
                    />
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        {item.securityInfoUrl && (
          <div className={`${styles.cardActions} no-print`}>
            <Button
              size="small"
              icon={<OpenRegular />}
              onClick={() => void store.getState().openLink(item.securityInfoUrl!)}
            >
              Open security info
            </Button>
          </div>
        )}
        {item.securityInfoUrl && (
          <Caption1 className="print-only" style={{ overflowWrap: 'anywhere' }}>
            Security info: {item.securityInfoUrl}
          </Caption1>
        )}
      </div>
    </li>
  );
}

function RemoveOnlyCard({ item, number }: { item: PhoneChangeItem; number: number }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  return (
    <li className={mergeClasses(styles.removeCard, 'print-card')} data-entry-key={item.entryKey}>
      <span className={styles.rankSmall} aria-hidden>
        {number}
      </span>
      <span>
        <Text weight="semibold">{item.organisation}</Text>
        <Caption1 className={styles.muted}>
          {' '}
          · {ENTRY_TEXT[item.entryStatus].label} · {item.urgencyReason}
        </Caption1>
        <ul className={styles.steps} aria-label={`Steps for ${item.organisation}`}>
          {item.steps.map((step) => (
            <li key={step.id}>
              <MarkBox
                checked={step.done}
                label={step.label}
                onMark={(done) => store.getState().setChecklistStep(item.entryKey, step.id, done)}
              />
            </li>
          ))}
        </ul>
      </span>
      {item.securityInfoUrl && (
        <Button
          className="no-print"
          size="small"
          appearance="subtle"
          icon={<OpenRegular />}
          onClick={() => void store.getState().openLink(item.securityInfoUrl!)}
        >
          Security info
        </Button>
      )}
    </li>
  );
}
