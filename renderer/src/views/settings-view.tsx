/**
 * Settings: the sender name for emails first, the theme, then scan concurrency and probe time limit, and under
 * Advanced the platform's sign-in broker and the client id used for sign-in (with when to change it); the
 * background re-check schedule; the signed-in accounts, the app version and its updates.
 *
 * One save model for the whole page: every change is saved as it is made (a choice at once; a typed field when it
 * is left or Enter is pressed, once it is valid), as in Windows' and Microsoft 365's settings. A single Save button
 * could not hold the theme and the schedule, which must apply at once; a typed value that is not valid stays in
 * its field with the reason and is not saved. Main validates every change again.
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
  Radio,
  RadioGroup,
  SpinButton,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowResetRegular, ArrowSyncRegular, PersonAddRegular, SignOutRegular } from '@fluentui/react-icons';
import { useEffect, useState, type ReactNode } from 'react';
import { DEFAULT_CLIENT_ID, DEFAULT_SETTINGS, type Settings, type ThemeChoice } from '../../../shared/model';
import { DEFAULT_SCHEDULE_SETTINGS, WATCH_DAYS, type RecheckFrequency } from '../../../shared/schedule';
import type { UpdateState } from '../../../shared/updates';
import { AppVersion } from '../components/app-version';
import { PageHeader } from '../components/page-header';
import {
  SETTINGS_LIMITS,
  THEMES,
  settingsForm,
  validateSettings,
  type SettingsForm,
  type SettingsFormErrors,
} from '../../../shared/settings';
import { countOf, localTime, relativeTime } from '../format';
import { useApp, useAppStoreApi } from '../store-context';
import { signInPathLabel } from '../../../shared/sign-in-path';
import { cardSurface, DIVIDED_ROW_STYLE, pageBodyStyle, VIEW_STYLE } from '../layout';
import { TitledSection } from '../components/titled-section';

const useStyles = makeStyles({
  view: VIEW_STYLE,
  body: pageBodyStyle('16px', '820px'),
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '14px',
    padding: '20px 24px',
    ...cardSurface(),
  },
  cardTitle: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  brokerBlock: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '16px' },
  inline: { display: 'flex', gap: '8px', alignItems: 'flex-start' },
  defaultButton: { marginTop: '26px', flexShrink: 0 },
  grow: { flexGrow: 1 },
  advancedPanel: { display: 'flex', flexDirection: 'column', gap: '14px', margin: '8px 0 4px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  saved: { color: tokens.colorNeutralForeground3, minHeight: '16px' },
  account: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '12px',
    padding: '8px 0',
    ...DIVIDED_ROW_STYLE,
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
  /** What the live line under the header says after a save ("Saved: theme"). */
  const [savedNote, setSavedNote] = useState('');
  // The client id is rarely changed: it sits under Advanced, open when it is not the default or is wrong.
  const [advancedOpen, setAdvancedOpen] = useState(() => settings.clientId.trim().toLowerCase() !== DEFAULT_CLIENT_ID);
  useEffect(() => setForm(settingsForm(settings)), [settings]);
  // The theme shows the user's choice at once (and applies it as soon as main has saved it).
  const [theme, setTheme] = useState<ThemeChoice>(settings.theme);
  useEffect(() => setTheme(settings.theme), [settings.theme]);

  const save = async (patch: Partial<Settings>, what: string) => {
    setSaveError(null);
    const result = await store.getState().updateSettings(patch);
    if (result.ok) setSavedNote(`Saved: ${what}.`);
    else setSaveError(result.error.message);
  };
  const set = (key: keyof SettingsForm, value: string) => {
    const next = { ...form, [key]: value };
    setForm(next);
    setSaveError(null);
    if (errors[key]) setErrors((e) => ({ ...e, [key]: fieldCheck(next, key).error }));
    return next;
  };
  /** Saves one typed field once it is valid and differs from what is saved; else says what is wrong. */
  const commit = (key: keyof SettingsForm, current: SettingsForm = form) => {
    const { error, value } = fieldCheck(current, key);
    setErrors((e) => ({ ...e, [key]: error }));
    if (error) {
      if (key === 'clientId') setAdvancedOpen(true);
      return;
    }
    if (value !== undefined && value !== settings[key]) void save({ [key]: value }, FIELD_NAMES[key]);
  };
  /** Saves one typed field against the saved values of the others (one wrong field blocks no other). */
  const fieldCheck = (current: SettingsForm, key: keyof SettingsForm) => {
    const { errors: found, patch } = validateSettings({ ...settingsForm(settings), [key]: current[key] });
    return { error: found[key], value: patch?.[key] };
  };

  const field = (key: keyof SettingsForm) => ({
    validationState: errors[key] ? ('error' as const) : ('none' as const),
    validationMessage: errors[key],
  });
  // A spin button's change is a step (arrows) or a typed value it commits on blur or Enter: saved then.
  const spin = (key: 'concurrency' | 'probeTimeoutSeconds') => ({
    value: /^\d+$/.test(form[key].trim()) ? Number(form[key]) : null,
    displayValue: form[key],
    onChange: (_: unknown, data: { value?: number | null; displayValue?: string }) => {
      if (data.value !== undefined && data.value !== null) commit(key, set(key, String(data.value)));
      else if (data.displayValue !== undefined) commit(key, set(key, data.displayValue));
    },
  });
  const typed = (key: 'senderName' | 'clientId') => ({
    onBlur: () => commit(key),
    onKeyDown: (event: { key: string }) => {
      if (event.key === 'Enter') commit(key);
    },
  });

  return (
    <div className={styles.view}>
      <PageHeader
        maxWidth={820}
        title="Settings"
        subtitle="The name your request emails carry, the app's colours, how it scans, and, under Advanced, how it signs in. Changes are saved as you make them."
      />
      <form className={styles.body} onSubmit={(e) => e.preventDefault()} noValidate>
        <Caption1 className={styles.saved} role="status" data-testid="settings-saved">
          {savedNote}
        </Caption1>
        {saveError && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>Settings not saved</MessageBarTitle>
              {saveError}
            </MessageBarBody>
          </MessageBar>
        )}
        <SettingsCard id="email-title" title="Your name in emails">
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
              {...typed('senderName')}
              maxLength={SETTINGS_LIMITS.senderName.max}
              placeholder={accounts[0]?.displayName || undefined}
            />
          </Field>
        </SettingsCard>
        <SettingsCard id="appearance-title" title="Appearance">
          <Field label="Theme" hint="System follows the light or dark setting of your computer.">
            <RadioGroup
              layout="horizontal"
              value={theme}
              data-testid="theme-choice"
              onChange={(_, data) => {
                setTheme(data.value as ThemeChoice);
                void save({ theme: data.value as ThemeChoice }, 'theme');
              }}
            >
              {THEMES.map((theme) => (
                <Radio key={theme} value={theme} label={THEME_LABELS[theme]} />
              ))}
            </RadioGroup>
          </Field>
        </SettingsCard>
        <SettingsCard id="scan-title" title="Scanning">
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
        </SettingsCard>
        <section className={styles.card} aria-labelledby="advanced-title">
          <Accordion
            collapsible
            openItems={advancedOpen ? ['advanced'] : []}
            onToggle={(_, data) => setAdvancedOpen(data.openItems.includes('advanced'))}
          >
            <AccordionItem value="advanced">
              <AccordionHeader as="h2" id="advanced-title" size="large" expandIconPosition="end">
                Advanced: how the app signs in
              </AccordionHeader>
              <AccordionPanel className={styles.advancedPanel}>
                <BrokerSwitch
                  useBroker={settings.useBroker}
                  onChange={(on) => void save({ useBroker: on }, 'sign-in broker')}
                />
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
                      {...typed('clientId')}
                    />
                  </Field>
                  <Button
                    className={styles.defaultButton}
                    icon={<ArrowResetRegular />}
                    disabled={form.clientId.trim().toLowerCase() === DEFAULT_CLIENT_ID}
                    onClick={() => commit('clientId', set('clientId', DEFAULT_CLIENT_ID))}
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
        <BackgroundChecks />
        <SettingsCard id="accounts-title" title="Accounts">
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
        </SettingsCard>
        <Updates />
      </form>
    </div>
  );
}

