/**
 * The app's real services (createAppServices) under Node against an emulator: what the integration tests,
 * the benchmarks and the browser host build on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppEvent } from '../../shared/ipc/contract';
import { createAppServices, type AppServices } from '../../main/services/app-services';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../tools/entra-emulator';
import { createNodeEnvironment, type NodeEnvironment, type NodeEnvironmentOptions } from '../../tools/node-env';

export const SCENARIOS = path.resolve(__dirname, '../scenarios');

export interface AppHarness {
  emulator: Emulator;
  services: AppServices;
  env: NodeEnvironment;
  userDataDir: string;
  events: AppEvent[];
  /** Restarts the services on the same data folder and cache key (an app restart). */
  restart(): Promise<AppServices>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startApp(
  scenario: EmulatorOptions['scenario'],
  options: { userDataDir?: string; emulator?: Emulator; env?: Partial<NodeEnvironmentOptions> } = {},
): Promise<AppHarness> {
  const emulator =
    options.emulator ??
    (await startEmulator({
      scenario: typeof scenario === 'string' && !scenario.includes('/') ? path.join(SCENARIOS, scenario) : scenario,
      autoComplete: true,
    }));
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'gmi-app-'));
  const events: AppEvent[] = [];
  const env = createNodeEnvironment({
    userDataDir,
    emulator,
    browser: 'auto',
    emit: (event) => events.push(event),
    ...options.env,
  });
  let services = await createAppServices(env);
  const harness: AppHarness = {
    emulator,
    get services() {
      return services;
    },
    env,
    userDataDir,
    events,
    async restart() {
      await services.shutdown();
      services = await createAppServices(env);
      return services;
    },
    async close({ keepData = false } = {}) {
      await services.shutdown();
      if (!options.emulator) await emulator.close();
      if (!keepData) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Unwraps a handler call for tests: the value, or a thrown error with the user-facing message. */
export function tenantsOf(harness: AppHarness, accountId: string) {
  return harness.services.store.data().tenants.filter((t) => t.accountId === accountId);
}
