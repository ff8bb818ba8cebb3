import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/model';
import {
  AppStore,
  DATA_FILE,
  JOURNAL_FILE,
  PREVIOUS_DATA_FILE,
  PREVIOUS_JOURNAL_FILE,
  StoreError,
  type TenantResult,
} from '../../../../main/store';
import type { StoreFs } from '../../../../main/fs/atomic-fs';
import { account, at, faultyFs, listing, makeTempDir, result, simulateCrash, tenantId } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const fixedNow = () => new Date('2026-01-01T09:00:00.000Z');

async function openStore(options: { fs?: StoreFs; compactJournalBytes?: number } = {}) {
  return AppStore.open({ dir, now: fixedNow, ...options });
}

/** A store opened with `options` whose one account has listed the tenants 1 to `count`. */
async function storeWithListing(count: number, options: { compactJournalBytes?: number } = {}): Promise<AppStore> {
  const { store } = await openStore(options);
  await store.upsertAccount(account());
  await store.upsertTenants(
    'acc-1',
    Array.from({ length: count }, (_, i) => listing(i + 1)),
  );
  return store;
}

/**
 * A crash (no close), then a second store over the same folder: it opens without a notice and holds `expected`.
 * Both stores are closed.
 */
async function expectKeptThroughCrash(store: AppStore, expected: unknown): Promise<void> {
  await simulateCrash(dir);
  const { store: reopened, notices } = await openStore();
  expect(notices).toEqual([]);
  expect(reopened.data()).toEqual(expected);
  await reopened.close();
  await store.close();
}

async function expectStoreError(promise: Promise<unknown>, code: StoreError['code']): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(StoreError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe('AppStore round trip', () => {
  it('starts empty with default settings and writes only inside its directory', async () => {
    const { store, notices } = await openStore();
    expect(notices).toEqual([]);
    expect(store.data().settings).toEqual(DEFAULT_SETTINGS);
    expect(store.data().tenants).toEqual([]);
    await store.close();
    // The data file and its journal, and the generation before them (the last save's safety net).
    expect((await readdir(dir)).sort()).toEqual(
      [DATA_FILE, JOURNAL_FILE, PREVIOUS_DATA_FILE, PREVIOUS_JOURNAL_FILE].sort(),
    );
  });

  it('keeps everything the user and the scan saved across a restart', async () => {
    const { store } = await openStore();
    await store.updateSettings({ concurrency: 4, senderName: 'Ada' });
    await store.upsertAccount(account('acc-1'));
    await store.upsertTenants('acc-1', [listing(1), listing(2), listing(3, { isHome: true })]);
    await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    await store.recordResult('acc-1', tenantId(2), result('home-mfa-trusted', at(2), true));
    await store.setNotes('acc-1', tenantId(1), 'Asked Fabrikam IT on Monday');
    await store.setRecipients('acc-1', tenantId(1), [' it@fabrikam.example ', 'IT@fabrikam.example', 'sec@x.example']);
    await store.markInteractiveSignIn('acc-1', tenantId(2), at(5));
    const entry = await store.addManualEntry({ organisation: 'Old Partner Ltd', label: 'oldpartner' });
    await store.setEntryTicked(`manual:${entry.id}`, true);
    await store.setChecklistStep(`tenant:acc-1:${tenantId(1)}`, 'add-new-phone', true);
    const before = store.data();
    await store.close();

    await simulateCrash(dir);
    const { store: reopened, notices } = await openStore();
    expect(notices).toEqual([]);
    expect(reopened.data()).toEqual(before);
    const t1 = reopened.data().tenants.find((t) => t.tenantId === tenantId(1))!;
    expect(t1.classification?.verdict).toBe('separate-mfa');
    expect(t1.notes).toBe('Asked Fabrikam IT on Monday');
    expect(t1.recipients).toEqual(['it@fabrikam.example', 'sec@x.example']);
    expect(reopened.data().settings).toEqual({ ...DEFAULT_SETTINGS, concurrency: 4, senderName: 'Ada' });
    expect(reopened.data().manualEntries).toEqual([
      {
        id: entry.id,
        organisation: 'Old Partner Ltd',
        label: 'oldpartner',
        note: '',
        createdAt: fixedNow().toISOString(),
      },
    ]);
    await reopened.close();
  });

  it('keeps resolved results when the app never closed the store (journal replay)', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    await store.recordResult('acc-1', tenantId(1), result('blocked', at(1)));
    await store.setNotes('acc-1', tenantId(2), 'note');
    const before = store.data();
    // No close(): the second instance reads what is on disk, as after a crash.
    const journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    // The header, the two listed tenants, then the result and the note: one record line each.
    expect(journal.trim().split('\n')).toHaveLength(5);

    await expectKeptThroughCrash(store, before);
  });

  it('hands out frozen state that callers cannot change', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    const [record] = await store.upsertTenants('acc-1', [listing(1)]);
    expect(() => {
      (record as { notes: string }).notes = 'changed';
    }).toThrow(TypeError);
    expect(() => store.data().accounts.push(account('acc-2'))).toThrow(TypeError);
    expect(store.data().tenants[0]?.notes).toBe('');
    await store.close();
  });
});

