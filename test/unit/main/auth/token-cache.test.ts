import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ISerializableTokenCache, TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it, vi } from 'vitest';
import { createEncryptedCachePlugin } from '../../../../main/auth/token-cache';
import { createAesGcmCrypto } from '../../../../tools/aes-gcm-crypto';

/** A stand-in for MSAL's TokenCache: what the plugin calls on it. */
function memoryCache(initial = '') {
  let state = initial;
  return {
    cache: {
      serialize: () => state,
      deserialize: (s: string) => {
        state = s;
      },
    } satisfies ISerializableTokenCache,
    set(value: string) {
      state = value;
    },
    get: () => state,
  };
}

const context = (cache: ISerializableTokenCache, changed: boolean) =>
  ({ tokenCache: cache, cacheHasChanged: changed, hasChanged: changed, cache }) as unknown as TokenCacheContext;

describe('encrypted token cache plugin', () => {
  it('writes once after a burst of changes, never for reads, and not readable without the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-'));
    const file = path.join(dir, 'msal-cache.bin');
    const crypto = createAesGcmCrypto();
    const plugin = createEncryptedCachePlugin({ file, crypto, writeDelayMs: 60_000 });
    const memory = memoryCache();
    for (let i = 0; i < 50; i++) {
      await plugin.beforeCacheAccess(context(memory.cache, false));
      memory.set(`{"RefreshToken":{"rt":"refresh-secret-${i}"}}`);
      await plugin.afterCacheAccess(context(memory.cache, true));
      await plugin.beforeCacheAccess(context(memory.cache, false));
      await plugin.afterCacheAccess(context(memory.cache, false));
    }
    expect(plugin.writeCount).toBe(0);
    await plugin.flush();
    await plugin.flush();
    expect(plugin.writeCount).toBe(1);
    const onDisk = readFileSync(file);
    expect(onDisk.toString('latin1')).not.toContain('refresh-secret');
    expect(crypto.decrypt(onDisk)).toContain('refresh-secret-49');
    await plugin.close();
  });

  it('reads the file once and restores the cache from it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-'));
    const file = path.join(dir, 'msal-cache.bin');
    const crypto = createAesGcmCrypto();
    writeFileSync(file, crypto.encrypt('{"Account":{"a":1}}'));
    const decrypt = vi.spyOn(crypto, 'decrypt');
    const plugin = createEncryptedCachePlugin({ file, crypto });
    const memory = memoryCache();
    for (let i = 0; i < 5; i++) await plugin.beforeCacheAccess(context(memory.cache, false));
    expect(memory.get()).toBe('{"Account":{"a":1}}');
    expect(decrypt).toHaveBeenCalledTimes(1);
  });

  it('sets aside a cache it cannot decrypt and says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-'));
    const file = path.join(dir, 'msal-cache.bin');
    writeFileSync(file, createAesGcmCrypto().encrypt('{"x":1}'));
    const onUnreadable = vi.fn();
    const plugin = createEncryptedCachePlugin({ file, crypto: createAesGcmCrypto(), onUnreadable });
    const memory = memoryCache();
    await plugin.beforeCacheAccess(context(memory.cache, false));
    expect(memory.get()).toBe('');
    expect(onUnreadable).toHaveBeenCalledWith(expect.stringMatching(/sign in again/));
    expect(readdirSync(dir).some((f) => f.startsWith('msal-cache.bin.unreadable-'))).toBe(true);
  });

  it('keeps only the newest three undecryptable copies, and nothing else of the folder is touched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-'));
    const file = path.join(dir, 'msal-cache.bin');
    // Five copies set aside by earlier starts (each holds an encrypted refresh token), oldest first.
    const older = [1_700_000_000_000, 1_700_000_100_000, 1_700_000_200_000, 1_700_000_300_000, 1_700_000_400_000];
    for (const stamp of older) writeFileSync(`${file}.unreadable-${stamp}`, 'old copy');
    writeFileSync(path.join(dir, 'msal-cache.bin.unreadable-notes.txt'), 'not a copy');
    writeFileSync(path.join(dir, 'app-data.json'), '{}');
    writeFileSync(file, createAesGcmCrypto().encrypt('{"x":1}'));
    const plugin = createEncryptedCachePlugin({ file, crypto: createAesGcmCrypto() });
    await plugin.beforeCacheAccess(context(memoryCache().cache, false));
    const left = readdirSync(dir).sort();
    const copies = left.filter((f) => /^msal-cache\.bin\.unreadable-\d+$/.test(f));
    expect(copies).toHaveLength(3);
    // The one just set aside and the two newest earlier ones.
    expect(copies).toContain(`msal-cache.bin.unreadable-${older[4]}`);
    expect(copies).toContain(`msal-cache.bin.unreadable-${older[3]}`);
    expect(copies.some((f) => Number(f.split('-').pop()) > older[4]!)).toBe(true);
    expect(left).toContain('msal-cache.bin.unreadable-notes.txt');
    expect(left).toContain('app-data.json');
    expect(left).not.toContain('msal-cache.bin');
  });

  it('keeps the cache in memory only when there is no secure storage', async () => {
    const plugin = createEncryptedCachePlugin({ file: null, crypto: createAesGcmCrypto() });
    const memory = memoryCache();
    await plugin.beforeCacheAccess(context(memory.cache, false));
    await plugin.afterCacheAccess(context(memory.cache, true));
    await plugin.flush();
    expect(plugin.writeCount).toBe(0);
  });
});
