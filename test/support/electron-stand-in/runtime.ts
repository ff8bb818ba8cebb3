/**
 * TEST TOOLING: the stand-in `electron` module's objects and what they record. `app`, `ipcMain`, `session`,
 * `protocol`, `safeStorage`, `shell`, `clipboard`, `dialog`, `Notification`, `Tray`, `Menu`, `nativeImage`,
 * `nativeTheme`, `net` and `autoUpdater`; `BrowserWindow` is in window.ts. Each answers as Electron's documented
 * API does (https://www.electronjs.org/docs/latest/api/) as far as the shell uses it, and records what it is asked.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Route } from 'playwright-core';
import { contentTypeOf } from './urls';
import {
  browserWindowClass,
  electronEvent,
  type StandInFrame,
  type StandInWebContents,
  type WindowOptions,
} from './window';

export interface StandInOptions {
  /** The Chromium that backs every window. */
  browser: Browser;
  userDataDir: string;
  /** Where the app is (its build/icon.png is the tray icon of an unpacked app). */
  appPath: string;
  version?: string;
  /** `requestSingleInstanceLock()`'s answer: false stands for another running copy. */
  singleInstanceLock?: boolean;
  /** `safeStorage.getSelectedStorageBackend()` (Linux); `basic_text` is a desktop without a keyring. */
  storageBackend?: string;
  encryptionAvailable?: boolean;
  notificationsSupported?: boolean;
  /** Colour scheme of the windows and `nativeTheme.shouldUseDarkColors`. */
  dark?: boolean;
  /** What `shell.openExternal` does besides recording (e.g. complete a sign-in at the emulator). */
  openExternal?: (url: string) => Promise<void>;
  /** Where save and folder dialogs "choose" (files get the suggested name); null answers cancel. */
  dialogFolder?: string | null;
}

