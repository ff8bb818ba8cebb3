/**
 * Writes that fail. A store on a file system that fails some writes (an I/O error, a short write as on a full
 * disk) and some renames runs a mixed workload; every call either resolves (confirmed) or rejects with a
 * `write-failed` message. Afterwards the folder is opened as after a crash: every confirmed write must be there
 * (its value or a later one of the same field, which a later full save may have carried), and the files must
 * open without a notice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, isStoreError } from '../../main/store';
import { account, faultyFs, listing, makeTempDir, result, simulateCrash, tenantId } from '../unit/main/store/helpers';
import { reliabilityFigures } from './support/figures';

const figures = reliabilityFigures('write-faults');
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const TENANTS = 20;

/** A deterministic choice per call (no Math.random: the same faults every run). */
function chooser(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

describe('a disk that fails some writes', () => {
  it.each([
    ['1 in 5 writes fails', 1, 0.2],
    ['1 in 3 writes fails or stops halfway', 2, 0.33],
  ])('%s: every confirmed write is found after a crash', async (_name, seed, share) => {
    const random = chooser(seed);
    let armed = false;
    let injected = 0;
    const faults = faultyFs({
      write: () => {
        if (!armed || random() >= share) return 'ok';
        injected += 1;
        return random() < 0.5 ? 'throw' : 'half';
      },
      rename: () => {
        if (!armed || random() >= share / 4) return false;
        injected += 1;
        return true;
      },
    });
    const { store } = await AppStore.open({ dir, fs: faults.fs });
    await store.upsertAccount(account());
    await store.upsertTenants(
      'acc-1',
      Array.from({ length: TENANTS }, (_, n) => listing(n)),
    );
    armed = true;

    // Per field, the values written in order, and the index of the last one confirmed.
    const written = new Map<string, string[]>();
    const confirmed = new Map<string, number>();
    const confirmedCount = new Map<string, number>();
    const pending: Promise<void>[] = [];
    let confirmedWrites = 0;
    let failedWrites = 0;
    const track = async (field: string, value: string, call: () => Promise<unknown>) => {
      const values = written.get(field) ?? [];
      values.push(value);
      written.set(field, values);
      const index = values.length - 1;
      try {
        await call();
        confirmed.set(field, Math.max(index, confirmed.get(field) ?? -1));
        confirmedCount.set(field, (confirmedCount.get(field) ?? 0) + 1);
        confirmedWrites += 1;
      } catch (error) {
        expect(isStoreError(error, 'write-failed'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/could not be saved/);
        failedWrites += 1;
      }
    };
    for (let i = 0; i < 300; i += 1) {
      const n = i % TENANTS;
      const kind = i % 10;
      const calls: Promise<void>[] = [];
      if (kind < 6) {
        const observedAt = new Date(Date.UTC(2026, 1, 1, 0, 0, i)).toISOString();
        calls.push(
          track(`result ${n}`, observedAt, () =>
            store.recordResult('acc-1', tenantId(n), result(i % 2 ? 'separate-mfa' : 'blocked', observedAt)),
          ),
        );
      } else if (kind < 9) {
        calls.push(track(`note ${n}`, `note ${i}`, () => store.setNotes('acc-1', tenantId(n), `note ${i}`)));
      } else {
        calls.push(track('sender', `Sender ${i}`, () => store.updateSettings({ senderName: `Sender ${i}` })));
      }
      // Some calls overlap, as probes finishing together do.
      if (i % 4 !== 3) await Promise.all(calls);
      else pending.push(...calls);
    }
    await Promise.all(pending);
    armed = false;
    figures.add('faults', injected);
    figures.add('writesConfirmed', confirmedWrites);
    expect(injected).toBeGreaterThan(10);
    expect(failedWrites).toBeGreaterThan(0);

    // The app is killed here; the next start reads the folder.
    await simulateCrash(dir);
    const { store: after, notices } = await AppStore.open({ dir });
    try {
      expect(notices).toEqual([]);
      const data = after.data();
      const valueOf = (field: string): string => {
        const [kind, n] = field.split(' ');
        if (kind === 'sender') return data.settings.senderName;
        const record = data.tenants.find((t) => t.tenantId === tenantId(Number(n)));
        return (kind === 'result' ? record?.observedAt : record?.notes) ?? '';
      };
      let found = 0;
      for (const [field, index] of confirmed) {
        const values = written.get(field)!;
        // The confirmed value, or one written after it (carried by a later save).
        const stored = values.lastIndexOf(valueOf(field));
        expect(
          stored,
          `${field}: ${valueOf(field)} is older than the confirmed ${values[index]}`,
        ).toBeGreaterThanOrEqual(index);
        // Then every confirmed write of this field is there or was replaced by a later one.
        found += confirmedCount.get(field)!;
      }
      expect(found).toBe(confirmedWrites);
      figures.add('writesFound', found);
    } finally {
      await after.close();
      await store.close().catch(() => undefined);
    }
  });
});
