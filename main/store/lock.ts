/**
 * One writer per data folder. Two store instances on one folder would each write their own state over the
 * other's (the second rewrite of the data file drops the first one's confirmed changes), so `AppStore.open` takes
 * a lock first: the file `app-data.lock`, created exclusively (O_EXCL), naming its holder. Every process that
 * opens the store goes through it: the Electron app, the headless runner, the demo host, tests. Electron's own
 * single-instance lock covers only the app.
 *
 * Stale-lock rule, so that a crash (even SIGKILL) never blocks the next start. A lock is stale when:
 * - it names another folder (the folder was copied, lock and all, while its holder ran);
 * - its holder ran on this machine and is gone: `process.kill(pid, 0)` says there is no such process; or the pid
 *   now belongs to another process (on Linux the holder's start time, field 22 of /proc/<pid>/stat, differs);
 * - its holder ran on another machine (a shared folder) and has not refreshed the lock's time for
 *   REMOTE_STALE_MS (a holder touches it every HEARTBEAT_MS);
 * - it is unreadable (a crash between creating and writing it) and older than UNREADABLE_STALE_MS.
 * A stale lock is moved aside, checked to be the one judged stale, and deleted; then the lock is taken anew.
 *
 * A live holder gets the open refused with a StoreError (`in-use`) whose message names it: what it is, its pid,
 * machine and start time. Nothing is read or written then.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, realpath, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
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

const ownerSchema = z.object({
  /** The folder the lock was taken for: a lock copied along with the folder names another one. */
  dir: z.string().max(4096),
  pid: z.int().positive(),
  hostname: z.string().max(255),
  what: z.string().max(300),
  startedAt: z.string().max(40),
  procStart: z.string().max(40).nullable(),
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

function liveness(owner: LockOwner, lockAgeMs: number, dir: string): Liveness {
  if (owner.dir !== dir) return 'gone';
  if (owner.hostname !== hostname()) return lockAgeMs > REMOTE_STALE_MS ? 'gone' : 'alive';
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if (errorCode(error) !== 'EPERM') return 'gone';
  }
  if (owner.procStart !== null) {
    const now = processStartTicks(owner.pid);
    if (now !== null && now !== owner.procStart) return 'gone';
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

/** Moves a stale lock aside and deletes it, unless it changed since it was judged (then another took it). */
async function removeStale(path: string, judged: Buffer): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside).catch(() => null);
  if (moved && !moved.equals(judged)) {
    // A new holder's lock was moved by mistake in the instant between reading and renaming: put it back.
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
}

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
  const owner: LockOwner = {
    dir: folder,
    pid: process.pid,
    hostname: hostname(),
    what: (options.what ?? describeThisProcess()).slice(0, 300),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    procStart: processStartTicks('self'),
    token: randomBytes(16).toString('hex'),
    acquiredAt: now().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let created: boolean;
    try {
      created = await tryCreate(path, owner);
    } catch (error) {
      throw new StoreError(
        'unreadable',
        `The app's data folder ${dir} cannot be used: its lock file could not be created ` +
          `(${error instanceof Error ? error.message : String(error)}).`,
        { cause: error },
      );
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
    } else if (liveness(current, ageMs, folder) === 'alive') {
      throw new StoreError('in-use', inUseMessage(dir, current));
    }
    await removeStale(path, bytes);
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
