/**
 * The typed IPC contract between the renderer and the main process: for every request its argument schema
 * (zod, checked in main before any handler runs) and its result type; the events main pushes to the
 * renderer. Errors are values: every request resolves to an `IpcResult`. Nothing here carries a token.
 *
 * File locations never come from the renderer: saving and exporting ask the user in a dialog in main.
 */
import { z } from 'zod';
import {
  CHECKLIST_STEPS,
  EMAIL_KINDS,
  ENTRY_ANSWERS,
  type AccountSummary,
  type AuthenticatorEntry,
  type EmailDraft,
  type ManualEntry,
  type ScanProgress,
  type Settings,
  type TenantRecord,
} from '../model';
import type { AppSnapshot, StatePatch } from '../state';
import type { AdminApplyResult, AdminChangePreview, AdminAccount, AdminReport, AdminStatus } from '../admin/types';
import { isValidEmailAddress } from '../email/address';
import type { EmailBatchPlan } from '../email/recipients';
import { isGuid, isTenantQuery } from '../identifiers';
import { settingsFieldSchemas, THEMES } from '../settings';
import { RECHECK_FREQUENCIES } from '../schedule';
import type { UpdateState } from '../updates';
import type { RequestName } from './channels';

export { REQUEST_NAMES, EVENT_CHANNEL, requestChannel, isRequestName } from './channels';
export type { RequestName } from './channels';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export interface SaveResult {
  /** False when the user closed the dialog without choosing a place. */
  saved: boolean;
  path: string | null;
}

const accountId = z.string().min(1).max(300);
const tenantId = z.string().refine(isGuid, 'must be a tenant id (GUID)');
const emailAddress = z.string().max(254).refine(isValidEmailAddress, 'must be an e-mail address');
const changeId = z.string().regex(/^[A-Za-z0-9._@:|+-]{1,700}$/, 'must be the id of a change');
const tenantRef = z.strictObject({ accountId, tenantId });
const emailRef = z.strictObject({
  kind: z.enum(EMAIL_KINDS),
  accountId,
  tenantId,
  to: z.array(emailAddress).max(20).optional(),
  /** MFA reset: the user said the phone holding the method was lost or is being replaced. */
  lostPhone: z.boolean().optional(),
});

/** A tenant the user adds by hand: its id or one of its domains. */
export const tenantQuerySchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .refine(isTenantQuery, 'must be a tenant id (GUID) or a domain name');

export const settingsPatchSchema = z.strictObject({
  clientId: settingsFieldSchemas.clientId.optional(),
  concurrency: settingsFieldSchemas.concurrency.optional(),
  probeTimeoutSeconds: settingsFieldSchemas.probeTimeoutSeconds.optional(),
  senderName: settingsFieldSchemas.senderName.optional(),
  theme: z.enum(THEMES).optional(),
  /** Background re-check of every organisation (shared/schedule.ts). */
  recheck: z.enum(RECHECK_FREQUENCIES).optional(),
  /** After a trust request, re-check that organisation daily for 30 days. */
  watchAfterTrustRequest: z.boolean().optional(),
});

