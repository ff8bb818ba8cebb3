import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/model';
import {
  AppStore,
  DATA_FILE,
  JOURNAL_FILE,
  LOCK_FILE,
  PREVIOUS_DATA_FILE,
  PREVIOUS_JOURNAL_FILE,
  StoreError,
} from '../../../../main/store';
import { nodeStoreFs, type StoreFs } from '../../../../main/fs/atomic-fs';
import { account, at, listing, makeTempDir, result, simulateCrash, tenantId } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const now = () => new Date('2026-03-04T05:06:07.089Z');
const stamp = '2026-03-04T05-06-07-089Z';

const open = () => AppStore.open({ dir, now });

/** A store with one account, three tenants with results, a manual entry and a tick, closed cleanly. */
async function seed(): Promise<void> {
  const { store } = await open();
  await store.updateSettings({ senderName: 'Ada', concurrency: 6 });
  await store.upsertAccount(account());
  await store.upsertTenants('acc-1', [listing(1), listing(2), listing(3)]);
  await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
  await store.recordResult('acc-1', tenantId(2), result('no-mfa-required', at(2)));
  await store.recordResult('acc-1', tenantId(3), result('blocked', at(3)));
  const entry = await store.addManualEntry({ organisation: 'Old Partner' });
  await store.setEntryTicked(`manual:${entry.id}`, true);
  await store.close();
}

async function readData(): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(dir, DATA_FILE), 'utf8'));
}

