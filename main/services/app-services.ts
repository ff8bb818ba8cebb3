/**
 * The app's services wired together, and the IPC handlers that expose them. Plain Node: the Electron shell
 * and the browser test host call `createAppServices` with their own environment (file locations, encryption,
 * URL openers, dialogs, PDF rendering, endpoints), so the same code runs in the app, in tests and in the demo.
 */
import { AuthError } from '@azure/msal-node';
import type { AccountInfo } from '@azure/msal-node';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type AccountSummary,
  type AuthenticatorEntry,
  type EmailDraft,
  type EntraAnswer,
  type EmailKind,
  type Notice,
  type TenantRecord,
} from '../../shared/model';
import type { AppEvent, AppSnapshot } from '../../shared/ipc/contract';
import { allowedExternalUrl } from '../../shared/links';
import { classify, type InteractiveSignInFacts } from '../../shared/classify';
import { informativeVerdict } from '../../shared/entries';
import { buildAuthenticatorEntries, buildPhoneChangeChecklist, entryKeyForTenant } from '../../shared/inventory';
import { buildMailto, composeEmail, defaultRecipients } from '../../shared/email';
import { checklistToHtml, inventoryToCsv, inventoryToJson } from '../../shared/export';
import { buildDiagnostics, countAnswers } from '../../shared/diagnostics';
import { authConfigFor, type Endpoints } from '../auth/config';
import {
  AccountNotFoundError,
  AuthService,
  SignInBusyError,
  SignInCancelledError,
  type HomeSignInOptions,
  type SignInRefusal,
} from '../auth/auth-service';
import { secureStorageNotice, type SecureStorageRefusal } from '../auth/secure-storage';
import { createEncryptedCachePlugin, type CacheCrypto } from '../auth/token-cache';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { buildEml, emlFileName } from '../mail/eml';
import { AnswerLog } from '../net/answer-log';
import { createMsalNetworkClient, createTransport, NetworkError, type NetworkConfig } from '../net/transport';
import { authErrorObservation, RequestTracker } from '../scan/probe';
import { ScanBusyError, ScanFailedError, Scanner, withoutAnswers } from '../scan/scanner';
import { AppStore } from '../store';
import { isStoreError } from '../store';
import { UpdateService, type UpdateDriver } from '../update/update-service';
import type { DesktopNotifications } from '../watch/change-notifier';
import type { JobResult } from '../watch/recheck-runner';
import { WatchService } from '../watch/watch-service';
import { createEmailBatchHandlers } from './email-batch';
import { resolveTenantId } from './tenant-lookup';

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
  /** Whether the background re-checks run (default true; the browser test host and the CLI turn them off). */
  backgroundChecks?: boolean;
  now?: () => Date;
  /** Diagnostic log; never receives tokens. */
  log(message: string): void;
}

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

/** What the user reads while the browser opens a second time (Entra refused the home sign-in's MFA request). */
export const MFA_REQUEST_REFUSED_MESSAGE =
  "Your organisation's sign-in did not accept the app's request for MFA, so the app opened the sign-in again without it. Continue in the new browser page.";

function describeError(error: unknown): string {
  if (error instanceof NetworkError) return error.message;
  if (error instanceof Error) return error.message.slice(0, 300);
  return 'unknown error';
}

