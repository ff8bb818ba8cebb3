/**
 * MSAL's token cache, persisted encrypted. The encryption is injected: Electron's `safeStorage` in the app,
 * AES-GCM with a test key in tests and the browser host.
 *
 * msal-node, when a cache plugin is set, replaces its in-memory cache with the plugin's snapshot before every
 * silent lookup; so `beforeCacheAccess` hands MSAL the current state, which this plugin keeps in memory (the
 * file is read once, at the first access: this process is the only writer, under the single-instance lock).
 * A change reported by MSAL (`cacheHasChanged`) updates that state and marks it dirty; the file is written
 * when the burst of changes is over (`writeDelayMs` after the last one), on `flush()` (end of a scan,
 * sign-in, sign-out, quit), and never when nothing changed. Writes are atomic and serialized.
 *
 * The scan does not run its probes through this cache at all (see AuthService.openProbeSession): a probe's
 * access token is used once, so keeping hundreds of them here would only make every lookup slower and the
 * file bigger.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../fs/atomic-fs';

/**
 * Undecryptable copies of the cache kept beside it (the newest ones; older copies are deleted). A copy can still
 * be read if the key comes back (e.g. the keyring was locked at start), but each holds a refresh token, so they
 * must not pile up: one per failed start would otherwise grow without end.
 */
export const UNREADABLE_COPIES_KEPT = 3;

/** Deletes all but the newest `keep` copies named `<cache file>.unreadable-<epoch ms>`. Best effort. */
async function pruneUnreadableCopies(file: string, keep: number): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.unreadable-`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const copies = names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)));
  for (const name of copies.slice(keep)) await rm(path.join(dir, name), { force: true }).catch(() => undefined);
}

/** Encrypts and decrypts the serialized cache. */
export interface CacheCrypto {
  encrypt(plain: string): Buffer | Promise<Buffer>;
  decrypt(data: Buffer): string | Promise<string>;
}

export interface EncryptedCacheOptions {
  /** The cache file; null keeps the cache in memory only (no secure storage on this system). */
  file: string | null;
  crypto: CacheCrypto;
  writeDelayMs?: number;
  /** Told when the stored cache could not be read (it is set aside and the user signs in again). */
  onUnreadable?: (reason: string) => void;
}

export interface EncryptedCachePlugin extends ICachePlugin {
  /** Writes pending changes now. */
  flush(): Promise<void>;
  /** The current cache state (MSAL's serialized JSON), after the file was read. */
  current(): Promise<string>;
  /** Replaces the cache state (e.g. a refreshed token from a probe session) and schedules a write. */
  replace(serialized: string): void;
  /** Number of times the cache file was written (for tests and benchmarks). */
  readonly writeCount: number;
  /** Stops the delayed write timer (pending changes are flushed). */
  close(): Promise<void>;
}

export function createEncryptedCachePlugin(options: EncryptedCacheOptions): EncryptedCachePlugin {
  const delay = options.writeDelayMs ?? 1000;
  let loading: Promise<void> | null = null;
  let state = '';
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let writeCount = 0;

  function load(): Promise<void> {
    loading ??= read();
    return loading;
  }

  async function read(): Promise<void> {
    if (!options.file) return;
    let data: Buffer;
    try {
      data = await readFile(options.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      options.onUnreadable?.('The saved sign-in could not be read.');
      return;
    }
    try {
      const text = await options.crypto.decrypt(data);
      JSON.parse(text);
      state = text;
    } catch {
      // Wrong key, damaged file or a cache from another machine: keep it aside, start signed out.
      await rename(options.file, `${options.file}.unreadable-${Date.now()}`).catch(() =>
        rm(options.file!, { force: true }),
      );
      await pruneUnreadableCopies(options.file, UNREADABLE_COPIES_KEPT);
      options.onUnreadable?.('The saved sign-in could not be decrypted; please sign in again.');
    }
  }

  function write(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    writing = writing.then(async () => {
      if (!dirty || !options.file) return;
      dirty = false;
      const encrypted = await options.crypto.encrypt(state);
      await atomicWrite(options.file, encrypted);
      writeCount += 1;
    });
    return writing;
  }

  function markDirty(): void {
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void write().catch(() => undefined), delay);
    timer.unref();
  }

  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      await load();
      context.tokenCache.deserialize(state);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      state = context.tokenCache.serialize();
      markDirty();
    },
    async current() {
      await load();
      return state;
    },
    replace(serialized: string) {
      state = serialized;
      markDirty();
    },
    flush: write,
    get writeCount() {
      return writeCount;
    },
    async close() {
      await write();
    },
  };
}