/** Argument schema per request. A request without an argument takes `undefined`. */
export const requestSchemas = {
  getAppInfo: z.undefined(),
  getState: z.undefined(),
  signIn: z.undefined(),
  /** The home sign-in again, with MFA and the claims challenge Azure sent (after a listing refused for MFA). */
  signInWithMfa: z.strictObject({ accountId }),
  cancelSignIn: z.undefined(),
  signOut: z.strictObject({ accountId }),
  updateSettings: settingsPatchSchema,
  startScan: z.strictObject({ accountId }),
  cancelScan: z.undefined(),
  signInToTenant: tenantRef,
  /** "Check again": checks one organisation now, outside a scan (refused while a scan runs). */
  checkTenant: tenantRef,
  addTenant: z.strictObject({ accountId, query: tenantQuerySchema }),
  removeTenant: tenantRef,
  setTenantNotes: z.strictObject({ accountId, tenantId, notes: z.string().max(20_000) }),
  setTenantRecipients: z.strictObject({ accountId, tenantId, recipients: z.array(emailAddress).max(20) }),
  addManualEntry: z.strictObject({
    organisation: z.string().trim().min(1).max(200),
    label: z.string().trim().max(200),
    note: z.string().max(2_000),
  }),
  removeManualEntry: z.strictObject({ id: z.string().min(1).max(100) }),
  setEntryTicked: z.strictObject({ key: z.string().min(1).max(400), ticked: z.boolean() }),
  /** "I have this entry in Authenticator": yes, no, not sure, or `null` to take the answer back. */
  setEntryConfirmation: z.strictObject({
    key: z.string().min(1).max(400),
    answer: z.enum(ENTRY_ANSWERS).nullable(),
  }),
  setChecklistStep: z.strictObject({
    key: z.string().min(1).max(400),
    step: z.enum(CHECKLIST_STEPS),
    done: z.boolean(),
  }),
  composeEmail: emailRef,
  copyToClipboard: z.strictObject({ text: z.string().max(1_000_000) }),
  /** "Copy what Entra answered": for one tenant, or (without `tenantId`) for the account's whole scan. */
  copyDiagnostics: z.strictObject({ accountId, tenantId: tenantId.optional() }),
  openEmail: emailRef,
  saveEmail: emailRef,
  /** The organisations a batch of this kind of email goes to, each with the recipients the app can suggest. */
  prepareEmailBatch: z.strictObject({ kind: z.enum(EMAIL_KINDS), accountId }),
  /**
   * Saves one .eml per chosen organisation, each to the recipients the user reviewed; an item without one is saved
   * as a draft to address in the mail app (no `To:`). `remember` keeps the recipients as that organisation's.
   */
  saveEmailBatch: z.strictObject({
    kind: z.enum(EMAIL_KINDS),
    accountId,
    items: z
      .array(z.strictObject({ tenantId, to: z.array(emailAddress).max(20) }))
      .min(1)
      // The store's limit of tenants per file.
      .max(10_000),
    remember: z.boolean().optional(),
  }),
  exportInventory: z.strictObject({ format: z.enum(['csv', 'json']) }),
  exportChecklistPdf: z.undefined(),
  openExternalLink: z.strictObject({ url: z.string().max(2_000) }),
  dismissNotice: z.strictObject({ id: z.string().min(1).max(100) }),
  checkForUpdates: z.undefined(),
  installUpdate: z.undefined(),
  /** Ids of "What changed" entries (`<accountId>|<tenantId>|<time>`); none: clear the whole list. */
  dismissChanges: z.strictObject({ ids: z.array(changeId).max(20).optional() }),
  /**
   * Partner-admin mode: sign in to the admin's own tenant for the Graph reads (docs/admin.md). `clientId`: the
   * organisation's own app registration instead of the Microsoft Graph Command Line Tools client; `tenant`: the
   * tenant's id or domain (otherwise the admin's home tenant, "organizations").
   */
  adminSignIn: z.strictObject({
    clientId: z.string().refine(isGuid, 'must be an application (client) id (GUID)').optional(),
    tenant: tenantQuerySchema.optional(),
  }),
  adminSignOut: z.undefined(),
  getAdminStatus: z.undefined(),
  /** Reads the inbound report afresh; `signInDays` of sign-in logs are counted (default 30). */
  readAdminReport: z.strictObject({ signInDays: z.number().int().min(1).max(30).optional() }),
  /** The exact request that would turn on MFA trust for one partner (`tenantId`) or in the default. */
  previewAdminChange: z.discriminatedUnion('target', [
    z.strictObject({ target: z.literal('partner'), tenantId }),
    z.strictObject({ target: z.literal('default') }),
  ]),
  /** Sends the previewed request (asking for the write permission then), then re-reads the policy. */
  applyAdminChange: z.strictObject({ confirmationId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/) }),
  exportAdminReport: z.strictObject({ format: z.enum(['csv', 'json']) }),
} as const satisfies Record<RequestName, z.ZodType>;

