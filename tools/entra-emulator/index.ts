/**
 * The Entra emulator: a local stand-in for login.microsoftonline.com, Azure Resource Manager and Microsoft
 * Graph that the real `@azure/msal-node` talks to unchanged (through the app's transport with `routes` and
 * `extraCaPem`). Driven by a scenario file (tools/entra-emulator/README.md); answers by its behaviour model.
 *
 * Typical use in a test:
 *   const emulator = await startEmulator({ scenario: 'test/scenarios/seed-blog.json', autoComplete: true });
 *   const transport = createTransport({ routes: emulator.routes, extraCaPem: emulator.caPem });
 *   … MSAL with system.networkClient = createMsalNetworkClient(transport),
 *     openBrowser = (url) => completeSignInAutomatically(url, emulator) …
 *   await emulator.close();
 */
import type { EndpointName, Services } from './exchange';
import {
  guestOf,
  loadScenario,
  parseScenario,
  type Scenario,
  type ScenarioFault,
  type ScenarioInput,
  type ScenarioMethod,
} from './scenario';
import { createCertificate, startListeners, type RequestRecord } from './server';
import type { PolicyKind } from './model';
import { EmulatorState } from './state';
import { createSigningKey } from './tokens';

export { findUser, guestOf, loadScenario, parseScenario, scenarioUsers, ScenarioError } from './scenario';
export type {
  Scenario,
  ScenarioInput,
  ScenarioMethod,
  ScenarioMethodInput,
  ScenarioTenant,
  ScenarioFault,
  ScenarioUser,
  GuestSettings,
} from './scenario';
export type { RequestRecord } from './server';
export type { PolicyKind } from './model';
export type { ScenarioSponsor, ReplayGraphPath, FaultAadstsCode } from './scenario';
export type { EndpointName } from './exchange';

/** The Microsoft hosts the emulator answers for; `routes` maps each to the HTTPS listener. */
export const MICROSOFT_HOSTS = ['login.microsoftonline.com', 'management.azure.com', 'graph.microsoft.com'] as const;

export interface EmulatorOptions {
  /** A scenario object (validated here) or the path of a scenario file. */
  scenario: Scenario | ScenarioInput | string;
  /** Answer the authorize request at once with the final form (every sign-in step done), no pages. */
  autoComplete?: boolean;
  /** Receives one line per request and any internal error. */
  log?: (line: string) => void;
  /** Sees every answer sent, body included (tests collect the tokens issued to look for them elsewhere). */
  onAnswer?: (record: RequestRecord, body: string) => void;
}

export interface RequestFilter {
  endpoint?: EndpointName | readonly EndpointName[];
  /** Scenario key of the tenant. */
  tenant?: string;
  status?: number;
  fault?: RequestRecord['fault'];
}

export interface Emulator {
  /** `https://127.0.0.1:<port>`: where routed clients connect (certificate for `localhost` and `127.0.0.1`). */
  readonly httpsUrl: string;
  /** `http://127.0.0.1:<port>`: for a browser completing the sign-in pages. */
  readonly httpUrl: string;
  /** The listener's certificate (PEM), to trust for routed requests only. */
  readonly caPem: string;
  /** Host → `httpsUrl` for the three Microsoft hosts; pass to `createTransport({ routes })`. */
  readonly routes: Record<string, string>;
  /** Where a browser opens an authorize URL (`https://login.microsoftonline.com` rewritten to this). */
  readonly browserBaseUrl: string;
  /** The validated scenario with its defaults, as it was at start (see guestMethods for changes since). */
  readonly scenario: Scenario;
  /**
   * The running world: the scenario's live copy that every answer reads. Tests change it between scans, as a
   * partner organisation changes its policies (e.g. `world.tenants.northwind.inboundTrust.mfa = true`).
   */
  readonly world: Scenario;
  /** How long the start took (ms). */
  readonly startupMs: number;
  /** Every request so far, oldest first. */
  readonly requests: readonly RequestRecord[];
  requestCount(filter?: RequestFilter): number;
  /**
   * The guest's current methods in a tenant (a registration during the run adds one); of the user with that upn,
   * by default of the default user (`user`, or `users[0]`).
   */
  guestMethods(tenantKey: string, upn?: string): ScenarioMethod[];
  /** The guest's current state in a tenant (a redemption during the run makes it `active`). */
  guestState(tenantKey: string, upn?: string): 'active' | 'removed' | 'pendingRedemption';
  /** The user's current home methods (a home registration during the run adds one). */
  homeMethods(upn?: string): ScenarioMethod[];
  /** The upns of the scenario's home users, the default one first. */
  readonly upns: readonly string[];
  /** Rewrites a `https://login.microsoftonline.com/...` (or this emulator's HTTPS) URL to the browser base URL. */
  toBrowserUrl(url: string): string;
  /**
   * The id of a tenant's Conditional Access policy of a kind, as its claims challenges name it (the scenario's
   * `policy.policyIds`, or the stable id the emulator made up).
   */
  policyId(tenantKey: string, kind?: PolicyKind): string;
  /** Adds a fault to a tenant while running (fault tests that need a clean scan first). */
  addFault(tenantKey: string, fault: ScenarioFault): void;
  /** Lets the answers a `hold` fault keeps back for this tenant go on (and drops its untaken holds): how many. */
  release(tenantKey: string): number;
  /** How many answers a `hold` fault keeps back for this tenant now. */
  heldCount(tenantKey: string): number;
  close(): Promise<void>;
}

