/** The settings slice: saving settings, and the app's updates (check, install). */
import type { IpcResult, RequestArg } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/model';
import { callApi, type Kit } from './kit';
import type { UiSlice } from './ui';

export interface SettingsSlice {
  updateSettings(patch: RequestArg<'updateSettings'>): Promise<IpcResult<Settings>>;
  checkForUpdates(): Promise<void>;
  installUpdate(): Promise<void>;
}

export function createSettingsSlice(kit: Kit<UiSlice>): SettingsSlice {
  const { api } = kit;
  return {
    async updateSettings(patch) {
      const result = await callApi(() => api.updateSettings(patch));
      if (result.ok) kit.toast('Settings saved');
      return result;
    },
    async checkForUpdates() {
      await kit.call('Could not check for updates', () => api.checkForUpdates());
    },
    async installUpdate() {
      const result = await kit.call('Could not install the update', () => api.installUpdate());
      if (!result.ok) return;
      if (result.value.installing) kit.toast('Restarting to update…', '', 'info');
      else
        kit.report('Could not install the update', {
          code: 'failed',
          message: 'No downloaded update is ready. Check for updates in Settings.',
        });
    },
  };
}
