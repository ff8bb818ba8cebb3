/**
 * The partner-admin mode's state (zustand, a store of its own beside the guest inventory's): whether the window
 * shows the admin mode, the admin's sign-in, the inbound report as main last read it, the change the user is
 * looking at, and the confirmation dialog's request. Like the guest store, it reaches main only through the typed
 * `window.api`, and every failure becomes a sentence; nothing token-shaped ever arrives here (shared/admin/types.ts).
 *
 * Nothing is written without the confirmation: `previewChange` only asks main for the exact request (and a
 * confirmation id for it), the dialog shows it, and only `confirmChange` sends it; `cancelChange` drops the id.
 * After a write the report is read again, so what the view shows is what the tenant now answers.
 */
import { create } from 'zustand';
import type { AdminAccount, AdminApplyResult, AdminChangePreview, AdminReport } from '../../../shared/admin/types';
import type { GuestMfaApi, IpcError } from '../../../shared/ipc/contract';
import { callApi, type UiMessage } from './kit';

/** What the user picked to change: MFA trust for one partner, or in the default. */
export type AdminChangeTarget = { target: 'partner'; tenantId: string } | { target: 'default' };

export interface AdminState {
  /** The window shows the admin mode instead of the guest inventory. */
  active: boolean;
  account: AdminAccount | null;
  /** The admin sign-in: waiting for the browser, and why the last one failed. */
  signIn: { waiting: boolean; error: string | null };
  report: AdminReport | null;
  /** A report read under way (the first one, or "Read again", or the re-read after a change). */
  reading: boolean;
  /** Why the report could not be read at all (a refusal of a part is inside the report). */
  readError: string | null;
  /** The home organisation whose detail panel is open. */
  selectedTenantId: string | null;
  /** The change whose confirmation dialog is open (the exact request main will send), or being prepared. */
  confirmation: { target: AdminChangeTarget; preview: AdminChangePreview | null; error: string | null } | null;
  /** The write is under way (after the user confirmed). */
  applying: boolean;
  /** What the last write did, as the re-read policy shows it; cleared when another change is prepared. */
  lastApply: (AdminApplyResult & { target: AdminChangeTarget }) | null;
  /** Why the last export, copy or sign-out failed (shown in the admin view until dismissed). */
  actionError: { title: string; message: string } | null;

  /** Shows the admin mode; restores a sign-in and report main still holds. */
  enter(): Promise<void>;
  /** Back to the guest mode (the admin stays signed in until "Sign out"). */
  leave(): void;
  signInAdmin(options?: { tenant?: string; clientId?: string }): Promise<void>;
  signOutAdmin(): Promise<void>;
  readReport(): Promise<void>;
  select(tenantId: string | null): void;
  /** Opens the confirmation dialog with the exact request for this change (nothing is written). */
  previewChange(target: AdminChangeTarget): Promise<void>;
  /** Closes the dialog without writing. */
  cancelChange(): void;
  /** Sends the previewed request, then reads the report again. */
  confirmChange(): Promise<void>;
  exportReport(format: 'csv' | 'json'): Promise<void>;
  copy(text: string, what: string): Promise<void>;
  dismissActionError(): void;
}

export type AdminStore = ReturnType<typeof createAdminStore>;

/** Successes go to the app's toasts (store.ts `notify`); errors stay in the admin view (`actionError`). */
export type Notify = (message: Omit<UiMessage, 'id'>) => void;

function messageOf(error: IpcError): string | null {
  return error.code === 'cancelled' ? null : error.message;
}

export function createAdminStore(api: GuestMfaApi, notify: Notify = () => undefined) {
  return create<AdminState>((set, get) => ({
    active: false,
    account: null,
    signIn: { waiting: false, error: null },
    report: null,
    reading: false,
    readError: null,
    selectedTenantId: null,
    confirmation: null,
    applying: false,
    lastApply: null,
    actionError: null,

    async enter() {
      set({ active: true });
      const status = await callApi(() => api.getAdminStatus());
      if (status.ok) set({ account: status.value.account, report: status.value.report ?? get().report });
    },
    leave() {
      set({ active: false, selectedTenantId: null, confirmation: null });
    },
    async signInAdmin(options = {}) {
      set({ signIn: { waiting: true, error: null } });
      const arg: { tenant?: string; clientId?: string } = {};
      if (options.tenant?.trim()) arg.tenant = options.tenant.trim();
      if (options.clientId?.trim()) arg.clientId = options.clientId.trim();
      const result = await callApi(() => api.adminSignIn(arg));
      if (!result.ok) {
        set({ signIn: { waiting: false, error: messageOf(result.error) } });
        return;
      }
      set({ account: result.value, signIn: { waiting: false, error: null }, report: null, lastApply: null });
      await get().readReport();
    },
    async signOutAdmin() {
      const result = await callApi(() => api.adminSignOut());
      if (!result.ok) {
        set({ actionError: { title: 'Could not sign out', message: result.error.message } });
        return;
      }
      set({ account: null, report: null, selectedTenantId: null, confirmation: null, lastApply: null });
    },
    async readReport() {
      set({ reading: true, readError: null });
      const result = await callApi(() => api.readAdminReport({}));
      if (result.ok) set({ report: result.value, reading: false });
      else set({ reading: false, readError: messageOf(result.error) });
    },
    select(tenantId) {
      set({ selectedTenantId: tenantId });
    },
    async previewChange(target) {
      set({ confirmation: { target, preview: null, error: null }, lastApply: null });
      const result = await callApi(() => api.previewAdminChange(target));
      // The user may have closed the dialog meanwhile: nothing to show then.
      if (get().confirmation?.target !== target) return;
      set({
        confirmation: result.ok
          ? { target, preview: result.value, error: null }
          : { target, preview: null, error: result.error.message },
      });
    },
    cancelChange() {
      if (!get().applying) set({ confirmation: null });
    },
    async confirmChange() {
      const confirmation = get().confirmation;
      if (!confirmation?.preview || get().applying) return;
      set({ applying: true });
      const result = await callApi(() =>
        api.applyAdminChange({ confirmationId: confirmation.preview!.confirmationId }),
      );
      if (!result.ok) {
        set({ applying: false, confirmation: { ...confirmation, error: result.error.message } });
        return;
      }
      // The panel closes, so that the result and the organisation's card, as read again, are in view.
      set({
        applying: false,
        confirmation: null,
        selectedTenantId: null,
        lastApply: { ...result.value, target: confirmation.target },
      });
      // What the view shows next is what the tenant answers now.
      await get().readReport();
    },
    async exportReport(format) {
      const result = await callApi(() => api.exportAdminReport({ format }));
      if (!result.ok) {
        if (result.error.code !== 'cancelled')
          set({ actionError: { title: 'Export failed', message: result.error.message } });
        return;
      }
      if (result.value.saved)
        notify({
          intent: 'success',
          title: `Report exported as ${format.toUpperCase()}`,
          message: result.value.path ? `Saved to ${result.value.path}` : 'Saved.',
        });
    },
    async copy(text, what) {
      const result = await callApi(() => api.copyToClipboard({ text }));
      if (result.ok) notify({ intent: 'success', title: `${what} copied to the clipboard`, message: '' });
      else set({ actionError: { title: 'Could not copy', message: result.error.message } });
    },
    dismissActionError() {
      set({ actionError: null });
    },
  }));
}
