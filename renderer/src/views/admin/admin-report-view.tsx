/**
 * The inbound report: per home organisation a card with its guests here, the separate MFA registrations here,
 * how their sign-ins met MFA (the home MFA claim versus MFA done here) and the effective inbound trust, each value
 * "set for this partner" or "inherited from the default"; guests that trust cannot help (personal account,
 * one-time passcode) are counted apart. What could not be read is said in words with what to do, never shown as an
 * empty report. "Details" opens the organisation's panel with the suggested change; "Print or save as PDF", CSV
 * and JSON export the report for a change ticket.
 */
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Subtitle2,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  ArrowDownloadRegular,
  ArrowLeftRegular,
  CheckmarkCircleRegular,
  PersonProhibitedRegular,
  PrintRegular,
  SignOutRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AdminGuest, AdminReport, HomeOrganisationReport, TrustSetting } from '../../../../shared/admin/types';
import { PageHeader } from '../../components/page-header';
import { localTime } from '../../format';
import { COMPACT } from '../../layout';
import { useAdmin, useAdminStoreApi } from '../../admin-store-context';
import { AdminChangeDialog } from './admin-change-dialog';
import { AdminOrganisationDrawer } from './admin-organisation-drawer';
import { countText, REDEMPTION_TEXT, refusalTitle, trustSourceText, yesNo } from './admin-words';
import { AdminSection } from './admin-section';

const useStyles = makeStyles({
  page: {
    height: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  scroll: { flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
    padding: '0 32px 32px',
    maxWidth: '1400px',
    [COMPACT]: { padding: '0 16px 16px', gap: '12px' },
  },
  messages: { display: 'flex', flexDirection: 'column', gap: '8px' },
  strip: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))',
    gap: '12px',
  },
  stat: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  statValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: '1.2' },
  muted: { color: tokens.colorNeutralForeground3 },
  secondary: { color: tokens.colorNeutralForeground2 },
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))',
    gap: '16px',
    '@media (max-width: 840px)': { gridTemplateColumns: '1fr' },
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '16px 20px',
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
  },
  cardHead: { display: 'flex', justifyContent: 'space-between', gap: '12px', alignItems: 'flex-start' },
  cardTitle: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
  name: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    gap: '8px',
    margin: 0,
    '@media (max-width: 520px)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
  },
  // The number on top, its label below (the label stays first in the markup: dt before dd).
  figure: { display: 'flex', flexDirection: 'column', gap: '2px', margin: 0 },
  figureValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0, order: 0 },
  figureLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, order: 1 },
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  trust: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px', margin: 0, alignItems: 'baseline' },
  trustLabel: { color: tokens.colorNeutralForeground2 },
  trustValue: { margin: 0 },
  cannotHelp: {
    display: 'flex',
    gap: '8px',
    alignItems: 'flex-start',
    color: tokens.colorStatusWarningForeground3,
  },
  cardFoot: { display: 'flex', gap: '8px', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' },
  ok: { display: 'flex', gap: '6px', alignItems: 'center', color: tokens.colorStatusSuccessForeground1 },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  list: { margin: 0, paddingLeft: '20px' },
  loading: { padding: '48px', display: 'grid', placeItems: 'center' },
});

