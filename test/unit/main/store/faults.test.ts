import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, DATA_FILE, JOURNAL_FILE, StoreError } from '../../../../main/store';
import { nodeStoreFs, type StoreFs } from '../../../../main/fs/atomic-fs';
import {
  account,
  at,
  faultyFs,
  listing,
  makeTempDir,
  result,
  simulateCrash,
  tenantId,
  type FaultPlan,
} from './helpers';
import { WRITER_TENANTS, writerTime, writerVerdict } from './kill-writer';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const isJournal = (path: string) => path.endsWith(JOURNAL_FILE);
const isDataTemp = (path: string) => path.includes(`${DATA_FILE}.`) && path.endsWith('.tmp');

/** Opens a store on a file system that follows `plan` once `armed` is set. */
async function openFaulty(plan: FaultPlan) {
  let armed = false;
  const faults = faultyFs({
    write: (path, data) => (armed && plan.write ? plan.write(path, data) : 'ok'),
    rename: (from, to) => armed && (plan.rename?.(from, to) ?? false),
  });
  const { store } = await AppStore.open({ dir, fs: faults.fs });
  await store.upsertAccount(account());
  await store.upsertTenants(
    'acc-1',
    [1, 2, 3, 4].map((n) => listing(n)),
  );
  await store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
  return {
    store,
    arm: () => {
      armed = true;
    },
    disarm: () => {
      armed = false;
    },
  };
}

/** Reads the directory with a fresh store on the real file system, as the next app start would. */
async function reopen() {
  const text = await readFile(join(dir, DATA_FILE), 'utf8');
  expect(() => JSON.parse(text)).not.toThrow();
  await simulateCrash(dir);
  return AppStore.open({ dir });
}

function verdictOf(store: AppStore, n: number) {
  return store.data().tenants.find((t) => t.tenantId === tenantId(n))?.classification?.verdict ?? null;
}

describe('durability', () => {
  it('confirms a result only after its journal line is written and fsynced', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holdJournal = false;
    const fs: StoreFs = {
      ...nodeStoreFs,
      async open(path, flags) {
        const handle = await nodeStoreFs.open(path, flags);
        if (!isJournal(path) || flags !== 'a') return handle;
        return {
          async write(data) {
            if (holdJournal) await gate;
            events.push('write');
            await handle.write(data);
          },
          async sync() {
            events.push('sync');
            await handle.sync();
          },
          close: () => handle.close(),
        };
      },
    };
    const { store } = await AppStore.open({ dir, fs });
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    // The listing's own journal line is written and confirmed; from here on, the result's.
    events.length = 0;
    holdJournal = true;
    const saving = store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1))).then(() => {
      events.push('confirmed');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
    release();
    await saving;
    expect(events).toEqual(['write', 'sync', 'confirmed']);
    await store.close();
  });
});

describe('a journal write that fails', () => {
  it('rejects that result only; every confirmed result survives, and the next write saves the rest', async () => {
    const { store, arm, disarm } = await openFaulty({ write: (path) => (isJournal(path) ? 'throw' : 'ok') });
    arm();
    const failed = store.recordResult('acc-1', tenantId(2), result('blocked', at(2)));
    await expect(failed).rejects.toBeInstanceOf(StoreError);
    await expect(failed).rejects.toMatchObject({ code: 'write-failed' });

    const afterFault = await reopen();
    expect(afterFault.notices).toEqual([]);
    expect(verdictOf(afterFault.store, 1)).toBe('separate-mfa');
    await afterFault.store.close();

    // The disk recovers: the next change rewrites the data file, which also carries the rejected one.
    disarm();
    await store.recordResult('acc-1', tenantId(3), result('no-mfa-required', at(3)));
    const recovered = await reopen();
    expect([1, 2, 3].map((n) => verdictOf(recovered.store, n))).toEqual(['separate-mfa', 'blocked', 'no-mfa-required']);
    await recovered.store.close();
    await store.close();
  });

  it('that stops halfway leaves a torn line the reader ignores', async () => {
    const { store, arm, disarm } = await openFaulty({ write: (path) => (isJournal(path) ? 'half' : 'ok') });
    await store.recordResult('acc-1', tenantId(2), result('blocked', at(2)));
    arm();
    await expect(store.recordResult('acc-1', tenantId(3), result('error', at(3)))).rejects.toMatchObject({
      code: 'write-failed',
    });
    disarm();
    const journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    expect(journal.endsWith('\n')).toBe(false);

    const afterFault = await reopen();
    expect(afterFault.notices).toEqual([]);
    expect([1, 2, 3].map((n) => verdictOf(afterFault.store, n))).toEqual(['separate-mfa', 'blocked', null]);
    await afterFault.store.close();
    await store.close();
  });
});

