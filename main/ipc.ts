/**
 * The only module that touches `ipcMain`. Registers one handler per request of the contract, checks that the
 * request comes from the app's own window (trusted webContents, main frame, app URL) before anything else,
 * then validates and dispatches through ipc-dispatch. Listeners never see the raw Electron event.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel, type AppEvent } from '../shared/ipc/contract';
import { dispatchIpc, type DispatchOptions, type IpcHandlers } from './ipc-dispatch';

/** The part of an invoke event the sender check reads (lets tests pass plain objects). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** Decides whether a request may be served: from a registered window's main frame showing the app. */
export class TrustedSenders {
  private readonly ids = new Set<number>();

  constructor(private readonly isAppUrl: (url: string) => boolean) {}

  add(contents: { id: number; once(event: 'destroyed', listener: () => void): unknown }): void {
    this.ids.add(contents.id);
    contents.once('destroyed', () => this.ids.delete(contents.id));
  }

  isTrusted(event: SenderInfo): boolean {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return this.ids.has(event.sender.id) && this.isAppUrl(frame.url);
  }
}

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: IpcHandlers,
  senders: TrustedSenders,
  options: DispatchOptions = {},
): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), async (event: IpcMainInvokeEvent, arg: unknown) => {
      if (!senders.isTrusted(event as unknown as SenderInfo)) {
        return {
          ok: false,
          error: { code: 'forbidden-sender', message: 'This request did not come from the app window.' },
        };
      }
      return dispatchIpc(handlers, name, arg, options);
    });
  }
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
  };
}

/** Sends an event to every trusted window that is still alive. */
export function broadcastEvent(windows: Iterable<Pick<WebContents, 'isDestroyed' | 'send'>>, event: AppEvent): void {
  for (const contents of windows) {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  }
}