async function files(): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe('a damaged data file', () => {
  it('that is not JSON is moved aside byte for byte, and the app starts fresh with an error notice', async () => {
    const garbage = Buffer.from('{"schemaVersion":1,"settings":{"concurrency":8\u0000\u00ff garbage', 'latin1');
    await writeFile(join(dir, DATA_FILE), garbage);
    const { store, notices } = await open();
    const aside = join(dir, `app-data.corrupt-${stamp}.json`);
    expect(await readFile(aside)).toEqual(garbage);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ intent: 'error', title: 'Saved data could not be read' });
    expect(notices[0]?.message).toContain(aside);
    expect(store.data().settings).toEqual(DEFAULT_SETTINGS);
    expect(store.data().tenants).toEqual([]);
    // The data file was rewritten and now opens cleanly.
    expect((await readData()).schemaVersion).toBe(1);
    await store.close();
    const again = await open();
    expect(again.notices).toEqual([]);
    await again.store.close();
  });

  it('that was cut off is restored by itself from the previous generation and both journals', async () => {
    await seed();
    // Results arrive after the last full save, then the data file is truncated (e.g. a disk fault).
    const { store } = await open();
    await store.upsertTenants('acc-1', [listing(4)]);
    await store.recordResult('acc-1', tenantId(4), result('stronger-method', at(4)));
    await store.recordResult('acc-1', tenantId(1), result('home-mfa-trusted', at(5)));
    await store.setNotes('acc-1', tenantId(2), 'Call Dana first');
    const before = store.data();
    const text = await readFile(join(dir, DATA_FILE), 'utf8');
    await writeFile(join(dir, DATA_FILE), text.slice(0, Math.floor(text.length / 2)));

    await simulateCrash(dir);
    const { store: reopened, notices } = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ intent: 'warning', title: 'Your data was restored' });
    const message = notices[0]!.message;
    expect(message).toContain(`it was kept as ${join(dir, `app-data.corrupt-${stamp}.json`)}`);
    expect(message).toContain('from the copy saved at 2026-03-04 05:06 UTC');
    expect(message).toContain('1 account, 4 tenant records (1 with notes), 1 hand-added entry, 1 ticked entry');
    // The copy is the one before the seed's listing (a listing writes journal lines): its journal holds the
    // listing, the results, the entry and the tick; the current one the new tenant, two results and the note.
    expect(message).toContain(
      '12 changes saved after it were re-applied from the journal: 10 to tenant records (results, notes, e-mail ' +
        'recipients), 1 to a hand-added entry, 1 tick, answer or checklist step.',
    );
    expect(await readFile(join(dir, `app-data.corrupt-${stamp}.json`), 'utf8')).toBe(text.slice(0, text.length / 2));
    // Everything is back: the tenants with their latest results and notes, the entry, the tick, the settings.
    expect(reopened.data()).toEqual(before);
    await reopened.close();
    await store.close();
  });

  it('that was truncated after a clean close comes back whole, and the notice says nothing is missing', async () => {
    await seed();
    const { store: before } = await open();
    const expected = before.data();
    await before.close();
    const text = await readFile(join(dir, DATA_FILE), 'utf8');
    await writeFile(join(dir, DATA_FILE), text.slice(0, 100));

    const { store, notices } = await open();
    expect(store.data()).toEqual(expected);
    expect(store.data().settings).toEqual({ ...DEFAULT_SETTINGS, senderName: 'Ada', concurrency: 6 });
    expect(notices.map((n) => n.title)).toEqual(['Your data was restored']);
    expect(notices[0]?.message).toContain('Nothing that was saved is missing.');
    await store.close();
    // Healed: the next start is quiet.
    const again = await open();
    expect(again.notices).toEqual([]);
    expect(again.store.data()).toEqual(expected);
    await again.store.close();
  });

  it('says that a note in a damaged journal line is not restored by a scan, and keeps the line', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.setNotes('acc-1', tenantId(2), 'call Ada before the phone change');
    await simulateCrash(dir);
    // The end of the last journal line (the note) is damaged in place, as a bad sector would.
    const journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    const lines = journal.trimEnd().split('\n');
    lines[lines.length - 1] = `${lines[lines.length - 1]!.slice(0, -60)}${'\u0000'.repeat(20)}`;
    await writeFile(join(dir, JOURNAL_FILE), `${lines.join('\n')}\n`);

    const { store, notices } = await open();
    const message = notices.map((n) => n.message).join(' ');
    // Which change was lost, named by what is left of its line, and that no scan brings it back.
    expect(message).toMatch(/1 damaged line was skipped in the journal of recent changes and not restored: a change/);
    expect(message).toContain('the record of Partner 2 (a result, notes or e-mail recipients)');
    expect(message).toMatch(/a note, e-mail recipients, .* saved then is not restored by any scan/);
    const copy = /kept as (\S+)\.$/.exec(message)?.[1] ?? '';
    expect(await readFile(copy, 'utf8')).toContain('call Ada before');
    expect(store.data().tenants.find((t) => t.tenantId === tenantId(2))?.notes).toBe('');
    await store.close();
  });

  it('says so when the journal beside a good data file is missing, naming what no scan restores', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.setNotes('acc-1', tenantId(1), 'a note only the journal held');
    await simulateCrash(dir);
    await rm(join(dir, JOURNAL_FILE));

    const { store, notices } = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ intent: 'warning', title: 'Recent changes may be missing' });
    expect(notices[0]?.message).toMatch(/journal of recent changes beside the data file is missing/);
    expect(notices[0]?.message).toMatch(
      /notes, e-mail recipients, hand-added entries, ticks, answers about entries and checklist steps \(no scan restores those/,
    );
    await store.close();
    // A clean close leaves a journal: the next start says nothing.
    const again = await open();
    expect(again.notices).toEqual([]);
    await again.store.close();
  });

  it('says from when changes may be missing when the last full save carried one', async () => {
    await seed();
    const later = new Date('2026-03-04T09:30:00.000Z');
    const { store: writer } = await AppStore.open({ dir, now: () => later });
    await writer.updateSettings({ senderName: 'Ada Lovelace' });
    await writer.setNotes('acc-1', tenantId(3), 'after the setting');
    await simulateCrash(dir);
    await writeFile(join(dir, DATA_FILE), '\u0000'.repeat(4096));

    const { store, notices } = await open();
    const message = notices[0]?.message ?? '';
    expect(message).toContain('from the copy saved at 2026-03-04 05:06 UTC');
    expect(message).toContain('made at 2026-03-04 09:30 UTC');
    expect(message).toMatch(/may be missing/);
    // The setting made at that save is the one change lost; the note journaled after it is back.
    expect(store.data().settings.senderName).toBe('Ada');
    expect(store.data().tenants.find((t) => t.tenantId === tenantId(3))?.notes).toBe('after the setting');
    await store.close();
    await writer.close();
  });

  it('that is missing is restored from the previous generation too, with a notice', async () => {
    await seed();
    const { unlink } = await import('node:fs/promises');
    await unlink(join(dir, DATA_FILE));
    const { store, notices } = await open();
    expect(notices[0]?.message).toContain('The data file app-data.json was missing.');
    expect(store.data().tenants).toHaveLength(3);
    expect(store.data().manualEntries).toHaveLength(1);
    await store.close();
  });

  it('falls back to the journals when the previous generation is damaged as well, and names both copies', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.recordResult('acc-1', tenantId(2), result('blocked', at(9)));
    await simulateCrash(dir);
    await writeFile(join(dir, DATA_FILE), 'garbage');
    await writeFile(join(dir, PREVIOUS_DATA_FILE), 'more garbage');
    const { store, notices } = await open();
    expect(notices[0]).toMatchObject({ title: 'Saved data could not be read' });
    expect(notices[0]?.message).toContain(`app-data.corrupt-${stamp}.json`);
    // The damaged previous copy is kept aside too, named, and no longer in the way of the next save.
    expect(notices[0]?.message).toContain(`was kept as ${join(dir, `app-data.previous.corrupt-${stamp}.json`)}`);
    expect(await readFile(join(dir, `app-data.previous.corrupt-${stamp}.json`), 'utf8')).toBe('more garbage');
    // What the journals hold is kept: the results journaled since the listing, the one saved after the last full
    // save, the hand-added entry and its tick.
    expect(store.data().tenants.map((t) => t.classification?.verdict)).toEqual(['separate-mfa', 'blocked', 'blocked']);
    expect(store.data().manualEntries.map((m) => m.organisation)).toEqual(['Old Partner']);
    expect(Object.keys(store.data().entryTicks)).toHaveLength(1);
    await store.close();
    await writer.close();
  });

  it('that is empty is treated as damaged', async () => {
    await writeFile(join(dir, DATA_FILE), '');
    const { store, notices } = await open();
    expect(notices[0]?.message).toContain('it is empty');
    expect(await files()).toContain(`app-data.corrupt-${stamp}.json`);
    await store.close();
  });

  it('with a schema mismatch keeps every part that validates and says what was left out', async () => {
    await seed();
    const data = await readData();
    data.settings.concurrency = 'eight';
    data.tenants[1].classification.verdict = 'maybe';
    data.tenants[2].notes = 42;
    data.manualEntries.push({ id: 'broken' });
    data.tenants.push({ ...data.tenants[0] }); // a duplicate of the first tenant
    const original = JSON.stringify(data);
    await writeFile(join(dir, DATA_FILE), original);

    const { store, notices } = await open();
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.intent).toBe('warning');
    expect(notice?.message).toContain(`app-data.corrupt-${stamp}.json`);
    expect(notice?.message).toContain('concurrency back to default');
    expect(notice?.message).toContain('Left out: 3 tenant records, 1 hand-added entry');
    // The two records that still name their tenant come back whole from the previous generation; the duplicate
    // and the entry that names nothing known do not.
    expect(notice?.message).toContain('2 items of those left out were taken back from the copy saved at');
    expect(await readFile(join(dir, `app-data.corrupt-${stamp}.json`), 'utf8')).toBe(original);

    const kept = store.data();
    expect(kept.settings).toEqual({ ...DEFAULT_SETTINGS, senderName: 'Ada' });
    expect(kept.accounts).toHaveLength(1);
    expect(kept.tenants.map((t) => t.tenantId)).toEqual([tenantId(1), tenantId(2), tenantId(3)]);
    expect(kept.tenants.map((t) => t.classification?.verdict)).toEqual(['separate-mfa', 'no-mfa-required', 'blocked']);
    expect(kept.manualEntries).toHaveLength(1);
    expect(Object.keys(kept.entryTicks)).toHaveLength(1);
    await store.close();
  });

  it('keeps tenant records whose account could not be read, and lets them be removed', async () => {
    await seed();
    const data = await readData();
    data.accounts[0].homeTenantId = 'not valid: has spaces';
    await writeFile(join(dir, DATA_FILE), JSON.stringify(data));
    // Without an earlier copy to take the account back from.
    await writeFile(join(dir, PREVIOUS_DATA_FILE), 'damaged too');
    const { store, notices } = await open();
    expect(notices[0]?.message).toContain('Left out: 1 account');
    expect(store.data().accounts).toEqual([]);
    expect(store.data().tenants).toHaveLength(3);
    expect(store.data().tenants.every((t) => t.classification !== null)).toBe(true);
    // The account is gone, but its records can still be cleared.
    await store.removeAccount('acc-1');
    expect(store.data().tenants).toEqual([]);
    await store.close();
  });

  it('that is not an object at all keeps nothing but is still set aside', async () => {
    await writeFile(join(dir, DATA_FILE), '[1, 2, 3]');
    const { store, notices } = await open();
    expect(notices[0]?.intent).toBe('warning');
    expect(await readFile(join(dir, `app-data.corrupt-${stamp}.json`), 'utf8')).toBe('[1, 2, 3]');
    expect(store.data().settings).toEqual(DEFAULT_SETTINGS);
    await store.close();
  });
});

