/**
 * Identifiers the emulator makes up: stable ones derived from scenario data (object ids, policy ids, method
 * ids stay the same across runs, so logs and golden files compare) and random ones (codes, refresh tokens,
 * trace ids).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * The well-known home tenant Entra gives every personal Microsoft account, the "consumers" tenant (the `utid` such
 * an account carries; source: https://github.com/Azure/azure-cli/issues/32358). The emulator
 * states it itself because it imports nothing of the app.
 */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** A GUID-shaped id derived from the given parts; the same parts always give the same id. */
export function stableGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Shape it as a version-4-looking GUID so that parsers that check the variant accept it.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A base64url string derived from the given parts (pairwise `sub` values and the like). */
export function stableOpaque(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

export function randomGuid(): string {
  return randomUUID();
}

/** An unguessable opaque token with a prefix that says what it is when it shows up in a log. */
export function randomOpaque(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
