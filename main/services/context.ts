/**
 * What the service modules share: the environment, the store, the notices, the network, the current auth
 * service, the scanner, the watch and update services, and `changed()` to tell the renderer that main's state
 * moved on. Built once by the composition root (app-services.ts); each module (session, tenants and scan, mail
 * and files, watch and updates) owns its handlers and reads what it needs from here. The helpers below are the
 * lookups and error translations every module needs.
 */
import type { AccountInfo } from '@azure/msal-node';
import type { AccountSummary, AuthenticatorEntry, EntraAnswer, TenantRecord } from '../../shared/model';
import { normaliseTenantId } from '../../shared/identifiers';
import { selectEntries, selectEntry } from '../../shared/selectors';
import { AccountNotFoundError, type AuthService } from '../auth/auth-service';
import type { EncryptedCachePlugin } from '../auth/token-cache';
import { UserFacingError } from '../ipc-dispatch';
import { NetworkError, type HttpTransport } from '../net/transport';
import type { Scanner } from '../scan/scanner';
import { isStoreError, type AppStore } from '../store';
import type { UpdateService } from '../update/update-service';
import type { WatchService } from '../watch/watch-service';
import type { AppEnvironment } from './environment';
import type { BrokerAvailability } from '../../shared/sign-in-path';
import type { NoticeBoard } from './notices';

export interface ServiceContext {
  readonly env: AppEnvironment;
  readonly now: () => Date;
  readonly store: AppStore;
  readonly notices: NoticeBoard;
  readonly transport: HttpTransport;
  readonly cachePlugin: EncryptedCachePlugin;
  readonly scanner: Scanner;
  readonly watch: WatchService;
  readonly updates: UpdateService;
  /** Whether Settings can offer the platform's sign-in broker here (read once at start). */
  readonly broker: BrokerAvailability;
  /** The auth service for the current settings (a new one after the client id changed). */
  auth(): AuthService;
  /** Replaces the auth service with one for the current settings. */
  renewAuth(): void;
  /** What the home sign-in answered when Entra refused its MFA request, per account (memory only). */
  readonly signInAnswers: Map<string, EntraAnswer[]>;
  /** Main's state changed (store, scan, notices, watch, updates, sign-in): the renderer gets the new state. */
  changed(): void;
}

/** An error in one line for the user or the log (never a stack trace). */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return error.message;
  if (error instanceof Error) return error.message.slice(0, 300);
  return 'unknown error';
}

/** Runs a store call and turns the store's refusals into the answers the renderer shows. */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStoreError(error, 'not-found')) throw new UserFacingError('not-found', error.message);
    if (isStoreError(error, 'invalid-argument')) throw new UserFacingError('invalid-argument', error.message);
    throw error;
  }
}

/** The scanner, wired to the current auth service. */
export function scannerOf(ctx: ServiceContext): Scanner {
  ctx.scanner.setAuth(ctx.auth());
  return ctx.scanner;
}

/** The signed-in home account MSAL holds for this id. */
export async function homeAccount(ctx: ServiceContext, accountId: string): Promise<AccountInfo> {
  try {
    return await ctx.auth().homeAccount(accountId);
  } catch (error) {
    if (error instanceof AccountNotFoundError) throw new UserFacingError('not-signed-in', error.message);
    throw error;
  }
}

export function tenantRecord(ctx: ServiceContext, accountId: string, tenantId: string): TenantRecord {
  // Through the store's index: a look-up costs the same at 5 organisations as at 5,000.
  const record = ctx.store.tenant(accountId, normaliseTenantId(tenantId));
  if (!record) throw new UserFacingError('not-found', 'That organisation is not in your inventory.');
  return record;
}

export function accountSummary(ctx: ServiceContext, accountId: string): AccountSummary {
  const account = ctx.store.data().accounts.find((a) => a.accountId === accountId);
  if (!account) throw new UserFacingError('not-signed-in', 'That account is not signed in. Sign in again.');
  return account;
}

/** The Authenticator entries as the renderer shows them (shared/selectors.ts, from the store's state). */
export function currentEntries(ctx: ServiceContext): AuthenticatorEntry[] {
  return selectEntries(ctx.store.data());
}

/** Ticks, answers and checklist progress belong to an entry the app shows; a key of no entry would only pile up. */
export function existingEntry(ctx: ServiceContext, key: string): AuthenticatorEntry {
  // That one entry alone: an answer, tick or step costs the same however many organisations the inventory holds.
  const entry = selectEntry(ctx.store.data(), key);
  if (!entry) {
    throw new UserFacingError('not-found', 'That entry is no longer in your list. Scan again or reload the list.');
  }
  return entry;
}
