/**
 * The user's marks (an answer, a tick, a checklist step, a note, a hand-added entry) are saved as one journal line
 * each, not by rewriting the whole data file; they survive a crash and a damaged data file; and a journal written
 * by the earlier format (tenant lines only) still loads with nothing lost.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, DATA_FILE, JOURNAL_FILE, PREVIOUS_DATA_FILE } from '../../../../main/store';
import { JOURNAL_VERSION } from '../../../../main/store/journal';
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
const key = (n: number) => `tenant:acc-1:${tenantId(n)}`;

async function journalLines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, JOURNAL_FILE), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An account with three scanned tenants, closed cleanly (everything folded into the data file). */
async function seed(): Promise<void> {
  const { store } = await open();
  await store.upsertAccount(account());
  await store.upsertTenants('acc-1', [listing(1), listing(2), listing(3)]);
  for (const n of [1, 2, 3]) await store.recordResult('acc-1', tenantId(n), result('separate-mfa', at(n)));
  await store.close();
}

describe("the user's marks", () => {
  it('each append one journal line of their kind and leave the data file as it was', async () => {
    await seed();
    const { store } = await open();
    const dataBefore = await readFile(join(dir, DATA_FILE));
    const modifiedBefore = (await stat(join(dir, DATA_FILE))).mtimeMs;

    await store.setEntryConfirmation(key(1), 'yes', at(10), 'separate-mfa');
    await store.setEntryTicked(key(2), true);
    await store.setChecklistStep(key(2), 'add-new-phone', true);
    await store.setNotes('acc-1', tenantId(3), 'Asked Dana on Monday');
    const entry = await store.addManualEntry({ organisation: 'Old Partner Ltd' });
    await store.removeManualEntry(entry.id);

    // The data file was not rewritten: same bytes, same modification time.
    expect(await readFile(join(dir, DATA_FILE))).toEqual(dataBefore);
    expect((await stat(join(dir, DATA_FILE))).mtimeMs).toBe(modifiedBefore);
    const lines = await journalLines();
    expect(lines[0]).toMatchObject({ journal: JOURNAL_VERSION });
    expect(lines.slice(1).map((line) => line.op)).toEqual([
      'answer',
      'tick',
      'steps',
      'tenant',
      'entry',
      'entry-removed',
    ]);
    // Each line carries only its own change, not the inventory.
    expect(lines[1]).toEqual({
      op: 'answer',
      key: key(1),
      confirmation: { answer: 'yes', at: at(10), verdict: 'separate-mfa' },
    });
    expect(lines[3]).toEqual({ op: 'steps', key: key(2), steps: { 'add-new-phone': true } });
    await store.close();
  });

  it('come back after a crash, and a withdrawn answer or tick stays withdrawn', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.setEntryConfirmation(key(1), 'yes', at(10), 'separate-mfa');
    await writer.setEntryConfirmation(key(2), 'no', at(11), 'separate-mfa');
    await writer.setEntryConfirmation(key(2), null, at(12), null);
    await writer.setEntryTicked(key(3), true);
    await writer.setEntryTicked(key(3), false);
    await writer.setChecklistStep(key(1), 'test-sign-in', true);
    const entry = await writer.addManualEntry({ organisation: 'Contractor GmbH', label: 'c-gmbh' });
    await writer.setEntryTicked(`manual:${entry.id}`, true);
    const expected = writer.data();
    await simulateCrash(dir);

    const { store, notices } = await open();
    expect(notices).toEqual([]);
    expect(store.data()).toEqual(expected);
    expect(Object.keys(store.data().entryConfirmations)).toEqual([key(1)]);
    expect(store.data().entryTicks).toEqual({ [`manual:${entry.id}`]: true });
    await store.close();
    await writer.close();
  });

  it('are restored from the journal when the data file is damaged, and the notice counts them', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.setEntryConfirmation(key(1), 'yes', at(10), 'separate-mfa');
    await writer.setNotes('acc-1', tenantId(2), 'Call Dana first');
    await writer.addManualEntry({ organisation: 'Old Partner Ltd' });
    const expected = writer.data();
    await simulateCrash(dir);
    const text = await readFile(join(dir, DATA_FILE), 'utf8');
    await writeFile(join(dir, DATA_FILE), text.slice(0, 300));

    const { store, notices } = await open();
    expect(store.data()).toEqual(expected);
    expect(notices[0]?.title).toBe('Your data was restored');
    // The copy is the one before the seed's listing: its journal holds the three listed tenants and their results.
    expect(notices[0]?.message).toContain(
      '9 changes saved after it were re-applied from the journal: 7 to tenant records (results, notes, e-mail ' +
        'recipients), 1 to a hand-added entry, 1 tick, answer or checklist step.',
    );
    expect(notices[0]?.message).toContain('1 hand-added entry');
    expect(notices[0]?.message).toContain('1 answer about an entry');
    await store.close();
    await writer.close();
  });
});

describe('a journal of the earlier format (version 1)', () => {
  it('loads with nothing lost, and the store goes on in the current format', async () => {
    await seed();
    const { store: writer } = await open();
    await writer.setNotes('acc-1', tenantId(1), 'written by the earlier version');
    await writer.recordResult('acc-1', tenantId(2), result('blocked', at(20)));
    const expected = writer.data();
    await simulateCrash(dir);
    // The same lines under the header the earlier version wrote.
    const text = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    const [header, ...rest] = text.split('\n');
    const old = { ...(JSON.parse(header!) as Record<string, unknown>), journal: 1 };
    await writeFile(join(dir, JOURNAL_FILE), [JSON.stringify(old), ...rest].join('\n'));

    const { store, notices } = await open();
    expect(notices).toEqual([]);
    expect(store.data()).toEqual(expected);
    // Folded in and restarted as a current journal: an answer now appends a line under a current header.
    await store.setEntryTicked(key(1), true);
    const lines = await journalLines();
    expect(lines[0]).toMatchObject({ journal: JOURNAL_VERSION });
    expect(lines.slice(1).map((line) => line.op)).toEqual(['tick']);
    await store.close();
    await writer.close();
  });
});

describe('a damaged copy of the previous save beside a whole data file', () => {
  it('is kept aside under a clear name, said so, and not replaced unseen by the next save', async () => {
    await seed();
    await writeFile(join(dir, PREVIOUS_DATA_FILE), '{"schemaVersion":1,"generation":2,"sett');
    const { store, notices } = await open();
    const aside = join(dir, `app-data.previous.corrupt-${stamp}.json`);
    expect(notices.map((n) => n.title)).toEqual(['The copy of an earlier save was damaged']);
    expect(notices[0]?.message).toContain(`it was kept as ${aside}`);
    expect(notices[0]?.message).toContain('Nothing is missing: the data file itself is whole');
    expect(store.data().tenants).toHaveLength(3);
    // A full save after it makes a new copy; the damaged bytes stay where the notice said.
    await store.updateSettings({ senderName: 'Ada' });
    await store.close();
    expect(await readFile(aside, 'utf8')).toBe('{"schemaVersion":1,"generation":2,"sett');
    const again = await open();
    expect(again.notices).toEqual([]);
    await again.store.close();
  });
});
