/**
 * The real app behind the renderer's tests: the app's services (createAppServices) on a fresh data folder,
 * signed in for real at the Entra emulator (a child process, test/support/emulator-child.ts), with the fixture
 * data put through the real store (test/support/seed.ts). The renderer's unit tests call its handlers through
 * the real dispatch; the UI e2e serves them to Chromium with the browser host. What a test steers is what a user
 * or the outside world would: how the browser sign-in ends, the network going away, a downloaded update, the
 * partner tenants' answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatchIpc, type IpcHandlers } from '../../main/ipc-dispatch';
import { createAppServices, type AppServices } from '../../main/services/app-services';
import type { UpdateDriver } from '../../main/update/update-service';
import { REQUEST_NAMES } from '../../shared/ipc/channels';
import type { AppEvent, GuestMfaApi, RequestName } from '../../shared/ipc/contract';
import type { AccountSummary, Verdict } from '../../shared/model';
import { createNodeEnvironment, type NodeEnvironment } from '../../tools/node-env';
import type { ScenarioFault } from '../../tools/entra-emulator';
import { completeSignInAutomatically } from '../../tools/entra-emulator/auto-browser';
import type { FixtureData } from '../fixtures/ui-fixture';
import type { EmulatorChild } from './emulator-child';
import { seedFixture } from './seed';

/** How the "system browser" ends the next sign-ins: completes them, keeps waiting, or comes back refused. */
export type BrowserOutcome = 'complete' | 'wait' | 'refuse';

/** What Entra's sign-in page sends back when the user gives a wrong password and gives up. */
export const REFUSED_SIGN_IN = 'AADSTS50126: Error validating credentials due to invalid username or password.';

export interface UiWorldOptions {
  emulator: EmulatorChild;
  /** The data to seed under the signed-in account; null: nobody signed in (the welcome page). */
  data: FixtureData | null;
  /** An update downloaded and ready to install (version 0.2.0). */
  updateReady?: boolean;
  /** The self-update driver (an update feed stand-in); `updateReady` gives one that has 0.2.0 ready. */
  updater?: UpdateDriver;
  /** After seeding: the re-check schedule, tenants watched after a trust request, and verdict changes seen. */
  watch?: {
    recheck?: 'off' | 'daily' | 'weekly';
    watched?: string[];
    /** A change of the named tenant from `from` to its fixture verdict, seen by a check at `at`. */
    changes?: { name: string; from: Verdict; at: string }[];
  };
}

export interface UiWorld {
  /** The running services (a restart replaces them). */
  readonly services: AppServices;
  /** Handlers that always reach the running services (what the browser host serves). */
  readonly handlers: IpcHandlers;
  /** The renderer's api over the real dispatch, with main's events: what a jsdom test hands `createAppStore`. */
  readonly api: GuestMfaApi;
  readonly events: AppEvent[];
  readonly env: NodeEnvironment;
  /** The account the sign-in gave (null when the world starts signed out). */
  readonly account: AccountSummary | null;
  /** The stored entry key of a fixture entry key. */
  keyOf(fixtureKey: string): string;
  /** Every request the renderer made, in order. */
  readonly calls: { name: RequestName; arg: unknown }[];
  /** How the next browser sign-ins end. */
  browser: BrowserOutcome;
  /** How long the browser takes before it ends a sign-in (a person typing), in ms. */
  browserDelayMs: number;
  /** A partner tenant of the emulator's world starts failing (the scenario's fault kinds). */
  addFault(tenantKey: string, fault: ScenarioFault): Promise<void>;
  /** Lets the answers a `hold` fault keeps back for that tenant go on. */
  release(tenantKey: string): Promise<number>;
  /** Starts the services again on the same data, without network (every Microsoft host refuses connections). */
  goOffline(): Promise<void>;
  close(): Promise<void>;
}

/** Posts a refused sign-in to MSAL's loopback listener, as Entra's page redirects after a wrong password. */
async function refuse(browserUrl: string): Promise<void> {
  const url = new URL(browserUrl);
  const redirect = url.searchParams.get('redirect_uri');
  const state = url.searchParams.get('state');
  if (!redirect || !state) throw new Error('the authorize URL has no redirect_uri or state');
  await fetch(redirect.replace('//localhost:', '//127.0.0.1:'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ error: 'access_denied', error_description: REFUSED_SIGN_IN, state }).toString(),
  });
}

/** An updater that finds version 0.2.0 and downloads it at once. */
const readyUpdater: UpdateDriver = {
  check: async () => ({ version: '0.2.0' }),
  download: async (onProgress) => onProgress(100),
  quitAndInstall: () => undefined,
};

