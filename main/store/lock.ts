/**
 * One writer per data folder. Two store instances on one folder would each write their own state over the
 * other's (the second rewrite of the data file drops the first one's confirmed changes), so `AppStore.open` takes
 * a lock first: the file `app-data.lock`, created exclusively (O_EXCL), naming its holder. Every process that
 * opens the store goes through it: the Electron app, the headless runner, the demo host, tests. Electron's own
 * single-instance lock covers only the app.
 *
 * The folder is known by its identity (device and inode), not its path: the same folder reached by a second path (a
 * symlink, a bind mount) has the same lock, and a lock copied along with the folder names another identity.
 *
 * Stale-lock rule, so that a crash (even SIGKILL) never blocks the next start. A lock is stale when:
 * - it names another folder (the folder was copied, lock and all, while its holder ran);
 * - its holder ran on this machine and is gone: the machine restarted since (another boot id on Linux, another
 *   boot time elsewhere); `process.kill(pid, 0)` says there is no such process; or the pid now belongs to another
 *   process (its start time differs: field 22 of /proc/<pid>/stat on Linux, `ps -o lstart=` on other Unixes);
 * - its holder ran on another machine (a shared folder) and has not refreshed the lock's time for
 *   REMOTE_STALE_MS (a holder touches it every HEARTBEAT_MS);
 * - it is unreadable (a crash between creating and writing it) and older than UNREADABLE_STALE_MS.
 * A stale lock is removed only under a second, short-lived lock (`app-data.lock.takeover`, O_EXCL): its holder
 * checks that the lock is still the one judged stale, deletes it and creates its own, so exactly one of any
 * number of processes racing for a stale lock wins; the others find the winner's live lock and are refused.
 *
 * A live holder gets the open refused with a StoreError (`in-use`) whose message names it: what it is, its pid,
 * machine and start time. Nothing is read or written then.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, realpath, stat, unlink, utimes } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { StoreError } from './store-error';

export const LOCK_FILE = 'app-data.lock';
/** How often a holder refreshes its lock's modification time. */
export const HEARTBEAT_MS = 30_000;
/** A lock from another machine not refreshed for this long is stale. */
export const REMOTE_STALE_MS = 5 * 60_000;
/** An unreadable lock (a crash while it was being written) older than this is stale. */
export const UNREADABLE_STALE_MS = 10_000;
/** A takeover lock older than this was left by a crash in the middle of a takeover (which takes milliseconds). */
export const TAKEOVER_STALE_MS = 10_000;
/** Boot times further apart than this are different boots (the clock and uptime drift a little). */
const BOOT_TOLERANCE_MS = 120_000;

const ownerSchema = z.object({
  /** The folder the lock was taken for: a lock copied along with the folder names another one. */
  dir: z.string().max(4096),
  pid: z.int().positive(),
  hostname: z.string().max(255),
  what: z.string().max(300),
  startedAt: z.string().max(40),
  procStart: z.string().max(40).nullable(),
  /** The folder's device and inode ("dev:ino"); older locks have none and are judged by `dir`. */
  folderId: z.string().max(100).optional(),
  /** Linux's boot id, or null elsewhere; `bootedAt` is the boot time on every system. */
  bootId: z.string().max(100).nullable().optional(),
  bootedAt: z.string().max(40).optional(),
  token: z.string().max(64),
  acquiredAt: z.string().max(40),
});

/** Who holds a lock. */
export type LockOwner = z.output<typeof ownerSchema>;

export interface DirLock {
  readonly owner: LockOwner;
  /** Deletes the lock if it is still this holder's. Calling it twice is harmless. */
  release(): Promise<void>;
}

/** Field 22 of /proc/<pid>/stat: the process's start time in clock ticks after boot (Linux). Null elsewhere. */
export function processStartTicks(pid: number | 'self'): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ")".
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Linux's id of this boot (/proc/sys/kernel/random/boot_id), or null elsewhere. */
function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** When this machine started (its clock minus its uptime). */
function bootedAt(): Date {
  return new Date(Date.now() - uptime() * 1000);
}

