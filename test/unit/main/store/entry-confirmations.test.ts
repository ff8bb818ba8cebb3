/**
 * The user's answers to "I have this entry in Authenticator", as the store keeps them: additive (a data file
 * written before they existed loads unchanged, with none), validated like everything else, cleared with the
 * tenant or account they belong to, and kept part by part when a damaged file is salvaged.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, DATA_FILE, StoreError } from '../../../../main/store';
import { account, at, listing, makeTempDir, result, tenantId } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const open = () => AppStore.open({ dir, now: () => new Date('2026-01-01T09:00:00.000Z') });
const key = (n: number, accountId = 'acc-1') => `tenant:${accountId}:${tenantId(n)}`;

describe('entry confirmations in the store', () => {
  it('keeps an answer with its time and the verdict it was given under, across a restart; null takes it back', async () => {
    const { store } = await open();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    const saved = await store.setEntryConfirmation(key(1), 'no', at(3), 'separate-mfa');
    expect(saved).toEqual({ answer: 'no', at: at(3), verdict: 'separate-mfa' });
    await store.setEntryConfirmation(key(2), 'unsure', at(4), null);
    await store.close();

    const { store: reopened, notices } = await open();
    expect(notices).toEqual([]);
    expect(reopened.data().entryConfirmations).toEqual({
      [key(1)]: { answer: 'no', at: at(3), verdict: 'separate-mfa' },
      [key(2)]: { answer: 'unsure', at: at(4), verdict: null },
    });
    expect(await reopened.setEntryConfirmation(key(2), null, at(5), null)).toBeNull();
    expect(Object.keys(reopened.data().entryConfirmations)).toEqual([key(1)]);
    await reopened.close();
  });

  it('refuses what is not an answer, a key or a time, and changes nothing', async () => {
    const { store } = await open();
    const before = JSON.stringify(store.data());
    for (const call of [
      () => store.setEntryConfirmation(key(1), 'maybe' as never, at(1), null),
      () => store.setEntryConfirmation('__proto__', 'yes', at(1), null),
      () => store.setEntryConfirmation(key(1), 'yes', 'yesterday', null),
      () => store.setEntryConfirmation(key(1), 'yes', at(1), 'trusted' as never),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(StoreError);
      await expect(call()).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    expect(JSON.stringify(store.data())).toBe(before);
    await store.close();
  });

  it('forgets the answers of a removed tenant or signed-out account, and only theirs', async () => {
    const { store } = await open();
    await store.upsertAccount(account('acc-1'));
    await store.upsertAccount(account('acc-2'));
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    await store.upsertTenants('acc-2', [listing(1)]);
    await store.setEntryConfirmation(key(1), 'yes', at(1), null);
    await store.setEntryConfirmation(key(2), 'yes', at(1), null);
    await store.setEntryConfirmation(key(1, 'acc-2'), 'no', at(1), null);
    await store.removeTenant('acc-1', tenantId(2));
    expect(Object.keys(store.data().entryConfirmations).sort()).toEqual([key(1), key(1, 'acc-2')].sort());
    await store.removeAccount('acc-1');
    expect(Object.keys(store.data().entryConfirmations)).toEqual([key(1, 'acc-2')]);
    await store.close();
  });

  it('records the AADSTS code with a change of verdict, so the entry can say how it is known', async () => {
    const { store } = await open();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    await store.recordResult('acc-1', tenantId(1), result('home-mfa-trusted', at(2)));
    expect(store.data().tenants[0]!.history).toEqual([
      { verdict: 'separate-mfa', leftoverRegistration: false, at: at(1), aadsts: 50076 },
      { verdict: 'home-mfa-trusted', leftoverRegistration: false, at: at(2) },
    ]);
    await store.close();
  });
});

describe('files written before the answers existed', () => {
  async function writeOldFile(extra: Record<string, unknown> = {}): Promise<void> {
    const { store } = await open();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    await store.setEntryTicked(key(1), true);
    await store.setChecklistStep(key(1), 'remove-old-device', true);
    await store.close();
    // What an earlier version wrote: no answers, history entries without a code.
    const file = JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8')) as Record<string, unknown>;
    delete file.entryConfirmations;
    const tenants = file.tenants as { history: Record<string, unknown>[] }[];
    for (const t of tenants) for (const h of t.history) delete h.aadsts;
    await writeFile(join(dir, DATA_FILE), JSON.stringify({ ...file, ...extra }));
  }

  it('load with no answers and lose nothing else', async () => {
    await writeOldFile();
    const { store, notices } = await open();
    expect(notices).toEqual([]);
    const data = store.data();
    expect(data.entryConfirmations).toEqual({});
    expect(data.entryTicks).toEqual({ [key(1)]: true });
    expect(data.checklist).toEqual({ [key(1)]: { 'remove-old-device': true } });
    expect(data.tenants[0]!.history).toEqual([{ verdict: 'separate-mfa', leftoverRegistration: false, at: at(1) }]);
    // The next change writes the answers alongside.
    await store.setEntryConfirmation(key(1), 'yes', at(2), 'separate-mfa');
    await store.close();
    const written = JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8')) as Record<string, unknown>;
    expect(written.entryConfirmations).toEqual({ [key(1)]: { answer: 'yes', at: at(2), verdict: 'separate-mfa' } });
  });

  it('salvage a damaged answer on its own, keeping the valid ones and everything else', async () => {
    await writeOldFile({
      entryConfirmations: {
        [key(1)]: { answer: 'yes', at: at(2), verdict: 'separate-mfa' },
        [key(2)]: { answer: 'perhaps', at: at(2), verdict: null },
        'not a key': { answer: 'no', at: at(2), verdict: null },
      },
    });
    const { store, notices } = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/1 answer about an entry/);
    expect(notices[0]!.message).toMatch(/Left out: 2 answers about entries/);
    expect(store.data().entryConfirmations).toEqual({
      [key(1)]: { answer: 'yes', at: at(2), verdict: 'separate-mfa' },
    });
    expect(store.data().entryTicks).toEqual({ [key(1)]: true });
    await store.close();
  });
});