export async function startUiWorld(options: UiWorldOptions): Promise<UiWorld> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-ui-'));
  const exportsDir = path.join(userDataDir, 'exports');
  const events: AppEvent[] = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const calls: { name: RequestName; arg: unknown }[] = [];
  let browserOutcome: BrowserOutcome = 'complete';
  let browserDelayMs = 0;
  const emulator = options.emulator;

  const environment = (routes: Record<string, string>, cacheKey?: Buffer): NodeEnvironment =>
    createNodeEnvironment({
      userDataDir,
      exportsDir,
      emulator: { ...emulator, routes },
      ...(cacheKey ? { cacheKey } : {}),
      browser: async (browserUrl) => {
        if (browserDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, browserDelayMs));
        if (browserOutcome === 'complete') await completeSignInAutomatically(browserUrl, emulator);
        else if (browserOutcome === 'refuse') await refuse(browserUrl);
        else await new Promise<void>(() => undefined);
      },
      emit: (event) => {
        // What crosses the IPC boundary is a copy, as Electron's structured clone and the browser host's JSON make it.
        const copy = structuredClone(event);
        events.push(copy);
        for (const listener of listeners) listener(copy);
      },
      renderPdf: async (html) => Buffer.from(`%PDF-1.4 stand-in for ${html.length} characters of HTML\n`),
      backgroundChecks: false,
      ...(options.updater || options.updateReady ? { updater: options.updater ?? readyUpdater } : {}),
    });

  let env = environment(emulator.routes);
  let services = await createAppServices(env);
  let account: AccountSummary | null = null;
  let keyOf = (key: string) => key;
  if (options.data) {
    account = await services.handlers.signIn(undefined);
    keyOf = (await seedFixture(services.store, account, options.data)).keyOf;
    const tenantId = (name: string) => services.store.data().tenants.find((t) => t.displayName === name)!.tenantId;
    if (options.watch?.recheck) await services.watch.updateSettings({ recheck: options.watch.recheck });
    if (options.watch?.watched)
      await services.watch.recordTrustRequest(account.accountId, options.watch.watched.map(tenantId));
    for (const change of options.watch?.changes ?? []) {
      // A check saw the tenant say `from`, then the next one what the fixture says: through the watch's view of the
      // store, which tells the change as the app would.
      const record = services.store.data().tenants.find((t) => t.displayName === change.name)!;
      const result = {
        classification: record.classification!,
        methods: record.methods,
        methodsNote: record.methodsNote,
        sponsors: record.sponsors,
        technicalContacts: record.technicalContacts,
      };
      const before = new Date(Date.parse(change.at) - 60_000).toISOString();
      await services.store.recordResult(account.accountId, record.tenantId, {
        ...result,
        classification: { ...result.classification, verdict: change.from, leftoverRegistration: false },
        observedAt: before,
      });
      await services.watch.observe(services.store).recordResult(account.accountId, record.tenantId, {
        ...result,
        observedAt: change.at,
      });
    }
  }
  if (options.updateReady) await services.updates.check();

  const handlers = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      (arg: unknown) => {
        calls.push({ name, arg });
        return (services.handlers[name] as (arg: unknown) => unknown)(arg);
      },
    ]),
  ) as unknown as IpcHandlers;

  const api = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      async (arg?: unknown) =>
        structuredClone(await dispatchIpc(handlers, name, arg === undefined ? undefined : structuredClone(arg))),
    ]),
  ) as Record<string, unknown>;
  api.onEvent = (listener: (event: AppEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  return {
    get services() {
      return services;
    },
    handlers,
    api: api as unknown as GuestMfaApi,
    events,
    get env() {
      return env;
    },
    account,
    keyOf: (key) => keyOf(key),
    calls,
    get browser() {
      return browserOutcome;
    },
    set browser(outcome: BrowserOutcome) {
      browserOutcome = outcome;
    },
    get browserDelayMs() {
      return browserDelayMs;
    },
    set browserDelayMs(ms: number) {
      browserDelayMs = ms;
    },
    addFault: (tenantKey, fault) => emulator.addFault(tenantKey, fault),
    release: (tenantKey) => emulator.release(tenantKey),
    async goOffline() {
      await services.shutdown();
      // Port 9 on loopback (discard) listens nowhere here: every connection is refused, as without a network.
      const dead = Object.fromEntries(Object.keys(emulator.routes).map((host) => [host, 'https://127.0.0.1:9']));
      env = environment(dead, env.cacheKey);
      services = await createAppServices(env);
    },
    async close() {
      await services.shutdown();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