/** The start time of another process where /proc is not there (macOS, BSD): `ps -o lstart=`. Null when unknown. */
function processStartedAt(pid: number): Date | null {
  if (process.platform === 'win32' || process.platform === 'linux') return null;
  try {
    const out = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2_000 });
    const time = out.status === 0 ? Date.parse(out.stdout.trim()) : Number.NaN;
    return Number.isNaN(time) ? null : new Date(time);
  } catch {
    return null;
  }
}

/** A folder's identity: its device and inode, the same whatever path leads to it. */
async function folderIdentity(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir, { bigint: true });
    return `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

/** This process in words, for the message another process shows: the app, or the script and npm command. */
export function describeThisProcess(): string {
  if (process.versions['electron']) return 'Guest MFA Inventory';
  const script = process.argv[1] ? basename(process.argv[1]) : 'node';
  const npm = process.env['npm_lifecycle_event'];
  return `node ${script}${npm ? ` (npm run ${npm})` : ''}`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}

type Liveness = 'alive' | 'gone';

function liveness(owner: LockOwner, lockAgeMs: number, dir: string, folderId: string | null): Liveness {
  if (owner.folderId !== undefined && folderId !== null) {
    if (owner.folderId !== folderId) return 'gone';
  } else if (owner.dir !== dir) return 'gone';
  if (owner.hostname !== hostname()) return lockAgeMs > REMOTE_STALE_MS ? 'gone' : 'alive';
  // The machine restarted since: every process of that boot is gone, whatever now has its pid.
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return 'gone';
  if (owner.bootedAt) {
    const then = Date.parse(owner.bootedAt);
    if (!Number.isNaN(then) && Math.abs(then - bootedAt().getTime()) > BOOT_TOLERANCE_MS) return 'gone';
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if (errorCode(error) !== 'EPERM') return 'gone';
  }
  if (owner.procStart !== null) {
    const now = processStartTicks(owner.pid);
    if (now !== null && now !== owner.procStart) return 'gone';
  } else {
    // No /proc: compare the process's start time with the holder's (`ps` prints whole seconds).
    const started = processStartedAt(owner.pid);
    const holderStarted = Date.parse(owner.startedAt);
    if (started && !Number.isNaN(holderStarted) && Math.abs(started.getTime() - holderStarted) > 5_000) return 'gone';
  }
  return 'alive';
}

function inUseMessage(dir: string, owner: LockOwner): string {
  const self = owner.pid === process.pid && owner.hostname === hostname();
  const where = owner.hostname === hostname() ? '' : ` on the computer ${owner.hostname}`;
  return (
    `The app's data folder ${dir} is in use by another program: ${owner.what} (process ${owner.pid}` +
    `${self ? ', this very process' : ''}${where}, started ${owner.startedAt}). Only one program may write to ` +
    'this folder at a time, so that no change is lost. Close the other one and try again.'
  );
}

/** Every lock this process holds, to delete them if it exits without closing its stores. */
const held = new Map<string, string>();
let exitHook = false;

