/**
 * Electron entry point: the thin shell. Single-instance lock, the hardened main window, IPC registration and
 * the wiring of Electron's real objects (safeStorage, shell, clipboard, dialogs, printToPDF, Notification, Tray and
 * electron-updater's autoUpdater) into the services.
 * No business logic here: everything else runs under plain Node in tests and in the browser test host.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import { autoUpdater } from 'electron-updater';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppEvent } from '../shared/ipc/contract';
import { shellOpenableUrl } from '../shared/links';
import { PUBLIC_CLOUD } from './auth/config';
import { proxyFromPac } from './net/proxy';
import { platformCa } from './net/system-ca';
import { chooseCacheCrypto } from './auth/secure-storage';
import { broadcastEvent, registerIpcHandlers, TrustedSenders } from './ipc';
import type { NetworkConfig } from './net/transport';
import { loadNativeBrokerPlugin } from './auth/broker';
import { createAppServices, type AppEnvironment, type AppServices } from './services/app-services';
import { BackgroundTray, type TrayHandle } from './tray/background-tray';
import { electronUpdaterDriver } from './update/electron-updater-driver';
import type { DesktopNotifications } from './watch/change-notifier';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appUrlMatcher,
  createMainWindow,
  createPdfWindow,
  denyAllPermissions,
  enforceContentSecurityPolicy,
  guardWebContents,
  serveAppFile,
} from './window';
import { loadWindowBounds, saveWindowBounds } from './window-state';

/** The built renderer, served as app://gmi/… (main/window.ts, `serveAppFile`); the dev server in development. */
const rendererDir = path.join(__dirname, '../renderer');
const rendererUrl = process.env['ELECTRON_RENDERER_URL']
  ? process.env['ELECTRON_RENDERER_URL']
  : `${APP_ORIGIN}/index.html`;
const isAppUrl = appUrlMatcher(rendererUrl);
// Before the app is ready, as Electron requires: the renderer's own scheme, with an origin of its own.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

/** Opens allow-listed https links (in their normalised form) and mailto: drafts; refuses anything else. */
async function openExternal(url: string): Promise<void> {
  const allowed = shellOpenableUrl(url);
  if (allowed) await shell.openExternal(allowed);
  else throw new Error('refused to open a link that is not on the allow-list');
}

let mainWindow: BrowserWindow | null = null;
const windows = new Set<Electron.WebContents>();
let backgroundTray: BackgroundTray | null = null;

function emit(event: AppEvent): void {
  broadcastEvent(windows, event);
  // The schedule may have changed (settings, a new watch, a re-check starting or ending).
  backgroundTray?.sync();
}

/**
 * Electron's Tray behind the icon's interface. The icon is the app's (build/icon.png; packed as
 * resources/tray-icon.png by electron-builder.yml's extraResources), scaled to the notification area's size.
 * https://www.electronjs.org/docs/latest/api/tray
 */
function createTray(): TrayHandle | null {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'tray-icon.png')
    : path.join(app.getAppPath(), 'build', 'icon.png');
  const image = nativeImage.createFromPath(file);
  if (image.isEmpty()) return null;
  try {
    const tray = new Tray(image.resize({ width: 16, height: 16 }));
    return {
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (items) =>
        tray.setContextMenu(Menu.buildFromTemplate(items.map(({ label, click }) => ({ label, click })))),
      onClick: (listener) => tray.on('click', listener),
      destroy: () => tray.destroy(),
    };
  } catch {
    // A desktop without a notification area: the app quits with its window, as without a schedule.
    return null;
  }
}

/**
 * TEST-ONLY hook: an unpacked build reads `GMI_TEST_NETWORK` (JSON `{"routes": {host: url}, "extraCaPem": "…"}`), so
 * that the Electron stand-in's tests (test/support/electron-stand-in/) send the Microsoft hosts to the Entra
 * emulator. The transport accepts loopback targets only (main/net/transport.ts). A packed app never reads it.
 */
/** The in-memory session the app's requests to Microsoft go through (`net.fetch`); nothing of it is saved. */
const NETWORK_PARTITION = 'microsoft-requests';

function testNetworkRoutes(): NetworkConfig {
  const raw = process.env['GMI_TEST_NETWORK'];
  if (app.isPackaged || !raw) return {};
  try {
    const { routes, extraCaPem } = JSON.parse(raw) as NetworkConfig;
    return { ...(routes ? { routes } : {}), ...(typeof extraCaPem === 'string' ? { extraCaPem } : {}) };
  } catch {
    console.warn('GMI_TEST_NETWORK is not JSON: ignored');
    return {};
  }
}

async function renderPdf(html: string): Promise<Buffer> {
  const window = createPdfWindow(BrowserWindow);
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    window.destroy();
  }
}

/** Must equal `appId` in electron-builder.yml: the NSIS shortcut carries it, and Windows ties notifications to it. */
const APP_USER_MODEL_ID = 'org.guestmfainventory.app';

/**
 * Electron's Notification behind the services' interface. A click brings the window forward (or opens it) and
 * then runs the service's handler. Shown notifications are kept referenced until clicked or closed, so that
 * their click handler is not garbage-collected. https://www.electronjs.org/docs/latest/api/notification
 */
