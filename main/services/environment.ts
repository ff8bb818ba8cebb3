/**
 * What the services need from the outside world: the Electron shell (main/index.ts), the browser test host, the
 * headless runner and the tests each provide it. Kept apart from the composition root so the services modules can
 * name it without importing the root that imports them.
 */
import type { INativeBrokerPlugin } from '@azure/msal-node';
import type { AppEvent } from '../../shared/ipc/contract';
import type { Endpoints } from '../auth/config';
import type { SecureStorageRefusal } from '../auth/secure-storage';
import type { CacheCrypto } from '../auth/token-cache';
import type { NetworkConfig } from '../net/transport';
import type { UpdateDriver } from '../update/update-service';
import type { DesktopNotifications } from '../watch/change-notifier';

/** Everything the services need from the outside world. */
export interface AppEnvironment {
  /** Folder for app data (Electron's userData). */
  userDataDir: string;
  version: string;
  platform: string;
  endpoints: Endpoints;
  /** Routes and CA for a local stand-in; empty in the app. */
  network: NetworkConfig;
  /** Encryption of the token cache; null when the system offers no secure storage (cache kept in memory). */
  cacheCrypto: CacheCrypto | null;
  /** Why `cacheCrypto` is null, for the notice (default: no secure storage at all). */
  cacheCryptoRefusal?: SecureStorageRefusal;
  /** Opens the sign-in page in the system browser. */
  openBrowser(url: string): Promise<void>;
  /** Opens an allow-listed https link or a mailto: URL with the system's handler. */
  openExternal(url: string): Promise<void>;
  clipboard: { writeText(text: string): void };
  dialogs: {
    /** Asks where to save a file; null when the user cancels. */
    saveFile(options: { title: string; defaultName: string; extensions: string[] }): Promise<string | null>;
    /** Asks for a folder; null when the user cancels. */
    chooseFolder(options: { title: string }): Promise<string | null>;
  };
  /** Renders an HTML document to PDF (Electron: printToPDF of a hidden window). */
  renderPdf(html: string): Promise<Buffer>;
  emit(event: AppEvent): void;
  /** The app's self-update (electron-updater in a packed app); absent or null where the app cannot update itself. */
  updater?: UpdateDriver | null;
  /** Desktop notifications for changes found by background re-checks; absent or null: none are shown. */
  notifications?: DesktopNotifications | null;
  /**
   * The platform's sign-in broker: where its plugin comes from (the shell loads `@azure/msal-node-extensions`
   * lazily) and the native handle of the window its dialog belongs to. Absent: no broker (the browser sign-in).
   */
  broker?: { loadPlugin(): Promise<INativeBrokerPlugin | null>; windowHandle?(): Buffer | undefined };
  /** Whether the background re-checks run (default true; the browser test host and the CLI turn them off). */
  backgroundChecks?: boolean;
  now?: () => Date;
  /** Diagnostic log; never receives tokens. */
  log(message: string): void;
}
