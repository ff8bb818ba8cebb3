/**
 * The inventory slice: the scan (start, cancel, why it failed, the toast when it ends), the organisations
 * (add, remove, sign in there, check again, notes, recipients, open one) and what leaves the app about them
 * (export, "Copy what Entra answered", the "What changed" list).
 */
import type { IpcError, IpcResult } from '../../../shared/ipc/contract';
import type { TenantRecord } from '../../../shared/model';
import type { AppSnapshot } from '../../../shared/state';
import { explainReason } from '../../../shared/reasons';
import { verdictRule } from '../../../shared/verdicts';
import { callApi, NOT_SIGNED_IN, pickRef, savedWhere, sentence, tenantKey, type Kit, type TenantRef } from './kit';
import type { SessionSlice } from './session';
import type { SnapshotSlice } from './snapshot';
import type { UiSlice } from './ui';

export interface InventorySlice {
  /** Why the last scan could not start or failed as a whole, with its error code (e.g. `offline`). */
  scanFailure: IpcError | null;
  /** Tenants with an interactive sign-in under way, by `tenantKey`. */
  tenantSignIns: Record<string, true>;
  /** Tenants with a "Check again" under way, by `tenantKey`. */
  tenantChecks: Record<string, true>;

  startScan(): Promise<void>;
  cancelScan(): Promise<void>;
  addTenant(query: string): Promise<IpcResult<TenantRecord>>;
  removeTenant(ref: TenantRef): Promise<boolean>;
  signInToTenant(ref: TenantRef): Promise<void>;
  /** "Check again": checks one organisation now. */
  checkTenant(ref: TenantRef): Promise<void>;
  setTenantNotes(ref: TenantRef, notes: string): Promise<IpcResult<TenantRecord>>;
  setTenantRecipients(ref: TenantRef, recipients: string[]): Promise<IpcResult<TenantRecord>>;
  /** Shows one tenant in the inventory (from a notification or the "What changed" list). */
  openTenant(ref: TenantRef): void;
  /** Removes changes from the "What changed" list: the given ones, or all. */
  dismissChanges(ids?: string[]): Promise<void>;
  exportInventory(format: 'csv' | 'json'): Promise<void>;
  /** "Copy what Entra answered", for one tenant or (without a ref) for the whole scan of the active account. */
  copyDiagnostics(ref?: TenantRef): Promise<boolean>;
}

type InventoryNeeds = InventorySlice & SessionSlice & SnapshotSlice & UiSlice;

