/**
 * Saving one "I have this entry" answer, a tick or a checklist step in main (main/services/tenants.ts) checks and
 * answers with that one entry: it never derives the whole list of entries, however many organisations there are.
 * The store is a stand-in holding the state in memory (the store's own rules are tested in test/unit/main/store).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { entryKeyForTenant } from '../../../../shared/entry-keys';
import type * as inventory from '../../../../shared/inventory';
import type { EntryAnswer, EntryConfirmation, Verdict } from '../../../../shared/model';
import { selectEntries, type ViewState } from '../../../../shared/selectors';
import type { ServiceContext } from '../../../../main/services/context';
import { tenantHandlers } from '../../../../main/services/tenants';
import { FIXTURE_ACCOUNT, FIXTURE_ACCOUNT_ID, largeFixtureData } from '../../../fixtures/ui-fixture';

/** How often the whole list of entries was derived. */
const derived = vi.hoisted(() => ({ wholeLists: 0 }));
vi.mock('../../../../shared/inventory', async (original) => {
  const actual = await original<typeof inventory>();
  return {
    ...actual,
    buildAuthenticatorEntries: (input: inventory.EntriesInput) => {
      derived.wholeLists += 1;
      return actual.buildAuthenticatorEntries(input);
    },
  };
});

const NOW = new Date('2026-01-05T10:00:00Z');

/** Main's services over a store of `organisations` guest tenants, with the calls its answers made. */
function servicesOver(organisations: number) {
  const data = largeFixtureData(organisations, NOW.getTime());
  let state: ViewState = {
    accounts: [FIXTURE_ACCOUNT],
    tenants: data.tenants,
    manualEntries: data.manualEntries,
    entryTicks: {},
    entryConfirmations: {},
    checklist: {},
    settings: { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' },
  };
  const store = {
    data: () => state,
    tenant: (accountId: string, tenantId: string) =>
      state.tenants.find((t) => t.accountId === accountId && t.tenantId === tenantId),
    async setEntryConfirmation(key: string, answer: EntryAnswer | null, at: string, verdict: Verdict | null) {
      const confirmation: EntryConfirmation | null = answer === null ? null : { answer, at, verdict };
      const { [key]: _old, ...rest } = state.entryConfirmations;
      state = { ...state, entryConfirmations: confirmation ? { ...rest, [key]: confirmation } : rest };
      return confirmation;
    },
    async setEntryTicked(key: string, ticked: boolean) {
      state = { ...state, entryTicks: { ...state.entryTicks, [key]: ticked } };
    },
  };
  const ctx = { store, now: () => NOW } as unknown as ServiceContext;
  return { handlers: tenantHandlers(ctx), state: () => state };
}

describe('an answer, a tick or a step on one entry', () => {
  beforeEach(() => {
    derived.wholeLists = 0;
  });

  it('answers with that entry as the whole list would show it, without deriving the list', async () => {
    const { handlers, state } = servicesOver(5000);
    const guest = state().tenants.find((t) => !t.isHome && t.classification?.verdict === 'separate-mfa')!;
    const key = entryKeyForTenant(FIXTURE_ACCOUNT_ID, guest.tenantId);

    const entry = await handlers.setEntryConfirmation({ key, answer: 'no' });
    await handlers.setEntryTicked({ key, ticked: true });
    expect(derived.wholeLists).toBe(0);

    // The entry it answered with is the one the renderer derives from the saved state.
    expect(entry).toMatchObject({ key, confirmation: { answer: 'no', at: NOW.toISOString() } });
    const listed = selectEntries(state()).find((e) => e.key === key)!;
    expect({ ...entry, ticked: true }).toEqual(listed);
  });

  it('still refuses a key of no entry, and saves nothing for it', async () => {
    const { handlers, state } = servicesOver(50);
    await expect(
      handlers.setEntryConfirmation({ key: entryKeyForTenant(FIXTURE_ACCOUNT_ID, 'gone'), answer: 'yes' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(state().entryConfirmations).toEqual({});
    expect(derived.wholeLists).toBe(0);
  });
});
