/** Renderer state (zustand). Talks to main only through the typed api. */
import { create } from 'zustand';
import type { AppInfo, GuestMfaApi } from '../../shared/ipc/contract';

export interface AppState {
  info: AppInfo | null;
  loadError: string | null;
  loading: boolean;
  loadInfo(): Promise<void>;
}

export function createAppStore(api: GuestMfaApi) {
  return create<AppState>((set) => ({
    info: null,
    loadError: null,
    loading: false,
    async loadInfo() {
      set({ loading: true, loadError: null });
      const result = await api.getAppInfo().catch(() => null);
      if (result?.ok) set({ info: result.value, loading: false });
      else
        set({
          loadError: result ? result.error.message : 'The app could not reach its background service.',
          loading: false,
        });
    },
  }));
}
