/**
 * One writer per data folder, with real processes. Before the lock, two store instances on one folder each
 * rewrote the data file from their own state, and about half of 40 confirmed note writes were lost without a
 * word. Now the second program is refused with a message naming the first (pid, what it is), a SIGKILLed holder
 * does not block the next start, and every confirmed write is found afterwards.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
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

const writer = (label: string, first: number, count: number, hold = false, folder = dir) => {
  figures.add('processes');
  return startChild('store-writer.ts', [folder, label, String(first), String(count), ...(hold ? ['hold'] : [])]);
};

/** A lock left by a process that is gone (it ran and exited), as a crash leaves it. */
function leaveStaleLock(): void {
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  const info = statSync(dir, { bigint: true });
  writeFileSync(
    path.join(dir, LOCK_FILE),
    JSON.stringify({
      dir,
      pid: gone,
      hostname: os.hostname(),
      what: 'node store-writer.ts',
      startedAt: new Date().toISOString(),
      procStart: null,
      folderId: `${info.dev}:${info.ino}`,
      token: 'f'.repeat(32),
      acquiredAt: new Date().toISOString(),
    }),
  );
}

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

  for (const racers of [6, 20]) {
    it(`lets exactly one of ${racers} programs racing for a stale lock, by two paths, take it`, async () => {
      // Half of them reach the folder through a symlink: the same folder, the same lock.
      const link = `${dir}-link`;
      symlinkSync(dir, link);
      try {
        leaveStaleLock();
        figures.add('faults');
        const all = Array.from({ length: racers }, (_, n) => writer(`r${n}`, n, 1, true, n % 2 ? link : dir));
        // The winner holds the folder; every other one is refused (exit 3) and wrote nothing.
        const winner = await Promise.any(all.map((c) => c.waitFor(/^holding$/, 120_000).then(() => c)));
        const others = all.filter((c) => c !== winner);
        const exits = await Promise.all(others.map((c) => c.exited));
        figures.add('refusals', exits.filter((e) => e.code === 3).length);
        expect(exits.map((e) => e.code)).toEqual(others.map(() => 3));
        expect(others.every((c) => !c.lines.some((l) => l.startsWith('open ')))).toBe(true);
        const n = all.indexOf(winner);
        figures.add('writesConfirmed', winner.lines.filter((l) => l.startsWith('saved ')).length);
        winner.child.kill('SIGKILL');
        await winner.exited;
        const { store } = await AppStore.open({ dir: n % 2 ? dir : link });
        try {
          const notes = store.data().tenants.map((t) => t.notes);
          expect(notes).toContain(writerNote(`r${n}`, n));
          figures.add('writesFound', 1);
          expect(notes.filter((note) => note.length > 0)).toHaveLength(1);
        } finally {
          await store.close();
        }
      } finally {
        rmSync(link, { force: true });
      }
    }, 240_000);
  }

  it('refuses a second program on the same folder reached by another path, and it changes nothing', async () => {
    const link = `${dir}-link`;
    symlinkSync(dir, link);
    try {
      const first = writer('first', 0, 5, true);
      await first.waitFor(/^holding$/);
      const lockBefore = readFileSync(path.join(dir, LOCK_FILE), 'utf8');
      const second = writer('second', 5, 5, false, link);
      const refusal = await second.waitFor(/^refused /);
      figures.add('refusals');
      expect(refusal).toContain(`process ${first.pid}`);
      expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(lockBefore);
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      rmSync(link, { force: true });
    }
  }, 90_000);

  it('takes over a lock whose process id now belongs to another process, and says a read-only folder in words', async () => {
    // This very test process holds the pid, but not the lock's start time: another process, reused pid.
    const info = statSync(dir, { bigint: true });
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({
        dir,
        pid: process.pid,
        hostname: os.hostname(),
        what: 'Guest MFA Inventory',
        startedAt: '2020-01-01T00:00:00.000Z',
        procStart: '1',
        folderId: `${info.dev}:${info.ino}`,
        bootId: 'another-boot',
        bootedAt: '2020-01-01T00:00:00.000Z',
        token: 'e'.repeat(32),
        acquiredAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    figures.add('faults');
    const { store } = await AppStore.open({ dir });
    await store.close();
    // A leftover lock in a folder that became read-only: the refusal says so in words.
    leaveStaleLock();
    chmodSync(dir, 0o555);
    try {
      if (process.getuid?.() === 0) return; // root writes anyway
      await expect(AppStore.open({ dir })).rejects.toMatchObject({
        message: expect.stringMatching(/no permission to write in the folder|read-only/),
      });
      figures.add('badInputs');
    } finally {
      chmodSync(dir, 0o755);
    }
  }, 30_000);
});
