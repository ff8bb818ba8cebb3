/**
 * The app's real services under Node against the emulator, with routes that may send a Microsoft host to a
 * stand-in of the test's own (see arm-proxy.ts), and a scan that can stop once the listing is stored.
 */
import { createAppServices, type AppServices } from '../../../main/services/app-services';
import type { AppEvent } from '../../../shared/ipc/contract';
import type { Emulator } from '../../../tools/entra-emulator';
import { createNodeEnvironment } from '../../../tools/node-env';

export interface ReliabilityApp {
  services: AppServices;
  /** The Node environment (its clipboard holds what "Copy what Entra answered" copied). */
  env: ReturnType<typeof createNodeEnvironment>;
  /** Every event main sent to the renderer, in order. */
  events: AppEvent[];
  /** Runs a scan and cancels it as soon as the whole listing is stored (the probes still running are not waited for). */
  listOnly(accountId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReliabilityApp(
  emulator: Emulator,
  userDataDir: string,
  routes: Record<string, string> = {},
): Promise<ReliabilityApp> {
  let onProgress: ((event: AppEvent) => void) | null = null;
  const events: AppEvent[] = [];
  const env = createNodeEnvironment({
    userDataDir,
    emulator,
    browser: 'auto',
    emit: (event) => {
      events.push(event);
      onProgress?.(event);
    },
  });
  env.network = { routes: { ...emulator.routes, ...routes }, extraCaPem: emulator.caPem };
  const services = await createAppServices(env);
  return {
    services,
    env,
    events,
    async listOnly(accountId) {
      onProgress = (event) => {
        // Probing starts with the listing's first page; the progress names the listing's outcome once the whole
        // listing is merged into the store.
        if (event.type === 'state' && event.patch.scan?.progress?.listing) {
          void services.handlers.cancelScan(undefined);
        }
      };
      try {
        await services.handlers.startScan({ accountId });
      } finally {
        onProgress = null;
      }
    },
    close: () => services.shutdown(),
  };
}
