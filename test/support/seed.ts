/**
 * Puts fixture data (test/fixtures/ui-fixture.ts) through the real store, under the account a real sign-in
 * gave: the listing, each tenant's results in the order its history says (the store writes the history itself,
 * as a scan's results would), notes, recipients, the hand-made entries, ticks, answers, checklist progress and
 * settings, all through `AppStore`'s own methods. Nothing is written to the data file by hand.
 */
import { entryKeyForManual, entryKeyForTenant, manualEntryIdOf } from '../../shared/entry-keys';
import type { AccountSummary, Classification, TenantRecord } from '../../shared/model';
import type { AppStore } from '../../main/store';
import { FIXTURE_ACCOUNT_ID, HOME_TENANT_ID, type FixtureData } from '../fixtures/ui-fixture';
import { typicalReason } from './words';

function time(iso: string): number {
  return Date.parse(iso);
}

/** One stored result of a tenant, as the scanner would hand it to the store. */
function resultOf(record: TenantRecord, classification: Classification, observedAt: string) {
  return {
    classification,
    methods: record.methods,
    methodsNote: record.methodsNote,
    sponsors: record.sponsors,
    technicalContacts: record.technicalContacts,
    observedAt,
  };
}

/** Seeds the store with the fixture; returns how the fixture's entry keys map to the stored ones. */
export async function seedFixture(
  store: AppStore,
  account: AccountSummary,
  data: FixtureData,
): Promise<{ keyOf(fixtureKey: string): string }> {
  const accountId = account.accountId;
  await store.upsertAccount({ ...account, ...data.account });
  const tenantIdOf = (record: TenantRecord) => (record.isHome ? account.homeTenantId : record.tenantId);
  await store.upsertTenants(
    accountId,
    data.tenants.map((t) => ({
      tenantId: tenantIdOf(t),
      displayName: t.displayName,
      defaultDomain: t.defaultDomain,
      domains: t.domains,
      isHome: t.isHome,
      source: t.source,
      listed: t.listed,
    })),
  );

  for (const record of data.tenants) {
    const tenantId = tenantIdOf(record);
    const c = record.classification;
    // The history first, oldest first: each step a result of its verdict at its time (failed checks are no step).
    const steps = [...record.history].sort((a, b) => time(a.at) - time(b.at));
    for (const step of steps) {
      if (c && step.at === record.observedAt) continue;
      const classification: Classification = {
        ...(c ?? EMPTY_CLASSIFICATION),
        verdict: step.verdict,
        leftoverRegistration: step.leftoverRegistration,
        evidence: { ...(c ?? EMPTY_CLASSIFICATION).evidence, aadsts: step.aadsts ?? null },
      };
      await store.recordResult(accountId, tenantId, resultOf(record, classification, step.at));
    }
    if (c && record.observedAt) await store.recordResult(accountId, tenantId, resultOf(record, c, record.observedAt));
    else if (record.isHome && record.observedAt) {
      // The home tenant is checked too (its token), with no verdict of its own in the fixture.
      await store.recordResult(accountId, tenantId, resultOf(record, HOME_CLASSIFICATION, record.observedAt));
    }
    if (record.notes) await store.setNotes(accountId, tenantId, record.notes);
    if (record.recipients.length > 0) await store.setRecipients(accountId, tenantId, record.recipients);
    if (record.lastInteractiveSignInAt) {
      await store.markInteractiveSignIn(accountId, tenantId, record.lastInteractiveSignInAt);
    }
  }

  const manualIds = new Map<string, string>();
  for (const entry of data.manualEntries) {
    const stored = await store.addManualEntry({
      organisation: entry.organisation,
      label: entry.label,
      note: entry.note,
    });
    manualIds.set(entry.id, stored.id);
  }
  const keyOf = (fixtureKey: string): string => {
    const manual = manualEntryIdOf(fixtureKey);
    if (manual !== null) return entryKeyForManual(manualIds.get(manual) ?? manual);
    const [, fixtureAccount, tenantId] = /^tenant:(.*):([^:]+)$/.exec(fixtureKey) ?? [];
    if (fixtureAccount !== FIXTURE_ACCOUNT_ID || !tenantId) return fixtureKey;
    return entryKeyForTenant(accountId, tenantId === HOME_TENANT_ID ? account.homeTenantId : tenantId);
  };
  for (const [key, ticked] of Object.entries(data.ticks)) await store.setEntryTicked(keyOf(key), ticked);
  for (const [key, answer] of Object.entries(data.confirmations)) {
    await store.setEntryConfirmation(keyOf(key), answer.answer, answer.at, answer.verdict);
  }
  for (const [key, steps] of Object.entries(data.checklist)) {
    for (const [step, done] of Object.entries(steps)) {
      await store.setChecklistStep(keyOf(key), step as keyof typeof steps, done === true);
    }
  }
  if (Object.keys(data.settings).length > 0) await store.updateSettings(data.settings);
  return { keyOf };
}

const EMPTY_CLASSIFICATION: Classification = {
  verdict: 'no-mfa-required',
  leftoverRegistration: false,
  confidence: 'likely',
  evidence: {
    aadsts: null,
    errorCode: null,
    subError: null,
    correlationId: null,
    traceId: null,
    timestamp: null,
    amr: null,
    acrs: null,
    claimsChallenge: null,
    policyIds: [],
    message: null,
  },
  reason: typicalReason('error'),
};

const HOME_CLASSIFICATION: Classification = {
  ...EMPTY_CLASSIFICATION,
  verdict: 'home-mfa-trusted',
  confidence: 'certain',
  evidence: { ...EMPTY_CLASSIFICATION.evidence, amr: ['pwd', 'mfa'] },
  reason: { code: 'home-mfa', facts: {} },
};
