/**
 * "Save trust requests (or MFA reset requests) as .eml files": before anything is saved, the dialog lists each
 * organisation the batch is for with the recipients the app suggests (remembered ones, sponsors, technical
 * contacts, addresses remembered for the same domain), says whom to ask where it knows none, and lets the user fill
 * in or change the `To:` of each, or leave an organisation out. An empty `To:` is allowed: that email is saved as a
 * draft to address in the mail app. "Sign in to find sponsors" signs in to the chosen organisations without a
 * recipient, one after another (each can be skipped, the walk stopped), and fills in the sponsors it reads.
 */
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogSurface,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, PersonSearchRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { suggestRecipients, type BatchRecipients, type RecipientSource } from '../../../shared/email';
import type { EmailKind } from '../../../shared/model';
import { parseRecipientText as parseRecipients } from '../../../shared/email/address';
import { useAppStoreApi } from '../store-context';
import { DialogFrame, whenClosed } from './dialog-frame';

const useStyles = makeStyles({
  surface: { width: 'min(920px, calc(100vw - 48px))', maxWidth: 'none' },
  content: { display: 'flex', flexDirection: 'column', gap: '12px' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, 240px) 1fr',
    columnGap: '16px',
    rowGap: '4px',
    padding: '12px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 720px)': { gridTemplateColumns: '1fr' },
  },
  org: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  recipients: { display: 'flex', flexDirection: 'column', gap: '6px', minWidth: 0 },
  suggestions: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
  note: { color: tokens.colorNeutralForeground2 },
  status: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  walk: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px' },
  found: { color: tokens.colorPaletteGreenForeground1 },
});

const TITLES: Record<EmailKind, string> = {
  'trust-request': 'Save trust requests',
  'device-trust': 'Save device-trust requests',
  'mfa-reset': 'Save MFA reset requests',
  'remove-guest': 'Save removal requests',
};

const SOURCE_WORDS: Record<RecipientSource, string> = {
  remembered: 'remembered',
  sponsor: 'your sponsor',
  'technical-contact': 'technical contact',
  'same-domain': 'remembered for the same domain',
};

interface Row {
  tenant: BatchRecipients;
  include: boolean;
  text: string;
  /** How "Sign in to find sponsors" ended for this organisation, in words; null before it ran here. */
  walked: { ok: boolean; message: string } | null;
}

/** The sponsor walk under way: which organisation it signs in to, and how far it got. */
interface Walk {
  total: number;
  done: number;
  current: string;
}

/** "Save 63: 12 addressed, 51 to address in your mail app", or "Save 12 emails" when all have a recipient. */
export function saveLabel(chosen: number, unaddressed: number): string {
  if (unaddressed === 0 || chosen === 0) return chosen === 1 ? 'Save 1 email' : `Save ${chosen} emails`;
  return `Save ${chosen}: ${chosen - unaddressed} addressed, ${unaddressed} to address in your mail app`;
}

/** Open while `kind` is set; `onClose` when saved or dismissed. */
export function EmailBatchDialog({ kind, onClose }: { kind: EmailKind | null; onClose: () => void }) {
  const styles = useStyles();
  return (
    <Dialog open={kind !== null} modalType="modal" onOpenChange={whenClosed(onClose)}>
      {kind ? (
        <BatchSurface key={kind} kind={kind} onClose={onClose} />
      ) : (
        <DialogSurface className={styles.surface} aria-label="Emails" />
      )}
    </Dialog>
  );
}

