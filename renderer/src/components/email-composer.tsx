/**
 * The email composer dialog: kind, recipients (prefilled, editable, validated), the subject and the full text
 * exactly as main composes it (read-only), and the ways out: copy, open in the mail app, save as .eml.
 */
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogSurface,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Skeleton,
  SkeletonItem,
  Spinner,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular, MailRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { entryKeyForTenant } from '../../../shared/entry-keys';
import { EMAIL_KINDS, type EmailDraft, type EmailKind } from '../../../shared/model';
import { emailFits } from '../../../shared/verdicts';
import { parseRecipientText as parseRecipients } from '../../../shared/email/address';
import { suggestRecipients } from '../../../shared/email/recipients';
import type { IpcResult } from '../../../shared/ipc/contract';
import type { ComposerTarget } from '../store';
import { useApp, useAppStoreApi } from '../store-context';
import { entriesOf } from '../views-of-state';
import { codeBlockStyle } from '../layout';
import { DialogFrame, whenClosed } from './dialog-frame';

const useStyles = makeStyles({
  surface: { width: 'min(820px, calc(100vw - 48px))', maxWidth: 'none' },
  content: { display: 'flex', flexDirection: 'column', gap: '14px' },
  subjectRow: { display: 'flex', gap: '4px', alignItems: 'center' },
  subject: { flexGrow: 1 },
  preview: {
    ...codeBlockStyle('14px 16px'),
    maxHeight: '42vh',
    minHeight: '160px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    lineHeight: tokens.lineHeightBase300,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  previewLabel: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  actions: { flexWrap: 'wrap' },
  // Stays at the bottom of the scrolling content, right above the buttons, however far the text is scrolled.
  outcome: {
    position: 'sticky',
    bottom: 0,
    zIndex: 1,
    flexShrink: 0,
    boxShadow: tokens.shadow8,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  'trust-request': 'Trust request',
  'device-trust': 'Device trust',
  'mfa-reset': 'MFA reset',
  'remove-guest': 'Remove my guest account',
};

const KIND_TITLES: Record<EmailKind, string> = {
  'trust-request': 'Ask to trust your home MFA',
  'device-trust': 'Ask to trust your devices',
  'mfa-reset': 'Ask for an MFA reset',
  'remove-guest': 'Ask to remove your guest account',
};

/** True while the tenant drawer is open: the composer then lives inside it (a nested dialog keeps focus right). */
export function useDrawerOpen(): boolean {
  return useApp(
    (s) =>
      s.view === 'inventory' &&
      s.selected !== null &&
      (s.snapshot?.tenants.some((t) => t.accountId === s.selected!.accountId && t.tenantId === s.selected!.tenantId) ??
        false),
  );
}

/**
 * Opens whenever the store has a composer target. Mounted twice: at the app level (`placement="app"`), and
 * inside the tenant drawer (`placement="drawer"`); only the one matching the drawer state renders, so a
 * composer opened from the drawer is nested in it and focus returns to the drawer when it closes.
 */
export function EmailComposer({ placement }: { placement: 'app' | 'drawer' }) {
  const store = useAppStoreApi();
  const drawerOpen = useDrawerOpen();
  const active = (placement === 'drawer') === drawerOpen;
  const target = useApp((s) => (active ? s.composer : null));
  // Keep the last target while the dialog animates out.
  const last = useRef<ComposerTarget | null>(null);
  if (target) last.current = target;
  const shown = target ?? last.current;
  return (
    <Dialog open={target !== null} modalType="modal" onOpenChange={whenClosed(() => store.getState().closeComposer())}>
      {shown ? (
        <ComposerSurface key={`${shown.accountId}:${shown.tenantId}:${shown.kind}`} target={shown} />
      ) : (
        <DialogSurface aria-label="Email" />
      )}
    </Dialog>
  );
}

type Outcome = { intent: 'success' | 'info' | 'error'; title: string; message: string } | null;

function ComposerSurface({ target }: { target: ComposerTarget }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const tenant = useApp(
    (s) => s.snapshot?.tenants.find((t) => t.accountId === target.accountId && t.tenantId === target.tenantId) ?? null,
  );
  const entryKey = entryKeyForTenant(target.accountId, target.tenantId);
  const entry = useApp((s) => entriesOf(s).find((e) => e.key === entryKey)?.status ?? null);
  // Only the emails that fit this tenant (the drawer's rule, shared/verdicts.ts), and the one it was opened for.
  const kinds = EMAIL_KINDS.filter((k) => k === target.kind || (tenant !== null && emailFits(k, tenant, entry)));
  const [kind, setKind] = useState<EmailKind>(target.kind);
  // The reset request says a phone was lost or replaced only when the user says so here.
  const [lostPhone, setLostPhone] = useState(target.lostPhone === true);
  const [toText, setToText] = useState('');
  const [draft, setDraft] = useState<EmailDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'open' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [remember, setRemember] = useState(true);
  const request = useRef(0);
  /** Recipients the user typed (kept when the kind changes); null while main's prefill stands. */
  const userTo = useRef<string[] | null>(null);

  const { valid, invalid } = parseRecipients(toText);
  const recipientError =
    invalid.length > 0
      ? `“${invalid[0]}” is not an e-mail address.`
      : valid.length > 20
        ? 'Up to 20 recipients.'
        : null;

  // Compose when the dialog opens and when the kind changes (recipients come prefilled from main).
  useEffect(() => {
    const id = (request.current += 1);
    setDraft(null);
    setLoadError(null);
    setOutcome(null);
    void store
      .getState()
      .composeEmail({ ...target, kind, lostPhone }, userTo.current ?? undefined)
      .then((result) => {
        if (id !== request.current) return;
        if (result.ok) {
          setDraft(result.value);
          if (userTo.current === null) setToText(result.value.to.join(', '));
        } else setLoadError(result.error.message);
      });
  }, [kind, lostPhone, target, store]);

  // Compose again (debounced) when the user edits valid recipients: the greeting may depend on them.
  const lastTo = useRef<string>('');
  useEffect(() => {
    const parsed = parseRecipients(toText);
    if (!draft || parsed.invalid.length > 0 || parsed.valid.length > 20) return;
    const joined = parsed.valid.join(',');
    if (joined === draft.to.join(',') || joined === lastTo.current) return;
    const handle = setTimeout(() => {
      lastTo.current = joined;
      const id = (request.current += 1);
      void store
        .getState()
        .composeEmail({ ...target, kind, lostPhone }, parsed.valid)
        .then((result) => {
          if (id !== request.current) return;
          if (result.ok) setDraft(result.value);
        });
    }, 500);
    return () => clearTimeout(handle);
  }, [toText, draft, target, kind, lostPhone, store]);

  const rememberRecipients = async () => {
    if (!remember || !tenant) return;
    const same =
      valid.length === tenant.recipients.length &&
      valid.every((v, i) => v.toLowerCase() === tenant.recipients[i]?.toLowerCase());
    if (same || valid.length === 0) return;
    const result = await store.getState().setTenantRecipients(target, valid);
    if (!result.ok)
      store.getState().notify({ intent: 'warning', title: 'Recipients not remembered', message: result.error.message });
  };

  const ref: ComposerTarget = { ...target, kind, lostPhone };
  /**
   * Hands the email on one way: the button spins while main works, a failure is said in the dialog, and what went
   * out (`done` says; null where the user called it off) is said there too, with its recipients remembered.
   */
  const handOn = async <T,>(
    way: 'open' | 'save',
    call: () => Promise<IpcResult<T>>,
    failure: string,
    done: (value: T) => Outcome,
  ) => {
    setBusy(way);
    const result = await call();
    setBusy(null);
    if (!result.ok) return setOutcome({ intent: 'error', title: failure, message: result.error.message });
    const outcome = done(result.value);
    if (outcome === null) return;
    void rememberRecipients();
    setOutcome(outcome);
  };
  const openInMail = () =>
    handOn(
      'open',
      () => store.getState().openEmail(ref, valid),
      'Could not open your mail app',
      (value) => {
        if (!value.bodyCopiedToClipboard)
          return {
            intent: 'success',
            title: 'Opened in your mail app',
            message: 'Check the message there and send it.',
          };
        store.getState().notify({
          intent: 'success',
          title: 'Email text copied to the clipboard',
          message: 'Paste it into the body of the new message in your mail app.',
        });
        return {
          intent: 'info',
          title: 'Paste the text into the new message',
          message:
            'Your mail app opened with the recipients and subject. The text is too long for a mail link, so it is on your clipboard: click into the message body and paste (Ctrl+V, or ⌘V on a Mac).',
        };
      },
    );
  const saveEml = () =>
    handOn(
      'save',
      () => store.getState().saveEmail(ref, valid),
      'Could not save the email',
      (value) =>
        value.saved
          ? {
              intent: 'success',
              title: 'Saved as an .eml file',
              message: value.path
                ? `Saved to ${value.path}. Open it to send it from your mail app.`
                : 'Open it to send it from your mail app.',
            }
          : null,
    );

  const org = tenant?.displayName || 'this organisation';
  // Where no address is known: whom to ask (the batch dialog's words); the email can go out as a draft without one.
  const allTenants = useApp((s) => s.snapshot?.tenants ?? null);
  const noAddressNote = tenant && allTenants ? suggestRecipients(tenant, allTenants).note : null;
  const ready = draft !== null && recipientError === null && busy === null;
  return (
    <DialogFrame
      title={
        <>
          {KIND_TITLES[kind]} · {org}
        </>
      }
      onDismiss={() => store.getState().closeComposer()}
      surface={{ className: styles.surface, 'aria-describedby': undefined }}
      contentClassName={styles.content}
      /* While an action runs its button stays focusable (disabledFocusable): a disabled button would drop the
         keyboard focus to the page, out of the dialog, and Escape would no longer close it. */
      actionsProps={{ className: styles.actions, fluid: true }}
      actions={
        <>
          <Button
            icon={<CopyRegular />}
            disabled={!draft}
            onClick={() => draft && void store.getState().copyText(draft.body, 'Email text')}
          >
            Copy text
          </Button>
          <Button
            icon={busy === 'save' ? <Spinner size="tiny" aria-label="Saving" /> : <SaveRegular />}
            disabled={!ready && busy === null}
            disabledFocusable={busy !== null}
            onClick={() => void saveEml()}
          >
            Save .eml
          </Button>
          <Button
            appearance="primary"
            icon={busy === 'open' ? <Spinner size="tiny" aria-label="Opening" /> : <MailRegular />}
            disabled={!ready && busy === null}
            disabledFocusable={busy !== null}
            onClick={() => void openInMail()}
          >
            Open in mail app
          </Button>
        </>
      }
    >
      <Field label="Email">
        <RadioGroup
          layout="horizontal"
          value={kind}
          onChange={(_, data) => setKind(data.value as EmailKind)}
          aria-label="Kind of email"
        >
          {kinds.map((k) => (
            <Radio key={k} value={k} label={EMAIL_KIND_LABELS[k]} />
          ))}
        </RadioGroup>
      </Field>
      {kind === 'mfa-reset' && (
        <Checkbox
          checked={lostPhone}
          onChange={(_, data) => setLostPhone(data.checked === true)}
          label="I lost or am replacing the phone that holds my method there"
          data-testid="composer-lost-phone"
        />
      )}
      <Field
        label="To"
        validationState={recipientError ? 'error' : 'none'}
        validationMessage={
          recipientError ??
          (draft && valid.length === 0
            ? noAddressNote
              ? `No recipient yet. ${noAddressNote}`
              : 'No recipient yet: add one here or in your mail app.'
            : undefined)
        }
        hint="Separate several addresses with commas."
      >
        <Input
          value={toText}
          onChange={(_, data) => {
            setToText(data.value);
            setOutcome(null);
            const parsed = parseRecipients(data.value);
            if (parsed.invalid.length === 0) userTo.current = parsed.valid;
          }}
          placeholder="Empty: address it in your mail app"
          data-testid="composer-to"
        />
      </Field>
      <Checkbox
        checked={remember}
        onChange={(_, data) => setRemember(data.checked === true)}
        label={`Remember these recipients for ${org}`}
      />
      <Field label="Subject">
        <div className={styles.subjectRow}>
          <Input className={styles.subject} readOnly value={draft?.subject ?? ''} data-testid="composer-subject" />
          <Tooltip content="Copy subject" relationship="label">
            <Button
              appearance="subtle"
              icon={<CopyRegular />}
              disabled={!draft}
              onClick={() => draft && void store.getState().copyText(draft.subject, 'Subject')}
            />
          </Tooltip>
        </div>
      </Field>
      <div>
        <Caption1 as="p" className={styles.previewLabel} id="composer-body-label" style={{ margin: '0 0 4px' }}>
          Text, exactly as it will be sent
        </Caption1>
        {loadError ? (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>The email could not be written</MessageBarTitle>
              {loadError}
            </MessageBarBody>
          </MessageBar>
        ) : draft ? (
          <pre
            className={styles.preview}
            tabIndex={0}
            aria-labelledby="composer-body-label"
            data-testid="composer-body"
          >
            {draft.body}
          </pre>
        ) : (
          <Skeleton aria-label="Writing the email…">
            <SkeletonItem size={16} style={{ marginBottom: 8 }} />
            <SkeletonItem size={16} style={{ marginBottom: 8, width: '80%' }} />
            <SkeletonItem size={16} style={{ width: '60%' }} />
          </Skeleton>
        )}
      </div>
      {outcome && (
        <MessageBar
          intent={outcome.intent}
          layout="multiline"
          className={styles.outcome}
          data-testid="composer-outcome"
          role="status"
        >
          <MessageBarBody>
            <MessageBarTitle>{outcome.title}</MessageBarTitle>
            {outcome.message}
          </MessageBarBody>
        </MessageBar>
      )}
    </DialogFrame>
  );
}