describe('history', () => {
  it('records changes of verdict and leftover flag, not every scan, and survives a restart', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    const scans: TenantResult[] = [
      result('separate-mfa', at(1)),
      result('separate-mfa', at(2)),
      result('home-mfa-trusted', at(3)),
      result('home-mfa-trusted', at(4)),
      result('home-mfa-trusted', at(5), true),
      result('error', at(6)),
      result('home-mfa-trusted', at(7), true),
    ];
    for (const scan of scans) await store.recordResult('acc-1', tenantId(1), scan);
    // A repeated verdict adds no entry: it counts one more check on the last one (a failed check counts nothing).
    const expected = [
      { verdict: 'separate-mfa', leftoverRegistration: false, at: at(1), aadsts: 50076, checks: 2, lastAt: at(2) },
      { verdict: 'home-mfa-trusted', leftoverRegistration: false, at: at(3), checks: 2, lastAt: at(4) },
      { verdict: 'home-mfa-trusted', leftoverRegistration: true, at: at(5), checks: 2, lastAt: at(7) },
    ];
    const record = store.data().tenants[0]!;
    expect(record.history).toEqual(expected);
    expect(record.observedAt).toBe(at(7));
    expect(record.classification?.verdict).toBe('home-mfa-trusted');

    await simulateCrash(dir);
    const { store: reopened } = await openStore();
    expect(reopened.data().tenants[0]?.history).toEqual(expected);
    await reopened.close();
    await store.close();
  });

  it('shows an error result as the latest state while history keeps the last real verdict', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    const record = await store.recordResult('acc-1', tenantId(1), result('error', at(2)));
    expect(record.classification?.verdict).toBe('error');
    expect(record.history.map((h) => h.verdict)).toEqual(['separate-mfa']);
    await store.close();
  });
});