describe('a data file from a newer version', () => {
  it('is kept unchanged under a future-version name and the parts this version understands are used', async () => {
    await seed();
    const data = await readData();
    data.schemaVersion = 2;
    data.tenants[0].newField = { something: 'new' };
    data.tenants[1] = { renamed: true };
    const original = JSON.stringify(data);
    await writeFile(join(dir, DATA_FILE), original);

    const { store, notices } = await open();
    const aside = join(dir, `app-data.future-v2-${stamp}.json`);
    expect(await readFile(aside, 'utf8')).toBe(original);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ intent: 'warning', title: 'Data from a newer version of the app' });
    expect(notices[0]?.message).toContain(aside);
    expect(notices[0]?.message).toContain('data version 2');
    expect(store.data().tenants.map((t) => t.tenantId)).toEqual([tenantId(1), tenantId(3)]);
    expect(store.data().tenants[0]).not.toHaveProperty('newField');
    expect((await readData()).schemaVersion).toBe(1);
    await store.close();
  });
});

describe('prototype pollution in the file', () => {
  it('never reaches Object.prototype or the state', async () => {
    await seed();
    const text = (await readFile(join(dir, DATA_FILE), 'utf8'))
      .replace('{"schemaVersion":1', '{"__proto__":{"polluted":"top"},"schemaVersion":1')
      .replace('"settings":{', '"settings":{"__proto__":{"polluted":"settings"},"constructor":{"prototype":{"x":1}},')
      .replace('"entryTicks":{', '"entryTicks":{"__proto__":{"polluted":"ticks"},"constructor":true,')
      .replace('"checklist":{}', '"checklist":{"__proto__":{"add-new-phone":true}}');
    expect(text).toContain('"polluted":"ticks"');
    expect(text).toContain('"checklist":{"__proto__"');
    await writeFile(join(dir, DATA_FILE), text);

    const { store, notices } = await open();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('x');
    const data = store.data();
    expect(Object.getPrototypeOf(data.settings)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(data.entryTicks)).toBe(Object.prototype);
    expect(Object.keys(data.entryTicks).every((key) => key.startsWith('manual:'))).toBe(true);
    expect(data.checklist).toEqual({});
    expect(data.tenants).toHaveLength(3);
    // The dangerous keys are dropped; the rest of the file is this version's, so nothing needed setting aside.
    expect(notices).toEqual([]);
    await store.close();
    const written = await readFile(join(dir, DATA_FILE), 'utf8');
    expect(written).not.toContain('__proto__');
    expect(written).not.toContain('polluted');
  });
});

