/**
 * The detail of one tenant in a drawer on the right: the verdict sentence and what to do first, then the
 * actions (sign in there, emails, Microsoft pages), the evidence in words, methods, contacts, the history of
 * verdicts, notes (saved as you type) and the recipients remembered for emails.
 */
import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Divider,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  Link,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  Tag,
  TagGroup,
  Text,
  Textarea,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import {
  ArrowEnterRegular,
  ArrowSyncRegular,
  CheckmarkCircleRegular,
  ClipboardCodeRegular,
  CopyRegular,
  DeleteRegular,
  DismissRegular,
  DoorArrowLeftRegular,
  KeyResetRegular,
  LaptopShieldRegular,
  MailArrowUpRegular,
  OpenRegular,
  PersonDeleteRegular,
  ShieldKeyholeRegular,
} from '@fluentui/react-icons';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { parseRecipientText as parseRecipients } from '../../../shared/email/address';
import { tidyPeriods } from '../../../shared/email/text';
import { entryKeyForTenant } from '../../../shared/entry-keys';
import { organizationsUrl, securityInfoUrl } from '../../../shared/links';
import type { Classification, EmailKind, EntryStatus, TenantRecord } from '../../../shared/model';
import { lookupAadsts } from '../../../shared/aadsts';
import { certaintyText, tenantActions, verdictKeyOf, verdictRule, type VerdictAction } from '../../../shared/verdicts';
import {
  CLAIMS_CHALLENGE_WORDS,
  EVIDENCE_TERMS,
  acrsSentence,
  amrSentence,
  localTime,
  relativeTime,
  utcTime,
} from '../format';
import { scanRunning } from '../../../shared/scan-view';
import { tenantKey, type TenantRef } from '../store';
import { useApp, useAppStoreApi, useNow } from '../store-context';
import { entriesOf } from '../views-of-state';
import { historyNewestFirst } from '../tenant-change';
import { EmailComposer } from './email-composer';
import { entryAdvice } from '../../../shared/entries';
import { adviseReason, explainReason } from '../../../shared/reasons';
import { EntryAnswerControl, EntryBadge, EntryFacts } from './entry-parts';
import { VERDICT_ICONS } from './icons';
import { MethodList } from './method-chips';
import { VerdictBadge, confidenceMarker } from './verdict-badge';