function BatchSurface({ kind, onClose }: { kind: EmailKind; onClose: () => void }) {
  const styles = useStyles();
  const store = useAppStoreApi();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [remember, setRemember] = useState(true);
  const [saving, setSaving] = useState(false);
  const [walk, setWalk] = useState<Walk | null>(null);
  /** The running walk's stop flag; null when none runs. */
  const walkControl = useRef<{ stop: boolean } | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
      // Closing the dialog ends the walk, and the sign-in it waits for.
      if (walkControl.current) {
        walkControl.current.stop = true;
        void store.getState().cancelSignIn();
      }
    },
    [store],
  );

  useEffect(() => {
    let live = true;
    void store
      .getState()
      .prepareEmailBatch(kind)
      .then((result) => {
        if (!live) return;
        if (result.ok)
          setRows(
            result.value.tenants.map((tenant) => ({ tenant, include: true, text: tenant.to.join(', '), walked: null })),
          );
        else setLoadError(result.error.message);
      });
    return () => {
      live = false;
    };
  }, [kind, store]);

  const checked = useMemo(
    () =>
      (rows ?? []).map((row) => {
        const parsed = parseRecipients(row.text);
        const error =
          parsed.invalid.length > 0
            ? `“${parsed.invalid[0]}” is not an e-mail address.`
            : parsed.valid.length > 20
              ? 'Up to 20 recipients.'
              : null;
        return { ...row, to: parsed.valid, error };
      }),
    [rows],
  );
  const chosen = checked.filter((r) => r.include);
  // Only an address that is not one blocks saving; an empty To: makes a draft to address in the mail app.
  const invalid = chosen.filter((r) => r.error !== null).length;
  const unaddressed = chosen.filter((r) => r.error === null && r.to.length === 0);
  const ready = rows !== null && chosen.length > 0 && invalid === 0 && !saving && walk === null;

  const update = (tenantId: string, patch: Partial<Omit<Row, 'tenant'>>) =>
    setRows((current) => current?.map((r) => (r.tenant.tenantId === tenantId ? { ...r, ...patch } : r)) ?? null);

  const addAddress = (row: Row, address: string) => {
    const { valid } = parseRecipients(row.text);
    if (valid.some((v) => v.toLowerCase() === address.toLowerCase())) return;
    update(row.tenant.tenantId, { text: [...valid, address].join(', '), include: true });
  };

  /** Signs in to each chosen organisation without a recipient, one after another, and fills in its sponsors. */
  const findSponsors = async () => {
    const targets = unaddressed.map((r) => r.tenant);
    if (targets.length === 0 || walkControl.current) return;
    const control = { stop: false };
    walkControl.current = control;
    for (const [index, target] of targets.entries()) {
      if (control.stop || !live.current) break;
      setWalk({ total: targets.length, done: index, current: target.displayName });
      const result = await store.getState().signInForSponsors(target.tenantId);
      if (!live.current) return;
      let walked: Row['walked'];
      let found: BatchRecipients | null = null;
      if (result.ok) {
        found = suggestRecipients(result.value, store.getState().snapshot?.tenants ?? []);
        walked =
          found.to.length > 0
            ? { ok: true, message: `Signed in: found ${found.to.join(', ')}.` }
            : { ok: false, message: 'Signed in, but no sponsor with an e-mail address is named there.' };
      } else if (result.error.code === 'cancelled') {
        walked = { ok: false, message: 'Sign-in cancelled: no sponsor read.' };
      } else {
        walked = { ok: false, message: `The sign-in did not complete: ${result.error.message}` };
      }
      setRows(
        (current) =>
          current?.map((r) => {
            if (r.tenant.tenantId !== target.tenantId) return r;
            if (!found) return { ...r, walked };
            // Fill the To: only where the user has not typed one meanwhile.
            const typed = parseRecipients(r.text).valid.length > 0 || r.text.trim() !== '';
            return { ...r, tenant: found, text: typed ? r.text : found.to.join(', '), walked };
          }) ?? null,
      );
    }
    walkControl.current = null;
    if (live.current) setWalk(null);
  };
  /** Cancels the sign-in under way; the walk goes on with the next organisation. */
  const skipCurrent = () => void store.getState().cancelSignIn();
  /** Cancels the sign-in under way and ends the walk. */
  const stopWalk = () => {
    if (walkControl.current) walkControl.current.stop = true;
    void store.getState().cancelSignIn();
  };

  const save = async () => {
    setSaving(true);
    const saved = await store.getState().saveEmailBatch(
      kind,
      chosen.map((r) => ({ tenantId: r.tenant.tenantId, to: r.to })),
      remember,
    );
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <DialogFrame
      title={TITLES[kind]}
      onDismiss={onClose}
      surface={{ className: styles.surface, 'aria-describedby': 'batch-intro' }}
      contentClassName={styles.content}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            appearance="primary"
            icon={saving ? <Spinner size="tiny" aria-label="Saving" /> : <SaveRegular />}
            disabled={!ready}
            onClick={() => void save()}
            data-testid="batch-save"
          >
            {saveLabel(chosen.length, unaddressed.length)}
          </Button>
        </>
      }
    >
      <Body1 id="batch-intro">
        One email per organisation, saved as .eml files in a folder you choose; open them in your mail app to send them.
        Check who each one goes to: the app suggests the addresses it knows, and reads your sponsors only where the
        organisation gave it a token. An email without a recipient is saved as a draft: add the address in your mail
        app.
      </Body1>
      {loadError ? (
        <MessageBar intent="error">
          <MessageBarBody>{loadError}</MessageBarBody>
        </MessageBar>
      ) : rows === null ? (
        <Spinner size="small" label="Finding recipients…" />
      ) : (
        <div className={styles.walk} data-testid="batch-walk">
          {walk ? (
            <>
              <Spinner
                size="tiny"
                label={`Signing in to ${walk.current} (${walk.done + 1} of ${walk.total}): finish the sign-in in your browser…`}
                data-testid="batch-walk-progress"
              />
              <Button size="small" onClick={skipCurrent}>
                Skip {walk.current}
              </Button>
              <Button size="small" onClick={stopWalk}>
                Stop
              </Button>
            </>
          ) : (
            <>
              <Button
                icon={<PersonSearchRegular />}
                disabled={unaddressed.length === 0 || saving}
                onClick={() => void findSponsors()}
                data-testid="batch-find-sponsors"
              >
                Sign in to find sponsors ({unaddressed.length})
              </Button>
              <Caption1 className={styles.muted}>
                One sign-in in your browser for each chosen organisation without a recipient.
              </Caption1>
            </>
          )}
        </div>
      )}
      {rows !== null && !loadError && (
        <ul className={styles.list} aria-label="Organisations and their recipients">
          {checked.map((row) => (
            <li key={row.tenant.tenantId} className={styles.row} data-testid="batch-row">
              <div className={styles.org}>
                <Checkbox
                  checked={row.include}
                  onChange={(_, data) => update(row.tenant.tenantId, { include: data.checked === true })}
                  label={<Text weight="semibold">{row.tenant.displayName}</Text>}
                />
                {row.tenant.domain && <Caption1 className={styles.muted}>{row.tenant.domain}</Caption1>}
              </div>
              <div className={styles.recipients}>
                <Field
                  label={`To (${row.tenant.displayName})`}
                  validationState={row.error ? 'error' : 'none'}
                  validationMessage={row.error ?? undefined}
                >
                  <Input
                    value={row.text}
                    disabled={!row.include}
                    placeholder="Empty: address it in your mail app"
                    onChange={(_, data) => update(row.tenant.tenantId, { text: data.value })}
                  />
                </Field>
                {row.tenant.suggestions.length > 0 && row.include && (
                  <div className={styles.suggestions} aria-label={`Suggested for ${row.tenant.displayName}`}>
                    {row.tenant.suggestions
                      .filter((s) => !row.to.some((v) => v.toLowerCase() === s.address.toLowerCase()))
                      .map((s) => (
                        <Button
                          key={s.address}
                          size="small"
                          appearance="subtle"
                          icon={<AddRegular />}
                          onClick={() => addAddress(row, s.address)}
                        >
                          {s.address} ({s.name ? `${s.name}, ` : ''}
                          {SOURCE_WORDS[s.source]})
                        </Button>
                      ))}
                  </div>
                )}
                {row.walked && row.include && (
                  <Caption1 className={row.walked.ok ? styles.found : styles.note} data-testid="batch-walk-outcome">
                    {row.walked.message}
                  </Caption1>
                )}
                {row.tenant.note && row.include && row.to.length === 0 && (
                  <Caption1 className={styles.note} data-testid="batch-note">
                    {row.tenant.note}
                  </Caption1>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {rows !== null && (
        <Checkbox
          checked={remember}
          onChange={(_, data) => setRemember(data.checked === true)}
          label="Remember these recipients for each organisation"
        />
      )}
      <Caption1 className={styles.status} aria-live="polite" data-testid="batch-status">
        {rows === null
          ? ''
          : invalid > 0
            ? `${invalid} of ${chosen.length} ${chosen.length === 1 ? 'email has' : 'emails have'} an address to correct.`
            : chosen.length === 0
              ? 'No organisation chosen.'
              : unaddressed.length === 0
                ? `${chosen.length} ${chosen.length === 1 ? 'email' : 'emails'} ready.`
                : `${chosen.length} ${chosen.length === 1 ? 'email' : 'emails'} ready: ${unaddressed.length} without a recipient, saved as ${unaddressed.length === 1 ? 'a draft' : 'drafts'} to address in your mail app.`}
      </Caption1>
    </DialogFrame>
  );
}