describe('the journal', () => {
  async function withJournal(): Promise<AppStore> {
    await seed();
    const { store } = await open();
    await store.recordResult('acc-1', tenantId(1), result('home-mfa-trusted', at(10)));
    await store.recordResult('acc-1', tenantId(2), result('registration-required', at(11)));
    return store;
  }

  it('ignores a torn last line silently and keeps the confirmed results', async () => {
    const writer = await withJournal();
    const line = JSON.stringify({ op: 'tenant', record: writer.data().tenants[2] });
    await appendFile(join(dir, JOURNAL_FILE), line.slice(0, 200));

    await simulateCrash(dir);
    const { store, notices } = await open();
    expect(notices).toEqual([]);
    const verdicts = store.data().tenants.map((t) => t.classification?.verdict);
    expect(verdicts).toEqual(['home-mfa-trusted', 'registration-required', 'blocked']);
    // The journal was folded into the data file and restarted without the torn line.
    expect((await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim().split('\n')).toHaveLength(1);
    await store.close();
    await writer.close();
  });

  it('skips a damaged line in the middle, keeps a copy and says so', async () => {
    const writer = await withJournal();
    const path = join(dir, JOURNAL_FILE);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"home-mfa-trusted"', '"trusted-ish"');
    const damaged = lines.join('\n');
    await writeFile(path, damaged);

    await simulateCrash(dir);
    const { store, notices } = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.intent).toBe('warning');
    const copy = join(dir, `app-data.journal.corrupt-${stamp}.jsonl`);
    expect(notices[0]?.message).toContain(copy);
    expect(await readFile(copy, 'utf8')).toBe(damaged);
    const verdicts = store.data().tenants.map((t) => t.classification?.verdict);
    expect(verdicts).toEqual(['separate-mfa', 'registration-required', 'blocked']);
    await store.close();
    await writer.close();
  });

  it('from before the latest data file is not replayed over newer data', async () => {
    const writer = await withJournal();
    const stale = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    await writer.flush(); // the data file now holds both results, the journal restarts
    await writer.setNotes('acc-1', tenantId(1), 'newer note');
    await writer.flush();
    // Put the old journal back, as if the crash came between writing the data file and restarting the journal.
    await writeFile(join(dir, JOURNAL_FILE), stale);

    await simulateCrash(dir);
    const { store, notices } = await open();
    expect(notices).toEqual([]);
    expect(store.data().tenants[0]?.notes).toBe('newer note');
    await store.close();
    await writer.close();
  });

  it('with a header from a newer version is set aside with a notice', async () => {
    await seed();
    await writeFile(join(dir, JOURNAL_FILE), '{"journal":7,"generation":1}\n{"op":"something-new"}\n');
    await simulateCrash(dir);
    const { store, notices } = await open();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain(`app-data.journal.future-v7-${stamp}.jsonl`);
    expect(store.data().tenants).toHaveLength(3);
    await store.close();
  });
});

