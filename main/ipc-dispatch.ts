/**
 * Validates and dispatches one IPC request to its handler. Used by the Electron registration (ipc.ts) and by
 * the browser test host alike, so both answer exactly the same contract. No Electron import here.
 */
import { type z } from 'zod';
import {
  isRequestName,
  requestSchemas,
  type IpcError,
  type IpcResult,
  type ParsedArg,
  type RequestName,
  type RequestResults,
} from '../shared/ipc/contract';

/** The main-side implementation of every request of the contract. */
export type IpcHandlers = {
  [N in RequestName]: (arg: ParsedArg<N>) => Promise<RequestResults[N]> | RequestResults[N];
};

/** Thrown by a handler to answer a typed error with a user-facing message instead of a generic failure. */
export class UserFacingError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? ` at "${first.path.map(String).join('.')}"` : '';
  return `The request was not valid${where}: ${first.message}`;
}

export interface DispatchOptions {
  /** Called with unexpected errors (not UserFacingError), for the log. Must not receive secrets. */
  onUnexpectedError?: (name: string, error: unknown) => void;
}

export async function dispatchIpc(
  handlers: IpcHandlers,
  name: unknown,
  rawArg: unknown,
  options: DispatchOptions = {},
): Promise<IpcResult<unknown>> {
  if (!isRequestName(name)) {
    return { ok: false, error: { code: 'unknown-request', message: 'The app asked for something it does not know.' } };
  }
  const schema: z.ZodType = requestSchemas[name];
  const parsed = schema.safeParse(rawArg);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid-argument', message: describeIssues(parsed.error) } };
  }
  try {
    const handler = handlers[name] as (arg: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof UserFacingError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    options.onUnexpectedError?.(name, error);
    return {
      ok: false,
      error: { code: 'failed', message: 'Something went wrong inside the app. The details are in the log.' },
    };
  }
}
