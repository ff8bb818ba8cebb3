/**
 * The one error type the store throws. Its `code` lets the IPC layer answer a typed error (`not-found` and
 * `invalid-argument` map one to one onto the IPC codes; the others are failures) and its message is written for
 * the user, so it can be shown as is.
 */

export const STORE_ERROR_CODES = [
  'not-found',
  'invalid-argument',
  'write-failed',
  'unreadable',
  'closed',
  /** Another process (or another store in this one) holds the data folder's lock: see lock.ts. */
  'in-use',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
