/**
 * The typed IPC contract between the renderer and the main process: for every request its argument schema
 * (zod, checked in main before any handler runs) and its result type; the events main pushes to the
 * renderer. Errors are values: every request resolves to an `IpcResult`.
 */
import { z } from 'zod';
import type { RequestName } from './channels';

export { REQUEST_NAMES, EVENT_CHANNEL, requestChannel, isRequestName } from './channels';
export type { RequestName } from './channels';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

const noArgument = z.undefined();

/** Argument schema per request. A request without an argument takes `undefined`. */
export const requestSchemas = {
  getAppInfo: noArgument,
} as const satisfies Record<RequestName, z.ZodType>;

/** Result type per request. */
export interface RequestResults {
  getAppInfo: AppInfo;
}

export type RequestArg<N extends RequestName> = z.input<(typeof requestSchemas)[N]>;
export type ParsedArg<N extends RequestName> = z.output<(typeof requestSchemas)[N]>;

export const IPC_ERROR_CODES = [
  'invalid-argument',
  'unknown-request',
  'forbidden-sender',
  'cancelled',
  'not-signed-in',
  'not-found',
  'busy',
  'failed',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  /** A sentence for the user: what went wrong and, where possible, what to do. */
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Events pushed from main to the renderer on EVENT_CHANNEL. */
export type AppEvent = { type: 'ping'; at: string };

/** What the preload exposes as `window.api`. */
export type GuestMfaApi = {
  [N in RequestName]: undefined extends RequestArg<N>
    ? (arg?: RequestArg<N>) => Promise<IpcResult<RequestResults[N]>>
    : (arg: RequestArg<N>) => Promise<IpcResult<RequestResults[N]>>;
} & {
  /** Subscribe to main-process events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
};