function desktopNotifications(senders: TrustedSenders): DesktopNotifications | null {
  if (!Notification.isSupported()) return null;
  const shown = new Set<Notification>();
  return {
    show({ title, body, onClick }) {
      const notification = new Notification({ title, body });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        const ready = mainWindow ? Promise.resolve() : openMainWindow(senders);
        void ready.then(() => {
          if (mainWindow?.isMinimized()) mainWindow.restore();
          mainWindow?.focus();
          onClick();
        });
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}

/** Brings the window forward, or opens it again when the app runs behind its tray icon. */
function showMainWindow(senders: TrustedSenders): void {
  if (!mainWindow) {
    void openMainWindow(senders);
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function openMainWindow(senders: TrustedSenders): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const bounds = await loadWindowBounds(stateFile);
  const window = createMainWindow(BrowserWindow, path.join(__dirname, '../preload/preload.js'), bounds);
  mainWindow = window;
  const contents = window.webContents;
  senders.add(contents);
  windows.add(contents);
  contents.once('destroyed', () => windows.delete(contents));
  // Its guards are installed by the app's 'web-contents-created' listener, as for every other webContents.
  if (bounds.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    void saveWindowBounds(stateFile, { x, y, width, height, maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  await window.loadURL(rendererUrl);
}

/**
 * Starts the services, or, when that is impossible (the data folder is in use by another program such as the
 * headless runner, or cannot be read), says why in a dialog and quits: nothing was written then.
 */
async function startServices(env: AppEnvironment): Promise<AppServices | null> {
  try {
    return await createAppServices(env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Guest MFA Inventory cannot start', message);
    app.quit();
    return null;
  }
}

function main(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const senders = new TrustedSenders(isAppUrl);
  app.on('second-instance', () => {
    // Starting the app again brings its window forward, or opens it when the app runs behind its tray icon.
    if (mainWindow || backgroundTray) showMainWindow(senders);
  });
  // Every webContents, the main window's included (Electron emits this for it too): guarded once, so an
  // allow-listed link the page navigates to opens once in the system browser, not once per guard.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, isAppUrl, openExternal, (message) => console.warn(message));
  });

  let services: AppServices | null = null;
  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    enforceContentSecurityPolicy(session.defaultSession);
    protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request, (file) => readFile(file)));
    const userDataDir = app.getPath('userData');
    const secureStorage = chooseCacheCrypto(safeStorage, process.platform);
    const trustedCa = platformCa();
    const platformCaPem = trustedCa.pem;
    for (const problem of trustedCa.problems) console.warn(`[network] ${problem}`);
    const started = await startServices({
      userDataDir,
      version: app.getVersion(),
      platform: process.platform,
      endpoints: PUBLIC_CLOUD,
      network: {
        ...testNetworkRoutes(),
        // Requests to Microsoft's real hosts go through Chromium's network stack, on a session of their own (no
        // cookies or webRequest hooks of the window's): the system proxy with PAC, integrated proxy sign-in
        // (NTLM, Negotiate) and the OS certificate store (main/net/platform-fetch.ts). Routed requests (the
        // emulator in development) stay on Node's stack with the two settings below.
        platformFetch: (url, init) => session.fromPartition(NETWORK_PARTITION).fetch(url, init),
        // The system proxy as Chromium resolves it (settings, PAC script, or the environment on Linux).
        proxy: proxyFromPac((url) => session.defaultSession.resolveProxy(url)),
        // A TLS-inspecting proxy's private CA, from the OS certificate store or NODE_EXTRA_CA_CERTS (system-ca.ts).
        ...(platformCaPem ? { trustedCaPem: platformCaPem } : {}),
      },
      // Refused when there is none, and on Linux when only the hard-coded `basic_text` key is there.
      cacheCrypto: secureStorage.crypto,
      ...(secureStorage.refusal ? { cacheCryptoRefusal: secureStorage.refusal } : {}),
      // The sign-in page of the configured authority, in the system browser.
      openBrowser: (url) => shell.openExternal(url),
      // WAM on Windows, the Enterprise SSO plug-in on macOS, when the optional extensions package is installed.
      broker: { loadPlugin: loadNativeBrokerPlugin, windowHandle: () => mainWindow?.getNativeWindowHandle() },
      openExternal,
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      dialogs: {
        async saveFile({ title, defaultName, extensions }) {
          const options = {
            title,
            defaultPath: path.join(app.getPath('documents'), defaultName),
            filters: [{ name: extensions.join(', ').toUpperCase(), extensions }],
            // Saving the same request again asks before it replaces the earlier file (Windows and macOS always do).
            properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
          };
          const result = mainWindow
            ? await dialog.showSaveDialog(mainWindow, options)
            : await dialog.showSaveDialog(options);
          return result.canceled || !result.filePath ? null : result.filePath;
        },
        async chooseFolder({ title }) {
          const options = {
            title,
            properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
          };
          const result = mainWindow
            ? await dialog.showOpenDialog(mainWindow, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
      },
      renderPdf,
      emit,
      // A packed app reads its update feed from resources/app-update.yml (electron-builder.yml's `publish`).
      updater: app.isPackaged ? electronUpdaterDriver(autoUpdater, (message) => console.warn(message)) : null,
      notifications: desktopNotifications(senders),
      log: (message) => console.warn(message),
    });
    if (!started) return;
    services = started;
    registerIpcHandlers(ipcMain, services.handlers, senders, {
      onUnexpectedError: (name, error) =>
        console.error(`IPC ${name} failed:`, error instanceof Error ? error.message : 'unknown error'),
    });
    const running = services;
    backgroundTray = new BackgroundTray({
      createTray,
      schedule: () => running.watch.snapshot(),
      openWindow: () => showMainWindow(senders),
      quit: () => app.quit(),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
    });
    backgroundTray.sync();
    await openMainWindow(senders);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openMainWindow(senders);
    });
  });
  app.on('before-quit', () => {
    backgroundTray?.remove();
    void services?.shutdown();
  });
  app.on('window-all-closed', () => {
    // With a re-check schedule on, the app keeps running behind its tray icon (main/tray/background-tray.ts).
    if (backgroundTray?.windowsClosed() === 'stay') return;
    if (process.platform !== 'darwin') app.quit();
  });
}

main();