describe('opening', () => {
  it('removes temporary files a crash left behind and nothing else', async () => {
    await seed();
    await writeFile(join(dir, `${DATA_FILE}.0badc0ffee00.tmp`), '{"half":');
    await writeFile(join(dir, 'unrelated.txt'), 'mine');
    const { store } = await open();
    expect(await files()).toEqual(
      [DATA_FILE, JOURNAL_FILE, LOCK_FILE, PREVIOUS_DATA_FILE, PREVIOUS_JOURNAL_FILE, 'unrelated.txt'].sort(),
    );
    await store.close();
  });

  it('refuses to start over a data file it cannot read, and changes nothing', async () => {
    await seed();
    const before = await readFile(join(dir, DATA_FILE));
    const denying: StoreFs = {
      ...nodeStoreFs,
      readFile: async (path) => {
        if (path.endsWith(DATA_FILE)) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return nodeStoreFs.readFile(path);
      },
    };
    const opening = AppStore.open({ dir, now, fs: denying });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toMatchObject({ code: 'unreadable' });
    expect(await readFile(join(dir, DATA_FILE))).toEqual(before);
  });

  it('gives each set-aside copy its own name', async () => {
    await writeFile(join(dir, DATA_FILE), 'broken once');
    const first = await open();
    await first.store.close();
    await writeFile(join(dir, DATA_FILE), 'broken twice');
    const second = await open();
    await second.store.close();
    expect(await readFile(join(dir, `app-data.corrupt-${stamp}.json`), 'utf8')).toBe('broken once');
    expect(await readFile(join(dir, `app-data.corrupt-${stamp}-2.json`), 'utf8')).toBe('broken twice');
  });
});
