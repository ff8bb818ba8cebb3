/**
 * The actions that fit a tenant come from one table (shared/verdicts.ts): the drawer's buttons, the toolbar's
 * batch counts, main's batches and the composer's kinds all ask `tenantActions` / `emailFits`, so for every
 * verdict and entry word they agree.
 */
import { describe, expect, it } from 'vitest';
import { batchCandidates } from '../../../main/services/email-batch';
import { entryKeyForTenant } from '../../../shared/entry-keys';
import {
  EMAIL_KINDS,
  ENTRY_STATUSES,
  VERDICTS,
  type AuthenticatorEntry,
  type EntryStatus,
  type TenantRecord,
  type Verdict,
} from '../../../shared/model';
import {
  EMAIL_ACTION,
  MFA_RESET_ENTRY_STATES,
  VERDICT_RULES,
  emailCandidates,
  emailFits,
  tenantActions,
} from '../../../shared/verdicts';
import { ACCOUNT_ID, classification, tenantRecord } from '../../fixtures/emails';

let n = 0;
function tenant(verdict: Verdict, aadsts: number | null = 50076): TenantRecord {
  n += 1;
  const base = classification();
  return tenantRecord({
    tenantId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    accountId: ACCOUNT_ID,
    classification: { ...base, verdict, evidence: { ...base.evidence, aadsts } },
    history: verdict === 'error' ? [] : [{ verdict, leftoverRegistration: false, at: '2025-03-04T09:15:27Z' }],
  });
}

function entryFor(t: TenantRecord, status: EntryStatus): AuthenticatorEntry {
  return { key: entryKeyForTenant(t.accountId, t.tenantId), status } as AuthenticatorEntry;
}

describe('the actions that fit a tenant', () => {
  it('offers an MFA reset only where an entry is in use or about to be, and the verdict allows one', () => {
    for (const verdict of VERDICTS) {
      for (const status of ENTRY_STATUSES) {
        const t = tenant(verdict);
        const offered = tenantActions(t, status).includes('request-mfa-reset');
        const allowed = (VERDICT_RULES[verdict].actions as readonly string[]).includes('request-mfa-reset');
        expect(offered, `${verdict}/${status}`).toBe(allowed && MFA_RESET_ENTRY_STATES.includes(status));
      }
      expect(tenantActions(tenant(verdict), null)).not.toContain('request-mfa-reset');
    }
  });

  it('offers the device email, and no sign-in, where the device is refused', () => {
    const device = tenant('blocked', 530003);
    expect(tenantActions(device, 'unknown')[0]).toBe('request-device-trust');
    expect(tenantActions(device, 'unknown')).not.toContain('sign-in-to-tenant');
    const policy = tenant('blocked', 53003);
    expect(tenantActions(policy, 'unknown')).not.toContain('request-device-trust');
    for (const verdict of VERDICTS)
      if (verdict !== 'blocked') expect(tenantActions(tenant(verdict), 'in-use')).not.toContain('request-device-trust');
  });

  it('offers a trust request where one is needed, also after a failed check of such a tenant', () => {
    const failed = tenant('error');
    failed.history = [{ verdict: 'separate-mfa', leftoverRegistration: false, at: '2025-03-04T09:15:27Z' }];
    expect(tenantActions(failed, 'in-use')[0]).toBe('request-trust');
    expect(tenantActions(tenant('home-mfa-trusted'), 'leftover')).not.toContain('request-trust');
  });

  it('saves exactly the batches the drawer offers, as the toolbar counts them', () => {
    const statuses: EntryStatus[] = ['in-use', 'will-be-needed', 'not-needed', 'leftover', 'orphaned', 'unknown'];
    const tenants: TenantRecord[] = [];
    const entries: AuthenticatorEntry[] = [];
    for (const verdict of VERDICTS)
      for (const status of statuses) {
        const t = tenant(verdict, verdict === 'blocked' && status === 'unknown' ? 530003 : 50076);
        tenants.push(t);
        entries.push(entryFor(t, status));
      }
    const status = new Map(entries.map((e) => [e.key, e.status]));
    const entryOf = (t: TenantRecord) => status.get(entryKeyForTenant(t.accountId, t.tenantId)) ?? null;
    for (const kind of EMAIL_KINDS) {
      const drawer = tenants.filter((t) => tenantActions(t, entryOf(t)).includes(EMAIL_ACTION[kind]));
      const toolbar = emailCandidates(tenants, ACCOUNT_ID, kind, entryOf);
      const batch = batchCandidates(tenants, ACCOUNT_ID, kind, entries);
      expect(
        toolbar.map((t) => t.tenantId),
        kind,
      ).toEqual(drawer.map((t) => t.tenantId));
      expect(
        batch.map((t) => t.tenantId),
        kind,
      ).toEqual(drawer.map((t) => t.tenantId));
      for (const t of drawer) expect(emailFits(kind, t, entryOf(t))).toBe(true);
    }
    // Not one reset per partner: only the in-use entries of verdicts that allow one (a reset where nothing is
    // registered, or where the user said there is no entry, asks for nothing).
    expect(batchCandidates(tenants, ACCOUNT_ID, 'mfa-reset', entries).length).toBe(
      VERDICTS.filter((v) => (VERDICT_RULES[v].actions as readonly string[]).includes('request-mfa-reset')).length,
    );
  });
});