describe('tenants and accounts', () => {
  it('merges a new listing without losing results, notes or history', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    await store.setNotes('acc-1', tenantId(1), 'keep me');
    const records = await store.upsertTenants('acc-1', [listing(1, { displayName: 'Fabrikam (renamed)' })], {
      complete: true,
    });
    expect(records.map((r) => r.tenantId)).toEqual([tenantId(1), tenantId(2)]);
    const [t1, t2] = records;
    expect(t1).toMatchObject({ displayName: 'Fabrikam (renamed)', notes: 'keep me', listed: true, source: 'arm' });
    expect(t1?.classification?.verdict).toBe('separate-mfa');
    expect(t1?.history).toHaveLength(1);
    // No longer listed by ARM: kept for the scan, marked as from an earlier scan.
    expect(t2).toMatchObject({ listed: false, source: 'previous-scan' });
    await store.close();
  });

  it('saves a listing as journal lines of the records it added or changed, and one that changes nothing as none', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    const dataBefore = await readFile(join(dir, DATA_FILE));
    const journalLines = async () => (await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim().split('\n').slice(1);

    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    expect((await journalLines()).map((line) => JSON.parse(line).record.tenantId)).toEqual([tenantId(1), tenantId(2)]);
    const [first, second] = store.data().tenants;
    // ARM lists both again, one renamed: only that one gets a line; the other stays the very same record.
    await store.upsertTenants('acc-1', [listing(1), listing(2, { displayName: 'Contoso (renamed)' })], {
      complete: true,
    });
    const lines = await journalLines();
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!).record).toMatchObject({ tenantId: tenantId(2), displayName: 'Contoso (renamed)' });
    expect(store.data().tenants[0]).toBe(first);
    expect(store.data().tenants[1]).not.toBe(second);
    // The data file was not rewritten for any of it, and a restart after a crash has every record.
    expect(await readFile(join(dir, DATA_FILE))).toEqual(dataBefore);
    const expected = store.data();
    await expectKeptThroughCrash(store, expected);
  });

  it('rewrites the data file instead when a listing changes more records than the journal may hold', async () => {
    const store = await storeWithListing(20, { compactJournalBytes: 2_000 });
    const data = JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8'));
    expect(data.tenants).toHaveLength(20);
    expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim().split('\n')).toHaveLength(1);
    await store.close();
  });

  it('adds a tenant the user typed in, saved in the data file itself (no scan could give it back)', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    const [added] = await store.upsertTenants('acc-1', [listing(9, { source: 'added-by-user', listed: false })]);
    expect(added).toMatchObject({ tenantId: tenantId(9), source: 'added-by-user', classification: null });
    const data = JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8'));
    expect(data.tenants).toMatchObject([{ tenantId: tenantId(9), source: 'added-by-user' }]);
    await store.close();
  });

  it('removing an account drops its tenants, ticks and checklist but nothing of other accounts', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account('acc-1'));
    await store.upsertAccount(account('acc-2'));
    await store.upsertTenants('acc-1', [listing(1)]);
    await store.upsertTenants('acc-2', [listing(1)]);
    await store.setEntryTicked(`tenant:acc-1:${tenantId(1)}`, true);
    await store.setEntryTicked(`tenant:acc-2:${tenantId(1)}`, true);
    await store.setChecklistStep(`tenant:acc-1:${tenantId(1)}`, 'test-sign-in', true);
    await store.removeAccount('acc-1');
    const data = store.data();
    expect(data.accounts.map((a) => a.accountId)).toEqual(['acc-2']);
    expect(data.tenants.map((t) => t.accountId)).toEqual(['acc-2']);
    expect(data.entryTicks).toEqual({ [`tenant:acc-2:${tenantId(1)}`]: true });
    expect(data.checklist).toEqual({});
    await store.close();
  });

  it('removes one tenant and a hand-added entry with their ticks', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    await store.setEntryTicked(`tenant:acc-1:${tenantId(2)}`, true);
    await store.removeTenant('acc-1', tenantId(2));
    const entry = await store.addManualEntry({ organisation: 'Gone Corp' });
    await store.setChecklistStep(`manual:${entry.id}`, 'remove-old-device', true);
    await store.removeManualEntry(entry.id);
    expect(store.data().tenants.map((t) => t.tenantId)).toEqual([tenantId(1)]);
    expect(store.data().entryTicks).toEqual({});
    expect(store.data().checklist).toEqual({});
    expect(store.data().manualEntries).toEqual([]);
    await store.close();
  });

  it('saves a result on the right organisation after tenants and accounts came and went', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account('acc-1'));
    await store.upsertAccount(account('acc-2'));
    await store.upsertTenants('acc-1', [listing(1), listing(2), listing(3)]);
    await store.upsertTenants('acc-2', [listing(2)]);
    await store.recordResult('acc-1', tenantId(3), result('separate-mfa', at(1)));
    await store.removeTenant('acc-1', tenantId(1));
    await store.removeAccount('acc-2');
    await store.upsertTenants('acc-1', [listing(4)]);
    // Every record moved up one place: results go to the tenant they name, not to where it used to be.
    await store.recordResult('acc-1', tenantId(3), result('home-mfa-trusted', at(2)));
    await store.recordResult('acc-1', tenantId(4), result('separate-mfa', at(3)));
    const verdicts = store.data().tenants.map((t) => [t.tenantId, t.classification?.verdict ?? null]);
    expect(verdicts).toEqual([
      [tenantId(2), null],
      [tenantId(3), 'home-mfa-trusted'],
      [tenantId(4), 'separate-mfa'],
    ]);
    expect(store.data().tenants[1]?.history.map((h) => h.verdict)).toEqual(['separate-mfa', 'home-mfa-trusted']);
    await expectStoreError(store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(4))), 'not-found');
    await expectStoreError(store.recordResult('acc-2', tenantId(2), result('separate-mfa', at(4))), 'not-found');
    expect(store.tenant('acc-1', tenantId(1))).toBeUndefined();
    expect(store.tenant('acc-1', tenantId(4))?.classification?.verdict).toBe('separate-mfa');
    await store.close();
    // What was saved reads back the same.
    const reopened = await openStore();
    expect(reopened.store.data().tenants.map((t) => [t.tenantId, t.classification?.verdict ?? null])).toEqual(verdicts);
    await reopened.store.close();
  });
});

