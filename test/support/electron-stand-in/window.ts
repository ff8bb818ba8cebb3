/**
 * TEST TOOLING: `BrowserWindow` and `webContents` of the Electron stand-in, backed by a real Chromium page
 * (playwright-core). Each window gets its own browser context (its own cookies and storage, as a window of a fresh
 * profile). The window's requests are intercepted: the app's own URLs (file://, privileged schemes) are answered
 * by the stand-in with the session's response-header listeners applied; nothing is sent to a network, and every
 * request the page makes is recorded. The guards the shell installs are driven by what the page really does:
 *
 * - a main-frame navigation the page starts (a link, `location = …`, a form) emits `will-navigate` with the app
 *   URL; a prevented one is aborted before any request leaves;
 * - a page the window's page opens (`window.open`, a `target=_blank` link) is put to the window-open handler;
 *   `deny` closes it before its first request leaves;
 * - `webContents.send` reaches the preload's `ipcRenderer` listeners; the preload's `ipcRenderer.invoke` reaches the
 *   `ipcMain` handler with a `sender` (this webContents) and a `senderFrame` built from the frame that called.
 */
import { EventEmitter } from 'node:events';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { BINDINGS, DISPATCH, pageBridgeScript } from './page-bridge';
import { isStandInOrigin, toAppUrl, toPageUrl } from './urls';
import type { StandInRuntime } from './runtime';

export interface ElectronEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function electronEvent(extra: Record<string, unknown> = {}): ElectronEvent & Record<string, unknown> {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    },
    extra,
  );
}

/** What Electron's WebFrameMain offers that the shell reads, built from a playwright frame. */
export interface StandInFrame {
  url: string;
  origin: string;
  name: string;
  parent: StandInFrame | null;
  top: StandInFrame | null;
  isDestroyed(): boolean;
}

function frameOf(frame: Frame): StandInFrame {
  const parent = frame.parentFrame();
  const url = toAppUrl(frame.url());
  let origin = 'null';
  try {
    origin = new URL(url).origin;
  } catch {
    // about:blank and the like have an opaque origin
  }
  const made: StandInFrame = {
    url,
    origin,
    name: frame.name(),
    parent: parent ? frameOf(parent) : null,
    top: null,
    isDestroyed: () => frame.isDetached(),
  };
  made.top = made.parent ? (made.parent.top ?? made.parent) : made;
  return made;
}

let nextId = 1;

export class StandInWebContents extends EventEmitter {
  readonly id = nextId++;
  private destroyed = false;
  private openHandler:
    | ((details: { url: string; frameName: string; features: string; disposition: string }) => {
        action: 'allow' | 'deny';
      })
    | null = null;
  private readonly popupDecisions = new Map<Page, 'allow' | 'deny'>();
  /** Answers for new windows whose first navigation was decided before playwright reported their page. */
  private readonly queuedOpenDecisions: ('allow' | 'deny')[] = [];
  /** The URL a loadURL is taking the page to (not a navigation the page started). */
  private expectedLoad: string | null = null;
  readonly ready: Promise<Page>;
  page: Page | null = null;
  context: BrowserContext | null = null;

  constructor(
    private readonly runtime: StandInRuntime,
    browser: Browser,
    readonly options: { width: number; height: number; preload: string | null; javascript: boolean },
  ) {
    super();
    this.ready = this.open(browser);
    // Nobody may await `ready` (a window closed before it loaded): a failure then is not unhandled.
    this.ready.catch(() => undefined);
  }

  get session(): unknown {
    return (this.runtime.electron['session'] as { defaultSession: unknown }).defaultSession;
  }