export function AdminReportView() {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const { account, report, reading, readError, lastApply, actionError, drawerOpen } = useAdmin(
    useShallow((s) => ({
      drawerOpen: s.selectedTenantId !== null,
      actionError: s.actionError,
      account: s.account,
      report: s.report,
      reading: s.reading,
      readError: s.readError,
      lastApply: s.lastApply,
    })),
  );
  // The first report after the mode opens with a sign-in main still held.
  useEffect(() => {
    const s = admin.getState();
    if (s.account && !s.report && !s.reading && !s.readError) void s.readReport();
  }, [admin]);
  const tenantName = report?.tenantDisplayName ?? report?.tenantId ?? 'your tenant';
  return (
    <main className={mergeClasses(styles.page, 'print-page')} aria-busy={reading}>
      <PageHeader
        maxWidth={1400 - 64}
        title="Guests from other organisations"
        subtitle={
          <>
            {tenantName}
            {account ? ` · signed in as ${account.username}` : ''}
            {report ? ` · read ${localTime(report.generatedAt)}` : ''}
            {report ? ` · sign-ins of the last ${report.signInDays} days` : ''}
          </>
        }
        actions={
          <>
            <Button
              icon={reading ? <Spinner size="tiny" aria-label="Reading" /> : <ArrowClockwiseRegular />}
              disabled={reading}
              onClick={() => void admin.getState().readReport()}
            >
              Read again
            </Button>
            <Menu>
              <MenuTrigger disableButtonEnhancement>
                <Button icon={<ArrowDownloadRegular />} disabled={!report}>
                  Export
                </Button>
              </MenuTrigger>
              <MenuPopover>
                <MenuList>
                  <MenuItem onClick={() => void admin.getState().exportReport('csv')}>CSV (spreadsheet)</MenuItem>
                  <MenuItem onClick={() => void admin.getState().exportReport('json')}>JSON</MenuItem>
                  <MenuItem icon={<PrintRegular />} onClick={() => window.print()}>
                    Print or save as PDF
                  </MenuItem>
                </MenuList>
              </MenuPopover>
            </Menu>
            <Button icon={<SignOutRegular />} onClick={() => void admin.getState().signOutAdmin()}>
              Sign out
            </Button>
            <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={() => admin.getState().leave()}>
              Guest mode
            </Button>
          </>
        }
      />
      <div className={styles.scroll}>
        <div className={styles.body}>
          <div className={styles.messages}>
            {actionError && (
              <MessageBar intent="error" layout="multiline" data-testid="admin-action-error">
                <MessageBarBody>
                  <MessageBarTitle>{actionError.title}</MessageBarTitle>
                  {actionError.message}
                </MessageBarBody>
                <MessageBarActions>
                  <Button size="small" onClick={() => admin.getState().dismissActionError()}>
                    Dismiss
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {lastApply && (
              <MessageBar
                intent={lastApply.tookEffect ? 'success' : 'warning'}
                layout="multiline"
                data-testid="admin-apply-result"
              >
                <MessageBarBody>
                  <MessageBarTitle>
                    {lastApply.tookEffect
                      ? 'The change took effect'
                      : lastApply.applied
                        ? 'The change was sent, but the policy does not show it yet'
                        : 'The change was not applied'}
                  </MessageBarTitle>
                  {lastApply.message}
                </MessageBarBody>
              </MessageBar>
            )}
            {readError && (
              <MessageBar intent="error" layout="multiline" data-testid="admin-read-error">
                <MessageBarBody>
                  <MessageBarTitle>The report could not be read</MessageBarTitle>
                  {readError}
                </MessageBarBody>
                <MessageBarActions>
                  <Button size="small" onClick={() => void admin.getState().readReport()}>
                    Try again
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {report?.refusals.map((refusal) => (
              <MessageBar
                key={`${refusal.section}-${refusal.kind}`}
                intent="warning"
                layout="multiline"
                data-testid="admin-refusal"
              >
                <MessageBarBody>
                  <MessageBarTitle>{refusalTitle(refusal)}</MessageBarTitle>
                  {refusal.message}
                  {refusal.code ? ` (${refusal.code})` : ''}
                </MessageBarBody>
              </MessageBar>
            ))}
          </div>
          {report ? <ReportBody report={report} /> : reading ? <ReadingReport /> : null}
        </div>
      </div>
      <AdminOrganisationDrawer />
      {/* Opened from an organisation's panel, the dialog lives inside it (a nested Fluent dialog). */}
      {!drawerOpen && <AdminChangeDialog />}
    </main>
  );
}

function ReadingReport() {
  const styles = useStyles();
  return (
    <div className={styles.loading}>
      <Spinner label="Reading your tenant’s settings, guests and sign-ins…" labelPosition="below" />
    </div>
  );
}

function ReportBody({ report }: { report: AdminReport }) {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const totals = totalsOf(report);
  const d = report.defaultTrust;
  return (
    <>
      <div className={styles.strip} role="list" aria-label="Totals">
        <Stat label="Home organisations" value={String(report.organisations.length)} />
        <Stat label="Guests" value={String(totals.guests)} />
        <Stat label="Registered MFA here" value={countText(totals.registeredHere)} />
        <Stat label="Sign-ins: MFA from home" value={countText(totals.satisfiedByClaim)} />
        <Stat label="Sign-ins: MFA done here" value={countText(totals.mfaHere)} />
      </div>

      <AdminSection
        id="admin-default-title"
        level="h2"
        title="Default inbound trust (every organisation without its own setting)"
      >
        {d ? (
          <Body1 data-testid="admin-default-trust">
            MFA: {d.isMfaAccepted ? 'trusted' : 'not trusted'} · compliant device:{' '}
            {d.isCompliantDeviceAccepted ? 'trusted' : 'not trusted'} · hybrid joined device:{' '}
            {d.isHybridAzureADJoinedDeviceAccepted ? 'trusted' : 'not trusted'}
          </Body1>
        ) : (
          <Body1 className={styles.secondary}>Not read (see above).</Body1>
        )}
        {report.defaultSuggestion && (
          <div className={styles.cardFoot}>
            <Body1 className={styles.secondary}>{report.defaultSuggestion.summary}</Body1>
            <Button onClick={() => void admin.getState().previewChange({ target: 'default' })}>
              Review the change to the default…
            </Button>
          </div>
        )}
      </AdminSection>

      <section className={styles.section} aria-labelledby="admin-orgs-title">
        <Subtitle1 as="h2" id="admin-orgs-title" style={{ margin: 0 }}>
          Per home organisation
        </Subtitle1>
        {report.organisations.length === 0 ? (
          <Body1 className={styles.secondary} data-testid="admin-no-organisations">
            {report.refusals.some((r) => r.section === 'guests')
              ? 'Your guests could not be read, so no organisation is listed (see above).'
              : 'No guest of this tenant comes from another Microsoft Entra organisation.'}
          </Body1>
        ) : (
          <div className={styles.cards}>
            {report.organisations.map((org) => (
              <OrganisationCard key={org.tenantId} org={org} trustRead={report.defaultTrust !== null} />
            ))}
          </div>
        )}
      </section>

      {report.guestsWithoutHome.length > 0 && <GuestsWithoutHome guests={report.guestsWithoutHome} />}
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.stat, 'print-card')} role="listitem">
      <span className={styles.statValue}>{value}</span>
      <Caption1 className={styles.secondary}>{label}</Caption1>
    </div>
  );
}

function TrustRow({ label, setting, read }: { label: string; setting: TrustSetting; read: boolean }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.trustLabel}>{label}</dt>
      <dd className={styles.trustValue}>
        {read ? (
          <>
            <strong>{yesNo(setting.value)}</strong> · {trustSourceText(setting)}
          </>
        ) : (
          'not read'
        )}
      </dd>
    </>
  );
}

