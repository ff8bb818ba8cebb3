/**
 * Builds the IPC handlers from the services. Plain Node: the Electron shell and the browser test host both
 * call this with their own environment.
 */
import type { IpcHandlers } from '../ipc-dispatch';

export interface AppEnvironment {
  version: string;
  platform: string;
}

export function createAppHandlers(env: AppEnvironment): IpcHandlers {
  return {
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: env.version, platform: env.platform }),
  };
}
