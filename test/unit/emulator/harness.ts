/**
 * Test helpers: the real MSAL PublicClientApplication wired to an emulator the way the app wires it to
 * Entra (the app's transport with routes and the emulator's CA, MSAL's real authority strings), with the
 * headless browser as `openBrowser`.
 */
import path from 'node:path';
import { decodeJwt } from 'jose';
import {
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type INetworkModule,
  type NetworkRequestOptions,
  type InteractiveRequest,
} from '@azure/msal-node';
import { createMsalNetworkClient, createTransport, type HttpTransport } from '../../../main/net/transport';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../tools/entra-emulator';
import { completeSignInAutomatically, type AutoSignInResult } from '../../../tools/entra-emulator/auto-browser';

/** The Azure CLI public client, the app's default client id. */
export const CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** Azure PowerShell, the other first-party client with a fixed Graph `.default` set. */
export const POWERSHELL_CLIENT_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
/** Microsoft Graph Command Line Tools (dynamic consent, like an own app). */
export const GRAPH_CLI_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** An organisation's own multi-tenant public client (any id that is not a Microsoft first-party one). */
export const OWN_CLIENT_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const LOGIN = 'https://login.microsoftonline.com';
export const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
export const ARM_DEFAULT = 'https://management.azure.com/.default';
export const METHODS_SCOPE = 'https://graph.microsoft.com/UserAuthenticationMethod.Read';
/** MSAL's `claims` request for MFA, as MSAL-based tools send it instead of `amr_values`. */
export const MFA_CLAIMS = '{"access_token":{"amr":{"values":["mfa"]}}}';

export function scenarioFile(name: string): string {
  return path.join(__dirname, '..', '..', 'scenarios', name);
}

export async function start(
  scenario: EmulatorOptions['scenario'],
  options: Omit<EmulatorOptions, 'scenario'> = {},
): Promise<Emulator> {
  return startEmulator({ autoComplete: true, ...options, scenario });
}

export interface Client {
  pca: PublicClientApplication;
  /** The client id MSAL uses (the Azure CLI one unless `createClient` was given another). */
  clientId: string;
  transport: HttpTransport;
  emulator: Emulator;
  /** Every headless sign-in so far, in order. */
  signIns: AutoSignInResult[];
  /** Errors the transport raised under MSAL (MSAL itself reports them only as `network_error`). */
  networkErrors: unknown[];
  close(): void;
}

export function createClient(
  emulator: Emulator,
  options: { timeoutMs?: number; routes?: Record<string, string>; knownAuthorities?: string[]; clientId?: string } = {},
): Client {
  const transport = createTransport({
    routes: { ...emulator.routes, ...options.routes },
    extraCaPem: emulator.caPem,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  // MSAL replaces a network client's error by a bare `network_error`; keep the transport's own error.
  const networkErrors: unknown[] = [];
  const inner = createMsalNetworkClient(transport);
  const remember = (error: unknown): never => {
    networkErrors.push(error);
    throw error;
  };
  const networkClient: INetworkModule = {
    sendGetRequestAsync: <T>(url: string, request?: NetworkRequestOptions, timeout?: number) =>
      inner.sendGetRequestAsync<T>(url, request, timeout).catch(remember),
    sendPostRequestAsync: <T>(url: string, request?: NetworkRequestOptions) =>
      inner.sendPostRequestAsync<T>(url, request).catch(remember),
  };
  const pca = new PublicClientApplication({
    auth: {
      clientId: options.clientId ?? CLIENT_ID,
      authority: `${LOGIN}/organizations`,
      ...(options.knownAuthorities ? { knownAuthorities: options.knownAuthorities } : {}),
    },
    system: { networkClient },
  });
  return {
    pca,
    clientId: options.clientId ?? CLIENT_ID,
    transport,
    emulator,
    signIns: [],
    networkErrors,
    close: () => transport.close(),
  };
}

export function tenantId(emulator: Emulator, key: string): string {
  const tenant = emulator.scenario.tenants[key];
  if (!tenant) throw new Error(`no tenant ${key}`);
  return tenant.id;
}

/** Interactive sign-in through the headless browser (MSAL's loopback server, form_post, PKCE). */
export async function signIn(
  client: Client,
  options: {
    tenant?: string;
    scopes?: string[];
    amrValues?: string;
    claims?: string;
    /** The account the headless browser signs in with where it is asked (a upn). */
    account?: string;
    loginHint?: string;
    prompt?: 'select_account' | 'login';
  } = {},
): Promise<AuthenticationResult> {
  const request: InteractiveRequest = {
    scopes: options.scopes ?? [ARM_DEFAULT],
    openBrowser: async (url) => {
      client.signIns.push(
        await completeSignInAutomatically(url, client.emulator, options.account ? { account: options.account } : {}),
      );
    },
    ...(options.loginHint ? { loginHint: options.loginHint } : {}),
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.tenant ? { authority: `${LOGIN}/${tenantId(client.emulator, options.tenant)}` } : {}),
    ...(options.amrValues ? { extraQueryParameters: { amr_values: options.amrValues } } : {}),
    ...(options.claims ? { claims: options.claims } : {}),
  };
  return client.pca.acquireTokenInteractive(request);
}

/** The account as tenant T sees it: same home account, `tenantId` T (with the home account alone MSAL answers from the home cache). */
export function accountIn(home: AccountInfo, id: string): AccountInfo {
  return { ...home, tenantId: id };
}

/** The app's probe: a silent token in tenant T with the home session. */
export function probe(
  client: Client,
  home: AccountInfo,
  key: string,
  scopes: string[] = [GRAPH_DEFAULT],
  extra: { forceRefresh?: boolean; authoritySegment?: string } = {},
): Promise<AuthenticationResult> {
  const id = tenantId(client.emulator, key);
  return client.pca.acquireTokenSilent({
    account: accountIn(home, id),
    authority: `${LOGIN}/${extra.authoritySegment ?? id}`,
    scopes,
    ...(extra.forceRefresh ? { forceRefresh: true } : {}),
  });
}

/** Runs a call that must fail and returns its error (fails the test when it succeeds). */
export async function failureOf(call: Promise<unknown>): Promise<Record<string, any>> {
  try {
    await call;
  } catch (error) {
    return error as Record<string, any>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function claimsOf(token: string): Record<string, any> {
  return decodeJwt(token) as Record<string, any>;
}

/** GET through the app's transport with a bearer token (ARM and Graph calls). */
export async function getJson(
  client: Client,
  url: string,
  accessToken?: string,
  timeoutMs?: number,
): Promise<{ status: number; headers: Record<string, string>; body: any; text: string }> {
  const response = await client.transport.request({
    method: 'GET',
    url,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  let body: unknown = undefined;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text: response.body };
}

/** The refresh token MSAL cached, of one account if given (tests that talk to the token endpoint directly). */
export function refreshTokenOf(client: Client, homeAccountId?: string): string {
  const cache = JSON.parse(client.pca.getTokenCache().serialize()) as {
    RefreshToken: Record<string, { secret: string; home_account_id: string }>;
  };
  const first = Object.values(cache.RefreshToken).find(
    (entry) => homeAccountId === undefined || entry.home_account_id === homeAccountId,
  );
  if (!first) throw new Error('no refresh token in the cache');
  return first.secret;
}

/** POSTs a form through the app's transport and reads the JSON answer. */
export async function postForm(
  client: Client,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: any; text: string }> {
  const response = await client.transport.request({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  let body: unknown = undefined;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text: response.body };
}
