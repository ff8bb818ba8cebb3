import { realpathSync } from 'node:fs';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, LOCK_FILE } from '../../../../main/store';
import {
  acquireDirLock,
  processStartTicks,
  REMOTE_STALE_MS,
  UNREADABLE_STALE_MS,
  type LockOwner,
} from '../../../../main/store/lock';
import { account, deadPid, makeTempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

const lockPath = () => join(dir, LOCK_FILE);

function owner(overrides: Partial<LockOwner> = {}): LockOwner {
  return {
    dir: realpathSync(dir),
    pid: process.ppid,
    hostname: hostname(),
    what: 'node other-program.ts',
    startedAt: '2026-01-01T08:00:00.000Z',
    procStart: processStartTicks(process.ppid),
    token: 'someone-else',
    acquiredAt: '2026-01-01T08:00:01.000Z',
    ...overrides,
  };
}

async function ageLock(ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await utimes(lockPath(), then, then);
}

describe('the data folder lock', () => {
  it('is refused while a live process holds it, naming that process, and the files stay untouched', async () => {
    await writeFile(lockPath(), JSON.stringify(owner()));
    const before = await readFile(lockPath(), 'utf8');
    await expect(AppStore.open({ dir })).rejects.toMatchObject({
      code: 'in-use',
      message: expect.stringMatching(
        new RegExp(`in use by another program: node other-program\\.ts \\(process ${process.ppid}, started 2026-01-01`),
      ),
    });
    expect(await readFile(lockPath(), 'utf8')).toBe(before);
  });

  it('refuses a second store in the same process too', async () => {
    const { store } = await AppStore.open({ dir, processName: 'Guest MFA Inventory' });
    await expect(AppStore.open({ dir })).rejects.toMatchObject({
      code: 'in-use',
      message: expect.stringContaining(`Guest MFA Inventory (process ${process.pid}, this very process`),
    });
    await store.close();
    // Closed: the lock is gone and the folder opens again.
    await expect(readFile(lockPath())).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await AppStore.open({ dir });
    await again.store.close();
  });

  it('takes over the lock of a process that is gone (a crash, even SIGKILL)', async () => {
    await writeFile(lockPath(), JSON.stringify(owner({ pid: deadPid() })));
    const { store } = await AppStore.open({ dir });
    await store.upsertAccount(account());
    const taken = JSON.parse(await readFile(lockPath(), 'utf8')) as LockOwner;
    expect(taken.pid).toBe(process.pid);
    await store.close();
  });

  it.runIf(processStartTicks('self') !== null)('takes over when the pid now belongs to another process', async () => {
    // The parent is alive, but it is not the process that took the lock: that one started at another time.
    await writeFile(lockPath(), JSON.stringify(owner({ procStart: '1' })));
    const lock = await acquireDirLock(dir);
    expect(lock.owner.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock copied along with the folder from another one, though its holder runs', async () => {
    await writeFile(lockPath(), JSON.stringify(owner({ pid: process.pid, dir: '/somewhere/else' })));
    const lock = await acquireDirLock(dir);
    expect(lock.owner.dir).toBe(realpathSync(dir));
    await lock.release();
  });

  it('waits for a holder on another computer until it stopped refreshing the lock', async () => {
    await writeFile(lockPath(), JSON.stringify(owner({ hostname: 'other-laptop', pid: 4242 })));
    await expect(acquireDirLock(dir)).rejects.toMatchObject({
      code: 'in-use',
      message: expect.stringContaining('on the computer other-laptop'),
    });
    await ageLock(REMOTE_STALE_MS + 60_000);
    const lock = await acquireDirLock(dir);
    await lock.release();
  });

  it('treats an unreadable lock as being written unless it is old', async () => {
    await writeFile(lockPath(), '');
    await expect(acquireDirLock(dir)).rejects.toMatchObject({ code: 'in-use', message: /right now/ });
    await ageLock(UNREADABLE_STALE_MS + 1000);
    const lock = await acquireDirLock(dir);
    await lock.release();
  });

  it('never deletes a lock that is no longer its own', async () => {
    const lock = await acquireDirLock(dir);
    const other = owner({ token: 'a-later-holder' });
    await writeFile(lockPath(), JSON.stringify(other));
    await lock.release();
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toEqual(other);
  });
});
