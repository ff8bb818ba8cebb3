/**
 * MSAL's token cache, persisted encrypted. The encryption is injected: Electron's `safeStorage` in the app,
 * AES-GCM with a test key in tests and the browser host.
 *
 * MSAL calls the plugin around every cache access. Reading the file each time and writing it after each
 * change would make a scan of N tenants cost O(N) file rewrites of an O(N)-sized cache (quadratic work), so:
 * - the file is read once, at the first access (this process is the only writer: single-instance lock);
 * - a change reported by MSAL only marks the cache dirty; the file is written when the burst of changes is
 *   over (`writeDelayMs` after the last one), on `flush()` (end of a scan, sign-out, quit), and never when
 *   nothing changed. Writes are atomic and serialized.
 */
import type { ICachePlugin, ISerializableTokenCache, TokenCacheContext } from '@azure/msal-node';
import { readFile, rename, rm } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

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
  /** Number of times the cache file was written (for tests and benchmarks). */
  readonly writeCount: number;
  /** Stops the delayed write timer (pending changes are flushed). */
  close(): Promise<void>;
}

export function createEncryptedCachePlugin(options: EncryptedCacheOptions): EncryptedCachePlugin {
  const delay = options.writeDelayMs ?? 1000;
  let loaded = false;
  let dirty = false;
  let cache: ISerializableTokenCache | null = null;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let writeCount = 0;

  async function load(tokenCache: ISerializableTokenCache): Promise<void> {
    loaded = true;
    cache = tokenCache;
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
      tokenCache.deserialize(await options.crypto.decrypt(data));
    } catch {
      // Wrong key, damaged file or a cache from another machine: keep it aside, start signed out.
      await rename(options.file, `${options.file}.unreadable-${Date.now()}`).catch(() =>
        rm(options.file!, { force: true }),
      );
      options.onUnreadable?.('The saved sign-in could not be decrypted; please sign in again.');
    }
  }

  function write(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    writing = writing.then(async () => {
      if (!dirty || !cache || !options.file) return;
      dirty = false;
      const encrypted = await options.crypto.encrypt(cache.serialize());
      await writeFileAtomic(options.file, encrypted, { mode: 0o600 });
      writeCount += 1;
    });
    return writing;
  }

  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!loaded) await load(context.tokenCache);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      cache = context.tokenCache;
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void write().catch(() => undefined), delay);
      timer.unref();
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
