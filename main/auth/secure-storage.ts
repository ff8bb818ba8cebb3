/**
 * Whether the system's secure storage may encrypt the token cache. Electron's `safeStorage` is passed in as a
 * small interface, so this decision runs (and is tested) under plain Node.
 *
 * On Linux, safeStorage picks a password store by desktop environment. When it recognises none, or when the app
 * is started with `--password-store=basic`, it selects `basic_text`: the data is then encrypted with a key
 * hard-coded in Chromium, i.e. readable by anyone who can read the file, and `isEncryptionAvailable()` still
 * answers true (https://www.electronjs.org/docs/latest/api/safe-storage#safestoragegetselectedstoragebackend-linux).
 * That is refused like no secure storage at all: the cache stays in memory, and the user signs in at each start.
 * `unknown` (asked before the app was ready) is refused too, as it says nothing about the key.
 */
import type { CacheCrypto } from './token-cache';

/** The part of Electron's `safeStorage` this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Why the token cache is kept in memory only. */
export type SecureStorageRefusal = 'unavailable' | 'basic-text';

export type SecureStorageDecision =
  { crypto: CacheCrypto; refusal: null } | { crypto: null; refusal: SecureStorageRefusal; backend: string | null };

/** Linux backends that do not protect the key (see the module comment). */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function chooseCacheCrypto(storage: SafeStorageLike, platform: NodeJS.Platform): SecureStorageDecision {
  if (!storage.isEncryptionAvailable()) return { crypto: null, refusal: 'unavailable', backend: null };
  if (platform === 'linux') {
    const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
    if (WEAK_LINUX_BACKENDS.has(backend)) return { crypto: null, refusal: 'basic-text', backend };
  }
  return {
    crypto: {
      encrypt: (plain) => storage.encryptString(plain),
      decrypt: (data) => storage.decryptString(data),
    },
    refusal: null,
  };
}

/** The notice text for a refusal: what happens, and for `basic-text` why and what would fix it. */
export function secureStorageNotice(refusal: SecureStorageRefusal): string {
  if (refusal === 'basic-text') {
    return (
      'No keyring (GNOME Keyring / libsecret or KWallet) is available to this app, and the fallback would protect ' +
      'your sign-in only with a key built into the app, which anyone who can read your files could use. So the ' +
      'sign-in is kept in memory only and you will sign in again each time you start the app. Unlock or install a ' +
      'keyring (or start the app with --password-store=gnome-libsecret or kwallet5) to have it remembered.'
    );
  }
  return 'This system offers no secure storage for the sign-in, so you will sign in again each time you start the app.';
}
