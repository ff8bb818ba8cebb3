/**
 * Data that heals. A store with a realistic history (an account, tenants with results, notes and recipients,
 * hand-added entries, ticks, checklist progress, settings) is closed, its files are damaged in twenty ways, and
 * the next open must restore it by itself with a notice that says what happened, or, where nothing can be
 * restored, keep what it can, name the copy set aside and refuse nothing silently. Every confirmed write of the
 * history is looked for afterwards.
 *
 * A second copy of the same history goes on after its last full save with changes only the journal holds (a
 * note, recipients, an answer, a hand-added entry, a tick, a checklist step) and then stops as a crash would;
 * each of its files (data file, journal, previous copy, previous journal) is damaged in turn, and what the user
 * is told must match what came back and what did not.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice, Verdict } from '../../shared/model';
import {
  AppStore,
  DATA_FILE,
  JOURNAL_FILE,
  PREVIOUS_DATA_FILE,
  PREVIOUS_JOURNAL_FILE,
  type AppData,
} from '../../main/store';
import { account, listing, result, simulateCrash, tenantId } from '../unit/main/store/helpers';
import { reliabilityFigures } from './support/figures';

const figures = reliabilityFigures('damaged-data');
const TENANTS = 30;
const VERDICTS: Verdict[] = ['separate-mfa', 'home-mfa-trusted', 'no-mfa-required', 'blocked', 'registration-required'];

let root: string;
let pristine: string;
/** The same history, then changes only the journal holds, then a crash (no close). */
let crashed: string;
interface Write {
  what: string;
  found: (data: AppData) => boolean;
}
/** One check per confirmed write of the history: is it in this data? */
const writes: Write[] = [];
/** The confirmed writes made after the crashed copy's last full save: only its journal holds them. */
const journalOnly: Write[] = [];
let expected: AppData;
let expectedCrashed: AppData;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gmi-rel-damage-'));
  pristine = path.join(root, 'pristine');
  const { store } = await AppStore.open({ dir: pristine });
  const confirm = async (what: string, write: Promise<unknown>, found: (data: AppData) => boolean) => {
    await write;
    writes.push({ what, found });
  };
  await confirm(
    'settings',
    store.updateSettings({ concurrency: 5, senderName: 'Ada Guest' }),
    (d) => d.settings.concurrency === 5 && d.settings.senderName === 'Ada Guest',
  );
  await confirm('account', store.upsertAccount(account()), (d) => d.accounts.some((a) => a.accountId === 'acc-1'));
  await confirm(
    'listing',
    store.upsertTenants(
      'acc-1',
      Array.from({ length: TENANTS }, (_, n) => listing(n)),
    ),
    (d) => d.tenants.length === TENANTS,
  );
  for (let n = 0; n < TENANTS; n += 1) {
    const verdict = VERDICTS[n % VERDICTS.length]!;
    const observedAt = new Date(Date.UTC(2026, 0, 2, 9, n)).toISOString();
    await confirm(`result ${n}`, store.recordResult('acc-1', tenantId(n), result(verdict, observedAt)), (d) =>
      d.tenants.some((t) => t.tenantId === tenantId(n) && t.observedAt === observedAt),
    );
    if (n % 3 === 0) {
      await confirm(`note ${n}`, store.setNotes('acc-1', tenantId(n), `Asked partner ${n} on Monday`), (d) =>
        d.tenants.some((t) => t.tenantId === tenantId(n) && t.notes === `Asked partner ${n} on Monday`),
      );
    }
    if (n % 7 === 0) {
      await confirm(`recipients ${n}`, store.setRecipients('acc-1', tenantId(n), [`it@partner${n}.example`]), (d) =>
        d.tenants.some((t) => t.tenantId === tenantId(n) && t.recipients[0] === `it@partner${n}.example`),
      );
    }
  }
  for (const organisation of ['Old Partner Ltd', 'Contractor GmbH']) {
    let id = '';
    await confirm(
      `entry ${organisation}`,
      store.addManualEntry({ organisation, label: organisation.toLowerCase() }).then((entry) => (id = entry.id)),
      (d) => d.manualEntries.some((m) => m.organisation === organisation),
    );
    await confirm(
      `tick ${organisation}`,
      store.setEntryTicked(`manual:${id}`, true),
      (d) => d.entryTicks[`manual:${id}`] === true,
    );
  }
  const key = `tenant:acc-1:${tenantId(0)}`;
  await confirm(
    'checklist',
    store.setChecklistStep(key, 'add-new-phone', true),
    (d) => d.checklist[key]?.['add-new-phone'] === true,
  );
  expected = store.data();
  await store.close();

  crashed = path.join(root, 'crashed');
  await cp(pristine, crashed, { recursive: true });
  const { store: later } = await AppStore.open({ dir: crashed });
  const journaled = async (what: string, write: Promise<unknown>, found: (data: AppData) => boolean) => {
    await write;
    journalOnly.push({ what, found });
  };
  await journaled('late note', later.setNotes('acc-1', tenantId(1), 'Dana says: next week'), (d) =>
    d.tenants.some((t) => t.tenantId === tenantId(1) && t.notes === 'Dana says: next week'),
  );
  await journaled('late recipients', later.setRecipients('acc-1', tenantId(2), ['helpdesk@partner2.example']), (d) =>
    d.tenants.some((t) => t.tenantId === tenantId(2) && t.recipients[0] === 'helpdesk@partner2.example'),
  );
  const answerKey = `tenant:acc-1:${tenantId(3)}`;
  await journaled(
    'late answer',
    later.setEntryConfirmation(answerKey, 'yes', '2026-01-03T10:00:00.000Z', 'separate-mfa'),
    (d) => d.entryConfirmations[answerKey]?.answer === 'yes',
  );
  let lateId = '';
  await journaled(
    'late entry',
    later.addManualEntry({ organisation: 'Late Partner AG' }).then((entry) => (lateId = entry.id)),
    (d) => d.manualEntries.some((m) => m.organisation === 'Late Partner AG'),
  );
  await journaled(
    'late tick',
    later.setEntryTicked(`manual:${lateId}`, true),
    (d) => d.entryTicks[`manual:${lateId}`] === true,
  );
  await journaled(
    'late step',
    later.setChecklistStep(answerKey, 'test-sign-in', true),
    (d) => d.checklist[answerKey]?.['test-sign-in'] === true,
  );
  expectedCrashed = later.data();
  // A crash: the store is not closed, so these changes are in its journal only.
  await simulateCrash(crashed);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Expect =
  | 'restored'
  | 'salvaged'
  | 'journal-set-aside'
  | 'journals-only'
  | 'refused'
  /** The crashed copy: its journal (or what is left of it) lost some changes, and the notice says which. */
  | 'journal-lost'
  | 'previous-set-aside'
  /** Two files lost: the previous copy is used without its journal, and the notice says what may be missing. */
  | 'restored-partly';

