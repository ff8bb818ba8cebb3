/**
 * The UpdateDriver on top of electron-updater (https://www.electron.build/auto-update). The shell passes
 * `autoUpdater`; the tests pass a real AppImageUpdater running under Node with a stand-in `electron` module and
 * a local feed. The feed is the `generic` provider from electron-builder.yml's `publish`, baked into the packed
 * app as resources/app-update.yml.
 */
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import { UpdatesUnsupportedError, type UpdateDriver } from './update-service';

export function electronUpdaterDriver(updater: AppUpdater, log: (message: string) => void): UpdateDriver {
  // The service decides when to download; a downloaded update is also installed when the app quits normally.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: () => undefined,
    warn: (message: unknown) => log(`updater: ${String(message).slice(0, 300)}`),
    error: (message: unknown) => log(`updater: ${String(message).split('\n')[0]?.slice(0, 300) ?? ''}`),
  };
  return {
    async check() {
      const result = await updater.checkForUpdates();
      // Null: the updater is inactive here (not packaged, or a Linux install that is neither AppImage nor a package).
      if (result === null) throw new UpdatesUnsupportedError();
      return result.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download(onProgress) {
      const listener = (progress: ProgressInfo) => onProgress(progress.percent);
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', listener);
      }
    },
    quitAndInstall() {
      // Not silent (Windows shows the installer's progress), and start the new version afterwards.
      updater.quitAndInstall(false, true);
    },
  };
}
