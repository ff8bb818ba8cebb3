/**
 * What every slice of the renderer store is built with (state/*.ts): the typed `window.api`, zustand's
 * `set`/`get`, and the few ways an action answers the user: `call` (asks main and hands a failure to the one
 * error-handler chain, errors.ts), `toast`, `requireAccount`, `whileBusy` and `untilState`. Also the ids and
 * wording every slice shares: `TenantRef`, `tenantKey`, `callApi`.
 */
import type { GuestMfaApi, IpcError, IpcResult } from '../../../shared/ipc/contract';
import { handleFailure, type UiMessage } from './errors';

export type { UiMessage } from './errors';

/** Identifies one tenant of one account. */
export interface TenantRef {
  accountId: string;
  tenantId: string;
}

/** `accountId:tenantId`, the key of a tenant in maps and row ids. */
export function tenantKey(ref: TenantRef): string {
  return `${ref.accountId}:${ref.tenantId}`;
}

/** Only the two ids: callers may hold a wider object (e.g. a composer target), and main refuses unknown keys. */
export function pickRef(ref: TenantRef): TenantRef {
  return { accountId: ref.accountId, tenantId: ref.tenantId };
}

export const UNREACHABLE = 'The app could not reach its background service. Restart the app if this keeps happening.';
const GENERIC = 'Something went wrong. Try again; if it keeps happening, restart the app.';
export const NOT_SIGNED_IN: IpcError = { code: 'not-signed-in', message: 'Sign in with your work account first.' };

/** Makes sure a user-facing message is a real sentence (main may, by mistake, send an empty one). */
export function sentence(value: unknown, fallback: string = GENERIC): string {
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  if (trimmed === '' || /^(undefined|null|nan|\[object object\])$/i.test(trimmed)) return fallback;
  return trimmed;
}

/**
 * Calls one api function and always resolves to an `IpcResult` with a usable message: a rejected promise
 * (the bridge itself failed) or a malformed answer become a typed `failed` error.
 */
export async function callApi<T>(invoke: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await invoke();
    if (result && typeof result === 'object' && 'ok' in result) {
      if (result.ok) return result;
      return {
        ok: false,
        error: { code: result.error?.code ?? 'failed', message: sentence(result.error?.message) },
      };
    }
    return { ok: false, error: { code: 'failed', message: GENERIC } };
  } catch {
    return { ok: false, error: { code: 'failed', message: UNREACHABLE } };
  }
}

/** "Saved to …", or just "Saved." when main did not say where. */
export function savedWhere(path: string | null): string {
  return path ? `Saved to ${path}` : 'Saved.';
}

let messageCounter = 0;
export const nextMessageId = () => `m${(messageCounter += 1)}`;

/** The state the kit itself writes: messages and toasts (the UI slice shows them). */
export interface MessagesState {
  messages: UiMessage[];
  toasts: UiMessage[];
  activeAccountId: string | null;
}

/** Tenant-keyed flags of what is under way (the inventory slice's `tenantSignIns`, `tenantChecks`). */
export type BusyField = 'tenantSignIns' | 'tenantChecks';

type Setter<S> = (partial: Partial<S> | ((state: S) => Partial<S>)) => void;

/** What a slice is built with; `S` is the part of the whole state the slice reads. */
export interface Kit<S extends MessagesState> {
  api: GuestMfaApi;
  set: Setter<S>;
  get(): S;
  /** Asks main; a failure goes through the error-handler chain under `failure`, and the result is returned. */
  call<T>(failure: string, invoke: () => Promise<IpcResult<T>>): Promise<IpcResult<T>>;
  /** Hands a failure that did not come from a call to the error-handler chain. */
  report(failure: string, error: IpcError): void;
  toast(title: string, message?: string, intent?: UiMessage['intent']): void;
  /** The account shown, or null after telling the user to sign in first. */
  requireAccount(): string | null;
  /** Marks `key` in `field` while `run` is under way. */
  whileBusy<T>(field: BusyField, key: string, run: () => Promise<T>): Promise<T>;
  /** Resolves once the state says what `holds` checks, or after `ms` (controls that wait for main's state). */
  untilState(holds: (state: S) => boolean, ms?: number): Promise<void>;
  /** Whether a home sign-in started by this window is waiting for the browser (sync.ts reads it at a load). */
  signInInFlight: boolean;
}

/** Builds the kit over zustand's `set`, `get` and `subscribe`. */
export function createKit<S extends MessagesState>(
  api: GuestMfaApi,
  set: Setter<S>,
  get: () => S,
  subscribe: (listener: (state: S) => void) => () => void,
): Kit<S> {
  const show = (message: Omit<UiMessage, 'id'>) =>
    set(
      (s) =>
        ({
          messages: [
            ...s.messages.filter((m) => !(m.title === message.title && m.message === message.message)),
            { ...message, id: nextMessageId() },
          ],
        }) as Partial<S>,
    );
  const report = (failure: string, error: IpcError) => handleFailure({ title: failure, error }, { show });
  const kit: Kit<S> = {
    api,
    set,
    get,
    report,
    async call(failure, invoke) {
      const result = await callApi(invoke);
      if (!result.ok) report(failure, result.error);
      return result;
    },
    toast(title, message = '', intent = 'success') {
      set((s) => ({ toasts: [...s.toasts, { id: nextMessageId(), intent, title, message }] }) as Partial<S>);
    },
    requireAccount() {
      const id = get().activeAccountId;
      if (!id) report('Not signed in', NOT_SIGNED_IN);
      return id;
    },
    async whileBusy(field, key, run) {
      const flags = (s: S) => (s as unknown as Record<BusyField, Record<string, true>>)[field];
      set((s) => ({ [field]: { ...flags(s), [key]: true } }) as unknown as Partial<S>);
      try {
        return await run();
      } finally {
        set((s) => {
          const rest = { ...flags(s) };
          delete rest[key];
          return { [field]: rest } as unknown as Partial<S>;
        });
      }
    },
    untilState(holds, ms = 5_000) {
      return new Promise((resolve) => {
        if (holds(get())) return resolve();
        const timer = setTimeout(done, ms);
        const unsubscribe = subscribe((s) => {
          if (holds(s)) done();
        });
        function done() {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    },
    signInInFlight: false,
  };
  return kit;
}
