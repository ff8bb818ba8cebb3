import { Button, Caption1, Field, Input, Tag, TagGroup } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { parseRecipientText as parseRecipients } from '../../../../shared/email/address';
import type { TenantRecord } from '../../../../shared/model';
import { type TenantRef } from '../../store';
import { useAppStoreApi } from '../../store-context';
import { useStyles } from './styles';
import { DrawerSection } from './section';

/** Addresses remembered for request emails to this tenant, validated before they are saved. */
export function Recipients({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
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
    <DrawerSection id="recipients-title" title="Email recipients">
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
    </DrawerSection>
  );
}
