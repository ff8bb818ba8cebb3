/**
 * Tenants and the scan: a full scan (the user's and the background re-check's), cancelling it, one tenant's
 * check ("Check again", after "Sign in to this tenant" or after adding it by hand), removing a hand-added tenant, the notes and
 * remembered recipients of a tenant, and the user's marks on the Authenticator entries (hand-made entries,
 * ticks, "I have this entry" answers, checklist progress).
 */
import { AuthError, type AccountInfo } from '@azure/msal-node';
import type { InteractiveSignInFacts } from '../../shared/classify';
import { informativeVerdict } from '../../shared/entries';
import type { TenantRecord } from '../../shared/model';
import { normaliseTenantId } from '../../shared/identifiers';
import { SignInBusyError, SignInCancelledError } from '../auth/auth-service';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { homeTenantOf } from '../auth/home-account';
import { authErrorObservation } from '../scan/probe';
import { ScanBusyError, ScanFailedError, withoutAnswers } from '../scan/scanner';
import type { JobResult } from '../watch/recheck-runner';
import {
  describeError,
  existingEntry,
  homeAccount,
  scannerOf,
  storeCall,
  tenantRecord,
  type ServiceContext,
} from './context';
import { CROSS_TENANT_INFORMATION_SCOPES, resolveTenantId } from './tenant-lookup';

type TenantHandlers = Pick<
  IpcHandlers,
  | 'startScan'
  | 'cancelScan'
  | 'signInToTenant'
  | 'checkTenant'
  | 'addTenant'
  | 'removeTenant'
  | 'setTenantNotes'
  | 'setTenantRecipients'
  | 'addManualEntry'
  | 'removeManualEntry'
  | 'setEntryTicked'
  | 'setEntryConfirmation'
  | 'setChecklistStep'
>;

/** Checks one tenant outside a full scan (after a tenant sign-in, or one added by hand). */
export async function checkOne(
  ctx: ServiceContext,
  account: AccountInfo,
  record: TenantRecord,
  graphToken?: string,
  interactive?: InteractiveSignInFacts,
): Promise<TenantRecord> {
  try {
    return await scannerOf(ctx).scanOne(account, record, graphToken, interactive);
  } catch (error) {
    if (error instanceof ScanFailedError) throw new UserFacingError('not-signed-in', error.message);
    throw error;
  }
}

/** A scheduled re-check of one account: the ordinary scan. */
export async function backgroundScan(ctx: ServiceContext, accountId: string): Promise<JobResult> {
  try {
    const progress = await scannerOf(ctx).scan(await ctx.auth().homeAccount(accountId));
    return progress.error ? 'failed' : 'ok';
  } catch (error) {
    if (error instanceof ScanBusyError) return 'busy';
    ctx.env.log(`background scan did not run: ${describeError(error)}`);
    return 'failed';
  }
}

/** A scheduled re-check of one watched tenant: the ordinary single-tenant check. */
export async function backgroundCheck(ctx: ServiceContext, accountId: string, tenantId: string): Promise<JobResult> {
  const record = ctx.store.tenant(accountId, tenantId);
  if (!record) return 'ok';
  try {
    const saved = await checkOne(ctx, await ctx.auth().homeAccount(accountId), record);
    return saved.classification?.verdict === 'error' ? 'failed' : 'ok';
  } catch (error) {
    ctx.env.log(`background check did not run: ${describeError(error)}`);
    return 'failed';
  }
}

