import { describe, expect, it, vi } from 'vitest';
import { chooseCacheCrypto, secureStorageNotice, type SafeStorageLike } from '../../../../main/auth/secure-storage';

/** A stand-in for Electron's safeStorage with the given availability and Linux backend. */
function fakeSafeStorage(
  available: boolean,
  backend?: string,
): SafeStorageLike & { encryptString: ReturnType<typeof vi.fn> } {
  return {
    isEncryptionAvailable: () => available,
    ...(backend !== undefined ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
    decryptString: (data: Buffer) => data.toString().replace(/^enc:/, ''),
  };
}

describe('the choice of secure storage for the token cache', () => {
  it('refuses basic_text on Linux, where isEncryptionAvailable() still says yes', () => {
    const storage = fakeSafeStorage(true, 'basic_text');
    const decision = chooseCacheCrypto(storage, 'linux');
    expect(decision).toMatchObject({ crypto: null, refusal: 'basic-text', backend: 'basic_text' });
    expect(storage.encryptString).not.toHaveBeenCalled();
    expect(secureStorageNotice('basic-text')).toMatch(/keyring/);
    expect(secureStorageNotice('basic-text')).toMatch(/sign in again each time/);
  });

  it('refuses a backend Electron reports as unknown on Linux', () => {
    expect(chooseCacheCrypto(fakeSafeStorage(true, 'unknown'), 'linux').crypto).toBeNull();
  });

  it('uses a real keyring on Linux, and the system store on Windows and macOS', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      const decision = chooseCacheCrypto(fakeSafeStorage(true, backend), 'linux');
      expect(decision.refusal, backend).toBeNull();
      expect(decision.crypto?.decrypt(decision.crypto.encrypt('x') as Buffer)).toBe('x');
    }
    // getSelectedStorageBackend is Linux only; elsewhere it is not asked.
    expect(chooseCacheCrypto(fakeSafeStorage(true), 'win32').refusal).toBeNull();
    expect(chooseCacheCrypto(fakeSafeStorage(true, 'basic_text'), 'darwin').refusal).toBeNull();
  });

  it('refuses when no encryption is available at all', () => {
    expect(chooseCacheCrypto(fakeSafeStorage(false, 'gnome_libsecret'), 'linux')).toMatchObject({
      crypto: null,
      refusal: 'unavailable',
    });
    expect(secureStorageNotice('unavailable')).toMatch(/no secure storage/);
  });
});
