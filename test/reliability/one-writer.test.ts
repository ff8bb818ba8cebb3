/**
 * One writer per data folder, with real processes. Before the lock, two store instances on one folder each
 * rewrote the data file from their own state, and about half of 40 confirmed note writes were lost without a
 * word. Now the second program is refused with a message naming the first (pid, what it is), a SIGKILLed holder
 * does not block the next start, and every confirmed write is found afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, LOCK_FILE } from '../../main/store';
import { startChild } from './support/child';
import { reliabilityFigures } from './support/figures';
import { WRITER_TENANTS, writerNote, writerTenantId } from './support/store-writer';

const figures = reliabilityFigures('one-writer');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gmi-rel-lock-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const writer = (label: string, first: number, count: number, hold = false) => {
  figures.add('processes');
  return startChild('store-writer.ts', [dir, label, String(first), String(count), ...(hold ? ['hold'] : [])]);
};

describe('two programs on one data folder', () => {
  it('refuses the second with a message naming the first, and loses no confirmed write', async () => {
    // The first program writes 20 notes and keeps the folder open.
    const first = writer('first', 0, 20, true);
    await first.waitFor(/^holding$/);
    const confirmed = first.lines.filter((l) => l.startsWith('saved ')).length;

    // A second program (the headless runner, the demo host, another test) is refused and writes nothing.
    const second = writer('second', 20, 20);
    const refusal = await second.waitFor(/^refused /);
    expect((await second.exited).code).toBe(3);
    figures.add('refusals');
    expect(refusal).toContain(`process ${first.pid}`);
    expect(refusal).toContain('node store-writer.ts');
    expect(refusal).toContain(dir);
    expect(refusal).toMatch(/Close the other one and try again/);

    // So is a store in this process.
    await expect(AppStore.open({ dir })).rejects.toMatchObject({
      code: 'in-use',
      message: expect.stringContaining(`process ${first.pid}`),
    });
    figures.add('refusals');

    // The holder crashes hard. Its lock stays behind and must not block the next start.
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(first.pid);
    figures.add('faults');

    const again = writer('second', 20, 20);
    expect((await again.exited).code).toBe(0);
    const total = confirmed + again.lines.filter((l) => l.startsWith('saved ')).length;
    figures.add('writesConfirmed', total);
    expect(total).toBe(40);

    const { store, notices } = await AppStore.open({ dir });
    try {
      expect(notices).toEqual([]);
      const notes = store.data().tenants.map((t) => t.notes);
      const found = Array.from({ length: WRITER_TENANTS }, (_, n) =>
        notes.includes(writerNote(n < 20 ? 'first' : 'second', n)),
      ).filter(Boolean).length;
      figures.add('writesFound', found);
      expect(found).toBe(40);
      expect(store.data().tenants.map((t) => t.tenantId)).toContain(writerTenantId(39));
    } finally {
      await store.close();
    }
  }, 90_000);

  it('lets exactly one of two programs started at the same moment open the folder', async () => {
    for (let round = 0; round < 2; round += 1) {
      const a = writer(`a${round}`, 0, 1);
      const b = writer(`b${round}`, 1, 1);
      const [ea, eb] = await Promise.all([a.exited, b.exited]);
      // Either both ran one after the other (the first closed before the second opened) or one was refused.
      const refused = [ea.code, eb.code].filter((code) => code === 3).length;
      figures.add('refusals', refused);
      expect([ea.code, eb.code].every((code) => code === 0 || code === 3)).toBe(true);
      expect(refused).toBeLessThanOrEqual(1);
      const { store } = await AppStore.open({ dir });
      const notes = store.data().tenants.map((t) => t.notes);
      // Whoever opened the folder kept its write.
      if (ea.code === 0) expect(notes).toContain(writerNote(`a${round}`, 0));
      if (eb.code === 0) expect(notes).toContain(writerNote(`b${round}`, 1));
      figures.add('writesConfirmed', [ea.code, eb.code].filter((code) => code === 0).length);
      figures.add(
        'writesFound',
        [
          ea.code === 0 && notes.includes(writerNote(`a${round}`, 0)),
          eb.code === 0 && notes.includes(writerNote(`b${round}`, 1)),
        ].filter(Boolean).length,
      );
      await store.close();
    }
  }, 90_000);
});