const THEME_LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** How the saved line names each typed field. */
const FIELD_NAMES: Record<keyof SettingsForm, string> = {
  senderName: 'your name in emails',
  concurrency: 'organisations checked at once',
  probeTimeoutSeconds: 'time limit per organisation',
  clientId: 'application (client) id',
};

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
    <SettingsCard id="watch-title" title="Background checks">
      <Body1 className={styles.muted}>
        The app can check your organisations again by itself (an ordinary scan) and tell you when one starts or stops
        asking for its own MFA. While a check is scheduled, closing the window keeps the app running behind its icon in
        the notification area; quit it from the icon&apos;s menu.
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
    </SettingsCard>
  );
}

/**
 * Settings → Advanced: the platform's sign-in broker (WAM, the Enterprise SSO plug-in), on by default where there
 * is one; greyed with the reason where there is not. Under it, which way each account's last sign-in went.
 */
function BrokerSwitch({ useBroker, onChange }: { useBroker: boolean; onChange: (on: boolean) => void }) {
  const styles = useStyles();
  const availability = useApp((s) => s.snapshot?.broker);
  const accounts = useApp((s) => s.snapshot?.accounts ?? []);
  const available = availability?.available ?? false;
  const on = available && useBroker;
  return (
    <div className={styles.brokerBlock}>
      <Field
        label="Sign-in broker"
        hint={
          available
            ? on
              ? 'Signs in through Windows’ Web Account Manager or macOS’s Enterprise SSO plug-in, so organisations that require a managed device can see this one. If it fails, the app uses your browser.'
              : 'Off: the app signs in through your browser, and organisations cannot see this device.'
            : (availability?.reason ?? 'This copy of the app signs in through your browser.')
        }
      >
        <Switch
          checked={on}
          disabled={!available}
          data-testid="broker-switch"
          label="Use the system’s sign-in broker"
          onChange={(_, data) => onChange(data.checked)}
        />
      </Field>
      {accounts
        .filter((a) => a.signInPath)
        .map((a) => (
          <Caption1 key={a.accountId} className={styles.muted} data-testid="sign-in-path">
            {a.username}: last signed in through {signInPathLabel(a.signInPath!)}.
          </Caption1>
        ))}
    </div>
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
    <SettingsCard id="updates-title" title="Updates">
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
    </SettingsCard>
  );
}

/** One card of the settings page under its h2 heading. */
function SettingsCard({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <TitledSection id={id} title={title} level="h2" className={styles.card} titleClassName={styles.cardTitle}>
      {children}
    </TitledSection>
  );
}
