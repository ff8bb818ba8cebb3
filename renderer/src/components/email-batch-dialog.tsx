/**
 * "Save trust requests (or MFA reset requests) as .eml files": before anything is saved, the dialog lists each
 * organisation the batch is for with the recipients the app suggests (remembered ones, sponsors, technical
 * contacts, addresses remembered for the same domain), says why where it knows none, and lets the user fill in or
 * change the `To:` of each, or leave an organisation out. It saves only when every chosen email has a recipient.
 */
import {
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
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DismissRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import type { BatchRecipients, RecipientSource } from '../../../shared/email';
import type { EmailKind } from '../../../shared/model';
import { parseRecipientText as parseRecipients } from '../../../shared/email/address';
import { useAppStoreApi } from '../store-context';

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
}

/** Open while `kind` is set; `onClose` when saved or dismissed. */
export function EmailBatchDialog({ kind, onClose }: { kind: EmailKind | null; onClose: () => void }) {
  const styles = useStyles();
  return (
    <Dialog open={kind !== null} modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
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

  useEffect(() => {
    let live = true;
    void store
      .getState()
      .prepareEmailBatch(kind)
      .then((result) => {
        if (!live) return;
        if (result.ok)
          setRows(result.value.tenants.map((tenant) => ({ tenant, include: true, text: tenant.to.join(', ') })));
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
              : row.include && parsed.valid.length === 0
                ? 'Needs a recipient: type one, pick a suggestion, or leave this organisation out.'
                : null;
        return { ...row, to: parsed.valid, error };
      }),
    [rows],
  );
  const chosen = checked.filter((r) => r.include);
  const missing = chosen.filter((r) => r.error !== null).length;
  const ready = rows !== null && chosen.length > 0 && missing === 0 && !saving;

  const update = (tenantId: string, patch: Partial<Omit<Row, 'tenant'>>) =>
    setRows((current) => current?.map((r) => (r.tenant.tenantId === tenantId ? { ...r, ...patch } : r)) ?? null);

  const addAddress = (row: Row, address: string) => {
    const { valid } = parseRecipients(row.text);
    if (valid.some((v) => v.toLowerCase() === address.toLowerCase())) return;
    update(row.tenant.tenantId, { text: [...valid, address].join(', '), include: true });
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
    <DialogSurface className={styles.surface} aria-describedby="batch-intro">
      <DialogBody>
        <DialogTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {TITLES[kind]}
        </DialogTitle>
        <DialogContent className={styles.content}>
          <Body1 id="batch-intro">
            One email per organisation, saved as .eml files in a folder you choose; open them in your mail app to send
            them. Check who each one goes to: the app suggests the addresses it knows, but it can read your sponsors
            only where the organisation gave it a token.
          </Body1>
          {loadError ? (
            <MessageBar intent="error">
              <MessageBarBody>{loadError}</MessageBarBody>
            </MessageBar>
          ) : rows === null ? (
            <Spinner size="small" label="Finding recipients…" />
          ) : (
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
                        placeholder="name@partner.com"
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
                    {row.tenant.note && row.include && (
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
              : missing > 0
                ? `${missing} of ${chosen.length} ${chosen.length === 1 ? 'email needs' : 'emails need'} a recipient.`
                : chosen.length === 0
                  ? 'No organisation chosen.'
                  : `${chosen.length} ${chosen.length === 1 ? 'email' : 'emails'} ready.`}
          </Caption1>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            appearance="primary"
            icon={saving ? <Spinner size="tiny" aria-label="Saving" /> : <SaveRegular />}
            disabled={!ready}
            onClick={() => void save()}
            data-testid="batch-save"
          >
            {chosen.length === 1 ? 'Save 1 email' : `Save ${chosen.length} emails`}
          </Button>
        </DialogActions>
      </DialogBody>
    </DialogSurface>
  );
}
