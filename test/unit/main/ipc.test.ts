import { describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, TrustedSenders } from '../../../main/ipc';
import { dispatchIpc, UserFacingError, type IpcHandlers } from '../../../main/ipc-dispatch';
import { appUrlMatcher } from '../../../main/window';
import { REQUEST_NAMES } from '../../../shared/ipc/channels';

/** The renderer as the packed app serves it (main/window.ts, APP_ORIGIN). */
const appUrl = 'app://gmi/index.html';

/** Handlers for the registration tests: getAppInfo answers, every other request fails loudly if reached. */
function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const unused = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      () => {
        throw new Error(`${name} is not used in this test`);
      },
    ]),
  ) as unknown as IpcHandlers;
  return {
    ...unused,
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: '1.2.3', platform: 'linux' }),
    ...overrides,
  };
}

function fakeIpcMain() {
  const registered = new Map<string, (event: unknown, arg: unknown) => Promise<unknown>>();
  return {
    handle: vi.fn((channel: string, listener: (event: unknown, arg: unknown) => Promise<unknown>) => {
      registered.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    registered,
  };
}

function contents(id: number) {
  return { id, once: vi.fn() };
}

describe('IPC registration', () => {
  it('answers the app window', async () => {
    const ipcMain = fakeIpcMain();
    const senders = new TrustedSenders(appUrlMatcher(appUrl));
    senders.add(contents(7));
    registerIpcHandlers(ipcMain, handlers(), senders);
    const result = await ipcMain.registered.get('gmi:getAppInfo')?.(
      { sender: { id: 7 }, senderFrame: { url: appUrl, parent: null } },
      undefined,
    );
    expect(result).toEqual({ ok: true, value: { name: 'Guest MFA Inventory', version: '1.2.3', platform: 'linux' } });
  });

  it('refuses an unknown window, a subframe and a foreign page before running the handler', async () => {
    const ipcMain = fakeIpcMain();
    const senders = new TrustedSenders(appUrlMatcher(appUrl));
    senders.add(contents(7));
    const getAppInfo = vi.fn(() => ({ name: 'x', version: 'x', platform: 'x' }));
    registerIpcHandlers(ipcMain, handlers({ getAppInfo }), senders);
    const listener = ipcMain.registered.get('gmi:getAppInfo')!;
    for (const event of [
      { sender: { id: 8 }, senderFrame: { url: appUrl, parent: null } },
      { sender: { id: 7 }, senderFrame: { url: appUrl, parent: {} } },
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      // The page the app loaded before it had its own scheme, and another host of the scheme.
      { sender: { id: 7 }, senderFrame: { url: 'file:///opt/app/out/renderer/index.html', parent: null } },
      { sender: { id: 7 }, senderFrame: { url: 'app://evil/index.html', parent: null } },
      { sender: { id: 7 }, senderFrame: null },
    ]) {
      expect(await listener(event, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(getAppInfo).not.toHaveBeenCalled();
  });

  it('forgets a window once it is destroyed', async () => {
    const senders = new TrustedSenders(appUrlMatcher(appUrl));
    let destroyed: (() => void) | undefined;
    senders.add({ id: 3, once: (_e: 'destroyed', l: () => void) => (destroyed = l) });
    const event = { sender: { id: 3 }, senderFrame: { url: appUrl, parent: null } };
    expect(senders.isTrusted(event)).toBe(true);
    destroyed?.();
    expect(senders.isTrusted(event)).toBe(false);
  });
});

describe('IPC dispatch', () => {
  it('answers a typed error for a bad argument instead of throwing', async () => {
    const result = await dispatchIpc(handlers(), 'getAppInfo', { unexpected: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers a typed error for an unknown request', async () => {
    expect(await dispatchIpc(handlers(), 'deleteEverything', undefined)).toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    expect(await dispatchIpc(handlers(), '__proto__', undefined)).toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
  });

  it('passes user-facing errors through and hides unexpected ones', async () => {
    const onUnexpectedError = vi.fn();
    const failing = handlers({
      getAppInfo: () => {
        throw new UserFacingError('not-signed-in', 'Sign in first.');
      },
    });
    expect(await dispatchIpc(failing, 'getAppInfo', undefined)).toEqual({
      ok: false,
      error: { code: 'not-signed-in', message: 'Sign in first.' },
    });
    const crashing = handlers({
      getAppInfo: () => {
        throw new TypeError('Cannot read properties of undefined (reading "x") at /opt/app/secret/path.js:10');
      },
    });
    const result = await dispatchIpc(crashing, 'getAppInfo', undefined, { onUnexpectedError });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(JSON.stringify(result)).not.toContain('/opt/app');
    expect(onUnexpectedError).toHaveBeenCalledOnce();
  });
});