function releaseAllOnExit(): void {
  for (const [path, token] of held) {
    try {
      const current = ownerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (current.success && current.data.token === token) unlinkSync(path);
    } catch {
      // Best effort: a lock left behind is stale by the rule above.
    }
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** Words for a file-system refusal: a read-only folder, no permission, a full disk; else the system's message. */
export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EROFS':
      return 'the folder is on a read-only drive or share, so the app cannot write there';
    case 'EACCES':
    case 'EPERM':
      return 'the app has no permission to write in the folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOENT':
      return 'the folder does not exist';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

type Takeover = 'taken' | 'busy';

/**
 * Replaces a stale lock with this process's own, under the takeover lock: only if the lock still holds exactly the
 * bytes judged stale. `busy` when another process is taking over right now (or took over already): look again.
 */
async function takeOver(path: string, judged: Buffer, owner: LockOwner): Promise<Takeover | 'created'> {
  const mutex = `${path}.takeover`;
  let handle;
  try {
    handle = await open(mutex, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    // A takeover lock left by a crash mid-takeover: old enough, it is removed and the race starts again.
    const age = await stat(mutex).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > TAKEOVER_STALE_MS) await unlink(mutex).catch(() => undefined);
    return 'busy';
  }
  try {
    await handle.close();
    const current = await readFile(path).catch(() => null);
    if (current && !current.equals(judged)) return 'busy';
    if (current) await unlink(path).catch(() => undefined);
    return (await tryCreate(path, owner)) ? 'created' : 'busy';
  } finally {
    await unlink(mutex).catch(() => undefined);
  }
}

/** Lets other processes run between attempts (a few milliseconds, growing). */
const pause = (attempt: number) => new Promise<void>((done) => setTimeout(done, Math.min(5 + attempt * 5, 100)));

export interface AcquireOptions {
  /** What this process is, in the message another process shows (default: describeThisProcess()). */
  what?: string;
  now?: () => Date;
}

/**
 * Takes the lock of `dir` (which must exist) or rejects with a StoreError: `in-use` naming the live holder,
 * `unreadable` when the lock file cannot be created at all (e.g. a read-only folder).
 */
export async function acquireDirLock(dir: string, options: AcquireOptions = {}): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const now = options.now ?? (() => new Date());
  const folder = await realpath(dir).catch(() => resolve(dir));
  const folderId = await folderIdentity(folder);
  const owner: LockOwner = {
    dir: folder,
    pid: process.pid,
    hostname: hostname(),
    what: (options.what ?? describeThisProcess()).slice(0, 300),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    procStart: processStartTicks('self'),
    ...(folderId ? { folderId } : {}),
    bootId: bootId(),
    bootedAt: bootedAt().toISOString(),
    token: randomBytes(16).toString('hex'),
    acquiredAt: now().toISOString(),
  };
  const cannotWrite = (error: unknown) =>
    new StoreError(
      'unreadable',
      `The app's data folder ${dir} cannot be used: its lock file could not be created (${describeFsError(error)}).`,
      { cause: error },
    );
  for (let attempt = 0; attempt < 200; attempt += 1) {
    let created: boolean;
    try {
      created = await tryCreate(path, owner);
    } catch (error) {
      throw cannotWrite(error);
    }
    if (created) return holdLock(path, owner);
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) continue; // Released in the meantime: try again.
    const ageMs = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    let current: LockOwner | null = null;
    try {
      const parsed = ownerSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      current = parsed.success ? parsed.data : null;
    } catch {
      current = null;
    }
    if (current === null) {
      if (ageMs < UNREADABLE_STALE_MS) {
        throw new StoreError(
          'in-use',
          `The app's data folder ${dir} is being opened by another program right now. Wait a moment and try again.`,
        );
      }
    } else if (liveness(current, ageMs, folder, folderId) === 'alive') {
      throw new StoreError('in-use', inUseMessage(dir, current));
    }
    let outcome: Takeover | 'created';
    try {
      outcome = await takeOver(path, bytes, owner);
    } catch (error) {
      // A stale lock in a folder that cannot be written (read-only since): say so, not the system's code.
      throw cannotWrite(error);
    }
    if (outcome === 'created') return holdLock(path, owner);
    await pause(attempt);
  }
  throw new StoreError('in-use', `The app's data folder ${dir} is being opened by other programs; try again.`);
}

function holdLock(path: string, owner: LockOwner): DirLock {
  held.set(path, owner.token);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', releaseAllOnExit);
  }
  const heartbeat = setInterval(() => {
    const time = new Date();
    void utimes(path, time, time).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    owner,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(path);
      const bytes = await readFile(path).catch(() => null);
      if (!bytes) return;
      try {
        const current = ownerSchema.safeParse(JSON.parse(bytes.toString('utf8')));
        if (current.success && current.data.token === owner.token) await unlink(path);
      } catch {
        // Not ours any more (or not readable): leave it.
      }
    },
  };
}
