/**
 * The app's one way to replace a file atomically and durably (`writeFileAtomically`), and the file operations it
 * and the store need, as a small interface so fault tests can hand in a file system whose writes throw, stop
 * halfway or never reach the rename. `nodeStoreFs` is the real one (node:fs/promises); `atomicWrite` replaces a
 * file on it (the token cache, watch.json, the window state).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** An open file. `write` writes all of `data` or throws. */
export interface StoreFileHandle {
  write(data: string | Uint8Array): Promise<void>;
  /** Flushes the file's data to the disk (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreFs {
  /** Creates the directory and its parents if missing. */
  mkdir(path: string): Promise<void>;
  /** The file's bytes, or null when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Names of the entries in a directory. */
  readdir(path: string): Promise<string[]>;
  /** `w`: create or truncate for writing; `a`: create or open for appending; `r`: read only (used to fsync a directory). */
  open(path: string, flags: 'w' | 'a' | 'r'): Promise<StoreFileHandle>;
  /** Replaces `to` with `from` in one step (same directory). */
  rename(from: string, to: string): Promise<void>;
  /** Makes `to` a second name of the file `from` (a hard link); `to` must not exist. */
  link(from: string, to: string): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  unlink(path: string): Promise<void>;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** The real file system. Files are created readable by the user only. */
export const nodeStoreFs: StoreFs = {
  async mkdir(path) {
    await mkdir(path, { recursive: true, mode: 0o700 });
  },
  async readFile(path) {
    try {
      return await readFile(path);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  readdir: (path) => readdir(path),
  async open(path, flags) {
    const handle = await open(path, flags, 0o600);
    return {
      write: (data) => handle.writeFile(data),
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  link: (from, to) => link(from, to),
  async unlink(path) {
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  },
};

/** Suffix of the temporary files `writeFileAtomically` creates; `open` removes leftovers of a crash. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Makes a rename or a file creation durable by fsyncing its directory. Some platforms (Windows) cannot open a
 * directory; there the rename is as durable as the OS makes it, and the error is ignored.
 */
export async function syncDirectory(fs: StoreFs, dir: string): Promise<void> {
  let handle: StoreFileHandle;
  try {
    handle = await fs.open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Same as above: not every platform can fsync a directory.
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A fresh temporary name beside `path`, removed by the next open if a crash leaves it behind. */
function tempNameFor(path: string): string {
  return join(dirname(path), `${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes `data` to a new temporary file beside `path`, fsynced and closed, and returns its name. A failure
 * removes it and throws.
 */
export async function writeTempFile(
  fs: StoreFs,
  path: string,
  data: string | Uint8Array | Iterable<Uint8Array>,
): Promise<string> {
  const temp = tempNameFor(path);
  let handle: StoreFileHandle | null = null;
  try {
    handle = await fs.open(temp, 'w');
    // `ArrayBuffer.isView`, not `instanceof Uint8Array`: a Buffer made in another realm (a jsdom test, a worker)
    // is no instance of this realm's Uint8Array, and iterating it would write numbers.
    if (typeof data === 'string' || ArrayBuffer.isView(data)) await handle.write(data);
    // Pieces made as they are written: a large file is never whole in memory.
    else for (const piece of data) await handle.write(piece);
    await handle.sync();
    const open = handle;
    handle = null;
    await open.close();
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  return temp;
}

/**
 * Replaces `path` with `data` so that after a crash at any moment the file holds either the old content or the
 * new one, never a mix: the data goes to a temporary file beside it, is fsynced, renamed over the target, and
 * the directory is fsynced. A failure removes the temporary file and leaves the target untouched.
 */
export async function writeFileAtomically(fs: StoreFs, path: string, data: string | Uint8Array): Promise<void> {
  const temp = await writeTempFile(fs, path, data);
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, dirname(path));
}

/** `writeFileAtomically` on the real file system; the file is readable by the user only. */
export function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  return writeFileAtomically(nodeStoreFs, path, data);
}

/**
 * Makes `to` hold what `from` holds now, atomically, without touching `from`: a hard link under a temporary name
 * renamed over `to` (no bytes copied), or, where the file system has no hard links, a copy. Resolves false when
 * `from` does not exist. The caller fsyncs the directory.
 */
export async function preserveFile(fs: StoreFs, from: string, to: string): Promise<boolean> {
  const temp = tempNameFor(to);
  try {
    await fs.link(from, temp);
  } catch (error) {
    if (isMissing(error)) return false;
    const bytes = await fs.readFile(from);
    if (bytes === null) return false;
    await writeFileAtomically(fs, to, bytes);
    return true;
  }
  try {
    await fs.rename(temp, to);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  return true;
}