export function createInventorySlice(kit: Kit<InventoryNeeds>): InventorySlice {
  const { api, set, get } = kit;
  return {
    scanFailure: null,
    tenantSignIns: {},
    tenantChecks: {},

    async startScan() {
      const accountId = kit.requireAccount();
      if (!accountId) return;
      set({ scanFailure: null });
      // The scan's progress and its end arrive as main's state changes; only a scan that could not start answers here.
      const result = await callApi(() => api.startScan({ accountId }));
      if (!result.ok && result.error.code !== 'cancelled') set({ scanFailure: result.error });
    },
    async cancelScan() {
      await kit.call('Could not cancel the scan', () => api.cancelScan());
    },
    async addTenant(query) {
      const accountId = get().activeAccountId;
      if (!accountId) return { ok: false, error: NOT_SIGNED_IN };
      const result = await callApi(() => api.addTenant({ accountId, query: query.trim() }));
      if (result.ok) kit.toast('Organisation added', `${result.value.displayName} is checked at the next scan.`);
      return result;
    },
    async removeTenant(ref) {
      const result = await kit.call('Could not remove the organisation', () => api.removeTenant(pickRef(ref)));
      if (!result.ok) return false;
      set({ selected: null });
      kit.toast('Organisation removed');
      return true;
    },
    async signInToTenant(ref) {
      const result = await kit.whileBusy('tenantSignIns', tenantKey(ref), () =>
        kit.call('Sign-in to the organisation did not complete', () => api.signInToTenant(pickRef(ref))),
      );
      if (result.ok) kit.toast('Checked again', `Signed in to ${result.value.displayName}: ${answerOf(result.value)}.`);
    },
    async checkTenant(ref) {
      const result = await kit.whileBusy('tenantChecks', tenantKey(ref), () =>
        kit.call('The check did not run', () => api.checkTenant(pickRef(ref))),
      );
      // The new result arrives as main's state changes; the answer only says how it went.
      if (!result.ok) return;
      const failed = result.value.classification?.verdict === 'error';
      kit.toast(
        failed ? 'The check failed again' : 'Checked again',
        failed
          ? result.value.classification
            ? explainReason(result.value.classification)
            : ''
          : `${result.value.displayName} answered: ${answerOf(result.value)}.`,
        failed ? 'warning' : 'success',
      );
    },
    setTenantNotes(ref, notes) {
      return callApi(() => api.setTenantNotes({ ...pickRef(ref), notes }));
    },
    setTenantRecipients(ref, recipients) {
      return callApi(() => api.setTenantRecipients({ ...pickRef(ref), recipients }));
    },
    openTenant(ref) {
      const known = get().snapshot?.tenants.some((t) => t.accountId === ref.accountId && t.tenantId === ref.tenantId);
      if (!known) {
        kit.report('Organisation not found', {
          code: 'not-found',
          message: 'That organisation is no longer in your inventory. Scan again to bring it back.',
        });
        return;
      }
      set({ view: 'inventory', activeAccountId: ref.accountId, selected: pickRef(ref) });
    },
    async dismissChanges(ids) {
      await kit.call('Could not clear the list', () => api.dismissChanges(ids ? { ids } : {}));
    },
    async exportInventory(format) {
      const result = await kit.call('Export failed', () => api.exportInventory({ format }));
      if (result.ok && result.value.saved)
        kit.toast(`Inventory exported as ${format.toUpperCase()}`, savedWhere(result.value.path));
    },
    async copyDiagnostics(ref) {
      const accountId = ref?.accountId ?? kit.requireAccount();
      if (!accountId) return false;
      const result = await kit.call('Could not copy what Entra answered', () =>
        api.copyDiagnostics(ref ? pickRef(ref) : { accountId }),
      );
      if (!result.ok) return false;
      const n = result.value.answers;
      kit.toast(
        'What Entra answered is on the clipboard',
        n === 0
          ? 'No answers were recorded yet: scan first. Paste it into an email to your IT or a bug report.'
          : `${n} ${n === 1 ? 'answer' : 'answers'}, without any token. Paste it into an email to your IT or a bug report.`,
      );
      return true;
    },
  };
}

/** What a re-checked organisation answered, in the verdict words the inventory shows ("Needs its own MFA"). */
function answerOf(tenant: TenantRecord): string {
  return verdictRule(tenant.classification?.verdict ?? 'unchecked').label;
}

/**
 * What the user is told when main's new state shows a scan's end or failure: `scanFailure` when the scan failed
 * as a whole (once per failure), and a toast when a scan this window followed ended. `full`: the state came as a
 * whole (a load), so a scan that ended before it is no news.
 */
export function tellScanNews(
  kit: Kit<InventoryNeeds>,
  next: AppSnapshot,
  before: AppSnapshot | null,
  full: boolean,
): void {
  const scan = next.scan;
  if (!scan) return;
  const previous = before?.scan ?? null;
  const sameScan = previous !== null && previous.startedAt === scan.startedAt && previous.accountId === scan.accountId;
  if (scan.error && !(sameScan && previous.error === scan.error)) {
    kit.set({ scanFailure: { code: 'failed', message: sentence(scan.error) } });
  }
  if (full) return;
  const ended = !scan.running && (!sameScan || previous.running);
  if (!ended || scan.error) return;
  if (scan.cancelled) return kit.toast('Scan cancelled', `${scan.done} of ${scan.total} checked.`, 'info');
  // The changes this scan saw (What changed lists them): said with the count, so the toast is the news.
  const found = (next.changes ?? []).filter((c) => c.accountId === scan.accountId && c.at >= scan.startedAt).length;
  const checked = `${scan.total} ${scan.total === 1 ? 'organisation' : 'organisations'} checked`;
  kit.toast(
    'Scan finished',
    found === 0
      ? `${checked}; nothing changed.`
      : `${checked}; ${found} ${found === 1 ? 'change' : 'changes'} found, listed in What changed.`,
  );
}
