/**
 * Sign-in and tokens, on @azure/msal-node's PublicClientApplication. Every token stays inside this module and
 * its callers in main; what leaves main are account identifiers and claims.
 *
 * - Home sign-in: interactive (system browser, loopback redirect), for the scopes that list tenants, asking for
 *   MFA up front with a `claims` request (claims-request.ts; the v2 endpoint refuses `amr_values`: AADSTS901002).
 *   If Entra refuses that request, the sign-in runs once more without it, and the home token's `amr` tells
 *   whether the session carries MFA, as it does when Entra ignores the request. A claims challenge from ARM
 *   joins the request. Cancellable: the pending sign-in is ended by posting an error to MSAL's own loopback
 *   listener, so MSAL tears down its server as it would for a refused sign-in.
 * - Tenant tokens: `acquireTokenSilent` with the tenant's authority and an AccountInfo whose `tenantId` is that
 *   tenant (with the home AccountInfo MSAL would return the home token: docs/entra.md, "MSAL: a token for another
 *   tenant with the same account"), so the shared refresh
 *   token is redeemed at the tenant's token endpoint, where its Conditional Access decides.
 * - Probes run in a probe session, outside the persisted cache: each probe in a memory-only client whose cache
 *   holds just the account, its newest refresh token and home ID token (a session keeps one client per probe
 *   running at once, and empties its cache and seeds it again before each probe). msal-node re-reads a
 *   plugin-backed cache before every silent call, so probing through the persisted cache would cost
 *   O(cache size) per probe and fill the file with single-use access tokens. One client for the whole scan is
 *   no better: after each token answer MSAL checks the account is still cached with `getAllAccounts`, which
 *   looks up the ID token of every tenant profile among all ID tokens, i.e. O(tenants probed so far²) per
 *   probe (a 500-tenant scan spent ~0.5 s of CPU per probe; `npm run bench` measures it). A renewed refresh
 *   token goes back to the persisted cache when the session closes (one write per scan).
 * - "Sign in to this tenant": an interactive sign-in in a separate client with an in-memory cache, so that the
 *   MFA done in that tenant does not leak into later probes, which must keep answering "what does this tenant
 *   demand of your home session".
 */
import {
  AuthError,
  InteractionRequiredAuthError,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type ICachePlugin,
  type INativeBrokerPlugin,
  type INetworkModule,
} from '@azure/msal-node';
import { authorityFor, type AuthConfig } from './config';
import { amrShowsMfa, readTokenClaims, type TokenClaimsSummary } from './claims';
import { mergeClaims } from './claims-request';
import { homeTenantOf, isHomeProfile } from './home-account';
import { signInPathName, type SignInPath } from './broker';
import type { SignInPathName } from '../../shared/sign-in-path';

export interface AuthEnvironment {
  config: AuthConfig;
  networkClient: INetworkModule;
  /** Persists the account's cache; `replace` takes back a refresh token a probe session renewed. */
  cachePlugin?: ICachePlugin & { replace(serialized: string): void };
  /** Opens a URL in the system browser (Electron: shell.openExternal). */
  openBrowser(url: string): Promise<void>;
  /** Diagnostic log; never receives tokens. */
  log?: (message: string) => void;
  /** An interactive sign-in started waiting for the browser, or ended (`signInPending` changed). */
  onSignInPendingChange?: () => void;
  /**
   * The platform's sign-in broker (broker.ts): which path a home sign-in takes now, and the native handle of the
   * window the broker's dialog belongs to (WAM wants one). Absent: always the loopback browser.
   */
  broker?: { choose(): Promise<SignInPath>; windowHandle?(): Buffer | undefined };
}

/** The user closed or cancelled the sign-in from the app. */
export class SignInCancelledError extends Error {
  constructor() {
    super('The sign-in was cancelled.');
    this.name = 'SignInCancelledError';
  }
}