/** Result type per request. */
export interface RequestResults {
  getAppInfo: AppInfo;
  getState: AppSnapshot;
  signIn: AccountSummary;
  signInWithMfa: AccountSummary;
  cancelSignIn: null;
  signOut: null;
  updateSettings: Settings;
  startScan: ScanProgress;
  cancelScan: null;
  signInToTenant: TenantRecord;
  checkTenant: TenantRecord;
  addTenant: TenantRecord;
  removeTenant: null;
  setTenantNotes: TenantRecord;
  setTenantRecipients: TenantRecord;
  addManualEntry: ManualEntry;
  removeManualEntry: null;
  setEntryTicked: null;
  /** The entry as it reads after the answer (its word, reason and how it is known). */
  setEntryConfirmation: AuthenticatorEntry;
  setChecklistStep: null;
  composeEmail: EmailDraft;
  copyToClipboard: null;
  /** How many recorded answers the copied text holds. */
  copyDiagnostics: { answers: number };
  openEmail: { bodyCopiedToClipboard: boolean };
  saveEmail: SaveResult;
  prepareEmailBatch: EmailBatchPlan;
  /** `count` emails saved, `unaddressed` of them without a recipient (drafts to address in the mail app). */
  saveEmailBatch: SaveResult & { count: number; unaddressed: number };
  exportInventory: SaveResult;
  exportChecklistPdf: SaveResult;
  openExternalLink: null;
  dismissNotice: null;
  checkForUpdates: UpdateState;
  /** The app quits and installs; answers false when no update was ready. */
  installUpdate: { installing: boolean };
  dismissChanges: null;
  adminSignIn: AdminAccount;
  adminSignOut: null;
  getAdminStatus: AdminStatus;
  /** A partial report carries `refusals` for what could not be read; it is never silently empty. */
  readAdminReport: AdminReport;
  previewAdminChange: AdminChangePreview;
  applyAdminChange: AdminApplyResult;
  exportAdminReport: SaveResult;
}

export type RequestArg<N extends RequestName> = z.input<(typeof requestSchemas)[N]>;
export type ParsedArg<N extends RequestName> = z.output<(typeof requestSchemas)[N]>;

export const IPC_ERROR_CODES = [
  'invalid-argument',
  'unknown-request',
  'forbidden-sender',
  'cancelled',
  'not-signed-in',
  'not-found',
  'busy',
  'offline',
  'failed',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  /** A sentence for the user: what went wrong and, where possible, what to do. */
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/**
 * Events pushed from main to the renderer on EVENT_CHANNEL: `state`, main's state changed (one per change,
 * coalesced per frame; shared/state.ts); the others are one-shot, not state.
 */
export type AppEvent =
  | { type: 'state'; patch: StatePatch }
  /**
   * A home sign-in's progress. `waiting` with a message: the browser opened again (Entra refused the MFA
   * request, so the sign-in runs once more without it).
   */
  | { type: 'sign-in'; state: 'waiting' | 'finished' | 'cancelled' | 'failed'; message: string | null }
  /** The user clicked a change notification: show that tenant. */
  | { type: 'open-tenant'; accountId: string; tenantId: string }
  /** The user clicked a summary notification: show the "What changed" list. */
  | { type: 'open-changes' }
  /**
   * Only from the demo, which has no system browser, mail app or clipboard behind it: what the app would have
   * handed to them (an https or mailto: URL, or text for the clipboard), so the window can show or copy it.
   */
  | { type: 'demo-handoff'; handler: 'browser' | 'mail' | 'clipboard'; value: string };

/** What the preload exposes as `window.api`. */
export type GuestMfaApi = {
  [N in RequestName]: undefined extends RequestArg<N>
    ? (arg?: RequestArg<N>) => Promise<IpcResult<RequestResults[N]>>
    : (arg: RequestArg<N>) => Promise<IpcResult<RequestResults[N]>>;
} & {
  /** Subscribe to main-process events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
};
