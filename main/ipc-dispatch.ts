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
import { sanitizeInline } from '../shared/sanitize';

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

/** Longest validation message answered: zod names unknown keys, and those come from the caller. */
const ISSUE_MESSAGE_MAX = 300;

/**
 * The first validation issue in one line. Field paths and unrecognised keys are the caller's own text, so the
 * message is made inert (no control or bidi characters) and bounded: a megabyte-long key is not echoed back.
 */
function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? ` at "${first.path.map(String).join('.')}"` : '';
  return sanitizeInline(`The request was not valid${where}: ${first.message}`, ISSUE_MESSAGE_MAX);
}

/**
 * Every argument of the contract is absent or a plain object. zod's object schemas also take a Date, Map or Set
 * (as an empty object) and read inherited properties, so anything else is refused before the schema runs.
 */
function isPlainRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
  if (rawArg !== undefined && !isPlainRecord(rawArg)) {
    return {
      ok: false,
      error: { code: 'invalid-argument', message: 'The request was not valid: expected an object.' },
    };
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
