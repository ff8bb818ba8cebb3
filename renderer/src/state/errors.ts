/**
 * What a failed action becomes for the user: one chain of handlers, in order, each either dealing with the
 * failure (it returns null) or passing it on, the last one showing it as a message that stays until dismissed.
 * Actions name only what failed ("Could not sign out"); what the user then sees is decided here, once.
 */
import type { IpcError } from '../../../shared/ipc/contract';

/** A message shown to the user: errors stay until dismissed, successes show as a short toast. */
export interface UiMessage {
  id: string;
  intent: 'error' | 'warning' | 'success' | 'info';
  title: string;
  message: string;
}

/** One action that did not complete: what the user tried (`title`) and main's answer. */
export interface ActionFailure {
  title: string;
  error: IpcError;
}

/** What a handler may do with a failure besides passing it on. */
export interface FailureOutlet {
  /** Shows a persistent message, replacing one that says the same (a repeated click adds no second copy). */
  show(message: Omit<UiMessage, 'id'>): void;
}

/** Deals with a failure (returns null) or hands it, maybe changed, to the next handler. */
export type ErrorHandler = (failure: ActionFailure, outlet: FailureOutlet) => ActionFailure | null;

/** The user cancelled (closed the browser, pressed Cancel): nothing to tell. */
export const cancelledIsNoNews: ErrorHandler = (failure) => (failure.error.code === 'cancelled' ? null : failure);

/** The last handler: every failure that got this far is shown with its title and main's sentence. */
export const showAsMessage: ErrorHandler = (failure, outlet) => {
  outlet.show({ intent: 'error', title: failure.title, message: failure.error.message });
  return null;
};

/** The chain every action's failure runs through, in order. */
export const ERROR_HANDLERS: readonly ErrorHandler[] = [cancelledIsNoNews, showAsMessage];

/** Runs `failure` through `handlers` until one deals with it. */
export function handleFailure(
  failure: ActionFailure,
  outlet: FailureOutlet,
  handlers: readonly ErrorHandler[] = ERROR_HANDLERS,
): void {
  let current: ActionFailure | null = failure;
  for (const handler of handlers) {
    if (current === null) return;
    current = handler(current, outlet);
  }
}