  private async open(browser: Browser): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: this.options.width, height: this.options.height },
      javaScriptEnabled: this.options.javascript,
      colorScheme: this.runtime.options.dark ? 'dark' : 'light',
    });
    this.context = context;
    await context.route('**/*', (route) => this.onRequest(route));
    const page = await context.newPage();
    this.page = page;
    await page.exposeBinding(BINDINGS.invoke, ({ frame }, channel: string, args: unknown[]) =>
      this.runtime.invoke(this, frameOf(frame), channel, args),
    );
    await page.exposeBinding(BINDINGS.send, ({ frame }, channel: string, args: unknown[]) => {
      this.runtime.ipcMain.emit(channel, { sender: this, senderFrame: frameOf(frame) }, ...args);
    });
    await page.exposeBinding(BINDINGS.permission, ({ frame }, permission: string, details: object) =>
      this.runtime.askPermission(this, frameOf(frame), permission, details),
    );
    await page.exposeBinding(BINDINGS.check, ({ frame }, permission: string) =>
      this.runtime.checkPermission(this, frameOf(frame), permission),
    );
    await page.addInitScript(
      pageBridgeScript(this.options.preload ? this.runtime.readPreload(this.options.preload) : null),
    );
    context.on('page', (opened) => this.onPopup(opened));
    page.on('close', () => this.markDestroyed());
    page.on('console', (message) => {
      if (message.type() === 'error') this.runtime.record.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.runtime.record.pageErrors.push(error.message));
    return page;
  }

  private async onRequest(route: Route): Promise<void> {
    const request = route.request();
    const pageUrl = request.url();
    const appUrl = toAppUrl(pageUrl);
    let frame: Frame | null = null;
    try {
      frame = request.frame();
    } catch {
      // A worker's request, or the first navigation of a window the page opens (its frame does not exist yet).
    }
    if (request.isNavigationRequest()) {
      const ownPage = frame !== null && frame.page() === this.page;
      if (!ownPage && !(frame && this.popupDecisions.get(frame.page()) === 'allow')) {
        // A new window (window.open, target=_blank): the window-open handler decides before anything loads.
        const action = this.askOpenHandler(appUrl);
        this.queuedOpenDecisions.push(action);
        if (action === 'deny') return route.abort('aborted');
      } else if (ownPage && frame === this.page?.mainFrame()) {
        if (this.expectedLoad !== null && new URL(pageUrl).href === this.expectedLoad) {
          this.expectedLoad = null;
        } else {
          const event = electronEvent({ url: appUrl, isMainFrame: true });
          this.emit('will-navigate', event, appUrl);
          this.runtime.record.navigations.push({ url: appUrl, prevented: event.defaultPrevented });
          // ERR_ABORTED cancels the navigation as preventDefault does in Electron: Chromium commits no error page.
          if (event.defaultPrevented) return route.abort('aborted');
        }
      }
    }
    this.runtime.record.requests.push({ url: appUrl, method: request.method(), resourceType: request.resourceType() });
    if (isStandInOrigin(pageUrl)) return this.runtime.serve(route, appUrl, this);
    if (/^(data|blob|about):/.test(pageUrl)) return route.continue();
    // The stand-in has no network: a request to anywhere else fails as if offline (and stays recorded).
    return route.abort('internetdisconnected');
  }

  private askOpenHandler(url: string): 'allow' | 'deny' {
    const answer = this.openHandler
      ? this.openHandler({ url, frameName: '', features: '', disposition: 'new-window' })
      : { action: 'allow' as const };
    this.runtime.record.windowOpens.push({ url, action: answer.action });
    return answer.action;
  }

  /** A page this window's page opened: the handler's answer for its first navigation, or asked now (no URL). */
  private onPopup(opened: Page): void {
    if (opened === this.page) return;
    const action = this.queuedOpenDecisions.shift() ?? this.askOpenHandler(toAppUrl(opened.url()));
    this.popupDecisions.set(opened, action);
    if (action === 'deny') void opened.close().catch(() => undefined);
  }

  private markDestroyed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }

  async loadURL(url: string): Promise<void> {
    const page = await this.ready;
    const target = toPageUrl(url, this.runtime.customSchemes());
    this.expectedLoad = new URL(target).href;
    this.emit('did-start-loading');
    await page.goto(target, { waitUntil: 'load' });
    this.emit('dom-ready');
    this.emit('did-finish-load');
  }

  getURL(): string {
    return this.page ? toAppUrl(this.page.url()) : '';
  }

  setWindowOpenHandler(handler: StandInWebContents['openHandler']): void {
    this.runtime.record.windowOpenHandlers.push(this.id);
    this.openHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed || !this.page) return;
    this.runtime.record.sent.push({ channel, args });
    void this.page
      .evaluate(
        ({ name, channel: c, args: a }) =>
          (globalThis as unknown as Record<string, ((c: string, a: unknown[]) => number) | undefined>)[name]?.(c, a),
        { name: DISPATCH, channel, args },
      )
      .catch(() => undefined);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isLoading(): boolean {
    return false;
  }

  async printToPDF(options: { pageSize?: string; printBackground?: boolean }): Promise<Buffer> {
    const page = await this.ready;
    this.runtime.record.pdfs += 1;
    return page.pdf({ format: options.pageSize ?? 'A4', printBackground: options.printBackground ?? false });
  }

  async close(): Promise<void> {
    if (this.destroyed) return;
    const context = this.context;
    this.markDestroyed();
    await context?.close().catch(() => undefined);
  }
}

