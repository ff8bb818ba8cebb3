import { Button, Caption1, Link, Tooltip } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { type ReactNode } from 'react';
import type { Classification } from '../../../../shared/model';
import { lookupAadsts } from '../../../../shared/aadsts';
import { certaintyText } from '../../../../shared/verdicts';
import { explainReason } from '../../../../shared/reasons';
import { CLAIMS_CHALLENGE_WORDS, EVIDENCE_TERMS, acrsSentence, amrSentence, localTime, utcTime } from '../../format';
import { useAppStoreApi } from '../../store-context';
import { useStyles } from './styles';
import { DrawerSection } from './section';

export function Evidence({
  classification,
  observedAt,
}: {
  classification: Classification;
  observedAt: string | null;
}) {
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
  /** An id the user may hand to an IT department, with a button that copies it. */
  const copyableId = (label: 'Correlation id' | 'Trace id', id: string) =>
    rows.push({
      label,
      value: (
        <span className={styles.inline}>
          <span className={styles.mono}>{id}</span>
          <Tooltip content={`Copy ${label.toLowerCase()}`} relationship="label">
            <Button
              size="small"
              appearance="subtle"
              icon={<CopyRegular />}
              onClick={() => void store.getState().copyText(id, label)}
            />
          </Tooltip>
        </span>
      ),
    });
  if (ev.correlationId) copyableId('Correlation id', ev.correlationId);
  if (ev.traceId) copyableId('Trace id', ev.traceId);
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
    <DrawerSection id="evidence-title" title="Evidence">
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
    </DrawerSection>
  );
}