describe('errors the IPC layer can show', () => {
  it('answers not-found for unknown accounts, tenants and entries and changes nothing', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    const before = store.data();
    await expectStoreError(store.recordResult('acc-1', tenantId(2), result('blocked', at(1))), 'not-found');
    await expectStoreError(store.recordResult('acc-9', tenantId(1), result('blocked', at(1))), 'not-found');
    await expectStoreError(store.upsertTenants('acc-9', [listing(1)]), 'not-found');
    await expectStoreError(store.removeAccount('acc-9'), 'not-found');
    await expectStoreError(store.removeTenant('acc-1', tenantId(5)), 'not-found');
    await expectStoreError(store.removeManualEntry('nope'), 'not-found');
    await expectStoreError(store.setNotes('acc-1', tenantId(3), 'x'), 'not-found');
    expect(store.data()).toBe(before);
    await store.close();
  });

  it('answers invalid-argument for bad input and changes nothing', async () => {
    const { store } = await openStore();
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    const before = store.data();
    await expectStoreError(store.updateSettings({ concurrency: 0 }), 'invalid-argument');
    await expectStoreError(store.updateSettings({ clientId: 'not-a-guid' }), 'invalid-argument');
    const huge = result('separate-mfa', at(1));
    huge.classification.reason = { code: 'stored-words', facts: { explanation: 'x'.repeat(100_000) } };
    await expectStoreError(store.recordResult('acc-1', tenantId(1), huge), 'invalid-argument');
    await expectStoreError(store.setRecipients('acc-1', tenantId(1), ['not an address']), 'invalid-argument');
    await expectStoreError(store.setEntryTicked('__proto__', true), 'invalid-argument');
    await expectStoreError(store.setEntryTicked('constructor', true), 'invalid-argument');
    await expectStoreError(store.setChecklistStep('manual:x', 'format-phone' as never, true), 'invalid-argument');
    await expectStoreError(store.addManualEntry({ organisation: '   ' }), 'invalid-argument');
    await expectStoreError(store.upsertTenants('acc-1', [listing(2, { tenantId: '../../etc' })]), 'invalid-argument');
    await expectStoreError(store.markInteractiveSignIn('acc-1', tenantId(1), 'yesterday'), 'invalid-argument');
    expect(store.data()).toBe(before);
    expect(Object.prototype).not.toHaveProperty('polluted');
    await store.close();
  });

  it('keeps only known settings fields from a patch', async () => {
    const { store } = await openStore();
    const patch = JSON.parse('{"concurrency": 3, "__proto__": {"polluted": true}, "token": "secret"}');
    const settings = await store.updateSettings(patch);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, concurrency: 3 });
    expect(Object.keys(store.data().settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await store.close();
  });

  it('refuses changes after close', async () => {
    const { store } = await openStore();
    await store.close();
    await expectStoreError(store.updateSettings({ concurrency: 2 }), 'closed');
    await store.close();
  });
});