/** Another interactive sign-in is already waiting for the browser. */
export class SignInBusyError extends Error {
  constructor() {
    super('A sign-in is already waiting for the browser. Finish or cancel it first.');
    this.name = 'SignInBusyError';
  }
}

/** No signed-in account with that id. */
export class AccountNotFoundError extends Error {
  constructor() {
    super('That account is not signed in any more. Sign in again.');
    this.name = 'AccountNotFoundError';
  }
}

export interface HomeSignIn {
  account: AccountInfo;
  /** Claims of the home access token (tid, amr, …). */
  claims: TokenClaimsSummary;
  homeSessionMfa: boolean;
  /**
   * What Entra answered the MFA request with, when it refused it (the sign-in then ran again without it); null
   * when it was accepted or ignored (the token's `amr` tells which).
   */
  mfaRequestRefused: SignInRefusal | null;
  /**
   * What the home answered the Azure management sign-in with, when it refused it by policy (53003, a device
   * code): the sign-in then ran again for Microsoft Graph only, and scans check known organisations without a list.
   */
  armRefused: SignInRefusal | null;
  /** Which way the sign-in went: the platform's broker, or the browser and why (shared/sign-in-path.ts). */
  signInPath: SignInPathName;
}

/** The facts of a refused sign-in request, as the server sent them (no token: an error answer). */
export interface SignInRefusal {
  /** OAuth `error` (`invalid_request`, …). */
  errorCode: string;
  aadsts: number | null;
  subError: string | null;
  correlationId: string | null;
  /** The server's description, bounded. */
  description: string;
}

export interface HomeSignInOptions {
  /** A claims challenge from a resource (ARM's `WWW-Authenticate`), to satisfy with this sign-in. */
  challenge?: string;
  /** Signs in this account again (its username preselected) instead of offering the account picker. */
  loginHint?: string;
  /** Told when Entra refused the MFA request and the sign-in opens again without it. */
  onRetryWithoutMfaRequest?: (refusal: SignInRefusal) => void;
  /** Told when the home refused the Azure management sign-in and the sign-in opens again for Graph only. */
  onRetryForGraphOnly?: (refusal: SignInRefusal) => void;
}

/**
 * AADSTS codes of a request Entra would not take as sent, rather than of a user it refuses: 901002 "the
 * '<name>' request parameter is not supported" (the answer to `amr_values` on v2, MSAL-JS #6746), 50130 "the
 * claim value(s) … cannot be interpreted as known auth method(s)", 90100 "the parameter is empty or not valid"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
const REQUEST_REFUSAL_CODES = new Set([901002, 50130, 90100]);

function aadstsOf(error: AuthError): number | null {
  const fromErrorNo = Number((error as { errorNo?: unknown }).errorNo);
  if (Number.isInteger(fromErrorNo) && fromErrorNo > 0) return fromErrorNo;
  const match = /AADSTS(\d{4,7})/.exec(error.errorMessage ?? error.message);
  return match ? Number(match[1]) : null;
}

/**
 * Whether a failed interactive sign-in refused the request itself (its `claims`), so that the same sign-in
 * without the MFA request may pass: an `invalid_request` answer or one of the request codes above, from the
 * authorize redirect or the code redemption. A cancel, `access_denied` (the user or a policy said no) and every
 * other refusal of the user are not: asking again without MFA would only be refused again.
 */
export function refusesClaimsRequest(error: unknown): SignInRefusal | null {
  if (error instanceof SignInCancelledError || !(error instanceof AuthError)) return null;
  if (!(error instanceof ServerError || error instanceof InteractionRequiredAuthError)) return null;
  const aadsts = aadstsOf(error);
  const code = error.errorCode;
  if (code === 'access_denied') return null;
  if (code !== 'invalid_request' && (aadsts === null || !REQUEST_REFUSAL_CODES.has(aadsts))) return null;
  return refusalOf(error, aadsts);
}