export async function createAppServices(env: AppEnvironment): Promise<AppServices> {
  const now = env.now ?? (() => new Date());
  const { store, notices: storeNotices } = await AppStore.open({ dir: env.userDataDir, now });
  const notices: Notice[] = [...storeNotices];
  const addNotice = (notice: Omit<Notice, 'id' | 'at'>): void => {
    notices.push({ ...notice, id: `n${Date.now().toString(36)}${notices.length}`, at: now().toISOString() });
    env.emit({ type: 'state-changed' });
  };
  /** Adds the notice with this id, or replaces it (one lasting notice per subject). */
  const setNotice = (id: string, notice: Omit<Notice, 'id' | 'at'>): void => {
    const full: Notice = { ...notice, id, at: now().toISOString() };
    const index = notices.findIndex((n) => n.id === id);
    if (index >= 0) notices[index] = full;
    else notices.push(full);
    env.emit({ type: 'state-changed' });
  };
  const clearNotice = (id: string): void => {
    const index = notices.findIndex((n) => n.id === id);
    if (index < 0) return;
    notices.splice(index, 1);
    env.emit({ type: 'state-changed' });
  };
  if (!env.cacheCrypto) {
    addNotice({
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
    onUnreadable: (message) => addNotice({ intent: 'warning', title: 'Please sign in again', message }),
  });
  const makeAuth = (): AuthService =>
    new AuthService({
      config: authConfigFor(store.data().settings.clientId, env.endpoints),
      networkClient,
      cachePlugin,
      openBrowser: env.openBrowser,
      log: env.log,
    });
  let auth = makeAuth();
  // Read the saved sign-in now: a cache that cannot be decrypted is reported at start, not at the first scan.
  await auth
    .homeAccounts()
    .catch((error: unknown) => env.log(`the saved sign-in could not be read: ${describeError(error)}`));

  const updates = new UpdateService({
    driver: env.updater ?? null,
    currentVersion: env.version,
    emit: (state) => env.emit({ type: 'update', state }),
    log: env.log,
    now,
  });

  // The background re-checks call back into the scanner below: `scanner` and `homeAccount` are declared later.
  const { service: watch, problem: watchProblem } = await WatchService.open({
    dir: env.userDataDir,
    now,
    log: env.log,
    emit: env.emit,
    notifications: env.notifications ?? null,
    accounts: () => store.data().accounts.map((a) => a.accountId),
    scan: (accountId) => backgroundScan(accountId),
    scanOne: (accountId, tenantId) => backgroundCheck(accountId, tenantId),
    scanning: () => scanner.running,
  });
  if (watchProblem) addNotice({ intent: 'warning', title: 'Re-check schedule reset', message: watchProblem });

  const scanner = new Scanner({
    auth,
    transport,
    tracker,
    store: watch.observe(store),
    armBaseUrl: env.endpoints.armBaseUrl,
    graphBaseUrl: env.endpoints.graphBaseUrl,
    classify,
    settings: () => store.data().settings,
    emit: env.emit,
    now,
    afterScan: () => cachePlugin.flush(),
    answers: answerLog,
    notices: { set: setNotice, clear: clearNotice },
  });
  const scannerFor = (): Scanner => {
    scanner.setAuth(auth);
    return scanner;
  };

  async function homeAccount(accountId: string) {
    try {
      return await auth.homeAccount(accountId);
    } catch (error) {
      if (error instanceof AccountNotFoundError) throw new UserFacingError('not-signed-in', error.message);
      throw error;
    }
  }

  /** A scheduled re-check of one account: the ordinary scan. */
  async function backgroundScan(accountId: string): Promise<JobResult> {
    try {
      const progress = await scannerFor().scan(await auth.homeAccount(accountId));
      return progress.error ? 'failed' : 'ok';
    } catch (error) {
      if (error instanceof ScanBusyError) return 'busy';
      env.log(`background scan did not run: ${describeError(error)}`);
      return 'failed';
    } finally {
      env.emit({ type: 'state-changed' });
    }
  }

  /** A scheduled re-check of one watched tenant: the ordinary single-tenant check. */
  async function backgroundCheck(accountId: string, tenantId: string): Promise<JobResult> {
    const record = store.data().tenants.find((t) => t.accountId === accountId && t.tenantId === tenantId);
    if (!record) return 'ok';
    try {
      const saved = await checkOne(await auth.homeAccount(accountId), record);
      return saved.classification?.verdict === 'error' ? 'failed' : 'ok';
    } catch (error) {
      env.log(`background check did not run: ${describeError(error)}`);
      return 'failed';
    }
  }

  function tenantRecord(accountId: string, tenantId: string): TenantRecord {
    const record = store.data().tenants.find((t) => t.accountId === accountId && t.tenantId === tenantId.toLowerCase());
    if (!record) throw new UserFacingError('not-found', 'That organisation is not in your inventory.');
    return record;
  }

  function accountSummary(accountId: string): AccountSummary {
    const account = store.data().accounts.find((a) => a.accountId === accountId);
    if (!account) throw new UserFacingError('not-signed-in', 'That account is not signed in. Sign in again.');
    return account;
  }

  function draftFor(
    kind: EmailKind,
    accountId: string,
    tenantId: string,
    to?: string[],
    lostPhone?: boolean,
  ): EmailDraft {
    const account = accountSummary(accountId);
    const tenant = tenantRecord(accountId, tenantId);
    const settings = store.data().settings;
    return composeEmail({
      kind,
      sender: { name: settings.senderName || account.displayName, address: account.username },
      home: {
        tenantId: account.homeTenantId,
        name: account.homeTenantName ?? account.homeDomain ?? account.homeTenantId,
        primaryDomain: account.homeDomain,
      },
      tenant,
      to: to ?? defaultRecipients(tenant),
      now: now(),
      entry: currentEntries().find((e) => e.key === entryKeyForTenant(accountId, tenant.tenantId))?.status ?? null,
      lostPhone: lostPhone === true,
    });
  }

  /** The Authenticator entries as the app shows them, with the user's answers and the client in use. */
  function currentEntries(): AuthenticatorEntry[] {
    const data = store.data();
    return buildAuthenticatorEntries({
      accounts: data.accounts,
      tenants: data.tenants,
      manualEntries: data.manualEntries,
      ticks: data.entryTicks,
      confirmations: data.entryConfirmations,
      clientId: data.settings.clientId,
    });
  }

  /** Ticks, answers and checklist progress belong to an entry the app shows; a key of no entry would only pile up. */
  function existingEntry(key: string): AuthenticatorEntry {
    const entry = currentEntries().find((e) => e.key === key);
    if (!entry) {
      throw new UserFacingError('not-found', 'That entry is no longer in your list. Scan again or reload the list.');
    }
    return entry;
  }

  /** Checks one tenant outside a full scan (after a tenant sign-in, or one added by hand) and tells the UI. */
  async function checkOne(
    account: AccountInfo,
    record: TenantRecord,
    graphToken?: string,
    interactive?: InteractiveSignInFacts,
  ): Promise<TenantRecord> {
    try {
      return await scannerFor().scanOne(account, record, graphToken, interactive);
    } catch (error) {
      if (error instanceof ScanFailedError) throw new UserFacingError('not-signed-in', error.message);
      throw error;
    } finally {
      env.emit({ type: 'state-changed' });
    }
  }

  function snapshot(): AppSnapshot {
    const data = store.data();
    const entries = currentEntries();
    return {
      accounts: data.accounts,
      // The stored answers are read by "Copy what Entra answered" in main; the renderer never needs them.
      tenants: data.tenants.map(withoutAnswers),
      manualEntries: data.manualEntries,
      entries,
      phoneChange: buildPhoneChangeChecklist(entries, data.checklist),
      settings: data.settings,
      scan: scanner.current,
      notices: [...notices],
      signInPending: auth.signInPending,
      update: updates.current,
      watch: watch.snapshot(),
      changes: watch.changes,
    };
  }

  async function saveTo(
    path: string | null,
    content: string | Buffer,
  ): Promise<{ saved: boolean; path: string | null }> {
    if (!path) return { saved: false, path: null };
    try {
      await writeFile(path, content);
    } catch (error) {
      throw new UserFacingError('failed', `The file could not be saved: ${describeError(error)}`);
    }
    return { saved: true, path };
  }

  const storeCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isStoreError(error, 'not-found')) throw new UserFacingError('not-found', error.message);
      if (isStoreError(error, 'invalid-argument')) throw new UserFacingError('invalid-argument', error.message);
      throw error;
    }
  };

  /** What the home sign-in answered when Entra refused its MFA request, per account (memory only). */
  const signInAnswers = new Map<string, EntraAnswer[]>();

  function refusalAnswer(refusal: SignInRefusal): EntraAnswer {
    return {
      at: now().toISOString(),
      request: 'home-sign-in',
      method: 'GET',
      endpoint: `${env.endpoints.authorityHost}/organizations/oauth2/v2.0/authorize`,
      clientId: auth.config.clientId,
      correlationId: refusal.correlationId,
      status: null,
      errorCode: refusal.errorCode,
      // The fields the sign-in page sent back to the app (an error, never a code), as JSON.
      body: JSON.stringify({
        error: refusal.errorCode,
        error_description: refusal.description,
        ...(refusal.subError ? { suberror: refusal.subError } : {}),
      }),
      challenge: null,
      note: 'Entra refused the MFA request of the home sign-in; the app signed in again without it.',
    };
  }

  /** Signs in at home (asking for MFA, with Azure's claims challenge when given) and records the account. */
  async function homeSignIn(
    options: Omit<HomeSignInOptions, 'onRetryWithoutMfaRequest'> = {},
  ): Promise<AccountSummary> {
    env.emit({ type: 'sign-in', state: 'waiting', message: null });
    try {
      const result = await auth.signIn({
        ...options,
        onRetryWithoutMfaRequest: () =>
          env.emit({ type: 'sign-in', state: 'waiting', message: MFA_REQUEST_REFUSED_MESSAGE }),
      });
      const homeTenantId = result.account.tenantId.toLowerCase();
      const known = store.data().accounts.find((a) => a.accountId === result.account.homeAccountId);
      const summary: AccountSummary = {
        accountId: result.account.homeAccountId,
        username: result.account.username,
        displayName: result.account.name ?? result.account.username,
        homeTenantId,
        homeTenantName: known?.homeTenantName ?? null,
        homeDomain: known?.homeDomain ?? result.account.username.split('@')[1] ?? null,
        homeSessionMfa: result.homeSessionMfa,
      };
      signInAnswers.set(summary.accountId, result.mfaRequestRefused ? [refusalAnswer(result.mfaRequestRefused)] : []);
      await store.upsertAccount(summary);
      await cachePlugin.flush();
      env.emit({ type: 'sign-in', state: 'finished', message: null });
      env.emit({ type: 'state-changed' });
      return summary;
    } catch (error) {
      if (error instanceof SignInCancelledError) {
        env.emit({ type: 'sign-in', state: 'cancelled', message: null });
        throw new UserFacingError('cancelled', 'The sign-in was cancelled.');
      }
      if (error instanceof SignInBusyError) throw new UserFacingError('busy', error.message);
      const offline = error instanceof NetworkError || /network|ENOTFOUND|ECONNREFUSED/i.test(describeError(error));
      const message = offline
        ? 'The app could not reach Microsoft to sign you in. Check your network connection and try again.'
        : `The sign-in did not complete: ${describeError(error)}`;
      env.emit({ type: 'sign-in', state: 'failed', message });
      throw new UserFacingError(offline ? 'offline' : 'failed', message);
    }
  }

  const handlers: IpcHandlers = {
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: env.version, platform: env.platform }),

    getState: () => snapshot(),

    signIn: () => homeSignIn(),

    async signInWithMfa({ accountId }) {
      const account = await homeAccount(accountId);
      const challenge = scanner.homeChallenge(accountId);
      return homeSignIn({ loginHint: account.username, ...(challenge ? { challenge } : {}) });
    },

    async cancelSignIn() {
      await auth.cancelSignIn();
      return null;
    },

    async signOut({ accountId }) {
      if (scanner.running && scanner.current?.accountId === accountId) scanner.cancel();
      await auth.signOut(accountId);
      await cachePlugin.flush();
      await storeCall(() => store.removeAccount(accountId));
      await watch.forgetAccount(accountId);
      env.emit({ type: 'state-changed' });
      return null;
    },

    async updateSettings({ recheck, watchAfterTrustRequest, ...patch }) {
      const before = store.data().settings;
      const settings = await storeCall(() => store.updateSettings(patch));
      await watch.updateSettings({
        ...(recheck !== undefined ? { recheck } : {}),
        ...(watchAfterTrustRequest !== undefined ? { watchAfterTrustRequest } : {}),
      });
      if (settings.clientId !== before.clientId) {
        auth = makeAuth();
        addNotice({
          intent: 'info',
          title: 'Sign in again',
          message:
            'The app now uses a different application (client) id. Sign in again so that it can get tokens for it.',
        });
      }
      env.emit({ type: 'state-changed' });
      return settings;
    },

    async startScan({ accountId }) {
      const account = await homeAccount(accountId);
      if (scanner.running) throw new UserFacingError('busy', new ScanBusyError().message);
      try {
        return await watch.userScan(accountId, () => scannerFor().scan(account));
      } catch (error) {
        if (error instanceof ScanBusyError) throw new UserFacingError('busy', error.message);
        throw error;
      } finally {
        env.emit({ type: 'state-changed' });
      }
    },

    cancelScan() {
      scanner.cancel();
      return null;
    },

    async signInToTenant({ accountId, tenantId }) {
      const account = await homeAccount(accountId);
      const record = tenantRecord(accountId, tenantId);
      let token;
      try {
        token = await auth.signInToTenant(
          account,
          record.tenantId,
          record.classification?.evidence.claimsChallenge ?? undefined,
        );
      } catch (error) {
        if (error instanceof SignInCancelledError) throw new UserFacingError('cancelled', 'The sign-in was cancelled.');
        if (error instanceof SignInBusyError) throw new UserFacingError('busy', error.message);
        if (!(error instanceof AuthError)) {
          // Not the organisation's answer: the browser could not be opened or the sign-in page did not load.
          env.log(`interactive sign-in to a tenant did not start: ${describeError(error).slice(0, 200)}`);
          throw new UserFacingError(
            'failed',
            'The sign-in page could not be opened or did not load. Check your browser and network connection, then try again.',
          );
        }
        // The tenant refused the interactive sign-in too: probe again so the inventory shows its answer, and tell
        // the classifier how the sign-in ended.
        env.log(`interactive sign-in to a tenant ended without a token: ${describeError(error).slice(0, 200)}`);
        const at = now().toISOString();
        await storeCall(() => store.markInteractiveSignIn(accountId, record.tenantId, at));
        const refused: InteractiveSignInFacts = { at, succeeded: false, amr: [], refusal: authErrorObservation(error) };
        return checkOne(account, tenantRecord(accountId, tenantId), undefined, refused);
      }
      const at = now().toISOString();
      await storeCall(() => store.markInteractiveSignIn(accountId, record.tenantId, at));
      const signedIn: InteractiveSignInFacts = { at, succeeded: true, amr: [...token.claims.amr], refusal: null };
      return checkOne(account, tenantRecord(accountId, tenantId), token.accessToken, signedIn);
    },

    async checkTenant({ accountId, tenantId }) {
      const account = await homeAccount(accountId);
      if (scanner.running) {
        throw new UserFacingError('busy', 'A scan is running and checks this organisation too. Wait for it to finish.');
      }
      return withoutAnswers(await checkOne(account, tenantRecord(accountId, tenantId)));
    },

    async addTenant({ accountId, query }) {
      const account = await homeAccount(accountId);
      const resolved = await resolveTenantId(transport, env.endpoints.authorityHost, query);
      if (!resolved.ok) throw new UserFacingError(resolved.offline ? 'offline' : 'not-found', resolved.message);
      const existing = store.data().tenants.find((t) => t.accountId === accountId && t.tenantId === resolved.tenantId);
      const records = await storeCall(() =>
        store.upsertTenants(accountId, [
          {
            tenantId: resolved.tenantId,
            displayName: existing?.displayName ?? resolved.domain ?? resolved.tenantId,
            defaultDomain: existing?.defaultDomain ?? resolved.domain ?? '',
            domains: existing?.domains ?? (resolved.domain ? [resolved.domain] : []),
            isHome: resolved.tenantId === account.tenantId.toLowerCase(),
            source: existing?.source ?? 'added-by-user',
            listed: existing?.listed ?? false,
          },
        ]),
      );
      const record = records.find((t) => t.tenantId === resolved.tenantId);
      if (!record) throw new UserFacingError('failed', 'The organisation could not be added.');
      return checkOne(account, record);
    },

    async removeTenant({ accountId, tenantId }) {
      const record = tenantRecord(accountId, tenantId);
      if (record.isHome) throw new UserFacingError('invalid-argument', 'Your home organisation cannot be removed.');
      if (record.listed) {
        throw new UserFacingError(
          'invalid-argument',
          'Microsoft still lists you as a guest there, so the next scan would add it again. Leave the organisation first.',
        );
      }
      await storeCall(() => store.removeTenant(accountId, record.tenantId));
      env.emit({ type: 'state-changed' });
      return null;
    },

    setTenantNotes: ({ accountId, tenantId, notes }) =>
      storeCall(() => store.setNotes(accountId, tenantId.toLowerCase(), notes)),

    setTenantRecipients: ({ accountId, tenantId, recipients }) =>
      storeCall(() => store.setRecipients(accountId, tenantId.toLowerCase(), recipients)),

    async addManualEntry(input) {
      const entry = await storeCall(() => store.addManualEntry(input));
      env.emit({ type: 'state-changed' });
      return entry;
    },

    async removeManualEntry({ id }) {
      await storeCall(() => store.removeManualEntry(id));
      env.emit({ type: 'state-changed' });
      return null;
    },

    async setEntryTicked({ key, ticked }) {
      existingEntry(key);
      await storeCall(() => store.setEntryTicked(key, ticked));
      return null;
    },

    async setEntryConfirmation({ key, answer }) {
      const entry = existingEntry(key);
      if (entry.kind !== 'tenant' || entry.accountId === null || entry.tenantId === null) {
        throw new UserFacingError(
          'invalid-argument',
          entry.kind === 'home'
            ? 'Your home organisation always keeps its entry; there is nothing to answer.'
            : 'You added this entry by hand: remove it, or tick it off, instead.',
        );
      }
      // The answer holds until the tenant's behaviour changes: keep what it did when the user answered.
      const record = tenantRecord(entry.accountId, entry.tenantId);
      await storeCall(() => store.setEntryConfirmation(key, answer, now().toISOString(), informativeVerdict(record)));
      env.emit({ type: 'state-changed' });
      return existingEntry(key);
    },

    async setChecklistStep({ key, step, done }) {
      existingEntry(key);
      await storeCall(() => store.setChecklistStep(key, step, done));
      return null;
    },

    composeEmail: ({ kind, accountId, tenantId, to, lostPhone }) => draftFor(kind, accountId, tenantId, to, lostPhone),

    copyToClipboard({ text }) {
      env.clipboard.writeText(text);
      return null;
    },

    copyDiagnostics({ accountId, tenantId }) {
      const account = store.data().accounts.find((a) => a.accountId === accountId) ?? null;
      if (!account) throw new UserFacingError('not-signed-in', 'That account is not signed in. Sign in again.');
      const tenants = tenantId
        ? [tenantRecord(accountId, tenantId)]
        : store.data().tenants.filter((t) => t.accountId === accountId);
      const progress = scanner.current?.accountId === accountId ? scanner.current : null;
      const input = {
        generatedAt: now(),
        appVersion: env.version,
        clientId: store.data().settings.clientId,
        account,
        scan: tenantId
          ? null
          : { progress, answers: [...(signInAnswers.get(accountId) ?? []), ...scanner.scanAnswers(accountId)] },
        tenants,
      };
      env.clipboard.writeText(buildDiagnostics(input));
      return { answers: countAnswers(input) };
    },

    async openEmail({ kind, accountId, tenantId, to, lostPhone }) {
      const draft = draftFor(kind, accountId, tenantId, to, lostPhone);
      const mailto = buildMailto(draft);
      if (!mailto.bodyIncluded) env.clipboard.writeText(draft.body);
      try {
        await env.openExternal(mailto.url);
      } catch (error) {
        throw new UserFacingError(
          'failed',
          `No mail app could be opened: ${describeError(error)}. Copy the text or save it as a file instead.`,
        );
      }
      if (kind === 'trust-request') await watch.recordTrustRequest(accountId, [draft.tenantId]);
      return { bodyCopiedToClipboard: !mailto.bodyIncluded };
    },

    async saveEmail({ kind, accountId, tenantId, to, lostPhone }) {
      const draft = draftFor(kind, accountId, tenantId, to, lostPhone);
      const account = accountSummary(accountId);
      const tenant = tenantRecord(accountId, tenantId);
      const target = await env.dialogs.saveFile({
        title: 'Save email',
        defaultName: emlFileName(tenant, kind),
        extensions: ['eml'],
      });
      const eml = await buildEml(
        draft,
        { name: store.data().settings.senderName || account.displayName, address: account.username },
        now(),
      );
      const saved = await saveTo(target, eml);
      if (saved.saved && kind === 'trust-request') await watch.recordTrustRequest(accountId, [tenant.tenantId]);
      return saved;
    },

    ...createEmailBatchHandlers({
      tenants: () => store.data().tenants,
      settings: () => store.data().settings,
      account: accountSummary,
      draft: draftFor,
      chooseFolder: (options) => env.dialogs.chooseFolder(options),
      save: saveTo,
      setRecipients: (accountId, tenantId, recipients) =>
        storeCall(() => store.setRecipients(accountId, tenantId, recipients)),
      recordTrustRequest: (accountId, tenantIds) => watch.recordTrustRequest(accountId, tenantIds),
      now,
    }),

    async exportInventory({ format }) {
      const data = store.data();
      const target = await env.dialogs.saveFile({
        title: 'Export inventory',
        defaultName: `guest-mfa-inventory.${format}`,
        extensions: [format],
      });
      return saveTo(
        target,
        format === 'csv'
          ? inventoryToCsv(data.accounts, data.tenants, currentEntries())
          : inventoryToJson(data.accounts, data.tenants, now(), currentEntries()),
      );
    },

    async exportChecklistPdf() {
      const state = snapshot();
      const html = checklistToHtml(state.phoneChange, {
        title: 'Phone change checklist',
        generatedAt: now(),
        account: state.accounts.map((a) => a.username).join(', '),
      });
      const target = await env.dialogs.saveFile({
        title: 'Save checklist as PDF',
        defaultName: 'phone-change-checklist.pdf',
        extensions: ['pdf'],
      });
      if (!target) return { saved: false, path: null };
      return saveTo(target, await env.renderPdf(html));
    },

    async openExternalLink({ url }) {
      const allowed = allowedExternalUrl(url);
      if (!allowed)
        throw new UserFacingError('invalid-argument', 'The app only opens Microsoft sign-in and help pages.');
      await env.openExternal(allowed);
      return null;
    },

    dismissNotice({ id }) {
      const index = notices.findIndex((n) => n.id === id);
      if (index >= 0) notices.splice(index, 1);
      return null;
    },

    checkForUpdates: () => updates.check(),

    installUpdate: () => ({ installing: updates.install() }),

    async dismissChanges({ ids }) {
      await watch.dismissChanges(ids);
      env.emit({ type: 'state-changed' });
      return null;
    },
  };

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
      updates.stop();
      scanner.cancel();
      await watch.stop();
      await cachePlugin.close();
      await store.close();
      transport.close();
    },
  };
}
