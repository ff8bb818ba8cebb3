/**
 * Session and accounts: the home sign-in (asking for MFA, once more without it when Entra refuses the
 * request), "Sign in with MFA" after Azure refused the tenant list, cancelling a sign-in, signing out, and the
 * settings (a new client id means a new auth service and a new sign-in).
 */
import type { AccountSummary, EntraAnswer } from '../../shared/model';
import { accountSummaryOf } from '../scan/account-summary';
import {
  SignInBusyError,
  SignInCancelledError,
  type HomeSignInOptions,
  type SignInRefusal,
} from '../auth/auth-service';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { NetworkError } from '../net/transport';
import { describeError, homeAccount, storeCall, type ServiceContext } from './context';

/** What the user reads while the browser opens a second time (Entra refused the home sign-in's MFA request). */
export const MFA_REQUEST_REFUSED_MESSAGE =
  "Your organisation's sign-in did not accept the app's request for MFA, so the app opened the sign-in again without it. Continue in the new browser page.";

/** What the user reads while the browser opens again because the home refused the Azure management sign-in. */
export function graphOnlyMessage(refusal: SignInRefusal): string {
  const code = refusal.aadsts ? ` (AADSTS${refusal.aadsts})` : '';
  return `Your organisation refused the sign-in for Azure management${code}, where Microsoft lists the organisations you are a guest in. The app opened the sign-in again for Microsoft Graph only: continue in the new browser page. Scans then check the organisations the app knows and those you add by hand.`;
}

type SessionHandlers = Pick<IpcHandlers, 'signIn' | 'signInWithMfa' | 'cancelSignIn' | 'signOut' | 'updateSettings'>;

/** A refusal of the home sign-in (its MFA request, or Azure management), as "Copy what Entra answered" shows it. */
function refusalAnswer(
  ctx: ServiceContext,
  refusal: SignInRefusal,
  note = 'Entra refused the MFA request of the home sign-in; the app signed in again without it.',
): EntraAnswer {
  return {
    at: ctx.now().toISOString(),
    request: 'home-sign-in',
    method: 'GET',
    endpoint: `${ctx.env.endpoints.authorityHost}/common/oauth2/v2.0/authorize`,
    clientId: ctx.auth().config.clientId,
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
    note,
  };
}

/** Signs in at home (asking for MFA, with Azure's claims challenge when given) and records the account. */
async function homeSignIn(
  ctx: ServiceContext,
  options: Omit<HomeSignInOptions, 'onRetryWithoutMfaRequest'> = {},
): Promise<AccountSummary> {
  const { env, store } = ctx;
  env.emit({ type: 'sign-in', state: 'waiting', message: null });
  try {
    const result = await ctx.auth().signIn({
      ...options,
      onRetryWithoutMfaRequest: () =>
        env.emit({ type: 'sign-in', state: 'waiting', message: MFA_REQUEST_REFUSED_MESSAGE }),
      onRetryForGraphOnly: (refusal) =>
        env.emit({ type: 'sign-in', state: 'waiting', message: graphOnlyMessage(refusal) }),
    });
    const known = store.data().accounts.find((a) => a.accountId === result.account.homeAccountId);
    const summary: AccountSummary = {
      ...accountSummaryOf(
        result.account,
        result.homeSessionMfa,
        known ? { displayName: known.homeTenantName, defaultDomain: known.homeDomain } : null,
      ),
      signInPath: result.signInPath,
    };
    ctx.signInAnswers.set(summary.accountId, [
      ...(result.mfaRequestRefused ? [refusalAnswer(ctx, result.mfaRequestRefused)] : []),
      ...(result.armRefused
        ? [
            refusalAnswer(
              ctx,
              result.armRefused,
              'The home refused the Azure management sign-in; the app signed in again for Microsoft Graph only.',
            ),
          ]
        : []),
    ]);
    await store.upsertAccount(summary);
    await ctx.cachePlugin.flush();
    env.emit({ type: 'sign-in', state: 'finished', message: null });
    return summary;
  } catch (error) {
    if (error instanceof SignInCancelledError) {
      env.emit({ type: 'sign-in', state: 'cancelled', message: null });
      throw new UserFacingError('cancelled', 'The sign-in was cancelled.');
    }
    if (error instanceof SignInBusyError) throw new UserFacingError('busy', error.message);
    const offline = error instanceof NetworkError || /network|ENOTFOUND|ECONNREFUSED/i.test(describeError(error));
    // A proxy that wants the app to sign in to it says so in its own words (main/net/proxy-auth.ts): which proxy,
    // what it asked for, what the user can do. MSAL hands on only its own "network_error".
    const proxyRefusal = offline ? (ctx.transport.proxyRefusal?.() ?? null) : null;
    const message = proxyRefusal
      ? `The app could not sign you in. ${proxyRefusal.message}`
      : offline
        ? 'The app could not reach Microsoft to sign you in. Check your network connection and try again.'
        : `The sign-in did not complete: ${describeError(error)}`;
    env.emit({ type: 'sign-in', state: 'failed', message });
    throw new UserFacingError(offline && !proxyRefusal ? 'offline' : 'failed', message);
  }
}

export function sessionHandlers(ctx: ServiceContext): SessionHandlers {
  const { store, scanner, watch } = ctx;
  return {
    signIn: () => homeSignIn(ctx),

    async signInWithMfa({ accountId }) {
      const account = await homeAccount(ctx, accountId);
      const challenge = scanner.homeChallenge(accountId);
      return homeSignIn(ctx, { loginHint: account.username, ...(challenge ? { challenge } : {}) });
    },

    async cancelSignIn() {
      await ctx.auth().cancelSignIn();
      return null;
    },

    async signOut({ accountId }) {
      if (scanner.running && scanner.current?.accountId === accountId) scanner.cancel();
      await ctx.auth().signOut(accountId);
      await ctx.cachePlugin.flush();
      await storeCall(() => store.removeAccount(accountId));
      await watch.forgetAccount(accountId);
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
        ctx.renewAuth();
        ctx.notices.add({
          intent: 'info',
          title: 'Sign in again',
          message:
            'The app now uses a different application (client) id. Sign in again so that it can get tokens for it.',
        });
      }
      return settings;
    },
  };
}