interface Damage {
  name: string;
  expect: Expect;
  /** The copy damaged: the cleanly closed one (default) or the one that crashed after journal-only changes. */
  from?: 'crashed';
  apply(dir: string, original: Buffer): Promise<void>;
}

const dataPath = (dir: string) => path.join(dir, DATA_FILE);
const write = (file: string, content: string | Buffer) => writeFile(file, content);

/** A deterministic stream of bytes (no Math.random: the same damage every run). */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const DAMAGES: Damage[] = [
  { name: 'emptied', expect: 'restored', apply: (dir) => write(dataPath(dir), '') },
  { name: 'cut to one byte', expect: 'restored', apply: (dir, o) => write(dataPath(dir), o.subarray(0, 1)) },
  ...[0.1, 0.5, 0.99].map((share): Damage => ({
    name: `cut at ${share * 100}%`,
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), o.subarray(0, Math.floor(o.length * share))),
  })),
  {
    name: 'zeroed (a crash on a file system that lost the data blocks)',
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), Buffer.alloc(o.length)),
  },
  { name: 'random garbage', expect: 'restored', apply: (dir, o) => write(dataPath(dir), noise(o.length, 7)) },
  {
    name: 'invalid UTF-8 in the middle',
    expect: 'restored',
    apply: (dir, o) =>
      write(dataPath(dir), Buffer.concat([o.subarray(0, 500), Buffer.from([0xc3, 0x28]), o.subarray(502)])),
  },
  {
    name: 're-encoded as UTF-16',
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), Buffer.from(o.toString('utf8'), 'utf16le')),
  },
  {
    name: 'trailing garbage',
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), Buffer.concat([o, Buffer.from('}}x')])),
  },
  {
    name: 'written twice in a row',
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), Buffer.concat([o, o])),
  },
  { name: 'JSON null', expect: 'restored', apply: (dir) => write(dataPath(dir), 'null') },
  { name: 'an empty array', expect: 'restored', apply: (dir) => write(dataPath(dir), '[]') },
  {
    name: 'replaced by the journal',
    expect: 'restored',
    apply: async (dir) =>
      write(dataPath(dir), `${await readFile(path.join(dir, JOURNAL_FILE), 'utf8')}{"op":"tenant"}\n`),
  },
  { name: 'deleted', expect: 'restored', apply: (dir) => unlink(dataPath(dir)) },
  {
    name: 'one verdict flipped to a word the app does not know',
    expect: 'salvaged',
    apply: (dir, o) => write(dataPath(dir), o.toString('utf8').replace('"verdict":"blocked"', '"verdict":"blocke?"')),
  },
  {
    name: 'journal full of garbage',
    expect: 'journal-set-aside',
    apply: (dir) => write(path.join(dir, JOURNAL_FILE), noise(3000, 11)),
  },
  {
    name: 'data file and previous generation both cut',
    expect: 'journals-only',
    apply: async (dir, o) => {
      await write(dataPath(dir), o.subarray(0, 40));
      const previous = await readFile(path.join(dir, PREVIOUS_DATA_FILE));
      await write(path.join(dir, PREVIOUS_DATA_FILE), previous.subarray(0, 40));
    },
  },
  {
    name: 'cut, with the previous journal gone',
    expect: 'restored-partly',
    apply: async (dir, o) => {
      await write(dataPath(dir), o.subarray(0, 200));
      await unlink(path.join(dir, PREVIOUS_JOURNAL_FILE));
    },
  },
  {
    name: 'previous copy cut (the data file whole)',
    expect: 'previous-set-aside',
    apply: async (dir) => {
      const previous = await readFile(path.join(dir, PREVIOUS_DATA_FILE));
      await write(path.join(dir, PREVIOUS_DATA_FILE), previous.subarray(0, 100));
    },
  },
  {
    name: 'previous journal full of garbage (the data file whole)',
    expect: 'previous-set-aside',
    apply: (dir) => write(path.join(dir, PREVIOUS_JOURNAL_FILE), noise(2000, 5)),
  },
  {
    name: 'previous journal with one line damaged (the data file whole)',
    expect: 'previous-set-aside',
    apply: async (dir) => {
      const file = path.join(dir, PREVIOUS_JOURNAL_FILE);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      lines[3] = `${lines[3]!.slice(0, 30)}\u0000${lines[3]!.slice(31)}`;
      await write(file, `${lines.join('\n')}\n`);
    },
  },
  {
    name: 'after a crash: data file cut',
    from: 'crashed',
    expect: 'restored',
    apply: (dir, o) => write(dataPath(dir), o.subarray(0, Math.floor(o.length / 2))),
  },
  {
    name: 'after a crash: data file deleted',
    from: 'crashed',
    expect: 'restored',
    apply: (dir) => unlink(dataPath(dir)),
  },
  {
    name: 'after a crash: previous copy cut',
    from: 'crashed',
    expect: 'previous-set-aside',
    apply: async (dir) => {
      const previous = await readFile(path.join(dir, PREVIOUS_DATA_FILE));
      await write(path.join(dir, PREVIOUS_DATA_FILE), previous.subarray(0, 100));
    },
  },
  {
    name: 'after a crash: data file and previous copy both cut',
    from: 'crashed',
    expect: 'journals-only',
    apply: async (dir, o) => {
      await write(dataPath(dir), o.subarray(0, 40));
      const previous = await readFile(path.join(dir, PREVIOUS_DATA_FILE));
      await write(path.join(dir, PREVIOUS_DATA_FILE), previous.subarray(0, 40));
    },
  },
  {
    name: 'after a crash: journal deleted',
    from: 'crashed',
    expect: 'journal-lost',
    apply: (dir) => unlink(path.join(dir, JOURNAL_FILE)),
  },
  {
    name: 'after a crash: journal full of garbage',
    from: 'crashed',
    expect: 'journal-lost',
    apply: (dir) => write(path.join(dir, JOURNAL_FILE), noise(3000, 13)),
  },
  {
    name: 'after a crash: the hand-added entry line of the journal damaged',
    from: 'crashed',
    expect: 'journal-lost',
    apply: async (dir) => {
      const lines = (await readFile(path.join(dir, JOURNAL_FILE), 'utf8')).trimEnd().split('\n');
      const at = lines.findIndex((line) => line.includes('"op":"entry"'));
      lines[at] = `${lines[at]!.slice(0, -12)}\u0000\u0000${lines[at]!.slice(-10)}`;
      await write(path.join(dir, JOURNAL_FILE), `${lines.join('\n')}\n`);
    },
  },
  {
    name: 'a folder where the data file was',
    expect: 'refused',
    apply: async (dir) => {
      await unlink(dataPath(dir));
      await mkdir(dataPath(dir));
    },
  },
];

