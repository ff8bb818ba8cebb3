/**
 * A `GuestMfaApi` for jsdom tests: the fixture handlers behind the real dispatch (so arguments are validated
 * exactly as main does), with events delivered to `onEvent` listeners like the preload would.
 */
import { dispatchIpc } from '../../../main/ipc-dispatch';
import { REQUEST_NAMES } from '../../../shared/ipc/channels';
import type { AppEvent, AppSnapshot, GuestMfaApi } from '../../../shared/ipc/contract';
import { createFixtureHandlers, type FixtureControl } from '../../host/fixture-handlers';

export interface FakeApi {
  api: GuestMfaApi;
  fixture: FixtureControl;
  emit(event: AppEvent): void;
  events: AppEvent[];
}

export function createFakeApi(
  options: { snapshot?: AppSnapshot; scanDurationMs?: number; signInDelayMs?: number } = {},
): FakeApi {
  const listeners = new Set<(event: AppEvent) => void>();
  const events: AppEvent[] = [];
  const emit = (event: AppEvent) => {
    events.push(event);
    for (const l of listeners) l(event);
  };
  const fixture = createFixtureHandlers({ emit, ...options });
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    api[name] = (arg?: unknown) => dispatchIpc(fixture.handlers, name, arg);
  }
  api.onEvent = (listener: (event: AppEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { api: api as unknown as GuestMfaApi, fixture, emit, events };
}