export interface ShellRecord {
  singleInstanceLockRequests: number;
  appUserModelIds: string[];
  quitCalls: number;
  privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[];
  /** The URLs the shell asked the session to resolve a proxy for. */
  resolvedProxyUrls: string[];
  protocolHandlers: string[];
  windows: WindowOptions[];
  windowCalls: string[];
  loaded: string[];
  /** Every request a window's page made (app URLs), in order. */
  requests: { url: string; method: string; resourceType: string }[];
  /** Navigations the page started, and whether `will-navigate` prevented them. */
  navigations: { url: string; prevented: boolean }[];
  windowOpens: { url: string; action: 'allow' | 'deny' }[];
  /** Ids of the webContents a window-open handler was set on. */
  windowOpenHandlers: number[];
  permissionRequests: { permission: string; url: string; granted: boolean }[];
  permissionChecks: { permission: string; origin: string; granted: boolean }[];
  /** Response headers the session's listeners put on what the stand-in served. */
  responses: { url: string; status: number; headers: Record<string, string> }[];
  ipc: { channel: string; trusted: boolean; answer: unknown }[];
  sent: { channel: string; args: unknown[] }[];
  externalOpens: string[];
  clipboard: string[];
  errorBoxes: { title: string; content: string }[];
  dialogs: { kind: 'save' | 'open'; options: unknown }[];
  notifications: { title: string; body: string; shown: boolean }[];
  trays: { tooltip: string; menu: string[]; destroyed: boolean }[];
  applicationMenus: unknown[];
  pdfs: number;
  consoleErrors: string[];
  pageErrors: string[];
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (
  contents: StandInWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
type PermissionCheckHandler = (
  contents: StandInWebContents | null,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean;
type HeadersListener = (
  details: { url: string; statusCode: number; responseHeaders: Record<string, string[]>; resourceType: string },
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string[] | string> }) => void,
) => void;

/** AES-256-GCM under a key this stand-in made up: what safeStorage's keychain key stands for. */
function standInSafeStorage(options: StandInOptions) {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => options.encryptionAvailable ?? true,
    getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
    encryptString(text: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export class StandInRuntime {
  readonly record: ShellRecord = {
    singleInstanceLockRequests: 0,
    appUserModelIds: [],
    quitCalls: 0,
    privilegedSchemes: [],
    resolvedProxyUrls: [],
    protocolHandlers: [],
    windows: [],
    windowCalls: [],
    loaded: [],
    requests: [],
    navigations: [],
    windowOpens: [],
    windowOpenHandlers: [],
    permissionRequests: [],
    permissionChecks: [],
    responses: [],
    ipc: [],
    sent: [],
    externalOpens: [],
    clipboard: [],
    errorBoxes: [],
    dialogs: [],
    notifications: [],
    trays: [],
    applicationMenus: [],
    pdfs: 0,
    consoleErrors: [],
    pageErrors: [],
  };
  readonly windows: { webContents: StandInWebContents; isDestroyed(): boolean; close(): void }[] = [];
  readonly handlers = new Map<string, Handler>();
  readonly ipcMain: EventEmitter;
  readonly app: EventEmitter;
  /** What `require("electron")` answers. */
  readonly electron: Record<string, unknown>;
  private readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  private readonly privileged = new Set<string>();
  private permissionRequestHandler: PermissionRequestHandler | null = null;
  private permissionCheckHandler: PermissionCheckHandler | null = null;
  private headersListener: HeadersListener | null = null;
  private isReady = false;
  private quitting = false;
  /** Resolves when the app has quit (`will-quit` and `quit` emitted). */
  readonly quitted: Promise<void>;
  private resolveQuit!: () => void;

  constructor(readonly options: StandInOptions) {
    this.quitted = new Promise((resolve) => (this.resolveQuit = resolve));
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the classes and object literals below need the runtime
    const runtime = this;
    const record = this.record;

    this.ipcMain = Object.assign(new EventEmitter(), {
      handle(channel: string, handler: Handler) {
        // Electron refuses a second handler for a channel.
        if (runtime.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        runtime.handlers.set(channel, handler);
      },
      handleOnce(channel: string, handler: Handler) {
        runtime.handlers.set(channel, (event, ...args) => {
          runtime.handlers.delete(channel);
          return handler(event, ...args);
        });
      },
      removeHandler(channel: string) {
        runtime.handlers.delete(channel);
      },
    });

    this.app = Object.assign(new EventEmitter(), {
      isPackaged: false,
      name: 'Guest MFA Inventory',
      getName: () => 'Guest MFA Inventory',
      getVersion: () => options.version ?? '0.1.0',
      getAppPath: () => options.appPath,
      getLocale: () => 'en-GB',
      getPath(name: string): string {
        if (name === 'userData') return options.userDataDir;
        const dir = path.join(options.userDataDir, '..', `${path.basename(options.userDataDir)}-${name}`);
        mkdirSync(dir, { recursive: true });
        return dir;
      },
      setAppUserModelId: (id: string) => record.appUserModelIds.push(id),
      requestSingleInstanceLock() {
        record.singleInstanceLockRequests += 1;
        return options.singleInstanceLock ?? true;
      },
      isReady: () => runtime.isReady,
      whenReady: () => runtime.ready,
      quit: () => runtime.quit(),
      exit: () => runtime.finishQuit(),
      focus: () => record.windowCalls.push('app.focus'),
    });

    const session = {
      setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
        runtime.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
        runtime.permissionCheckHandler = handler;
      },
      // Chromium's answer for a machine without a proxy; the shell feeds it to the transport per request.
      resolveProxy: (url: string) => {
        record.resolvedProxyUrls.push(url);
        return Promise.resolve('DIRECT');
      },
      webRequest: {
        onHeadersReceived(filterOrListener: unknown, maybeListener?: HeadersListener) {
          runtime.headersListener = (maybeListener ?? filterOrListener) as HeadersListener | null;
        },
      },
      protocol: null as unknown,
    };

    const protocol = {
      registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
        // "This method can only be used before the ready event of the app module gets emitted."
        if (runtime.isReady)
          throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
        for (const scheme of schemes) {
          record.privilegedSchemes.push(scheme);
          runtime.privileged.add(scheme.scheme);
        }
      },
      handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
        if (runtime.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
        runtime.protocolHandlers.set(scheme, handler);
        record.protocolHandlers.push(scheme);
      },
      unhandle(scheme: string) {
        runtime.protocolHandlers.delete(scheme);
      },
      isProtocolHandled: (scheme: string) => runtime.protocolHandlers.has(scheme),
    };
    session.protocol = protocol;

    const image = (file: string | null) => ({
      isEmpty: () => file === null || !existsSync(file),
      resize: () => image(file),
      getSize: () => ({ width: 16, height: 16 }),
      toPNG: () => (file && existsSync(file) ? readFileSync(file) : Buffer.alloc(0)),
    });

    class Notification extends EventEmitter {
      static isSupported = () => options.notificationsSupported ?? true;
      private readonly entry: ShellRecord['notifications'][number];
      constructor({ title, body }: { title: string; body: string }) {
        super();
        this.entry = { title, body, shown: false };
        record.notifications.push(this.entry);
        runtime.notifications.push(this);
      }
      show() {
        this.entry.shown = true;
      }
      close() {
        this.emit('close');
      }
    }

    class Tray extends EventEmitter {
      private readonly entry: ShellRecord['trays'][number] = { tooltip: '', menu: [], destroyed: false };
      private menuItems: { label?: string; click?: () => void }[] = [];
      constructor(_image: unknown) {
        super();
        record.trays.push(this.entry);
        runtime.trays.push(this);
      }
      setToolTip(text: string) {
        this.entry.tooltip = text;
      }
      setContextMenu(menu: { items: { label?: string; click?: () => void }[] }) {
        this.menuItems = menu.items;
        this.entry.menu = menu.items.map((i) => i.label ?? '');
      }
      /** Test: choose a menu item as the user would. */
      choose(label: string) {
        this.menuItems.find((i) => i.label === label)?.click?.();
      }
      destroy() {
        this.entry.destroyed = true;
      }
      isDestroyed() {
        return this.entry.destroyed;
      }
    }

    const dialogFolder =
      options.dialogFolder === undefined ? path.join(options.userDataDir, 'exports') : options.dialogFolder;
    const withoutWindow = (args: unknown[]) => (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;

    this.electron = {
      app: this.app,
      ipcMain: this.ipcMain,
      BrowserWindow: browserWindowClass(this, options.browser),
      session: { defaultSession: session, fromPartition: () => session },
      protocol,
      safeStorage: standInSafeStorage(options),
      shell: {
        async openExternal(url: string) {
          record.externalOpens.push(url);
          await options.openExternal?.(url);
        },
        openPath: async (file: string) => {
          record.externalOpens.push(file);
          return '';
        },
        showItemInFolder: (file: string) => record.externalOpens.push(file),
      },
      clipboard: {
        writeText: (text: string) => record.clipboard.push(text),
        readText: () => record.clipboard.at(-1) ?? '',
      },
      dialog: {
        showErrorBox: (title: string, content: string) => record.errorBoxes.push({ title, content }),
        async showSaveDialog(...args: unknown[]) {
          const dialogOptions = withoutWindow(args);
          record.dialogs.push({ kind: 'save', options: dialogOptions });
          if (dialogFolder === null) return { canceled: true, filePath: '' };
          mkdirSync(dialogFolder, { recursive: true });
          const name = path.basename(String(dialogOptions['defaultPath'] ?? 'file'));
          return { canceled: false, filePath: path.join(dialogFolder, name) };
        },
        async showOpenDialog(...args: unknown[]) {
          record.dialogs.push({ kind: 'open', options: withoutWindow(args) });
          if (dialogFolder === null) return { canceled: true, filePaths: [] };
          mkdirSync(dialogFolder, { recursive: true });
          return { canceled: false, filePaths: [dialogFolder] };
        },
        showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
      },
      Notification,
      Tray,
      Menu: {
        buildFromTemplate: (items: unknown[]) => ({ items }),
        setApplicationMenu: (menu: unknown) => record.applicationMenus.push(menu),
        getApplicationMenu: () => record.applicationMenus.at(-1) ?? null,
      },
      nativeImage: { createFromPath: (file: string) => image(file), createEmpty: () => image(null) },
      nativeTheme: Object.assign(new EventEmitter(), {
        shouldUseDarkColors: options.dark ?? false,
        shouldUseHighContrastColors: false,
        themeSource: 'system',
      }),
      net: { fetch: (input: string | Request, init?: RequestInit) => runtime.netFetch(input, init) },
      autoUpdater: new EventEmitter(),
    };
  }

  readonly notifications: (EventEmitter & { show(): void })[] = [];
  readonly trays: (EventEmitter & { choose(label: string): void })[] = [];

  /** Electron emits `ready` once it has started; `whenReady` waits for that. */
  readonly ready: Promise<void> = new Promise((resolve) =>
    setImmediate(() => {
      this.isReady = true;
      this.app.emit('ready', electronEvent(), {});
      resolve();
    }),
  );

  customSchemes(): ReadonlySet<string> {
    return new Set([...this.privileged, ...this.protocolHandlers.keys()].filter((s) => s !== 'file'));
  }

  readPreload(file: string): string {
    return readFileSync(file, 'utf8');
  }

  webContentsCreated(contents: StandInWebContents): void {
    this.app.emit('web-contents-created', electronEvent(), contents);
  }

  windowClosed(): void {
    if (this.quitting) return;
    if (this.windows.every((w) => w.isDestroyed())) this.app.emit('window-all-closed');
  }

  /** `app.quit()`: `before-quit` (preventable), every window closed, then `will-quit` and `quit`. */
  quit(): void {
    this.record.quitCalls += 1;
    if (this.quitting) return;
    const event = electronEvent();
    this.app.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    for (const window of this.windows) if (!window.isDestroyed()) window.close();
    this.finishQuit();
  }

  private finishQuit(): void {
    this.quitting = true;
    this.app.emit('will-quit', electronEvent());
    this.app.emit('quit', electronEvent(), 0);
    this.resolveQuit();
  }

  /** A request from the preload's `ipcRenderer.invoke`, with the sender and the frame that made it. */
  async invoke(
    sender: StandInWebContents,
    senderFrame: StandInFrame,
    channel: string,
    args: unknown[],
  ): Promise<{ value: unknown } | { error: string }> {
    const handler = this.handlers.get(channel);
    if (!handler)
      return { error: `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'` };
    const event = { sender, senderFrame, frameId: 1, processId: 1, type: 'frame' as const };
    try {
      const value = await handler(event, ...args);
      const answer = value as { ok?: unknown; error?: { code?: unknown } } | undefined;
      this.record.ipc.push({ channel, trusted: answer?.error?.code !== 'forbidden-sender', answer: value });
      return { value };
    } catch (error) {
      return { error: `Error invoking remote method '${channel}': ${String(error)}` };
    }
  }

  /** A web API asked for a permission: the session's request handler decides (Electron grants without one). */
  async askPermission(
    contents: StandInWebContents,
    frame: StandInFrame,
    permission: string,
    details: object,
  ): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    const granted = handler
      ? await new Promise<boolean>((resolve) =>
          handler(contents, permission, resolve, { ...details, requestingUrl: frame.url, isMainFrame: !frame.parent }),
        )
      : true;
    this.record.permissionRequests.push({ permission, url: frame.url, granted });
    return granted;
  }

  checkPermission(contents: StandInWebContents, frame: StandInFrame, permission: string): boolean {
    const handler = this.permissionCheckHandler;
    const granted = handler
      ? handler(contents, permission, frame.origin, { requestingUrl: frame.url, isMainFrame: !frame.parent })
      : true;
    this.record.permissionChecks.push({ permission, origin: frame.origin, granted });
    return granted;
  }

  /** Answers a request for an app URL: the scheme's `protocol.handle` handler, or the file; then the session's header listener. */
  async serve(route: Route, appUrl: string, contents: StandInWebContents): Promise<void> {
    const scheme = new URL(appUrl).protocol.slice(0, -1);
    const handler = this.protocolHandlers.get(scheme);
    let response: Response;
    try {
      if (handler) {
        const request = route.request();
        response = await handler(
          new Request(appUrl, { method: request.method(), headers: await request.allHeaders() }),
        );
      } else if (scheme === 'file') {
        response = await this.netFetch(appUrl);
      } else {
        return route.abort('failed');
      }
    } catch {
      return route.abort('failed');
    }
    let headers: Record<string, string[]> = {};
    response.headers.forEach((value, name) => (headers[name] = [value]));
    if (this.headersListener) {
      const listener = this.headersListener;
      const answer = await new Promise<{ cancel?: boolean; responseHeaders?: Record<string, string[] | string> }>(
        (resolve) =>
          listener(
            {
              url: appUrl,
              statusCode: response.status,
              responseHeaders: headers,
              resourceType: route.request().resourceType(),
            },
            resolve,
          ),
      );
      if (answer.cancel) return route.abort('blockedbyclient');
      if (answer.responseHeaders) {
        headers = Object.fromEntries(
          Object.entries(answer.responseHeaders).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
        );
      }
    }
    // HTTP header names are case-insensitive: one entry per name, lower-case (as Chromium reports them).
    const flat: Record<string, string> = {};
    for (const [name, values] of Object.entries(headers)) {
      const key = name.toLowerCase();
      flat[key] = flat[key] ? `${flat[key]}, ${values.join(', ')}` : values.join(', ');
    }
    this.record.responses.push({ url: appUrl, status: response.status, headers: flat });
    if (contents.isDestroyed()) return;
    await route
      .fulfill({ status: response.status, headers: flat, body: Buffer.from(await response.arrayBuffer()) })
      .catch(() => undefined);
  }

  /** Electron's `net.fetch`, for file: URLs (what a `protocol.handle` handler typically forwards to) and http(s). */
  async netFetch(input: string | Request, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input.url;
    if (url.startsWith('file:')) {
      const file = fileURLToPath(url);
      try {
        const body = await readFile(file);
        return new Response(body, { status: 200, headers: { 'content-type': contentTypeOf(file) } });
      } catch {
        return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      }
    }
    return fetch(input, init);
  }
}