/** The data with tenant records in id order (a record taken back from an earlier copy is added at the end). */
function byTenant(data: AppData): AppData {
  return { ...data, tenants: [...data.tenants].sort((a, b) => a.tenantId.localeCompare(b.tenantId)) };
}

function countFound(data: AppData, confirmed: readonly Write[]): number {
  return confirmed.filter((w) => w.found(data)).length;
}

describe('a damaged data folder', () => {
  it.each(DAMAGES.map((d) => [d.name, d] as const))('%s', async (_name, damage) => {
    const dir = path.join(root, damage.name.replace(/[^a-z0-9]+/gi, '-'));
    await cp(damage.from === 'crashed' ? crashed : pristine, dir, { recursive: true });
    const confirmed = damage.from === 'crashed' ? [...writes, ...journalOnly] : writes;
    const whole = damage.from === 'crashed' ? expectedCrashed : expected;
    const original = await readFile(dataPath(dir));
    await damage.apply(dir, original);
    figures.add('badInputs');

    if (damage.expect === 'refused') {
      // Not a file the app can read: it refuses to start and changes nothing, with a message saying where.
      await expect(AppStore.open({ dir })).rejects.toMatchObject({
        code: 'unreadable',
        message: expect.stringContaining(dataPath(dir)),
      });
      expect((await readdir(dir)).sort()).toEqual((await readdir(pristine)).sort());
      return;
    }

    const { store, notices } = await AppStore.open({ dir });
    try {
      const data = store.data();
      figures.add('writesConfirmed', confirmed.length);
      const found = countFound(data, confirmed);
      figures.add('writesFound', found);
      const text = notices.map((n: Notice) => `${n.title}: ${n.message}`).join('\n');
      const aside = (await readdir(dir)).filter((f) => f.includes('.corrupt-'));
      // Every copy kept aside is named to the user; whatever is missing is missing with a notice that names its kind.
      expect(aside.every((copy) => text.includes(path.join(dir, copy)))).toBe(true);
      figures.add('copiesKeptAside', aside.length);
      const namesLoss = ['journal-lost', 'restored-partly', 'journals-only'].includes(damage.expect);
      figures.add(namesLoss ? 'writesMissingNamed' : 'writesMissingSilently', confirmed.length - found);
      if (!namesLoss) expect(found).toBe(confirmed.length);
      switch (damage.expect) {
        case 'restored':
          expect(data).toEqual(whole);
          expect(found).toBe(confirmed.length);
          expect(notices[0]?.title).toBe('Your data was restored');
          expect(text).toContain(
            damage.from === 'crashed'
              ? '30 tenant records (11 with notes), 3 hand-added entries, 3 ticked entries, 2 checklist entries, 1 answer about an entry'
              : '30 tenant records (10 with notes), 2 hand-added entries, 2 ticked entries',
          );
          expect(text).toContain('Nothing that was saved is missing.');
          expect(text).toMatch(/from the copy saved at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
          if (!damage.name.includes('deleted')) {
            // The damaged bytes are kept, under a name the notice gives.
            expect(aside).toHaveLength(1);
            expect(text).toContain(path.join(dir, aside[0]!));
          }
          break;
        case 'salvaged':
          // One record no longer validates: everything else stays, the notice says what was left out, and the
          // record itself comes back from the previous generation (the damaged file still names it).
          expect(byTenant(data)).toEqual(byTenant(expected));
          expect(found).toBe(writes.length);
          expect(text).toContain('Left out: 1 tenant record');
          expect(text).toContain('1 item of those left out was taken back from the copy saved at');
          expect(text).toContain(path.join(dir, aside[0]!));
          break;
        case 'restored-partly': {
          // The copy holds the settings and the account; what its lost journal held (the listing, results, notes,
          // recipients, entries, ticks, steps) is missing, and the notice names exactly those kinds and the span.
          expect(notices[0]?.title).toBe('Your data was restored');
          const kept = ['settings', 'account'];
          expect(writes.filter((w) => kept.includes(w.what)).every((w) => w.found(data))).toBe(true);
          const missing = writes.filter((w) => !w.found(data)).map((w) => w.what.split(' ')[0]);
          expect(missing.length).toBeGreaterThan(0);
          expect(new Set(missing)).toEqual(
            new Set(['listing', 'result', 'note', 'recipients', 'entry', 'tick', 'checklist']),
          );
          expect(text).toMatch(
            /The journal of that copy \(app-data\.previous\.journal\.jsonl\) could not be used, so changes saved after .* may be missing: organisations a scan listed and its results \(the next scan reads them again\) and notes, e-mail recipients, hand-added entries, ticks, answers about entries and checklist steps/,
          );
          expect(text).not.toContain('Nothing that was saved is missing');
          break;
        }
        case 'previous-set-aside':
          // The data file is whole: nothing is missing; the damaged copy is kept under the name the notice gives.
          expect(data).toEqual(whole);
          expect(found).toBe(confirmed.length);
          expect(text).toMatch(/The copy of an earlier save was damaged|journal of the save before the last one/);
          expect(aside.some((f) => f.startsWith('app-data.previous.'))).toBe(true);
          expect(text).toContain(
            path.join(
              dir,
              aside.find((f) => f.startsWith('app-data.previous.'))!,
            ),
          );
          break;
        case 'journal-lost': {
          // What the last full save holds is all there; of the journal-only changes, what is missing is what the
          // notice says may be, and the journal's bytes are kept where it says (unless the file is gone).
          expect(countFound(data, writes)).toBe(writes.length);
          const missing = journalOnly.filter((w) => !w.found(data)).map((w) => w.what);
          expect(missing.length).toBeGreaterThan(0);
          if (damage.name.includes('entry line')) {
            // The tick of that entry is a line of its own and was read; the entry itself was not.
            expect(missing).toEqual(['late entry']);
            expect(text).toContain('1 damaged line was skipped in the journal of recent changes and not restored');
            expect(text).toContain('a hand-added entry (Late Partner AG)');
          } else {
            expect(missing).toEqual(journalOnly.map((w) => w.what));
            expect(text).toContain(
              'notes, e-mail recipients, hand-added entries, ticks, answers about entries and checklist steps ' +
                '(no scan restores those',
            );
          }
          if (!damage.name.includes('deleted')) expect(text).toContain(path.join(dir, aside[0]!));
          break;
        }
        case 'journal-set-aside':
          expect(data).toEqual(expected);
          expect(text).toMatch(/journal of recent changes was damaged/);
          expect(aside.some((f) => f.startsWith('app-data.journal.corrupt-'))).toBe(true);
          break;
        case 'journals-only':
          // Nothing whole is left of either data file: the notice says so and names both copies kept.
          expect(notices[0]?.title).toBe('Saved data could not be read');
          for (const copy of aside) expect(text).toContain(path.join(dir, copy));
          if (damage.from === 'crashed') {
            // What only the journals held comes back from them: every journal-only change (the note and the
            // recipients with the records they are part of).
            expect(countFound(data, journalOnly)).toBe(journalOnly.length);
            expect(text).toMatch(/changes saved before the damage were re-applied from the journal/);
          }
          break;
      }
      // Healed: the folder opens quietly the next time, with the same data.
      await store.close();
      const again = await AppStore.open({ dir });
      expect(again.notices).toEqual([]);
      expect(again.store.data()).toEqual(data);
      await again.store.close();
    } finally {
      await store.close();
    }
  });
});
