/**
 * Preload of the main window (sandboxed, context-isolated). Exposes exactly the IPC contract as `window.api`:
 * one function per request name and `onEvent`. Imports only the channel names, never a Node module.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel } from '../shared/ipc/channels';

const api: Record<string, unknown> = {};
for (const name of REQUEST_NAMES) {
  api[name] = (arg?: unknown) => ipcRenderer.invoke(requestChannel(name), arg);
}
api.onEvent = (listener: (event: unknown) => void) => {
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld('api', Object.freeze(api));
