/**
 * AES-256-GCM encryption of the token cache for tests and the browser test host, where Electron's
 * safeStorage does not exist. Layout: 12-byte IV, 16-byte tag, ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CacheCrypto } from '../main/auth/token-cache';

export interface AesGcmCrypto extends CacheCrypto {
  key: Buffer;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export function createAesGcmCrypto(key: Buffer = randomBytes(32)): AesGcmCrypto {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    key,
    encrypt(plain: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data: Buffer): string {
      if (data.length < 28) throw new Error('ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
