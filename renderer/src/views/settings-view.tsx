/**
 * Settings: the sender name for emails first, then scan concurrency and probe time limit, and under Advanced the
 * client id used for sign-in (with when to change it); validated inline, saved through main (which validates again). The background
 * re-check schedule, which applies as soon as it is changed. Also the signed-in accounts, the app version and
 * its updates.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Persona,
  SpinButton,
  Subtitle2,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowResetRegular,
  ArrowSyncRegular,
  PersonAddRegular,
  SaveRegular,
  SignOutRegular,
} from '@fluentui/react-icons';
import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_CLIENT_ID, DEFAULT_SETTINGS } from '../../../shared/model';
import { DEFAULT_SCHEDULE_SETTINGS, WATCH_DAYS, type RecheckFrequency } from '../../../shared/schedule';
import type { UpdateState } from '../../../shared/updates';
import { AppVersion } from '../components/app-version';
import { PageHeader } from '../components/page-header';
import {
  SETTINGS_LIMITS,
  settingsForm,
  validateSettings,
  type SettingsForm,
  type SettingsFormErrors,
} from '../../../shared/settings';
import { countOf, localTime, relativeTime } from '../format';
import { useApp, useAppStoreApi } from '../store-context';
import { COMPACT } from '../layout';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  body: {
    [COMPACT]: { padding: '0 16px 24px' },
    padding: '0 32px 40px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
    maxWidth: '820px',
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '14px',
    padding: '20px 24px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  cardTitle: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '16px' },
  inline: { display: 'flex', gap: '8px', alignItems: 'flex-start' },
  defaultButton: { marginTop: '26px', flexShrink: 0 },
  grow: { flexGrow: 1 },
  advancedPanel: { display: 'flex', flexDirection: 'column', gap: '14px', margin: '8px 0 4px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  footer: { display: 'flex', gap: '8px', justifyContent: 'flex-end', alignItems: 'center' },
  account: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '12px',
    padding: '8px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ':last-child': { borderBottom: 'none' },
  },
});

export function SettingsView() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const settings = useApp((s) => s.snapshot?.settings ?? DEFAULT_SETTINGS);
  const accounts = useApp((s) => s.snapshot?.accounts ?? []);
  const [form, setForm] = useState<SettingsForm>(() => settingsForm(settings));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The client id is rarely changed: it sits under Advanced, open when it is not the default or is wrong.
  const [advancedOpen, setAdvancedOpen] = useState(() => settings.clientId.trim().toLowerCase() !== DEFAULT_CLIENT_ID);
  useEffect(() => setForm(settingsForm(settings)), [settings]);

  const dirty = JSON.stringify(form) !== JSON.stringify(settingsForm(settings));
  const set = (key: keyof SettingsForm, value: string) => {
    const next = { ...form, [key]: value };
    setForm(next);
    setSaveError(null);
    if (errors[key]) setErrors(validateSettings(next).errors);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, patch } = validateSettings(form);
    setErrors(found);
    if (found.clientId) setAdvancedOpen(true);
    if (!patch) return;
    setBusy(true);
    const result = await store.getState().updateSettings(patch);
    setBusy(false);
    if (!result.ok) setSaveError(result.error.message);
  };

  const field = (key: keyof SettingsForm) => ({
    validationState: errors[key] ? ('error' as const) : ('none' as const),
    validationMessage: errors[key],
  });
  const spin = (key: 'concurrency' | 'probeTimeoutSeconds') => ({
    value: /^\d+$/.test(form[key].trim()) ? Number(form[key]) : null,
    displayValue: form[key],
    onChange: (_: unknown, data: { value?: number | null; displayValue?: string }) => {
      if (data.value !== undefined && data.value !== null) set(key, String(data.value));
      else if (data.displayValue !== undefined) set(key, data.displayValue);
    },
  });

  return (
    <div className={styles.view}>
      <PageHeader
        maxWidth={820}
        title="Settings"
        subtitle="The name your request emails carry, how the app scans, and, under Advanced, the app it signs in as."
      />
      <form className={styles.body} onSubmit={(e) => void submit(e)} noValidate>
        {saveError && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>Settings not saved</MessageBarTitle>
              {saveError}
            </MessageBarBody>
          </MessageBar>
        )}
        <section className={styles.card} aria-labelledby="email-title">
          <Subtitle2 as="h2" id="email-title" className={styles.cardTitle}>
            Your name in emails
          </Subtitle2>
          <Body1 className={styles.muted}>
            Trust requests, MFA reset and removal requests are signed with this name, above your address.
          </Body1>
          <Field
            label="Your name as it appears in request emails"
            hint="Leave empty to use the name of your account."
            {...field('senderName')}
          >
            <Input
              value={form.senderName}
              onChange={(_, d) => set('senderName', d.value)}
              maxLength={SETTINGS_LIMITS.senderName.max}
              placeholder={accounts[0]?.displayName || undefined}
            />
          </Field>
        </section>
        <section className={styles.card} aria-labelledby="scan-title">
          <Subtitle2 as="h2" id="scan-title" className={styles.cardTitle}>
            Scanning
          </Subtitle2>
          <div className={styles.row}>
            <Field label="Organisations checked at once" hint="1 to 32; 8 suits most." {...field('concurrency')}>
              <SpinButton {...SETTINGS_LIMITS.concurrency} {...spin('concurrency')} />
            </Field>
            <Field
              label="Time limit per organisation (seconds)"
              hint="5 to 120; slower networks need more."
              {...field('probeTimeoutSeconds')}
            >
              <SpinButton {...SETTINGS_LIMITS.probeTimeoutSeconds} {...spin('probeTimeoutSeconds')} />
            </Field>
          </div>
        </section>
        <section className={styles.card} aria-labelledby="advanced-title">
          <Accordion
            collapsible
            openItems={advancedOpen ? ['advanced'] : []}
            onToggle={(_, data) => setAdvancedOpen(data.openItems.includes('advanced'))}
          >
            <AccordionItem value="advanced">
              <AccordionHeader as="h2" id="advanced-title" size="large" expandIconPosition="end">
                Advanced: the app the sign-in uses
              </AccordionHeader>
              <AccordionPanel className={styles.advancedPanel}>
                <div className={styles.inline}>
                  <Field
                    className={styles.grow}
                    label="Application (client) id"
                    {...field('clientId')}
                    hint={
                      form.clientId.trim().toLowerCase() === DEFAULT_CLIENT_ID
                        ? 'The default: the Azure CLI public client.'
                        : undefined
                    }
                  >
                    <Input
                      className={styles.mono}
                      value={form.clientId}
                      onChange={(_, d) => set('clientId', d.value)}
                      onBlur={() => setErrors((e) => ({ ...e, clientId: validateSettings(form).errors.clientId }))}
                    />
                  </Field>
                  <Button
                    className={styles.defaultButton}
                    icon={<ArrowResetRegular />}
                    disabled={form.clientId.trim().toLowerCase() === DEFAULT_CLIENT_ID}
                    onClick={() => set('clientId', DEFAULT_CLIENT_ID)}
                  >
                    Use default
                  </Button>
                </div>
                <Body1 className={styles.muted}>
                  By default the app signs in as the Azure CLI, a public Microsoft client every organisation already
                  trusts, so partner tenants show you no consent prompt. Use your organisation’s own app registration
                  instead when your IT asks you to, or when a partner blocks the Azure CLI: register a multi-tenant
                  public client with the redirect URI <span className={styles.mono}>http://localhost</span> and the
                  delegated permissions <span className={styles.mono}>User.Read</span> and{' '}
                  <span className={styles.mono}>UserAuthenticationMethod.Read</span>.{' '}
                  <Link
                    onClick={() =>
                      void store
                        .getState()
                        .openLink('https://learn.microsoft.com/entra/identity-platform/quickstart-register-app')
                    }
                  >
                    How to register an app
                  </Link>
                </Body1>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        </section>
        <div className={styles.footer}>
          {dirty && <Caption1 className={styles.muted}>Unsaved changes</Caption1>}
          <Button disabled={!dirty || busy} onClick={() => setForm(settingsForm(settings))}>
            Discard
          </Button>
          <Button appearance="primary" type="submit" icon={<SaveRegular />} disabled={!dirty || busy}>
            Save settings
          </Button>
        </div>
        <BackgroundChecks />
        <section className={styles.card} aria-labelledby="accounts-title">
          <Subtitle2 as="h2" id="accounts-title" className={styles.cardTitle}>
            Accounts
          </Subtitle2>
          <div>
            {accounts.map((a) => (
              <div key={a.accountId} className={styles.account}>
                <Persona
                  name={a.displayName || a.username}
                  secondaryText={`${a.username} · ${a.homeTenantName ?? a.homeDomain ?? a.homeTenantId}`}
                  avatar={{ color: 'colorful', 'aria-hidden': true }}
                />
                <Button icon={<SignOutRegular />} onClick={() => void store.getState().signOut(a.accountId)}>
                  Sign out
                </Button>
              </div>
            ))}
          </div>
          <div>
            <Button icon={<PersonAddRegular />} onClick={() => void store.getState().signInHome()}>
              Add another account
            </Button>
          </div>
        </section>
        <Updates />
      </form>
    </div>
  );
}

const RECHECK_LABELS: Record<RecheckFrequency, string> = {
  off: 'Off: only when I scan',
  daily: 'Every day',
  weekly: 'Every week',
};

/** The re-check schedule; each change is saved at once (main validates it). */
function BackgroundChecks() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const watch = useApp((s) => s.snapshot?.watch);
  const settings = watch?.settings ?? DEFAULT_SCHEDULE_SETTINGS;
  const watched = watch?.watched.length ?? 0;
  const save = (patch: { recheck?: RecheckFrequency; watchAfterTrustRequest?: boolean }) =>
    void store.getState().updateSettings(patch);
  return (
    <section className={styles.card} aria-labelledby="watch-title">
      <Subtitle2 as="h2" id="watch-title" className={styles.cardTitle}>
        Background checks
      </Subtitle2>
      <Body1 className={styles.muted}>
        The app can check your organisations again by itself (an ordinary scan) and tell you when one starts or stops
        asking for its own MFA. While a check is scheduled, closing the window keeps the app running behind its icon in
        the notification area; quit it from the icon&apos;s menu. Changes are saved at once.
      </Body1>
      <div className={styles.row}>
        <Field label="Check every organisation again">
          <Dropdown
            value={RECHECK_LABELS[settings.recheck]}
            selectedOptions={[settings.recheck]}
            onOptionSelect={(_, data) => {
              const value = data.optionValue as RecheckFrequency | undefined;
              if (value && value !== settings.recheck) save({ recheck: value });
            }}
          >
            {(Object.keys(RECHECK_LABELS) as RecheckFrequency[]).map((value) => (
              <Option key={value} value={value}>
                {RECHECK_LABELS[value]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field
          label="After I send a trust request"
          hint={
            watched > 0
              ? `${countOf(watched, 'organisation')} watched now.`
              : `That organisation is checked daily for ${WATCH_DAYS} days.`
          }
        >
          <Switch
            checked={settings.watchAfterTrustRequest}
            label={settings.watchAfterTrustRequest ? `Check it daily for ${WATCH_DAYS} days` : 'Do not check it'}
            onChange={(_, data) => save({ watchAfterTrustRequest: data.checked })}
          />
        </Field>
      </div>
      {watch?.nextRunAt && <Caption1 className={styles.muted}>Next check: {localTime(watch.nextRunAt)}.</Caption1>}
    </section>
  );
}

function updateText(update: UpdateState): string {
  switch (update.status) {
    case 'unsupported':
      return update.message ?? 'This copy of the app does not update itself.';
    case 'idle':
      return 'The app looks for updates when it starts and once a day.';
    case 'checking':
      return 'Looking for updates…';
    case 'available':
    case 'downloading':
      return `Downloading version ${update.version ?? ''}${update.percent !== null ? ` (${update.percent} %)` : ''}…`;
    case 'ready':
      return `Version ${update.version ?? ''} is downloaded. It is installed when you restart, or when you next close the app.`;
    case 'up-to-date':
      return `You have the latest version${update.checkedAt ? ` (checked ${relativeTime(update.checkedAt)})` : ''}.`;
    case 'error':
      return update.message ?? 'The app could not check for updates.';
  }
}

function Updates() {
  const styles = useStyles();
  const store = useAppStoreApi();
  const update = useApp((s) => s.snapshot?.update);
  return (
    <section className={styles.card} aria-labelledby="updates-title">
      <Subtitle2 as="h2" id="updates-title" className={styles.cardTitle}>
        Updates
      </Subtitle2>
      {update && <Body1 data-testid="update-status">{updateText(update)}</Body1>}
      <div className={styles.inline}>
        {update?.status === 'ready' ? (
          <Button appearance="primary" onClick={() => void store.getState().installUpdate()}>
            Restart to update
          </Button>
        ) : (
          <Button
            icon={<ArrowSyncRegular />}
            disabled={
              !update ||
              update.status === 'unsupported' ||
              update.status === 'checking' ||
              update.status === 'downloading' ||
              update.status === 'available'
            }
            onClick={() => void store.getState().checkForUpdates()}
          >
            Check for updates
          </Button>
        )}
      </div>
      <AppVersion />
    </section>
  );
}
