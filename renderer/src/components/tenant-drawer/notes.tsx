import { Caption1, Field, Textarea } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { TenantRecord } from '../../../../shared/model';
import { type TenantRef } from '../../store';
import { useAppStoreApi } from '../../store-context';
import { useStyles } from './styles';
import { DrawerSection } from './section';

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/** Notes saved ~0.8 s after the last keystroke (and when the drawer closes), with a visible state. */
export function Notes({ tenant, tenantRef }: { tenant: TenantRecord; tenantRef: TenantRef }) {
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
    <DrawerSection id="notes-title" title="Notes">
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
    </DrawerSection>
  );
}