export interface WindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  show?: boolean;
  webPreferences?: { preload?: string; javascript?: boolean } & Record<string, unknown>;
  [key: string]: unknown;
}

/** The stand-in's BrowserWindow class for one runtime. */
export function browserWindowClass(runtime: StandInRuntime, browser: Browser) {
  return class BrowserWindow extends EventEmitter {
    static getAllWindows(): BrowserWindow[] {
      return runtime.windows.filter((w) => !w.isDestroyed()) as BrowserWindow[];
    }

    static fromWebContents(contents: StandInWebContents): BrowserWindow | null {
      return (runtime.windows.find((w) => w.webContents === contents) as BrowserWindow | undefined) ?? null;
    }

    readonly webContents: StandInWebContents;
    private visible: boolean;
    private maximized = false;
    private minimized = false;
    private destroyed = false;
    private shownOnce = false;
    bounds: { x: number; y: number; width: number; height: number };

    constructor(readonly options: WindowOptions = {}) {
      super();
      const width = options.width ?? 800;
      const height = options.height ?? 600;
      this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width, height };
      this.visible = options.show !== false;
      this.webContents = new StandInWebContents(runtime, browser, {
        width,
        height,
        preload: options.webPreferences?.preload ?? null,
        javascript: options.webPreferences?.javascript !== false,
      });
      runtime.windows.push(this);
      runtime.record.windows.push(options);
      runtime.webContentsCreated(this.webContents);
    }

    async loadURL(url: string): Promise<void> {
      runtime.record.loaded.push(url);
      await this.webContents.loadURL(url);
      if (!this.shownOnce) {
        this.shownOnce = true;
        this.emit('ready-to-show');
      }
    }

    show(): void {
      this.visible = true;
      runtime.record.windowCalls.push('show');
    }
    hide(): void {
      this.visible = false;
      runtime.record.windowCalls.push('hide');
    }
    focus(): void {
      runtime.record.windowCalls.push('focus');
    }
    restore(): void {
      this.minimized = false;
      runtime.record.windowCalls.push('restore');
    }
    minimize(): void {
      this.minimized = true;
    }
    maximize(): void {
      this.maximized = true;
    }
    isVisible(): boolean {
      return this.visible;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    getBounds() {
      return { ...this.bounds };
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    setTitle(title: string): void {
      this.options.title = title;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }

    /** Closes as the user would: `close` (which a listener may prevent), then `closed`. */
    close(): void {
      if (this.destroyed) return;
      const event = electronEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroy();
    }

    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      void this.webContents.close();
      this.emit('closed');
      runtime.windowClosed();
    }
  };
}