describe('serialized writes', () => {
  it('applies concurrent calls in call order, one write at a time', async () => {
    // Slow every write down so that calls pile up while one is on disk.
    const base = faultyFs({});
    const slow: StoreFs = {
      ...base.fs,
      async open(path, flags) {
        const handle = await base.fs.open(path, flags);
        return {
          ...handle,
          async write(data) {
            await new Promise((resolve) => setTimeout(resolve, 2));
            await handle.write(data);
          },
        };
      },
    };
    const { store } = await openStore({ fs: slow });
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    const calls: Promise<unknown>[] = [];
    for (let i = 1; i <= 40; i += 1) {
      calls.push(store.setNotes('acc-1', tenantId(1), `note ${i}`));
      calls.push(store.recordResult('acc-1', tenantId(2), result(i % 2 ? 'separate-mfa' : 'blocked', at(i))));
      if (i % 10 === 0) calls.push(store.updateSettings({ concurrency: i / 10 }));
    }
    await Promise.all(calls);
    expect(base.maxOpenWriteHandles).toBe(1);
    const expectNow = (data: ReturnType<AppStore['data']>) => {
      expect(data.tenants[0]?.notes).toBe('note 40');
      expect(data.tenants[1]?.observedAt).toBe(at(40));
      expect(data.tenants[1]?.history).toHaveLength(40);
      expect(data.settings.concurrency).toBe(4);
    };
    expectNow(store.data());
    await simulateCrash(dir);
    const { store: reopened } = await openStore();
    expectNow(reopened.data());
    await reopened.close();
    await store.close();
  });
});

describe('folding the journal into the data file', () => {
  it('waits until the journal has taken in as much as the data file holds', async () => {
    const count = 40;
    const store = await storeWithListing(count, { compactJournalBytes: 1_000 });
    const generation = async () => JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8')).generation as number;
    const dataBytes = (await readFile(join(dir, DATA_FILE))).length;
    const journalBytes = async () => (await readFile(join(dir, JOURNAL_FILE))).length;
    const first = await generation();
    let n = 0;
    // Past the limit, but not yet the data file's size: still appending.
    while ((await journalBytes()) < dataBytes / 2) {
      await store.recordResult('acc-1', tenantId((n++ % count) + 1), result('separate-mfa', at(n % 60)));
    }
    expect(await journalBytes()).toBeGreaterThan(1_000);
    expect(await generation()).toBe(first);
    // Past the data file's size: folded in, and a fresh journal goes on.
    while ((await generation()) === first) {
      expect(await journalBytes()).toBeLessThan(dataBytes * 2);
      await store.recordResult('acc-1', tenantId((n++ % count) + 1), result('blocked', at(n % 60)));
    }
    expect(JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8')).tenants).toHaveLength(count);
    await store.close();
  });
});

describe('a scan of 500 tenants', () => {
  it('saves every result, with eight probes in flight', async () => {
    const counting = faultyFs({});
    const { store } = await openStore({ fs: counting.fs });
    await store.upsertAccount(account());
    const ids = Array.from({ length: 500 }, (_, i) => i + 1);
    await store.upsertTenants(
      'acc-1',
      ids.map((n) => listing(n)),
    );
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const n = ids[next++]!;
        await store.recordResult('acc-1', tenantId(n), result(n % 3 ? 'separate-mfa' : 'home-mfa-trusted', at(n % 60)));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const scanMs = performance.now() - started;
    const flushStarted = performance.now();
    await store.flush();
    const flushMs = performance.now() - flushStarted;
    const writes = counting.log.filter((line) => line.startsWith('write')).length;
    console.log(
      `store: 500 recordResult calls (8 in flight) took ${scanMs.toFixed(0)} ms with ${writes} writes; ` +
        `final flush ${flushMs.toFixed(0)} ms; data file ${(await readFile(join(dir, DATA_FILE))).length} bytes`,
    );

    // Written in pieces, the file is still exactly the state's JSON and a newline.
    for (const n of ids.slice(0, 200))
      await store.setNotes('acc-1', tenantId(n), `Call the service desk. ${'é'.repeat(3000)}`);
    await store.flush();
    const text = await readFile(join(dir, DATA_FILE), 'utf8');
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);

    await simulateCrash(dir);
    const { store: reopened } = await openStore();
    expect(reopened.data().tenants.filter((t) => t.classification !== null)).toHaveLength(500);
    expect(reopened.data().tenants[0]?.notes).toMatch(/^Call the service desk\. é{3000}$/);
    await reopened.close();
    await store.close();
  });
});