/** `trustRead`: the cross-tenant access policy could be read (otherwise the trust is unknown, not "No"). */
function OrganisationCard({ org, trustRead }: { org: HomeOrganisationReport; trustRead: boolean }) {
  const styles = useStyles();
  const admin = useAdminStoreApi();
  const name = org.displayName ?? org.defaultDomainName ?? org.tenantId;
  const titleId = `admin-org-${org.tenantId}`;
  const signIns = org.counts.signIns;
  return (
    <article
      className={mergeClasses(styles.card, 'print-card')}
      aria-labelledby={titleId}
      data-testid="admin-organisation"
      data-tenant-id={org.tenantId}
    >
      <div className={styles.cardHead}>
        <div className={styles.cardTitle}>
          <Subtitle2 as="h3" id={titleId} className={styles.name}>
            {name}
          </Subtitle2>
          {org.defaultDomainName && org.displayName && <Caption1>{org.defaultDomainName}</Caption1>}
          <Caption1 className={mergeClasses(styles.mono, styles.muted)}>Tenant ID {org.tenantId}</Caption1>
        </div>
        {!trustRead ? (
          <Badge appearance="outline" color="informative" className={styles.badge}>
            Trust not read
          </Badge>
        ) : org.trust.mfa.value ? (
          <Badge appearance="tint" color="success" className={styles.badge}>
            MFA trusted
          </Badge>
        ) : (
          <Badge appearance="tint" color="warning" className={styles.badge}>
            MFA not trusted
          </Badge>
        )}
      </div>
      <dl className={styles.figures}>
        <Figure label="Guests here" value={String(org.counts.guests)} testId="guests" />
        <Figure label="Registered MFA here" value={countText(org.counts.registeredHere)} testId="registered" />
        <Figure label="Sign-ins: MFA from home" value={countText(signIns?.satisfiedByClaim)} testId="by-claim" />
        <Figure label="Sign-ins: MFA done here" value={countText(signIns?.mfaHere)} testId="mfa-here" />
      </dl>
      <Caption1 className={styles.secondary} as="p" style={{ margin: 0 }}>
        Inbound trust in effect
      </Caption1>
      <dl className={styles.trust} aria-label={`Effective inbound trust for ${name}`}>
        <TrustRow label="Home MFA" setting={org.trust.mfa} read={trustRead} />
        <TrustRow label="Compliant devices" setting={org.trust.compliantDevice} read={trustRead} />
        <TrustRow label="Hybrid joined devices" setting={org.trust.hybridJoinedDevice} read={trustRead} />
      </dl>
      {org.counts.trustCannotHelp > 0 && (
        <div className={styles.cannotHelp} data-testid="admin-cannot-help">
          <PersonProhibitedRegular aria-hidden style={{ flexShrink: 0, marginTop: '2px' }} />
          <Caption1>
            {org.counts.trustCannotHelp === 1
              ? '1 guest redeemed with a personal account or one-time passcode: trust cannot help them.'
              : `${org.counts.trustCannotHelp} guests redeemed with a personal account or one-time passcode: trust cannot help them.`}
          </Caption1>
        </div>
      )}
      <div className={styles.cardFoot}>
        {org.suggestion ? (
          <Caption1 className={styles.secondary} style={{ flex: '1 1 200px' }}>
            {org.suggestion.summary}
          </Caption1>
        ) : trustRead ? (
          <span className={styles.ok}>
            <CheckmarkCircleRegular aria-hidden />
            <Caption1>Nothing to change: MFA from {name} is trusted.</Caption1>
          </span>
        ) : (
          <Caption1 className={styles.secondary} style={{ flex: '1 1 200px' }}>
            Without the trust settings the app cannot suggest a change.
          </Caption1>
        )}
        <Button
          appearance={org.suggestion ? 'primary' : 'secondary'}
          onClick={() => admin.getState().select(org.tenantId)}
          // The visible words first, then whose (axe: label-content-name-mismatch).
          aria-label={`${org.suggestion ? 'Details and change' : 'Details'} for ${name}`}
        >
          {org.suggestion ? 'Details and change' : 'Details'}
        </Button>
      </div>
    </article>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  const styles = useStyles();
  return (
    <div className={styles.figure}>
      <dt className={styles.figureLabel}>{label}</dt>
      <dd className={styles.figureValue} data-testid={`admin-figure-${testId}`}>
        {value}
      </dd>
    </div>
  );
}

function GuestsWithoutHome({ guests }: { guests: AdminGuest[] }) {
  const styles = useStyles();
  const cannotHelp = guests.filter((g) => g.trustCannotHelp).length;
  return (
    <AdminSection
      id="admin-nohome-title"
      level="h2"
      data-testid="admin-guests-without-home"
      title={
        <>
          <WarningRegular aria-hidden /> Guests without a known home organisation ({guests.length})
        </>
      }
    >
      <Body1 className={styles.secondary}>
        {cannotHelp > 0
          ? `${cannotHelp} of them redeemed their invitation with a personal account or a one-time passcode: no trust setting can help them. They keep an MFA registration with you unless their redemption is reset and they redeem again with a work account. `
          : ''}
        {cannotHelp < guests.length
          ? 'For the others neither a sign-in nor their email domain named their home organisation.'
          : ''}
      </Body1>
      <ul className={styles.list}>
        {guests.map((g) => (
          <li key={g.id}>
            <Body1>
              {g.displayName ?? g.mail ?? g.userPrincipalName ?? g.id} · {REDEMPTION_TEXT[g.redemption]}
              {g.trustCannotHelp ? ' · trust cannot help' : ''}
              {g.registeredHere?.isMfaRegistered ? ' · MFA registered here' : ''}
            </Body1>
          </li>
        ))}
      </ul>
    </AdminSection>
  );
}

function totalsOf(report: AdminReport) {
  let guests = report.guestsWithoutHome.length;
  // A part that could not be read has no total, not a zero.
  const refused = (section: string) => report.refusals.some((r) => r.section === section);
  let registeredHere: number | null = refused('registrations') ? null : 0;
  let satisfiedByClaim: number | null = refused('signIns') ? null : 0;
  let mfaHere: number | null = satisfiedByClaim;
  for (const org of report.organisations) {
    guests += org.counts.guests;
    registeredHere =
      registeredHere === null || org.counts.registeredHere === null ? null : registeredHere + org.counts.registeredHere;
    const s = org.counts.signIns;
    satisfiedByClaim = satisfiedByClaim === null || s === null ? null : satisfiedByClaim + s.satisfiedByClaim;
    mfaHere = mfaHere === null || s === null ? null : mfaHere + s.mfaHere;
  }
  if (registeredHere !== null)
    registeredHere += report.guestsWithoutHome.filter((g) => g.registeredHere?.isMfaRegistered).length;
  return { guests, registeredHere, satisfiedByClaim, mfaHere };
}