const useStyles = makeStyles({
  drawer: { width: '600px', maxWidth: '100vw' },
  headerSub: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '4px 12px',
    color: tokens.colorNeutralForeground3,
    marginTop: '2px',
  },
  body: { display: 'flex', flexDirection: 'column', gap: '20px', paddingBottom: '32px' },
  verdictCard: {
    display: 'grid',
    gridTemplateColumns: '28px 1fr',
    columnGap: '12px',
    rowGap: '6px',
    padding: '16px',
    borderRadius: tokens.borderRadiusLarge,
  },
  verdictIcon: { fontSize: '24px', gridRow: 'span 3' },
  success: {
    backgroundColor: tokens.colorStatusSuccessBackground1,
    border: `1px solid ${tokens.colorStatusSuccessBorder1}`,
    color: tokens.colorStatusSuccessForeground1,
  },
  severe: {
    backgroundColor: tokens.colorPaletteDarkOrangeBackground1,
    border: `1px solid ${tokens.colorPaletteDarkOrangeBorder1}`,
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
  important: {
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground1,
  },
  warning: {
    backgroundColor: tokens.colorStatusWarningBackground1,
    border: `1px solid ${tokens.colorStatusWarningBorder1}`,
    color: tokens.colorStatusWarningForeground3,
  },
  danger: {
    backgroundColor: tokens.colorStatusDangerBackground1,
    border: `1px solid ${tokens.colorStatusDangerBorder1}`,
    color: tokens.colorStatusDangerForeground1,
  },
  informative: {
    backgroundColor: tokens.colorBrandBackground2,
    border: `1px solid ${tokens.colorBrandStroke2}`,
    color: tokens.colorBrandForeground1,
  },
  subtle: {
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
  },
  verdictTitle: { color: tokens.colorNeutralForeground1 },
  verdictHeading: { margin: 0, color: 'inherit' },
  verdictText: { color: tokens.colorNeutralForeground1 },
  actionLine: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  secondaryActions: { display: 'flex', flexWrap: 'wrap', gap: '4px', marginTop: '-8px' },
  section: { display: 'flex', flexDirection: 'column', gap: '10px' },
  sectionTitle: { margin: 0 },
  dl: {
    display: 'grid',
    gridTemplateColumns: '150px 1fr',
    gap: '8px 16px',
    margin: 0,
    alignItems: 'baseline',
  },
  dt: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  dd: { margin: 0, minWidth: 0, overflowWrap: 'anywhere', display: 'flex', flexDirection: 'column', gap: '2px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  inline: { display: 'inline-flex', alignItems: 'center', gap: '4px' },
  message: {
    padding: '10px 12px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  terms: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '2px' },
  history: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  historyItem: {
    display: 'grid',
    gridTemplateColumns: '14px 1fr auto',
    columnGap: '12px',
    alignItems: 'center',
    padding: '6px 0',
  },
  dot: {
    width: '10px',
    height: '10px',
    borderRadius: '50%',
    backgroundColor: tokens.colorNeutralStroke1,
    justifySelf: 'center',
  },
  dotLatest: { backgroundColor: tokens.colorBrandBackground },
  contacts: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  notesStatus: { minHeight: '16px', color: tokens.colorNeutralForeground3, display: 'inline-flex', gap: '4px' },
  recipientRow: { display: 'flex', gap: '8px', alignItems: 'flex-start' },
  recipientInput: { flexGrow: 1 },
  dangerButton: { color: tokens.colorStatusDangerForeground1 },
  entryCard: {
    padding: '14px 16px',
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  entryHeading: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: '12px' },
});

/** The drawer; open while a tenant is selected. */
export function TenantDrawer() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const tenant = useApp((s) =>
    s.selected
      ? (s.snapshot?.tenants.find(
          (t) => t.accountId === s.selected!.accountId && t.tenantId === s.selected!.tenantId,
        ) ?? null)
      : null,
  );
  const open = tenant !== null;
  const composerOpen = useApp((s) => s.composer !== null);
  // Escape closes the drawer even when focus fell back to the page (e.g. right after the composer closed,
  // before focus is restored into the drawer): nothing else handles an Escape that starts at <body>.
  useEffect(() => {
    if (!open || composerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const active = document.activeElement;
      if (event.key === 'Escape' && !event.defaultPrevented && (!active || active === document.body))
        store.getState().select(null);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, composerOpen, store]);
  return (
    <OverlayDrawer
      open={open}
      position="end"
      size="medium"
      className={styles.drawer}
      onOpenChange={(_, data) => {
        if (!data.open) store.getState().select(null);
      }}
      aria-label={tenant ? `Details of ${tenant.displayName}` : 'Details'}
      data-testid="tenant-drawer"
    >
      {tenant && <TenantDetail tenant={tenant} />}
    </OverlayDrawer>
  );
}

function TenantDetail({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const ref: TenantRef = { accountId: tenant.accountId, tenantId: tenant.tenantId };
  const c = tenant.classification;
  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label="Close details"
              icon={<DismissRegular />}
              onClick={() => store.getState().select(null)}
            />
          }
        >
          {tenant.displayName || 'Unnamed organisation'}
        </DrawerHeaderTitle>
        <div className={styles.headerSub}>
          {tenant.defaultDomain && <Caption1>{tenant.defaultDomain}</Caption1>}
          <Caption1 className={styles.mono}>Tenant id {tenant.tenantId}</Caption1>
        </div>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <VerdictPanel tenant={tenant} />
        <Actions tenant={tenant} tenantRef={ref} />
        <EntrySection tenant={tenant} />
        <Divider />
        {c && <Evidence classification={c} observedAt={tenant.observedAt} />}
        <section className={styles.section} aria-labelledby="methods-title">
          <Subtitle2 as="h3" id="methods-title" className={styles.sectionTitle}>
            Your methods there
          </Subtitle2>
          <MethodList methods={tenant.methods} note={tenant.methodsNote} />
        </section>
        <Contacts tenant={tenant} />
        <History tenant={tenant} />
        <Notes key={tenantKey(tenant)} tenant={tenant} tenantRef={ref} />
        <Recipients tenant={tenant} tenantRef={ref} />
        <EmailComposer placement="drawer" />
      </DrawerBody>
    </>
  );
}

function VerdictPanel({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const c = tenant.classification;
  const entryKey = entryKeyForTenant(tenant.accountId, tenant.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === entryKey) ?? null);
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
function EntrySection({ tenant }: { tenant: TenantRecord }) {
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

/** The words and icon of each action the drawer offers (which ones, and in which order, is shared/verdicts.ts's). */
const ACTION_LABEL: Record<
  Exclude<VerdictAction, 'check-again' | 'leave-organisation' | 'copy-diagnostics'>,
  string
> = {
  'request-trust': 'Request trust',
  'request-device-trust': 'Ask to trust your devices',
  'sign-in-to-tenant': 'Sign in to this tenant',
  'open-security-info': 'Open security info',
  'request-mfa-reset': 'Request MFA reset',
  'request-removal': 'Request removal',
};

/** The email each action writes. */
const ACTION_EMAIL: Partial<Record<VerdictAction, EmailKind>> = {
  'request-trust': 'trust-request',
  'request-device-trust': 'device-trust',
  'request-mfa-reset': 'mfa-reset',
  'request-removal': 'remove-guest',
};

/**
 * The actions that fit this tenant (`tenantActions`: its verdict, its entry, a refused device), the first as the
 * primary button, the next two beside it, the rest as small buttons below; the same rule picks the toolbar's
 * counts and the batches.
 */
function Actions({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const signingIn = useApp((s) => s.tenantSignIns[tenantKey(tenantRef)] === true);
  const checking = useApp((s) => s.tenantChecks[tenantKey(tenantRef)] === true);
  const scanning = useApp((s) => scanRunning(s.snapshot?.scan, s.backend.reachable));
  const entryKey = entryKeyForTenant(tenant.accountId, tenant.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === entryKey)?.status ?? null);
  const actions = tenantActions(tenant, entry);
  const restoreFocus = useRestoreFocusTarget();
  const compose = (kind: EmailKind) => store.getState().openComposer({ ...tenantRef, kind });

  const button = (action: VerdictAction, place: 'primary' | 'secondary' | 'subtle') => {
    const appearance = place === 'subtle' ? 'subtle' : place;
    const size = place === 'subtle' ? 'small' : 'medium';
    switch (action) {
      case 'check-again':
        return (
          <Tooltip
            key={action}
            content={
              scanning
                ? 'A scan is running; it checks this organisation too.'
                : 'Asks this organisation again now, as a scan would, without scanning the others.'
            }
            relationship="description"
          >
            <Button
              appearance={appearance}
              size={size}
              icon={checking ? <Spinner size="tiny" aria-label="Checking" /> : <ArrowSyncRegular />}
              disabledFocusable={checking || scanning}
              onClick={() => void store.getState().checkTenant(tenantRef)}
              data-testid="check-again"
            >
              {checking ? 'Checking…' : 'Check again'}
            </Button>
          </Tooltip>
        );
      case 'leave-organisation':
        return <LeaveOrganisation key={action} tenant={tenant} appearance={appearance} size={size} />;
      case 'copy-diagnostics':
        return (
          <Tooltip
            key={action}
            content="Copies what the sign-in service and Graph answered at the latest check of this organisation (error texts as received, no tokens), to send to its IT, your IT or us."
            relationship="description"
          >
            <Button
              appearance={appearance}
              size={size}
              icon={<ClipboardCodeRegular />}
              onClick={() => void store.getState().copyDiagnostics(tenantRef)}
              data-testid="copy-tenant-diagnostics"
            >
              Copy what Entra answered
            </Button>
          </Tooltip>
        );
      case 'sign-in-to-tenant':
        return (
          <Button
            key={action}
            appearance={appearance}
            size={size}
            icon={signingIn ? <Spinner size="tiny" aria-label="Signing in" /> : <ArrowEnterRegular />}
            disabledFocusable={signingIn}
            onClick={() => void store.getState().signInToTenant(tenantRef)}
          >
            {signingIn ? 'Waiting for the browser…' : ACTION_LABEL[action]}
          </Button>
        );
      case 'open-security-info':
        return (
          <Button
            key={action}
            appearance={appearance}
            size={size}
            icon={<OpenRegular />}
            onClick={() => void store.getState().openLink(securityInfoUrl(tenant.tenantId))}
          >
            {ACTION_LABEL[action]}
          </Button>
        );
      default: {
        const kind = ACTION_EMAIL[action]!;
        const Icon =
          action === 'request-mfa-reset'
            ? KeyResetRegular
            : action === 'request-removal'
              ? PersonDeleteRegular
              : action === 'request-device-trust'
                ? LaptopShieldRegular
                : MailArrowUpRegular;
        return (
          <Button
            key={action}
            appearance={appearance}
            size={size}
            icon={<Icon />}
            onClick={() => compose(kind)}
            {...restoreFocus}
          >
            {ACTION_LABEL[action]}
          </Button>
        );
      }
    }
  };

  return (
    <>
      <div className={styles.actions} data-testid="drawer-actions">
        {actions.slice(0, 3).map((a, i) => button(a, i === 0 ? 'primary' : 'secondary'))}
      </div>
      <div className={styles.secondaryActions} data-testid="drawer-more-actions">
        {actions.slice(3).map((a) => button(a, 'subtle'))}
        {tenant.source === 'added-by-user' && (
          <Button
            appearance="subtle"
            size="small"
            className={styles.dangerButton}
            icon={<DeleteRegular />}
            onClick={() => void store.getState().removeTenant(tenantRef)}
          >
            Remove from list
          </Button>
        )}
      </div>
    </>
  );
}

/**
 * "Leave organisation": an external page (Microsoft's My Account, Organizations) and a step that cannot be undone
 * from here, so it says both: the external-link mark, and a confirmation that tells what leaving does
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/leave-the-organization.md: the guest
 * account is soft-deleted, restorable for 30 days; an organisation may not let guests leave).
 */
function LeaveOrganisation({
  tenant,
  appearance,
  size,
}: {
  tenant: TenantRecord;
  appearance: 'primary' | 'secondary' | 'subtle';
  size: 'small' | 'medium';
}) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const name = tenant.displayName || 'this organisation';
  return (
    <Dialog open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button
          appearance={appearance}
          size={size}
          icon={<DoorArrowLeftRegular />}
          aria-label="Leave organisation (opens My Account in your browser)"
          data-testid="leave-organisation"
        >
          Leave organisation
          <OpenRegular aria-hidden style={{ marginLeft: 4 }} />
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Leave {name}?</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Body1>
              This opens Microsoft’s My Account page (Organizations) in your browser, where you can leave {name}. The
              app changes nothing by itself.
            </Body1>
            <Body1>
              Leaving removes your guest account there: you lose access to its apps, teams and files. Its admin can
              restore the account within 30 days; after that only a new invitation brings you back. Some organisations
              do not let guests leave; then ask for removal instead.
            </Body1>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              icon={<OpenRegular />}
              onClick={() => {
                setOpen(false);
                void store.getState().openLink(organizationsUrl(tenant.tenantId));
              }}
            >
              Open My Account
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Evidence({ classification, observedAt }: { classification: Classification; observedAt: string | null }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const ev = classification.evidence;
  const when = ev.timestamp ?? observedAt;
  const rows: { label: string; value: ReactNode }[] = [];
  if (ev.aadsts !== null) {
    rows.push({
      label: 'Error code',
      value: (
        <span>
          <Link
            onClick={() => void store.getState().openLink(`https://login.microsoftonline.com/error?code=${ev.aadsts}`)}
          >
            AADSTS{ev.aadsts}
          </Link>
          {lookupAadsts(ev.aadsts) === null && (
            <Caption1 className={styles.muted}> · a code the app does not know</Caption1>
          )}
          {ev.errorCode && (
            <Caption1 className={styles.muted}>
              {' '}
              · {ev.errorCode}
              {ev.subError ? ` (${ev.subError})` : ''}
            </Caption1>
          )}
        </span>
      ),
    });
  } else if (ev.errorCode) {
    rows.push({
      label: 'Error',
      value: (
        <span className={styles.mono}>
          {ev.errorCode}
          {ev.subError ? ` (${ev.subError})` : ''}
        </span>
      ),
    });
  }
  if (ev.correlationId) {
    rows.push({
      label: 'Correlation id',
      value: (
        <span className={styles.inline}>
          <span className={styles.mono}>{ev.correlationId}</span>
          <Tooltip content="Copy correlation id" relationship="label">
            <Button
              size="small"
              appearance="subtle"
              icon={<CopyRegular />}
              onClick={() => void store.getState().copyText(ev.correlationId!, 'Correlation id')}
            />
          </Tooltip>
        </span>
      ),
    });
  }
  if (ev.traceId) {
    rows.push({
      label: 'Trace id',
      value: (
        <span className={styles.inline}>
          <span className={styles.mono}>{ev.traceId}</span>
          <Tooltip content="Copy trace id" relationship="label">
            <Button
              size="small"
              appearance="subtle"
              icon={<CopyRegular />}
              onClick={() => void store.getState().copyText(ev.traceId!, 'Trace id')}
            />
          </Tooltip>
        </span>
      ),
    });
  }
  if (when) {
    rows.push({
      label: 'Time',
      value: (
        <>
          <span className={styles.mono}>{utcTime(when)}</span>
          <Caption1 className={styles.muted}>{localTime(when)} (your time)</Caption1>
        </>
      ),
    });
  }
  if (ev.amr) rows.push({ label: 'How you signed in', value: amrSentence(ev.amr) });
  if (ev.acrs && ev.acrs.length > 0) rows.push({ label: 'Authentication context', value: acrsSentence(ev.acrs) });
  if ((ev.policyIds ?? []).length > 0) {
    rows.push({
      label: (ev.policyIds ?? []).length === 1 ? 'Policy that asked' : 'Policies that asked',
      value: (
        <>
          {(ev.policyIds ?? []).map((id) => (
            <span key={id} className={styles.mono}>
              {id}
            </span>
          ))}
          <Caption1 className={styles.muted}>Conditional Access policy ids; its IT can look them up.</Caption1>
        </>
      ),
    });
  }
  if (ev.claimsChallenge) rows.push({ label: 'Claims challenge', value: CLAIMS_CHALLENGE_WORDS });
  rows.push({ label: 'Certainty', value: certaintyText(classification) });
  // The terms the plain sentence above leaves out, each said once.
  const terms: string[] = [];
  if (ev.aadsts !== null) terms.push(EVIDENCE_TERMS.errorCode);
  if (ev.claimsChallenge) terms.push(EVIDENCE_TERMS.claimsChallenge);
  if (classification.verdict === 'stronger-method' || classification.verdict === 'separate-mfa')
    terms.push(EVIDENCE_TERMS.authenticationStrength);
  // The same reading with its codes and terms, for the organisation's IT (shared/reasons.ts makes both forms).
  const technical = explainReason(classification, 'technical');
  return (
    <section className={styles.section} aria-labelledby="evidence-title">
      <Subtitle2 as="h3" id="evidence-title" className={styles.sectionTitle}>
        Evidence
      </Subtitle2>
      <Caption1 className={styles.muted}>
        What the tenant answered when the app asked for a Microsoft Graph sign-in with your home session. Other apps of
        this organisation may have other rules.
      </Caption1>
      <dl className={styles.dl}>
        {rows.map((row) => (
          <div key={row.label} style={{ display: 'contents' }}>
            <dt className={styles.dt}>{row.label}</dt>
            <dd className={styles.dd}>{row.value}</dd>
          </div>
        ))}
      </dl>
      {ev.message && <div className={styles.message}>{ev.message}</div>}
      {technical !== explainReason(classification) && (
        <Caption1 className={styles.muted} data-testid="evidence-explanation">
          As the app read it: {technical}
        </Caption1>
      )}
      {terms.length > 0 && (
        <ul className={styles.terms} aria-label="What these terms mean" data-testid="evidence-terms">
          {terms.map((t) => (
            <li key={t}>
              <Caption1 className={styles.muted}>{t}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Contacts({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  if (tenant.isHome || (tenant.sponsors.length === 0 && tenant.technicalContacts.length === 0)) return null;
  return (
    <section className={styles.section} aria-labelledby="contacts-title">
      <Subtitle2 as="h3" id="contacts-title" className={styles.sectionTitle}>
        Contacts there
      </Subtitle2>
      <ul className={styles.contacts}>
        {tenant.sponsors.map((s, i) => (
          <li key={`s${i}`}>
            <Text weight="semibold">{s.displayName || 'Sponsor'}</Text>
            <Caption1 className={styles.muted}> · your sponsor{s.mail ? ` · ${s.mail}` : ''}</Caption1>
          </li>
        ))}
        {tenant.technicalContacts.map((mail) => (
          <li key={mail}>
            <Text>{mail}</Text>
            <Caption1 className={styles.muted}> · technical contact</Caption1>
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ tenant }: { tenant: TenantRecord }) {
  const styles = useStyles();
  const now = useNow();
  if (tenant.isHome) return null;
  const items = historyNewestFirst(tenant.history);
  return (
    <section className={styles.section} aria-labelledby="history-title">
      <Subtitle2 as="h3" id="history-title" className={styles.sectionTitle}>
        History
      </Subtitle2>
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
    </section>
  );
}

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/** Notes saved ~0.8 s after the last keystroke (and when the drawer closes), with a visible state. */
function Notes({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const [value, setValue] = useState(tenant.notes);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ value, saved: tenant.notes });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const save = async () => {
    timer.current = null;
    const text = latest.current.value;
    if (text === latest.current.saved) return;
    setState('saving');
    const result = await store.getState().setTenantNotes(tenantRef, text);
    if (result.ok) {
      latest.current.saved = text;
      setState(latest.current.value === text ? 'saved' : 'pending');
      setError(null);
    } else {
      setState('failed');
      setError(result.error.message);
    }
  };

  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
        void save();
      }
    },
    [],
  );

  return (
    <section className={styles.section} aria-labelledby="notes-title">
      <Subtitle2 as="h3" id="notes-title" className={styles.sectionTitle}>
        Notes
      </Subtitle2>
      <Field
        validationState={state === 'failed' ? 'error' : 'none'}
        validationMessage={state === 'failed' ? error : undefined}
      >
        <Textarea
          aria-labelledby="notes-title"
          value={value}
          resize="vertical"
          rows={3}
          placeholder="Anything you want to remember about this organisation"
          onChange={(_, data) => {
            setValue(data.value);
            latest.current.value = data.value;
            setState('pending');
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => void save(), 800);
          }}
        />
      </Field>
      <Caption1 className={styles.notesStatus} aria-live="polite" data-testid="notes-status">
        {state === 'saving' && 'Saving…'}
        {state === 'saved' && (
          <>
            <CheckmarkCircleRegular aria-hidden /> Saved
          </>
        )}
        {state === 'pending' && 'Unsaved changes'}
      </Caption1>
    </section>
  );
}

/** Addresses remembered for request emails to this tenant, validated before they are saved. */
function Recipients({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sponsorsHint = tenant.sponsors.flatMap((s) => (s.mail ? [s.mail] : [])).concat(tenant.technicalContacts);
  if (tenant.isHome) return null;

  const save = async (recipients: string[]) => {
    const result = await store.getState().setTenantRecipients(tenantRef, recipients);
    if (!result.ok) setError(result.error.message);
    return result.ok;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const { valid, invalid } = parseRecipients(draft);
    if (invalid.length > 0) {
      setError(`“${invalid[0]}” is not an e-mail address.`);
      return;
    }
    if (valid.length === 0) return;
    const merged = [...tenant.recipients];
    for (const v of valid) if (!merged.some((m) => m.toLowerCase() === v.toLowerCase())) merged.push(v);
    if (merged.length > 20) {
      setError('Up to 20 recipients can be remembered.');
      return;
    }
    if (await save(merged)) {
      setDraft('');
      setError(null);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="recipients-title">
      <Subtitle2 as="h3" id="recipients-title" className={styles.sectionTitle}>
        Email recipients
      </Subtitle2>
      <Caption1 className={styles.muted}>
        Remembered for requests to this organisation.
        {tenant.recipients.length === 0 && sponsorsHint.length > 0
          ? ` Until you add some, emails go to ${sponsorsHint.join(', ')}.`
          : ''}
      </Caption1>
      {tenant.recipients.length > 0 && (
        <TagGroup
          aria-label="Remembered recipients"
          onDismiss={(_, data) => void save(tenant.recipients.filter((r) => r !== data.value))}
        >
          {tenant.recipients.map((r) => (
            <Tag
              key={r}
              value={r}
              dismissible
              dismissIcon={{ 'aria-label': `Remove ${r}` }}
              shape="circular"
              appearance="brand"
            >
              {r}
            </Tag>
          ))}
        </TagGroup>
      )}
      <form className={styles.recipientRow} onSubmit={(e) => void add(e)} noValidate>
        <Field
          className={styles.recipientInput}
          validationState={error ? 'error' : 'none'}
          validationMessage={error ?? undefined}
        >
          <Input
            aria-label="Add a recipient address"
            placeholder="name@partner.com"
            value={draft}
            type="email"
            onChange={(_, data) => {
              setDraft(data.value);
              setError(null);
            }}
          />
        </Field>
        <Button type="submit" disabled={draft.trim() === ''}>
          Add
        </Button>
      </form>
    </section>
  );
}