/**
 * AADSTS codes with which a home's Conditional Access refuses one resource: 53003 BlockedByConditionalAccess (the
 * published "Windows Azure Service Management API" recipes) and the managed-device codes 53000, 53001, 530003
 * (refresh), 530033 (browser) (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
const RESOURCE_REFUSAL_CODES = new Set([53003, 53000, 53001, 530003, 530033]);

function refusalOf(error: AuthError, aadsts: number | null): SignInRefusal {
  const description = (error.errorMessage || error.message).replace(/\s+/g, ' ').trim();
  return {
    errorCode: error.errorCode,
    aadsts,
    subError: error.subError || null,
    correlationId: error.correlationId || null,
    description: description.length > 600 ? `${description.slice(0, 600)}…` : description,
  };
}

/**
 * Whether a token request for one resource was refused by the home's Conditional Access (see the codes above),
 * rather than by an expired sign-in or the network: then another resource (Graph) may still be given.
 */
export function refusesResource(error: unknown): SignInRefusal | null {
  if (error instanceof SignInCancelledError || !(error instanceof AuthError)) return null;
  if (!(error instanceof ServerError || error instanceof InteractionRequiredAuthError)) return null;
  const aadsts = aadstsOf(error);
  if (aadsts === null || !RESOURCE_REFUSAL_CODES.has(aadsts)) return null;
  return refusalOf(error, aadsts);
}

/**
 * Whether a brokered sign-in failed in the broker itself (it could not start, crashed, is not set up), so that the
 * browser may still work: any error that is not Entra's answer (a server or interaction-required error) and not
 * the user's cancel. msal-node-extensions reports its own failures as plain AuthErrors (NativeAuthError) whose
 * codes are the broker's status names; a cancel's carries "cancel" (likely: not run against a real broker here).
 */
export function brokerFailed(error: unknown): boolean {
  if (error instanceof SignInCancelledError) return false;
  if (error instanceof ServerError || error instanceof InteractionRequiredAuthError) return false;
  if (error instanceof AuthError && /cancel/i.test(`${error.errorCode} ${error.errorMessage}`)) return false;
  return true;
}

function describeAuthError(error: unknown): string {
  if (error instanceof AuthError) return error.errorCode || error.name;
  return error instanceof Error ? error.name : 'unknown error';
}

export interface TokenWithClaims {
  accessToken: string;
  claims: TokenClaimsSummary;
  fromCache: boolean;
}

