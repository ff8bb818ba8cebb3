/**
 * Electron entry point: the thin shell. Single-instance lock, the hardened main window, IPC registration and
 * the wiring of Electron's real objects (safeStorage, shell, dialogs) into the services. No business logic.
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerIpcHandlers, TrustedSenders } from './ipc';
import { createAppHandlers } from './services/app-handlers';
import {
  appUrlMatcher,
  createMainWindow,
  denyAllPermissions,
  enforceContentSecurityPolicy,
  guardWebContents,
} from './window';
import { loadWindowBounds, saveWindowBounds } from './window-state';

const rendererUrl = process.env['ELECTRON_RENDERER_URL']
  ? process.env['ELECTRON_RENDERER_URL']
  : pathToFileURL(path.join(__dirname, '../renderer/index.html')).href;
const isAppUrl = appUrlMatcher(rendererUrl);
const openExternal = (url: string): Promise<void> => shell.openExternal(url);

let mainWindow: BrowserWindow | null = null;

async function openMainWindow(senders: TrustedSenders): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const bounds = await loadWindowBounds(stateFile);
  const window = createMainWindow(BrowserWindow, path.join(__dirname, '../preload/preload.js'), bounds);
  mainWindow = window;
  senders.add(window.webContents);
  guardWebContents(window.webContents, isAppUrl, openExternal, (message) => console.warn(message));
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

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, isAppUrl, openExternal);
  });

  const senders = new TrustedSenders(isAppUrl);
  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    enforceContentSecurityPolicy(session.defaultSession);
    registerIpcHandlers(
      ipcMain,
      createAppHandlers({ version: app.getVersion(), platform: process.platform }),
      senders,
      {
        onUnexpectedError: (name, error) =>
          console.error(`IPC ${name} failed:`, error instanceof Error ? error.message : 'unknown error'),
      },
    );
    await openMainWindow(senders);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openMainWindow(senders);
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

main();
