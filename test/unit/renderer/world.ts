/**
 * The renderer's tests run against the real app: one Entra emulator child per test file, and per test a fresh
 * world (the app's real services, signed in at the emulator, with the fixture data put through the real store;
 * test/support/ui-world.ts) behind the real dispatch, and the renderer's store on top of it.
 */
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { createAppStore } from '../../../renderer/src/store';
import type { ScenarioInput } from '../../../tools/entra-emulator';
import { fixtureData, uiScenario } from '../../fixtures/ui-fixture';
import { startEmulatorChild, type EmulatorChild } from '../../support/emulator-child';
import { startUiWorld, type UiWorld, type UiWorldOptions } from '../../support/ui-world';

let emulator: EmulatorChild | null = null;
const open: UiWorld[] = [];

/** Starts the emulator for this file's tests (once, before them) and stops it after them. */
export function useEmulator(scenario: ScenarioInput = uiScenario()): void {
  beforeAll(async () => {
    emulator = await startEmulatorChild(scenario);
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
    emulator = null;
  });
}

afterEach(async () => {
  for (const world of open.splice(0)) await world.close();
});

/** A world with the fixture data (or as `options` say). */
export async function world(options: Partial<Omit<UiWorldOptions, 'emulator'>> = {}): Promise<UiWorld> {
  if (!emulator) throw new Error('call useEmulator() in the test file');
  const started = await startUiWorld({ emulator, data: fixtureData(), ...options });
  open.push(started);
  return started;
}

/** A world and the renderer's store, started (subscribed to main's events) and loaded. */
export async function startedStore(options: Partial<Omit<UiWorldOptions, 'emulator'>> = {}) {
  const app = await world(options);
  const store = createAppStore(app.api);
  const stop = store.getState().start();
  await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
  return { world: app, store, stop, accountId: app.account?.accountId ?? '' };
}