export function tenantHandlers(ctx: ServiceContext): TenantHandlers {
  const { store, scanner, watch, env } = ctx;
  return {
    async startScan({ accountId }) {
      const account = await homeAccount(ctx, accountId);
      if (scanner.running) throw new UserFacingError('busy', new ScanBusyError().message);
      try {
        return await watch.userScan(accountId, () => scannerOf(ctx).scan(account));
      } catch (error) {
        if (error instanceof ScanBusyError) throw new UserFacingError('busy', error.message);
        throw error;
      }
    },

    cancelScan() {
      scanner.cancel();
      return null;
    },

    async signInToTenant({ accountId, tenantId }) {
      const account = await homeAccount(ctx, accountId);
      const record = tenantRecord(ctx, accountId, tenantId);
      let token;
      try {
        token = await ctx
          .auth()
          .signInToTenant(account, record.tenantId, record.classification?.evidence.claimsChallenge ?? undefined);
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
        const at = ctx.now().toISOString();
        await storeCall(() => store.markInteractiveSignIn(accountId, record.tenantId, at));
        const refused: InteractiveSignInFacts = { at, succeeded: false, amr: [], refusal: authErrorObservation(error) };
        return checkOne(ctx, account, tenantRecord(ctx, accountId, tenantId), undefined, refused);
      }
      const at = ctx.now().toISOString();
      await storeCall(() => store.markInteractiveSignIn(accountId, record.tenantId, at));
      const signedIn: InteractiveSignInFacts = { at, succeeded: true, amr: [...token.claims.amr], refusal: null };
      return checkOne(ctx, account, tenantRecord(ctx, accountId, tenantId), token.accessToken, signedIn);
    },

    async checkTenant({ accountId, tenantId }) {
      const account = await homeAccount(ctx, accountId);
      if (scanner.running) {
        throw new UserFacingError('busy', 'A scan is running and checks this organisation too. Wait for it to finish.');
      }
      return withoutAnswers(await checkOne(ctx, account, tenantRecord(ctx, accountId, tenantId)));
    },

    async addTenant({ accountId, query }) {
      const account = await homeAccount(ctx, accountId);
      const resolved = await resolveTenantId(ctx.transport, env.endpoints.authorityHost, query, {
        graphBaseUrl: env.endpoints.graphBaseUrl,
        // Silently, and only a token that carries the permission: the default client's is refused (docs/entra.md).
        token: async () => {
          const token = await ctx.auth().homeToken(account, { scopes: CROSS_TENANT_INFORMATION_SCOPES });
          const granted = token.claims.scp.some(
            (scope) => scope.toLowerCase() === 'crosstenantinformation.readbasic.all',
          );
          return granted ? token.accessToken : null;
        },
      });
      if (!resolved.ok) throw new UserFacingError(resolved.offline ? 'offline' : 'not-found', resolved.message);
      const existing = store.tenant(accountId, resolved.tenantId);
      const records = await storeCall(() =>
        store.upsertTenants(accountId, [
          {
            tenantId: resolved.tenantId,
            displayName: existing?.displayName ?? resolved.displayName ?? resolved.domain ?? resolved.tenantId,
            defaultDomain: existing?.defaultDomain ?? resolved.defaultDomain ?? resolved.domain ?? '',
            domains: existing?.domains ?? [
              ...new Set([resolved.domain, resolved.defaultDomain].filter((d) => d !== null)),
            ],
            isHome: resolved.tenantId === homeTenantOf(account),
            source: existing?.source ?? 'added-by-user',
            listed: existing?.listed ?? false,
          },
        ]),
      );
      const record = records.find((t) => t.tenantId === resolved.tenantId);
      if (!record) throw new UserFacingError('failed', 'The organisation could not be added.');
      return checkOne(ctx, account, record);
    },

    async removeTenant({ accountId, tenantId }) {
      const record = tenantRecord(ctx, accountId, tenantId);
      if (record.isHome) throw new UserFacingError('invalid-argument', 'Your home organisation cannot be removed.');
      if (record.listed) {
        throw new UserFacingError(
          'invalid-argument',
          'Microsoft still lists you as a guest there, so the next scan would add it again. Leave the organisation first.',
        );
      }
      await storeCall(() => store.removeTenant(accountId, record.tenantId));
      return null;
    },

    setTenantNotes: ({ accountId, tenantId, notes }) =>
      storeCall(() => store.setNotes(accountId, normaliseTenantId(tenantId), notes)),

    setTenantRecipients: ({ accountId, tenantId, recipients }) =>
      storeCall(() => store.setRecipients(accountId, normaliseTenantId(tenantId), recipients)),

    async addManualEntry(input) {
      return storeCall(() => store.addManualEntry(input));
    },

    async removeManualEntry({ id }) {
      await storeCall(() => store.removeManualEntry(id));
      return null;
    },

    async setEntryTicked({ key, ticked }) {
      existingEntry(ctx, key);
      await storeCall(() => store.setEntryTicked(key, ticked));
      return null;
    },

    async setEntryConfirmation({ key, answer }) {
      const entry = existingEntry(ctx, key);
      if (entry.kind !== 'tenant' || entry.accountId === null || entry.tenantId === null) {
        throw new UserFacingError(
          'invalid-argument',
          entry.kind === 'home'
            ? 'Your home organisation always keeps its entry; there is nothing to answer.'
            : 'You added this entry by hand: remove it, or tick it off, instead.',
        );
      }
      // The answer holds until the tenant's behaviour changes: keep what it did when the user answered.
      const record = tenantRecord(ctx, entry.accountId, entry.tenantId);
      await storeCall(() =>
        store.setEntryConfirmation(key, answer, ctx.now().toISOString(), informativeVerdict(record)),
      );
      return existingEntry(ctx, key);
    },

    async setChecklistStep({ key, step, done }) {
      existingEntry(ctx, key);
      await storeCall(() => store.setChecklistStep(key, step, done));
      return null;
    },
  };
}