function matches(record: RequestRecord, filter: RequestFilter): boolean {
  if (filter.endpoint !== undefined) {
    const endpoints: readonly EndpointName[] =
      typeof filter.endpoint === 'string' ? [filter.endpoint] : filter.endpoint;
    if (!endpoints.includes(record.endpoint)) return false;
  }
  if (filter.tenant !== undefined && record.tenant !== filter.tenant) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.fault !== undefined && record.fault !== filter.fault) return false;
  return true;
}

/**
 * Rewrites a sign-in URL for a browser: the Microsoft login origin, and any of `alsoFrom` (`host:port` of the
 * emulator's HTTPS listener, for authorities that name it directly), become `base`. Other URLs stay as they are.
 */
export function rewriteToBrowserBase(url: string, base: string, alsoFrom: readonly string[] = []): string {
  const parsed = new URL(url);
  const host = parsed.host.toLowerCase();
  if (parsed.hostname.toLowerCase() !== 'login.microsoftonline.com' && !alsoFrom.includes(host)) return url;
  return `${base.replace(/\/$/, '')}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/**
 * Starts an emulator for a scenario. Rejects with `ScenarioError` (file and field named) when the scenario is
 * not valid; nothing listens then.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const started = performance.now();
  const scenario =
    typeof options.scenario === 'string' ? await loadScenario(options.scenario) : parseScenario(options.scenario);
  const state = new EmulatorState(scenario);
  const [key, certificate] = await Promise.all([createSigningKey(), createCertificate()]);
  const requests: RequestRecord[] = [];
  const listeners = await startListeners(
    {
      services: (selfHosts): Services => ({
        state,
        key,
        now: () => new Date(),
        autoComplete: options.autoComplete ?? false,
        selfHosts,
      }),
      record: (entry) => requests.push(entry),
      log: options.log,
      onAnswer: options.onAnswer,
    },
    certificate,
  );
  const startupMs = Math.round(performance.now() - started);
  const routes = Object.fromEntries(MICROSOFT_HOSTS.map((host) => [host, listeners.httpsUrl]));
  const userOf = (upn: string | undefined) => {
    if (upn === undefined) return state.defaultUser();
    const user = state.userByUpn(upn);
    if (!user) throw new Error(`The scenario has no user "${upn}"`);
    return user;
  };
  const guest = (tenantKey: string, upn: string | undefined) => {
    const user = userOf(upn);
    const tenant = state.tenant(tenantKey).tenant;
    const found = tenantKey === user.homeTenant ? undefined : guestOf(tenant, user);
    if (!found) throw new Error(`${user.upn} has no guest object in "${tenantKey}"`);
    return found;
  };
  options.log?.(
    `emulator "${scenario.name}" ready in ${startupMs} ms on ${listeners.httpsUrl} and ${listeners.httpUrl}`,
  );

  return {
    httpsUrl: listeners.httpsUrl,
    httpUrl: listeners.httpUrl,
    caPem: listeners.caPem,
    routes,
    browserBaseUrl: listeners.httpUrl,
    scenario,
    world: state.world,
    startupMs,
    requests,
    requestCount: (filter = {}) => requests.filter((record) => matches(record, filter)).length,
    guestMethods: (tenantKey, upn) => structuredClone(guest(tenantKey, upn).methods),
    guestState: (tenantKey, upn) => guest(tenantKey, upn).state,
    homeMethods: (upn) => structuredClone(userOf(upn).homeMethods),
    upns: state.users().map((user) => user.upn),
    toBrowserUrl: (url) => {
      const port = new URL(listeners.httpsUrl).port;
      return rewriteToBrowserBase(url, listeners.httpUrl, [`127.0.0.1:${port}`, `localhost:${port}`]);
    },
    policyId: (tenantKey, kind = 'requireMfa') => state.policyIdOf(tenantKey, kind),
    addFault: (tenantKey, fault) => {
      state.tenant(tenantKey).tenant.faults.push({ ...fault });
    },
    heldCount: (tenantKey) => state.heldCount(tenantKey),
    release: (tenantKey) => {
      state.tenant(tenantKey);
      return state.release(tenantKey);
    },
    close: () => listeners.close(),
  };
}
