/** The contract the preload exposes; the renderer's only way to reach the main process. */
import type { GuestMfaApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    api: GuestMfaApi;
  }
}

export function getApi(): GuestMfaApi {
  return window.api;
}
