/**
 * The admin mode's way in: what the app reads in the admin's own tenant (each permission in words), which roles
 * suffice, that nothing is written without a separate confirmation, and one primary action. Optional: the tenant
 * (id or domain) and the organisation's own app registration instead of the Microsoft Graph Command Line Tools
 * client. A failed sign-in says what happened; "I am a guest user" goes back to the guest mode.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Title1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeftRegular, ShieldPersonRegular, PersonKeyRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAdmin, useAdminStoreApi } from '../../admin-store-context';
import { SignInFailed, SignInMark, SignInPage, SignInWaiting } from '../../components/sign-in-page';
import { ADMIN_READS, ADMIN_ROLES_TEXT, ADMIN_WRITE_SCOPE, GRAPH_CLI_CLIENT_ID } from './admin-words';

const useStyles = makeStyles({
  card: {
    width: 'min(680px, 100%)',
    gap: '18px',
    padding: '36px 44px 28px',
    '@media (max-width: 700px), (max-height: 699px)': { padding: '20px 20px 16px', gap: '14px' },
  },
  top: { display: 'flex', alignItems: 'center', gap: '16px' },
  mark: { width: '52px', height: '52px', fontSize: '30px' },
  lead: { color: tokens.colorNeutralForeground2, margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
  reads: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '4px' },
  scope: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  action: { display: 'flex', flexDirection: 'column', gap: '12px', alignItems: 'flex-start' },
  buttons: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  fields: { display: 'grid', gap: '12px' },
});

export function AdminSignInView() {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const { waiting, error } = useAdmin(useShallow((s) => ({ waiting: s.signIn.waiting, error: s.signIn.error })));
  const [tenant, setTenant] = useState('');
  const [clientId, setClientId] = useState('');
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    void admin.getState().signInAdmin({ tenant, clientId });
  };
  return (
    <SignInPage labelledBy="admin-sign-in-title" cardClassName={styles.card}>
      <div className={styles.top}>
        <SignInMark className={styles.mark}>
          <ShieldPersonRegular />
        </SignInMark>
        <Title1 as="h1" id="admin-sign-in-title" style={{ margin: 0 }}>
          Admin mode
        </Title1>
      </div>
      <Body1 as="p" className={styles.lead}>
        For an administrator of a Microsoft Entra tenant with guests from other organisations: see, per home
        organisation, which guests keep a separate MFA registration with you, how their sign-ins meet MFA, and the one
        trust setting that would end those registrations.
      </Body1>

      <div className={styles.section}>
        <Subtitle2 as="h2" style={{ margin: 0 }}>
          What the app reads in your tenant
        </Subtitle2>
        <ul className={styles.reads} data-testid="admin-scopes">
          {ADMIN_READS.map((read) => (
            <li key={read.scope}>
              <Body1>{read.what}</Body1> <span className={styles.scope}>({read.scope})</span>
            </li>
          ))}
        </ul>
      </div>

      <div className={styles.section}>
        <Subtitle2 as="h2" style={{ margin: 0 }}>
          Roles that suffice
        </Subtitle2>
        <Body1>{ADMIN_ROLES_TEXT.read}</Body1>
        <Body1>{ADMIN_ROLES_TEXT.write}</Body1>
      </div>

      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Nothing is written without your confirmation</MessageBarTitle>
          The sign-in asks for read permissions only. A change is sent only after you confirm it in a dialog that shows
          the exact request; only then does the app ask for {ADMIN_WRITE_SCOPE}.
        </MessageBarBody>
      </MessageBar>

      <Accordion collapsible>
        <AccordionItem value="options">
          <AccordionHeader size="small">Tenant and app registration (optional)</AccordionHeader>
          <AccordionPanel>
            <form className={styles.fields} onSubmit={submit}>
              <Field
                label="Tenant"
                hint="Its tenant ID or a domain. Empty: the tenant of the account you sign in with."
              >
                <Input value={tenant} onChange={(_, d) => setTenant(d.value)} placeholder="contoso.onmicrosoft.com" />
              </Field>
              <Field
                label="Application (client) ID"
                hint={`Your organisation's own app registration (a public client). Empty: Microsoft Graph Command Line Tools, ${GRAPH_CLI_CLIENT_ID}.`}
              >
                <Input value={clientId} onChange={(_, d) => setClientId(d.value)} />
              </Field>
            </form>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>

      {error && !waiting && <SignInFailed error={error} testId="admin-sign-in-error" />}

      <div className={styles.action}>
        {waiting ? (
          <SignInWaiting
            label="Waiting for the browser"
            title="Continue in your browser"
            text="We opened your browser to sign you in to your tenant. This window moves on by itself when you are done."
          />
        ) : (
          <div className={styles.buttons}>
            <Button appearance="primary" size="large" icon={<PersonKeyRegular />} onClick={() => submit()}>
              Sign in as administrator
            </Button>
            <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={() => admin.getState().leave()}>
              I am a guest user
            </Button>
          </div>
        )}
        <Caption1 className={styles.muted}>
          Sign-in happens in your browser, with your organisation’s usual page. Tokens stay inside the app; the report
          and its exports hold none.
        </Caption1>
      </div>
    </SignInPage>
  );
}
