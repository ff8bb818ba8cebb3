/**
 * The composition root: builds the app's services from an injected environment and puts their IPC handlers
 * together. Plain Node: the Electron shell and the browser host call `createAppServices` with their own
 * environment (file locations, encryption, URL openers, dialogs, PDF rendering, endpoints), so the same code runs
 * in the app, in tests, in the demo and in the headless runner. The handlers live in their modules, one per
 * subject, sharing a small context (context.ts): session and accounts (session.ts), tenants and the scan
 * (tenants.ts), mail and files (mail-files.ts), watch and updates (watch-updates.ts), and the state the
 * renderer reads (state.ts).
 */
import path from 'node:path';
import { classify } from '../../shared/classify';
import type { EntraAnswer } from '../../shared/model';
import { adminHandlers } from './admin-handlers';
import { AdminService } from './admin-service';
import { AdminAuth } from '../auth/admin-auth';
import { authConfigFor } from '../auth/config';
import { AuthService } from '../auth/auth-service';
import { secureStorageNotice } from '../auth/secure-storage';
import { createEncryptedCachePlugin } from '../auth/token-cache';
import type { IpcHandlers } from '../ipc-dispatch';
import { AnswerLog } from '../net/answer-log';
import { createMsalNetworkClient, createTransport } from '../net/transport';
import { RequestTracker } from '../scan/probe';
import { Scanner } from '../scan/scanner';
import { AppStore } from '../store';
import { UpdateService } from '../update/update-service';
import { WatchService } from '../watch/watch-service';
import { describeError, type ServiceContext } from './context';
import { mailFileHandlers } from './mail-files';
import { NoticeBoard } from './notices';
import { sessionHandlers } from './session';
import { StatePublisher, stateHandlers } from './state';
import { backgroundCheck, backgroundScan, tenantHandlers } from './tenants';
import { watchUpdateHandlers } from './watch-updates';

import type { AppEnvironment } from './environment';

export type { AppEnvironment };

export interface AppServices {
  handlers: IpcHandlers;
  /** For tests and the demo: the store and the auth service. */
  store: AppStore;
  auth(): AuthService;
  /** For tests: the re-check schedule, the "What changed" list and the update service. */
  watch: WatchService;
  updates: UpdateService;
  /** Counters for tests and benchmarks (how often the token cache file was written). */
  diagnostics(): { tokenCacheWrites: number };
  shutdown(): Promise<void>;
}

export async function createAppServices(env: AppEnvironment): Promise<AppServices> {
  const now = env.now ?? (() => new Date());
  // Set once every service exists; the callbacks below run only after that.
  let ctx: ServiceContext | null = null;
  const context = (): ServiceContext => {
    if (!ctx) throw new Error('The app services are not ready yet.');
    return ctx;
  };
  // One coalesced state event per change of anything the renderer shows (state.ts).
  const publisher = new StatePublisher(context, env.emit);
  const changed = publisher.changed;

  const { store, notices: storeNotices } = await AppStore.open({ dir: env.userDataDir, now });
  store.subscribe(changed);
  const notices = new NoticeBoard(storeNotices, now, changed);
  if (!env.cacheCrypto) {
    notices.add({
      intent: 'warning',
      title: 'Sign-in is not remembered',
      message: secureStorageNotice(env.cacheCryptoRefusal ?? 'unavailable'),
    });
  }

  const transport = createTransport(env.network);
  const tracker = new RequestTracker();
  const answerLog = new AnswerLog();
  const networkClient = createMsalNetworkClient(transport, tracker.signalFor, tracker.record, answerLog.record);
  const cachePlugin = createEncryptedCachePlugin({
    file: env.cacheCrypto ? path.join(env.userDataDir, 'msal-cache.bin') : null,
    crypto: env.cacheCrypto ?? { encrypt: () => Buffer.alloc(0), decrypt: () => '' },
    onUnreadable: (message) => notices.add({ intent: 'warning', title: 'Please sign in again', message }),
  });
  const makeAuth = (): AuthService =>
    new AuthService({
      config: authConfigFor(store.data().settings.clientId, env.endpoints),
      networkClient,
      cachePlugin,
      openBrowser: env.openBrowser,
      log: env.log,
      onSignInPendingChange: changed,
    });
  let auth = makeAuth();
  // Read the saved sign-in now: a cache that cannot be decrypted is reported at start, not at the first scan.
  await auth
    .homeAccounts()
    .catch((error: unknown) => env.log(`the saved sign-in could not be read: ${describeError(error)}`));

  const updates = new UpdateService({
    driver: env.updater ?? null,
    currentVersion: env.version,
    emit: changed,
    log: env.log,
    now,
  });

  const { service: watch, problem: watchProblem } = await WatchService.open({
    dir: env.userDataDir,
    now,
    log: env.log,
    emit: env.emit,
    changed,
    notifications: env.notifications ?? null,
    accounts: () => store.data().accounts.map((a) => a.accountId),
    scan: (accountId) => backgroundScan(context(), accountId),
    scanOne: (accountId, tenantId) => backgroundCheck(context(), accountId, tenantId),
    scanning: () => scanner.running,
  });
  if (watchProblem) notices.add({ intent: 'warning', title: 'Re-check schedule reset', message: watchProblem });

  const scanner = new Scanner({
    auth,
    transport,
    tracker,
    store: watch.observe(store),
    armBaseUrl: env.endpoints.armBaseUrl,
    graphBaseUrl: env.endpoints.graphBaseUrl,
    classify,
    settings: () => store.data().settings,
    onProgress: changed,
    now,
    afterScan: () => cachePlugin.flush(),
    answers: answerLog,
    log: (message) => env.log(message),
    notices: { set: (id, notice) => notices.set(id, notice), clear: (id) => notices.clear(id) },
  });

  // Partner-admin mode: its own sign-in (in memory only) and Graph reads (docs/admin.md).
  const admin = new AdminService({
    auth: new AdminAuth({ endpoints: env.endpoints, networkClient, openBrowser: env.openBrowser }),
    transport,
    graphBaseUrl: env.endpoints.graphBaseUrl,
    now,
  });

  ctx = {
    env,
    now,
    store,
    notices,
    transport,
    cachePlugin,
    scanner,
    watch,
    updates,
    auth: () => auth,
    renewAuth() {
      auth = makeAuth();
    },
    signInAnswers: new Map<string, EntraAnswer[]>(),
    changed,
  };

  const handlers: IpcHandlers = {
    ...stateHandlers(ctx, publisher),
    ...sessionHandlers(ctx),
    ...tenantHandlers(ctx),
    ...mailFileHandlers(ctx),
    ...watchUpdateHandlers(ctx),
    ...adminHandlers(admin, env),
  };

  // "Cancel" in the window ends whichever sign-in waits for the browser: the guest's or the admin's.
  const cancelGuestSignIn = handlers.cancelSignIn;
  handlers.cancelSignIn = async (arg) => {
    await admin.cancelSignIn();
    return cancelGuestSignIn(arg);
  };

  publisher.start();
  updates.start();
  if (env.backgroundChecks !== false) watch.start();

  return {
    handlers,
    store,
    auth: () => auth,
    watch,
    updates,
    diagnostics: () => ({ tokenCacheWrites: cachePlugin.writeCount }),
    async shutdown() {
      publisher.stop();
      updates.stop();
      scanner.cancel();
      await watch.stop();
      await cachePlugin.close();
      await store.close();
      transport.close();
    },
  };
}
