/**
 * The partner-admin mode's sign-in (docs/admin.md): the admin signs in to their own tenant with a public client
 * that may ask for Microsoft Graph scopes by name at run time (the Microsoft Graph Command Line Tools client, or
 * the organisation's own app registration), asking only for what the report reads. The write permission is
 * asked for only when the admin applies a change (incremental consent: a second interactive sign-in that adds
 * it). Its own MSAL client with an in-memory cache: the admin's tokens never mix with the guest account's cached
 * sign-ins, are never written to disk, and never leave main.
 */
import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type INetworkModule,
} from '@azure/msal-node';
import type { Endpoints } from './config';
import {
  SIGN_IN_ERROR_PAGE,
  SIGN_IN_SUCCESS_PAGE,
  SignInBusyError,
  SignInCancelledError,
  answerLoopbackCancel,
  type LoopbackRedirect,
} from './auth-service';

interface PendingAdminSignIn extends LoopbackRedirect {
  cancelled: boolean;
}

/** Microsoft Graph Command Line Tools: Microsoft's public client for Graph PowerShell and the Graph CLI. */
export const GRAPH_CLI_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

const GRAPH = 'https://graph.microsoft.com/';
/** What the report reads, and nothing more. */
export const ADMIN_READ_SCOPES = [
  'Policy.Read.All',
  'AuditLog.Read.All',
  'UserAuthenticationMethod.Read.All',
  'User.Read.All',
  'CrossTenantInformation.ReadBasic.All',
];
/** Asked for only when the admin confirms a change. */
export const ADMIN_WRITE_SCOPE = 'Policy.ReadWrite.CrossTenantAccess';

export interface AdminAuthEnvironment {
  endpoints: Endpoints;
  networkClient: INetworkModule;
  openBrowser(url: string): Promise<void>;
}

export interface AdminToken {
  accessToken: string;
  /** The Graph permissions the token carries (short names, e.g. "Policy.Read.All"). */
  scopes: string[];
}

export interface AdminSession {
  username: string;
  tenantId: string;
  clientId: string;
  scopes: string[];
}

function shortScope(scope: string): string {
  return scope.startsWith(GRAPH) ? scope.slice(GRAPH.length) : scope;
}

export class AdminAuth {
  private app: PublicClientApplication | null = null;
  private account: AccountInfo | null = null;
  private clientId = GRAPH_CLI_CLIENT_ID;
  private granted = new Set<string>();
  private pending: PendingAdminSignIn | null = null;

  constructor(private readonly env: AdminAuthEnvironment) {}

  private client(clientId: string, tenant: string): PublicClientApplication {
    const host = this.env.endpoints.authorityHost;
    return new PublicClientApplication({
      auth: {
        clientId,
        authority: `https://${host}/${tenant}`,
        ...(host === 'login.microsoftonline.com' ? {} : { knownAuthorities: [host] }),
      },
      system: {
        networkClient: this.env.networkClient,
        disableInternalRetries: true,
        loggerOptions: { piiLoggingEnabled: false, logLevel: 1 },
      },
    });
  }

  private remember(result: AuthenticationResult): AdminToken {
    const scopes = result.scopes.map(shortScope);
    for (const scope of scopes) this.granted.add(scope.toLowerCase());
    if (result.account) this.account = result.account;
    return { accessToken: result.accessToken, scopes };
  }

  private async interactive(scopes: string[], loginHint?: string): Promise<AuthenticationResult> {
    if (!this.app) throw new Error('not signed in');
    if (this.pending) throw new SignInBusyError();
    const pending: PendingAdminSignIn = { redirectUri: null, state: null, cancelled: false };
    this.pending = pending;
    try {
      return await this.app.acquireTokenInteractive({
        scopes: scopes.map((scope) => `${GRAPH}${scope}`),
        ...(loginHint ? { loginHint } : {}),
        successTemplate: SIGN_IN_SUCCESS_PAGE,
        errorTemplate: SIGN_IN_ERROR_PAGE,
        openBrowser: async (url: string) => {
          const parsed = new URL(url);
          pending.redirectUri = parsed.searchParams.get('redirect_uri');
          pending.state = parsed.searchParams.get('state');
          if (pending.cancelled) await answerLoopbackCancel(pending);
          else await this.env.openBrowser(url);
        },
      });
    } catch (error) {
      if (pending.cancelled) throw new SignInCancelledError();
      throw error;
    } finally {
      this.pending = null;
    }
  }

  /** Ends a sign-in waiting for the browser (the loopback listener gets an `access_denied` answer). */
  async cancelSignIn(): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return false;
    pending.cancelled = true;
    await answerLoopbackCancel(pending);
    return true;
  }

  /** Interactive sign-in to the admin's tenant (`organizations`: the admin's home) for the read scopes. */
  async signIn(options: { clientId?: string; tenant?: string } = {}): Promise<AdminSession> {
    this.signOut();
    this.clientId = (options.clientId ?? GRAPH_CLI_CLIENT_ID).toLowerCase();
    this.app = this.client(this.clientId, options.tenant ?? 'organizations');
    const result = await this.interactive(ADMIN_READ_SCOPES);
    this.remember(result);
    return this.session()!;
  }

  session(): AdminSession | null {
    if (!this.account) return null;
    return {
      username: this.account.username,
      tenantId: this.account.tenantId,
      clientId: this.clientId,
      scopes: [...this.granted],
    };
  }

  /** Whether the token for these scopes was granted all of them (lower-case comparison). */
  hasScope(scope: string): boolean {
    return this.granted.has(scope.toLowerCase());
  }

  /** A token for the reads (silent, from this session's cache). */
  async readToken(): Promise<AdminToken> {
    if (!this.app || !this.account) throw new AdminNotSignedInError();
    try {
      return this.remember(
        await this.app.acquireTokenSilent({
          account: this.account,
          scopes: ADMIN_READ_SCOPES.map((s) => `${GRAPH}${s}`),
        }),
      );
    } catch (error) {
      if (error instanceof InteractionRequiredAuthError) throw new AdminNotSignedInError();
      throw error;
    }
  }

  /**
   * A token with the write permission: from the cache when already granted in this session, otherwise one more
   * interactive sign-in that asks for it (the admin consents to it there, or Entra refuses).
   */
  async writeToken(): Promise<AdminToken> {
    if (!this.app || !this.account) throw new AdminNotSignedInError();
    const scopes = [ADMIN_WRITE_SCOPE];
    if (this.hasScope(ADMIN_WRITE_SCOPE)) {
      try {
        return this.remember(
          await this.app.acquireTokenSilent({ account: this.account, scopes: scopes.map((s) => `${GRAPH}${s}`) }),
        );
      } catch (error) {
        if (!(error instanceof InteractionRequiredAuthError)) throw error;
      }
    }
    return this.remember(await this.interactive(scopes, this.account.username));
  }

  signOut(): void {
    this.app = null;
    this.account = null;
    this.granted = new Set();
  }
}

export class AdminNotSignedInError extends Error {
  constructor() {
    super('Sign in as an administrator of your organisation first.');
    this.name = 'AdminNotSignedInError';
  }
}
