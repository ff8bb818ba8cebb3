/**
 * Data that heals. A store with a realistic history (an account, tenants with results, notes and recipients,
 * hand-added entries, ticks, checklist progress, settings) is closed, its files are damaged in twenty ways, and
 * the next open must restore it by itself with a notice that says what happened, or, where nothing can be
 * restored, keep what it can, name the copy set aside and refuse nothing silently. Every confirmed write of the
 * history is looked for afterwards.
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
import { account, listing, result, tenantId } from '../unit/main/store/helpers';
import { reliabilityFigures } from './support/figures';

const figures = reliabilityFigures('damaged-data');
const TENANTS = 30;
const VERDICTS: Verdict[] = ['separate-mfa', 'home-mfa-trusted', 'no-mfa-required', 'blocked', 'registration-required'];

let root: string;
let pristine: string;
/** One check per confirmed write of the history: is it in this data? */
const writes: { what: string; found: (data: AppData) => boolean }[] = [];
let expected: AppData;

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
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Expect = 'restored' | 'salvaged' | 'journal-set-aside' | 'journals-only' | 'refused';

interface Damage {
  name: string;
  expect: Expect;
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
    expect: 'restored',
    apply: async (dir, o) => {
      await write(dataPath(dir), o.subarray(0, 200));
      await unlink(path.join(dir, PREVIOUS_JOURNAL_FILE));
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

function countFound(data: AppData): number {
  return writes.filter((w) => w.found(data)).length;
}

describe('a damaged data folder', () => {
  it.each(DAMAGES.map((d) => [d.name, d] as const))('%s', async (_name, damage) => {
    const dir = path.join(root, damage.name.replace(/[^a-z0-9]+/gi, '-'));
    await cp(pristine, dir, { recursive: true });
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
      figures.add('writesConfirmed', writes.length);
      const found = countFound(data);
      figures.add('writesFound', found);
      const text = notices.map((n: Notice) => `${n.title}: ${n.message}`).join('\n');
      const aside = (await readdir(dir)).filter((f) => f.includes('.corrupt-'));
      switch (damage.expect) {
        case 'restored':
          expect(data).toEqual(expected);
          expect(found).toBe(writes.length);
          expect(notices[0]?.title).toBe('Your data was restored');
          expect(text).toContain('30 tenant records (10 with notes), 2 hand-added entries, 2 ticked entries');
          expect(text).toMatch(/from the copy saved at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
          if (damage.name !== 'deleted') {
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
        case 'journal-set-aside':
          expect(data).toEqual(expected);
          expect(text).toMatch(/journal of recent changes was damaged/);
          expect(aside.some((f) => f.startsWith('app-data.journal.corrupt-'))).toBe(true);
          break;
        case 'journals-only':
          // Nothing whole is left of either data file: the notice says so and names the copy kept.
          expect(notices[0]?.title).toBe('Saved data could not be read');
          expect(text).toContain(path.join(dir, aside[0]!));
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
