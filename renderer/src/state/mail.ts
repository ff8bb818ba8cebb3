/**
 * The mail slice: the email composer (what it is open for), one email opened, saved or composed, and the
 * batches of emails with the sign-ins that find sponsors for them.
 */
import type { IpcResult, RequestResults } from '../../../shared/ipc/contract';
import type { EmailBatchPlan } from '../../../shared/email';
import type { EmailKind, TenantRecord } from '../../../shared/model';
import { callApi, NOT_SIGNED_IN, pickRef, savedWhere, tenantKey, type Kit, type TenantRef } from './kit';
import type { InventorySlice } from './inventory';
import type { SessionSlice } from './session';
import type { UiSlice } from './ui';

/** What the email composer is open for. */
export interface ComposerTarget extends TenantRef {
  kind: EmailKind;
  /** MFA reset: the user said the phone holding the method was lost or is being replaced (the phone change does). */
  lostPhone?: boolean;
}

export interface MailSlice {
  composer: ComposerTarget | null;

  openComposer(target: ComposerTarget): void;
  closeComposer(): void;
  composeEmail(target: ComposerTarget, to?: string[]): Promise<IpcResult<RequestResults['composeEmail']>>;
  openEmail(target: ComposerTarget, to: string[]): Promise<IpcResult<{ bodyCopiedToClipboard: boolean }>>;
  saveEmail(target: ComposerTarget, to: string[]): Promise<IpcResult<RequestResults['saveEmail']>>;
  /** The organisations a batch of this kind goes to, with suggested recipients, for the batch dialog. */
  prepareEmailBatch(kind: EmailKind): Promise<IpcResult<EmailBatchPlan>>;
  /** Saves the batch to the recipients the user reviewed (drafts where none); true when it was saved. */
  saveEmailBatch(kind: EmailKind, items: { tenantId: string; to: string[] }[], remember: boolean): Promise<boolean>;
  /**
   * One step of the batch dialog's "Sign in to find sponsors": "Sign in to this tenant" for one organisation of the
   * active account, answered as a value (no toast; the dialog shows the outcome in the organisation's row).
   */
  signInForSponsors(tenantId: string): Promise<IpcResult<TenantRecord>>;
}

type MailNeeds = MailSlice & InventorySlice & SessionSlice & UiSlice;

/** The email one target asks for: its kind, its tenant, and the lost-phone choice. */
function emailOf(target: ComposerTarget) {
  return { kind: target.kind, ...pickRef(target), ...lostPhoneOf(target) };
}

/** The lost-phone choice, only for an MFA reset and only when the user made it. */
function lostPhoneOf(target: ComposerTarget): { lostPhone?: boolean } {
  return target.kind === 'mfa-reset' && target.lostPhone === true ? { lostPhone: true } : {};
}

export function createMailSlice(kit: Kit<MailNeeds>): MailSlice {
  const { api, set, get } = kit;
  return {
    composer: null,

    openComposer(target) {
      set({ composer: target });
    },
    closeComposer() {
      set({ composer: null });
    },
    composeEmail(target, to) {
      return callApi(() => api.composeEmail(to ? { ...emailOf(target), to } : emailOf(target)));
    },
    openEmail(target, to) {
      return callApi(() => api.openEmail({ ...emailOf(target), to }));
    },
    saveEmail(target, to) {
      return callApi(() => api.saveEmail({ ...emailOf(target), to }));
    },
    prepareEmailBatch(kind) {
      const accountId = get().activeAccountId;
      if (!accountId) return Promise.resolve({ ok: false, error: NOT_SIGNED_IN });
      return callApi(() => api.prepareEmailBatch({ kind, accountId }));
    },
    async saveEmailBatch(kind, items, remember) {
      const accountId = kit.requireAccount();
      if (!accountId) return false;
      const result = await kit.call('Could not save the emails', () =>
        api.saveEmailBatch({ kind, accountId, items, remember }),
      );
      if (!result.ok || !result.value.saved) return false;
      const n = result.value.count;
      const drafts = result.value.unaddressed;
      const where = savedWhere(result.value.path);
      kit.toast(
        `${n} ${n === 1 ? 'email' : 'emails'} saved`,
        drafts > 0
          ? `${where.endsWith('.') ? where : `${where}.`} ${drafts} of them ${drafts === 1 ? 'has' : 'have'} no recipient yet: address ${drafts === 1 ? 'it' : 'them'} in your mail app.`
          : where,
      );
      return true;
    },
    async signInForSponsors(tenantId) {
      const accountId = kit.requireAccount();
      if (!accountId) return { ok: false, error: NOT_SIGNED_IN };
      return kit.whileBusy('tenantSignIns', tenantKey({ accountId, tenantId }), () =>
        callApi(() => api.signInToTenant({ accountId, tenantId })),
      );
    },
  };
}