const RESULT_PAGE = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
  `<style>body{font-family:"Segoe UI",system-ui,sans-serif;background:#f5f5f5;color:#242424;display:grid;` +
  `place-items:center;height:100vh;margin:0}main{background:#fff;padding:32px 40px;border-radius:8px;` +
  `box-shadow:0 2px 8px rgba(0,0,0,.12);max-width:440px}h1{font-size:20px;font-weight:600;margin:0 0 8px}` +
  `p{margin:0;line-height:1.5}</style></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

export const SIGN_IN_SUCCESS_PAGE = RESULT_PAGE(
  'You are signed in',
  'Guest MFA Inventory has your sign-in. You can close this tab and return to the app.',
);
export const SIGN_IN_ERROR_PAGE = RESULT_PAGE(
  'The sign-in did not complete',
  'Return to Guest MFA Inventory to see what happened and try again.',
);
/** The error page of a home sign-in that asked for MFA: the app may open the sign-in again by itself. */
export const SIGN_IN_RETRY_PAGE = RESULT_PAGE(
  'The sign-in did not complete',
  'If Guest MFA Inventory opens the sign-in page again, continue there. Otherwise return to the app to see what happened.',
);

/** MSAL's serialized cache: sections of entries keyed by cache key. */
interface SerializedCache {
  Account?: Record<string, SerializedEntry>;
  IdToken?: Record<string, SerializedEntry>;
  AccessToken?: Record<string, SerializedEntry>;
  RefreshToken?: Record<string, SerializedEntry>;
  AppMetadata?: Record<string, unknown>;
}

/** One entry of a serialized cache section: the fields this module reads, and whatever else it carries. */
interface SerializedEntry {
  home_account_id?: string;
  realm?: string;
  [field: string]: unknown;
}

/** A refresh token as MSAL's in-memory cache holds it (the camel-case twin of its serialized entry). */
interface RefreshTokenEntity {
  credentialType?: unknown;
  homeAccountId?: unknown;
  environment?: unknown;
  clientId?: unknown;
  secret?: unknown;
  familyId?: unknown;
  target?: unknown;
  realm?: string;
}

/**
 * The account's refresh tokens in a client's cache, in the serialized layout (the fields msal-node's own serializer
 * writes, over the entry the cache was seeded with, as its `serialize` merges them), read from the cache's
 * key-value store: serializing the whole cache for them cost more than the rest of a probe's MSAL work.
 */
function refreshTokensIn(
  client: PublicClientApplication,
  homeAccountId: string,
  seeded: Record<string, SerializedEntry> = {},
): Record<string, SerializedEntry> {
  const found: Record<string, SerializedEntry> = {};
  for (const [key, value] of Object.entries(client.getTokenCache().getKVStore())) {
    const entity = value as RefreshTokenEntity;
    if (entity.credentialType !== 'RefreshToken' || entity.homeAccountId !== homeAccountId) continue;
    const entry: SerializedEntry = {
      ...seeded[key],
      home_account_id: homeAccountId,
      environment: entity.environment,
      credential_type: entity.credentialType,
      client_id: entity.clientId,
      secret: entity.secret,
      family_id: entity.familyId,
      target: entity.target,
      realm: entity.realm,
    };
    // Absent fields stay absent, as in the serialized cache.
    for (const field of Object.keys(entry)) if (entry[field] === undefined) delete entry[field];
    found[key] = entry;
  }
  return found;
}

/** Token requests of one scan, outside the persisted cache. */
export interface ProbeSession {
  /** A token from `tenantId` with the home session's refresh token: the tenant's answer to the guest. */
  tenantToken(tenantId: string, options?: { scopes?: string[]; correlationId?: string }): Promise<TokenWithClaims>;
  /** Hands a renewed refresh token back to the persisted cache. */
  close(): Promise<void>;
}

/** Where MSAL's loopback listener waits for the browser's redirect, once the interactive call has started. */
export interface LoopbackRedirect {
  redirectUri: string | null;
  state: string | null;
}

/**
 * Ends a pending interactive sign-in: answers MSAL's loopback listener (http://localhost:<port>) with
 * `access_denied`, which makes the interactive call return. Both the guest and the admin sign-in cancel this way.
 */
export async function answerLoopbackCancel(pending: LoopbackRedirect): Promise<void> {
  if (!pending.redirectUri || !pending.state) return;
  const body = new URLSearchParams({
    error: 'access_denied',
    error_description: 'The sign-in was cancelled in Guest MFA Inventory.',
    state: pending.state,
  });
  await fetch(pending.redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  }).catch(() => undefined);
}

interface PendingInteractive extends LoopbackRedirect {
  cancelled: boolean;
  /** Resolves the wait for the browser opener when the user cancels. */
  onCancel: () => void;
}

export class AuthService {
  private readonly app: PublicClientApplication;
  private pending: PendingInteractive | null = null;
  /** The client that signs in through the platform's broker, once a sign-in or lookup chose it. */
  private brokered: { plugin: INativeBrokerPlugin; client: PublicClientApplication } | null = null;

  constructor(private readonly env: AuthEnvironment) {
    this.app = this.createClient(env.cachePlugin);
  }

  /**
   * The broker's client for this plugin. The broker keeps its accounts and tokens itself (msal-node hands it every
   * interactive and silent request), so this client has no cache of ours.
   */
  private brokerClient(plugin: INativeBrokerPlugin): PublicClientApplication {
    if (this.brokered?.plugin !== plugin) this.brokered = { plugin, client: this.createClient(undefined, plugin) };
    return this.brokered.client;
  }

  /** The broker's client when the broker is chosen now (or was at the last sign-in); null otherwise. */
  private async brokerClientNow(): Promise<PublicClientApplication | null> {
    if (this.brokered) return this.brokered.client;
    if (!this.env.broker) return null;
    const path = await this.env.broker.choose().catch(() => null);
    return path?.kind === 'broker' ? this.brokerClient(path.plugin) : null;
  }

  /** The client that holds this account: the broker's for an account the broker signed in, else the app's. */
  private async clientFor(account: AccountInfo): Promise<PublicClientApplication> {
    if (!account.nativeAccountId) return this.app;
    return (await this.brokerClientNow()) ?? this.app;
  }

  get config(): AuthConfig {
    return this.env.config;
  }

  private createClient(cachePlugin?: ICachePlugin, nativeBrokerPlugin?: INativeBrokerPlugin): PublicClientApplication {
    const { config } = this.env;
    const publicHost = config.endpoints.authorityHost === 'login.microsoftonline.com';
    return new PublicClientApplication({
      auth: {
        clientId: config.clientId,
        // `common` takes work or school accounts and personal Microsoft accounts alike; `organizations` would turn
        // away a guest whose home is an outlook.com / live.com account
        // (https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority).
        authority: authorityFor(config, 'common'),
        ...(publicHost ? {} : { knownAuthorities: [config.endpoints.authorityHost] }),
      },
      ...(cachePlugin ? { cache: { cachePlugin } } : {}),
      ...(nativeBrokerPlugin ? { broker: { nativeBrokerPlugin } } : {}),
      system: {
        networkClient: this.env.networkClient,
        // Retries are the scanner's business (it honours Retry-After and knows the per-tenant time limit).
        disableInternalRetries: true,
        loggerOptions: { piiLoggingEnabled: false, logLevel: 1 },
      },
    });
  }

  /** Runs one interactive sign-in with cancel support; only one at a time. */
  private async interactive(
    client: PublicClientApplication,
    request: Omit<Parameters<PublicClientApplication['acquireTokenInteractive']>[0], 'openBrowser'>,
    errorTemplate: string = SIGN_IN_ERROR_PAGE,
  ): Promise<AuthenticationResult> {
    if (this.pending) throw new SignInBusyError();
    const pending: PendingInteractive = { redirectUri: null, state: null, cancelled: false, onCancel: () => undefined };
    const cancelled = new Promise<void>((resolve) => (pending.onCancel = resolve));
    this.pending = pending;
    this.env.onSignInPendingChange?.();
    const brokered = client === this.brokered?.client;
    try {
      const signIn = client.acquireTokenInteractive({
        ...request,
        successTemplate: SIGN_IN_SUCCESS_PAGE,
        errorTemplate,
        ...(brokered ? { windowHandle: this.env.broker?.windowHandle?.() } : {}),
        openBrowser: async (url: string) => {
          const parsed = new URL(url);
          pending.redirectUri = parsed.searchParams.get('redirect_uri');
          pending.state = parsed.searchParams.get('state');
          if (pending.cancelled) {
            await answerLoopbackCancel(pending);
            return;
          }
          // MSAL listens for the redirect only once this returns, so a cancel must not wait for an opener that
          // hangs (a browser launch that never returns, a sign-in page that never loads in the headless browser).
          await Promise.race([this.env.openBrowser(url), cancelled]);
        },
      });
      if (!brokered) return await signIn;
      // The broker's window has no loopback listener to answer: a cancel stops waiting for it (the window the
      // system opened may stay until the user closes it).
      signIn.catch(() => undefined);
      return await Promise.race([
        signIn,
        cancelled.then((): never => {
          throw new SignInCancelledError();
        }),
      ]);
    } catch (error) {
      if (pending.cancelled) throw new SignInCancelledError();
      throw error;
    } finally {
      this.pending = null;
      this.env.onSignInPendingChange?.();
    }
  }

  /** Whether an interactive sign-in is waiting for the browser. */
  get signInPending(): boolean {
    return this.pending !== null;
  }

  /** Cancels the pending interactive sign-in, if any. */
  async cancelSignIn(): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return false;
    pending.cancelled = true;
    pending.onCancel();
    await answerLoopbackCancel(pending);
    return true;
  }

  /**
   * Interactive home sign-in through the system browser, asking for MFA (and for a resource's claims challenge,
   * if given). When Entra refuses the MFA request, the sign-in opens once more without it: a second browser
   * page, where the user picks the account again (see `refusesClaimsRequest`).
   */
  async signIn(options: HomeSignInOptions = {}): Promise<HomeSignIn> {
    const path: SignInPath = (await this.env.broker?.choose().catch(() => null)) ?? {
      kind: 'loopback',
      reason: this.env.broker ? 'not-installed' : 'platform',
    };
    if (path.kind === 'broker') {
      try {
        return await this.signInThrough(this.brokerClient(path.plugin), options, 'broker');
      } catch (error) {
        if (!brokerFailed(error)) throw error;
        this.env.log?.(`the sign-in broker failed (${describeAuthError(error)}); signing in through the browser`);
        return this.signInThrough(this.app, options, 'loopback:failed');
      }
    }
    return this.signInThrough(this.app, options, signInPathName(path));
  }

  private async signInThrough(
    client: PublicClientApplication,
    options: HomeSignInOptions,
    signInPath: SignInPathName,
  ): Promise<HomeSignIn> {
    const { config } = this.env;
    const request = {
      scopes: config.armScopes,
      ...(options.loginHint ? { loginHint: options.loginHint } : { prompt: 'select_account' as const }),
    };
    const withMfa = mergeClaims(options.challenge, config.homeMfaClaims);
    let result: AuthenticationResult;
    let refused: SignInRefusal | null = null;
    let armRefused: SignInRefusal | null = null;
    const graphOnly = async (error: unknown, claims: string | null | undefined): Promise<AuthenticationResult> => {
      armRefused = refusesResource(error);
      if (!armRefused) throw error;
      this.env.log?.(
        `the home refused the Azure management sign-in (${armRefused.errorCode}${armRefused.aadsts ? ` AADSTS${armRefused.aadsts}` : ''}); signing in for Microsoft Graph only`,
      );
      options.onRetryForGraphOnly?.(armRefused);
      return this.interactive(client, {
        ...request,
        scopes: config.graphScopes,
        ...(claims ? { claims } : {}),
      });
    };
    try {
      result = await this.interactive(
        client,
        { ...request, ...(withMfa ? { claims: withMfa } : {}) },
        SIGN_IN_RETRY_PAGE,
      );
    } catch (error) {
      refused = refusesClaimsRequest(error);
      if (!refused) {
        result = await graphOnly(error, withMfa);
      } else {
        this.env.log?.(
          `the home sign-in's MFA request was refused (${refused.errorCode}${refused.aadsts ? ` AADSTS${refused.aadsts}` : ''}); signing in again without it`,
        );
        options.onRetryWithoutMfaRequest?.(refused);
        // The resource's own challenge stays: only the app's addition is dropped.
        const challengeOnly = mergeClaims(options.challenge);
        try {
          result = await this.interactive(client, {
            ...request,
            ...(challengeOnly ? { claims: challengeOnly } : {}),
          });
        } catch (second) {
          result = await graphOnly(second, challengeOnly);
        }
      }
    }
    if (!result.account) throw new Error('The sign-in returned no account.');
    const claims = readTokenClaims(result.accessToken);
    return {
      account: result.account,
      claims,
      homeSessionMfa: amrShowsMfa(claims.amr),
      mfaRequestRefused: refused,
      armRefused,
      signInPath,
    };
  }

  /** The signed-in home accounts (one AccountInfo per account, its home tenant profile). */
  async homeAccounts(): Promise<AccountInfo[]> {
    const all = await this.app.getTokenCache().getAllAccounts();
    // Accounts the broker signed in live in the broker, not in our cache.
    const broker = await this.brokerClientNow();
    if (broker) {
      try {
        all.push(...(await broker.getAllAccounts()));
      } catch (error) {
        this.env.log?.(`the sign-in broker did not list its accounts (${describeAuthError(error)})`);
      }
    }
    const seen = new Set<string>();
    const home: AccountInfo[] = [];
    for (const account of all) {
      if (!isHomeProfile(account) || seen.has(account.homeAccountId)) continue;
      seen.add(account.homeAccountId);
      home.push(account);
    }
    return home;
  }

  async homeAccount(accountId: string): Promise<AccountInfo> {
    const account = (await this.homeAccounts()).find((a) => a.homeAccountId === accountId);
    if (!account) throw new AccountNotFoundError();
    return account;
  }

  /** Removes the account and every token MSAL holds for it (all tenant profiles). */
  async signOut(accountId: string): Promise<void> {
    const cache = this.app.getTokenCache();
    for (const account of await cache.getAllAccounts()) {
      if (account.homeAccountId === accountId) await cache.removeAccount(account);
    }
    const broker = await this.brokerClientNow();
    if (broker) {
      for (const account of await broker.getAllAccounts().catch(() => [])) {
        if (account.homeAccountId === accountId) await broker.signOut({ account });
      }
    }
  }

  /** A home-tenant token (ARM by default), silently; `forceRefresh` asks the server instead of the cache. */
  async homeToken(
    account: AccountInfo,
    options: { scopes?: string[]; forceRefresh?: boolean; correlationId?: string } = {},
  ): Promise<TokenWithClaims> {
    const client = await this.clientFor(account);
    const result = await client.acquireTokenSilent({
      account,
      authority: authorityFor(this.env.config, homeTenantOf(account)),
      scopes: options.scopes ?? this.env.config.armScopes,
      forceRefresh: options.forceRefresh ?? false,
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    });
    return {
      accessToken: result.accessToken,
      claims: readTokenClaims(result.accessToken),
      fromCache: result.fromCache ?? false,
    };
  }

  /** Opens a probe session for one account (see the module comment). */
  openProbeSession(account: AccountInfo): ProbeSession {
    if (account.nativeAccountId) return this.brokerProbeSession(account);
    const persisted = JSON.parse(this.app.getTokenCache().serialize() || '{}') as SerializedCache;
    const mine = <T extends { home_account_id?: string; realm?: string }>(
      section: Record<string, T> | undefined,
      homeOnly = false,
    ) =>
      Object.fromEntries(
        Object.entries(section ?? {}).filter(
          ([, v]) =>
            v.home_account_id === account.homeAccountId &&
            (!homeOnly || v.realm?.toLowerCase() === homeTenantOf(account)),
        ),
      );
    let seed: SerializedCache = {
      Account: mine(persisted.Account),
      IdToken: mine(persisted.IdToken, true),
      AccessToken: {},
      RefreshToken: mine(persisted.RefreshToken),
      AppMetadata: persisted.AppMetadata ?? {},
    };
    let seedText = JSON.stringify(seed);
    const seedRefreshTokens = JSON.stringify(seed.RefreshToken);
    /** Memory-only clients no probe is using now: at most one per probe that ran at the same time. */
    const idle: PublicClientApplication[] = [];
    const newClient = () => this.createClient();
    const config = this.env.config;
    return {
      async tenantToken(tenantId: string, options: { scopes?: string[]; correlationId?: string } = {}) {
        const tenantAccount: AccountInfo = {
          homeAccountId: account.homeAccountId,
          environment: account.environment,
          tenantId,
          username: account.username,
          localAccountId: account.localAccountId,
          ...(account.name ? { name: account.name } : {}),
        };
        // A client that holds only the seed for this probe (see the module comment): MSAL's work stays that of one
        // tenant. `deserialize` adds to what the cache holds, so the cache is emptied first.
        const client = idle.pop() ?? newClient();
        try {
          client.clearCache();
          client.getTokenCache().deserialize(seedText);
          // Always ask the tenant (forceRefresh): a scan checks what it demands now.
          const result = await client.acquireTokenSilent({
            account: tenantAccount,
            authority: authorityFor(config, tenantId),
            scopes: options.scopes ?? config.graphScopes,
            forceRefresh: true,
            ...(options.correlationId ? { correlationId: options.correlationId } : {}),
          });
          // The tenant's answer carries a renewed refresh token: later probes, and close(), use the newest.
          const renewed = refreshTokensIn(client, account.homeAccountId, seed.RefreshToken);
          if (Object.keys(renewed).length > 0) {
            seed = { ...seed, RefreshToken: renewed };
            seedText = JSON.stringify(seed);
          }
          return {
            accessToken: result.accessToken,
            claims: readTokenClaims(result.accessToken),
            fromCache: result.fromCache ?? false,
          };
        } finally {
          idle.push(client);
        }
      },
      close: async () => {
        const ours = seed.RefreshToken ?? {};
        if (Object.keys(ours).length === 0 || JSON.stringify(ours) === seedRefreshTokens) return;
        const current = JSON.parse(this.app.getTokenCache().serialize() || '{}') as SerializedCache;
        const merged: SerializedCache = { ...current, RefreshToken: { ...current.RefreshToken, ...ours } };
        const text = JSON.stringify(merged);
        this.app.getTokenCache().deserialize(text);
        this.env.cachePlugin?.replace(text);
      },
    };
  }

  /**
   * A probe session for an account the broker signed in: each tenant's token is the broker's silent answer for
   * that tenant's authority, so the tenant sees what the broker shows it (the device included). The broker keeps
   * the refresh token; there is nothing to hand back.
   */
  private brokerProbeSession(account: AccountInfo): ProbeSession {
    const config = this.env.config;
    return {
      tenantToken: async (tenantId, options = {}) => {
        const client = await this.clientFor(account);
        const result = await client.acquireTokenSilent({
          account: { ...account, tenantId },
          authority: authorityFor(config, tenantId),
          scopes: options.scopes ?? config.graphScopes,
          forceRefresh: true,
          ...(options.correlationId ? { correlationId: options.correlationId } : {}),
        });
        return {
          accessToken: result.accessToken,
          claims: readTokenClaims(result.accessToken),
          fromCache: result.fromCache ?? false,
        };
      },
      close: async () => undefined,
    };
  }

  /**
   * Interactive sign-in to one tenant (to complete MFA, a registration or the invitation it demands), in a
   * separate client with an in-memory cache. Returns the token for reading Graph in that tenant.
   */
  async signInToTenant(account: AccountInfo, tenantId: string, claims?: string): Promise<TokenWithClaims> {
    // Through the broker for an account it signed in (the tenant sees the device); else a fresh memory-only client.
    const brokered = account.nativeAccountId ? await this.brokerClientNow() : null;
    const client = brokered ?? this.createClient();
    const result = await this.interactive(client, {
      ...(brokered ? { account: { ...account, tenantId } } : {}),
      authority: authorityFor(this.env.config, tenantId),
      scopes: this.env.config.graphScopes,
      loginHint: account.username,
      ...(claims ? { claims } : {}),
    });
    return { accessToken: result.accessToken, claims: readTokenClaims(result.accessToken), fromCache: false };
  }
}
