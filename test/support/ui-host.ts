/**
 * A world of the real app (test/support/ui-world.ts) served to a browser by the browser host (tools/): what the
 * UI e2e tests open in Chromium. Main's events reach the page through the host's event stream.
 */
import path from 'node:path';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { startUiWorld, type UiWorld, type UiWorldOptions } from './ui-world';

export const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

export interface UiHost {
  world: UiWorld;
  host: TestHost;
  close(): Promise<void>;
}

export async function startUiHost(options: UiWorldOptions): Promise<UiHost> {
  const world = await startUiWorld(options);
  const host = await startTestHost({ rendererDir: RENDERER_DIR, handlers: world.handlers });
  const unsubscribe = world.api.onEvent((event) => host.emit(event));
  return {
    world,
    host,
    async close() {
      unsubscribe();
      await host.close();
      await world.close();
    },
  };
}
