/**
 * TEST TOOLING: what electron-updater needs of Electron, under plain Node, so that its real code (the
 * ElectronAppAdapter, the ElectronHttpExecutor, the generic provider, the download with its sha512 check, the
 * AppImage install) runs in tests against a local update feed.
 *
 * electron-updater reaches Electron through `require("electron")`: `app` (version, name, isPackaged, paths,
 * quit), `net.request` and `session.fromPartition` for HTTP, and `autoUpdater` for one event. The stand-in `app`
 * is a recorder; `net.request` is Node's http.request, which emits the same `response`/`error`/`socket` events the
 * executor listens to (https://www.electronjs.org/docs/latest/api/client-request). What this cannot show:
 * Chromium's network stack (proxies, system certificates) and the real relaunch of a packed app.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import Module from 'node:module';

export interface StandInApp extends EventEmitter {
  quitCalls: number;
  relaunchCalls: number;
}

interface LoaderModule {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/**
 * Installs the stand-in for `require("electron")` and points `process.resourcesPath` (where a packed app keeps
 * app-update.yml) at `resourcesDir`. Returns the recorder and the function that undoes it all.
 */
export function installUpdaterStandIn(options: { version: string; userDataDir: string; resourcesDir: string }): {
  app: StandInApp;
  restore(): void;
} {
  const app = Object.assign(new EventEmitter(), {
    quitCalls: 0,
    relaunchCalls: 0,
    isPackaged: true,
    getVersion: () => options.version,
    getName: () => 'Guest MFA Inventory',
    getAppPath: () => options.resourcesDir,
    getPath: () => options.userDataDir,
    whenReady: () => Promise.resolve(),
    quit() {
      app.quitCalls += 1;
    },
    relaunch() {
      app.relaunchCalls += 1;
    },
  }) as StandInApp;
  const electron = {
    app,
    autoUpdater: new EventEmitter(),
    session: { fromPartition: () => ({}) },
    net: {
      request(requestOptions: http.RequestOptions & { session?: unknown; redirect?: string }) {
        const { session: _session, redirect: _redirect, ...rest } = requestOptions;
        return (rest.protocol === 'https:' ? https : http).request(rest);
      },
    },
  };
  const loader = Module as unknown as LoaderModule;
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'electron') return electron;
    return load.call(this, request, parent, isMain);
  };
  const processWithResources = process as NodeJS.Process & { resourcesPath?: string };
  const previousResources = processWithResources.resourcesPath;
  processWithResources.resourcesPath = options.resourcesDir;
  return {
    app,
    restore() {
      loader._load = load;
      processWithResources.resourcesPath = previousResources;
    },
  };
}