describe('a data file write that fails', () => {
  it('halfway through leaves the previous data file whole', async () => {
    const { store, arm, disarm } = await openFaulty({ write: (path) => (isDataTemp(path) ? 'half' : 'ok') });
    await store.recordResult('acc-1', tenantId(2), result('blocked', at(2)));
    arm();
    await expect(store.flush()).rejects.toMatchObject({ code: 'write-failed' });
    await expect(store.updateSettings({ concurrency: 2 })).rejects.toMatchObject({ code: 'write-failed' });
    disarm();
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const afterFault = await reopen();
    expect(afterFault.notices).toEqual([]);
    expect([1, 2].map((n) => verdictOf(afterFault.store, n))).toEqual(['separate-mfa', 'blocked']);
    expect(afterFault.store.data().settings.concurrency).toBe(8);
    await afterFault.store.close();
    await store.close();
  });

  it('at the rename keeps the previous data file and journal usable', async () => {
    const { store, arm, disarm } = await openFaulty({ rename: (_from, to) => to.endsWith(DATA_FILE) });
    arm();
    await expect(store.removeTenant('acc-1', tenantId(4))).rejects.toMatchObject({ code: 'write-failed' });
    // While the data file cannot be replaced, results still fail loudly rather than vanish.
    await expect(store.recordResult('acc-1', tenantId(2), result('blocked', at(2)))).rejects.toMatchObject({
      code: 'write-failed',
    });
    disarm();
    const afterFault = await reopen();
    expect(afterFault.store.data().tenants).toHaveLength(4);
    expect(verdictOf(afterFault.store, 1)).toBe('separate-mfa');
    await afterFault.store.close();
    await store.flush();
    const recovered = await reopen();
    expect(recovered.store.data().tenants).toHaveLength(3);
    expect(verdictOf(recovered.store, 2)).toBe('blocked');
    await recovered.store.close();
    await store.close();
  });
});

describe('a writer killed mid-write', () => {
  const script = resolve(__dirname, 'kill-writer.ts');

  /** Runs the writer until it has confirmed `target` results, then SIGKILLs it; returns what it confirmed. */
  function runAndKill(target: number): Promise<Map<number, number>> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
        cwd: resolve(__dirname, '../../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const confirmed = new Map<number, number>();
      let count = 0;
      let buffer = '';
      let stderr = '';
      let killed = false;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const match = /^saved (\d+) (\d+)$/.exec(line);
          if (!match) continue;
          const tenant = Number(match[1]);
          const n = Number(match[2]);
          confirmed.set(tenant, Math.max(n, confirmed.get(tenant) ?? -1));
          count += 1;
        }
        if (!killed && count >= target) {
          killed = true;
          // A little later, so that the kill does not always land just after a confirmation.
          setTimeout(() => child.kill('SIGKILL'), (target * 7) % 23);
        }
      });
      child.on('exit', (_code, signal) => {
        // Lines still in the pipe were confirmed before the kill.
        for (const line of buffer.split('\n')) {
          const match = /^saved (\d+) (\d+)$/.exec(line);
          if (match) confirmed.set(Number(match[1]), Math.max(Number(match[2]), confirmed.get(Number(match[1])) ?? -1));
        }
        if (signal === 'SIGKILL') done(confirmed);
        else fail(new Error(`writer ended without being killed (${signal ?? 'no signal'}): ${stderr}`));
      });
    });
  }

  it('leaves a store that opens and holds every confirmed result', async () => {
    for (const target of [5, 40, 120, 250, 400, 700]) {
      const confirmed = await runAndKill(target);
      expect(confirmed.size).toBeGreaterThan(0);
      const { store, notices } = await reopen();
      expect(notices).toEqual([]);
      const records = store.data().tenants;
      expect(records).toHaveLength(WRITER_TENANTS);
      for (const [tenant, n] of confirmed) {
        const record = records.find((r) => r.tenantId === tenantId(tenant))!;
        // The stored result is the confirmed one or a later one that was written but not yet confirmed.
        expect(record.observedAt! >= writerTime(n)).toBe(true);
        const stored = (Date.parse(record.observedAt!) - Date.UTC(2026, 0, 1)) / 1000;
        expect(record.classification?.verdict).toBe(writerVerdict(stored));
      }
      await store.close();
      // The next run starts on top of what the previous one left.
    }
  }, 60_000);
});
