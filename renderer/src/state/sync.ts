/**
 * Following main: loads its state once, then applies its `state` events (shared/state.ts), watches whether it
 * still answers (backend-watch.ts), and routes its other events (sign-in progress, "open this tenant", the
 * demo's hand-offs) to the slices. Nothing here patches main's state or refetches after an action.
 */
import type { AppEvent } from '../../../shared/ipc/contract';
import { applyStatePatch, type AppSnapshot } from '../../../shared/state';
import { watchBackend } from '../backend-watch';
import { demoHandoffText } from '../demo-handoff';
import { tellScanNews, type InventorySlice } from './inventory';
import { callApi, sentence, UNREACHABLE, type Kit } from './kit';
import type { SessionSlice } from './session';
import type { SnapshotSlice } from './snapshot';
import type { UiSlice } from './ui';

export interface SyncSlice {
  /** Loads info and snapshot and subscribes to events; returns the unsubscribe function. */
  start(): () => void;
  /** Asks main for its whole state (at start, after a missed state event, and "Try again"). */
  load(options?: { silent?: boolean }): Promise<void>;
  handleEvent(event: AppEvent): void;
}

type SyncNeeds = SyncSlice & SnapshotSlice & SessionSlice & InventorySlice & UiSlice;

/**
 * The account the inventory shows: kept while it is signed in, else the scanning one or the first. An account
 * just signed in may not be in the state yet: it is kept until the state names it.
 */
function chooseAccount(next: AppSnapshot, before: AppSnapshot | null, current: string | null): string | null {
  const has = (snapshot: AppSnapshot | null, id: string) => snapshot?.accounts.some((a) => a.accountId === id);
  if (current && (has(next, current) || (before !== null && !has(before, current)))) return current;
  return next.scan?.accountId && has(next, next.scan.accountId)
    ? next.scan.accountId
    : (next.accounts[0]?.accountId ?? null);
}

export function createSyncSlice(kit: Kit<SyncNeeds>): SyncSlice {
  const { api, set, get } = kit;

  /** Takes main's new state, and tells the user when a scan ended. */
  const receive = (next: AppSnapshot, full: boolean) => {
    const before = get().snapshot;
    set((s) => ({
      snapshot: next,
      status: 'ready',
      loadError: null,
      activeAccountId: chooseAccount(next, before, s.activeAccountId),
      ...(full ? { signIn: { ...s.signIn, waiting: next.signInPending || kit.signInInFlight } } : {}),
    }));
    tellScanNews(kit, next, before, full);
  };

  return {
    start() {
      const unsubscribe = api.onEvent((event) => get().handleEvent(event));
      const stopWatch = watchBackend({
        ping: () => api.getAppInfo().then((r) => r.ok),
        // While a scan runs (the window waits for main's events), and after a request could not reach main.
        active: () =>
          get().snapshot?.scan?.running === true ||
          get().scanFailure?.message === UNREACHABLE ||
          get().messages.some((m) => m.message === UNREACHABLE),
        onLost: () => set({ backend: { reachable: false, lostAt: Date.now() } }),
        onBack: () => {
          // What failed only because main was gone is no longer true.
          set((s) => ({
            backend: { reachable: true, lostAt: null },
            scanFailure: s.scanFailure?.message === UNREACHABLE ? null : s.scanFailure,
            messages: s.messages.filter((m) => m.message !== UNREACHABLE),
          }));
          // What main says now (a restarted host has no scan running; a main that hung shows where it is).
          void get().load({ silent: true });
        },
      });
      void callApi(() => api.getAppInfo()).then((r) => {
        if (r.ok) set({ info: r.value });
      });
      void get().load();
      return () => {
        stopWatch();
        unsubscribe();
      };
    },

    async load(options = {}) {
      if (!options.silent) set({ status: get().snapshot ? 'ready' : 'loading', loadError: null });
      const result = await callApi(() => api.getState());
      if (result.ok) receive(result.value, true);
      else if (!get().snapshot) set({ status: 'failed', loadError: result.error.message });
      else kit.report('Could not refresh', result.error);
    },

    handleEvent(event) {
      switch (event.type) {
        case 'state': {
          // Until the first load answers, the state arrives with it.
          const current = get().snapshot;
          if (!current) break;
          const applied = applyStatePatch(current, event.patch);
          if (applied.state) receive(applied.state, false);
          else if (applied.reason === 'gap') void get().load({ silent: true });
          break;
        }
        case 'sign-in':
          if (event.state === 'waiting')
            set({ signIn: { waiting: true, error: null, notice: event.message ? sentence(event.message) : null } });
          else if (event.state === 'failed')
            set({ signIn: { waiting: false, error: sentence(event.message, 'The sign-in did not complete.') } });
          else set({ signIn: { waiting: false, error: null } });
          break;
        case 'open-tenant':
          get().openTenant({ accountId: event.accountId, tenantId: event.tenantId });
          break;
        case 'open-changes':
          get().setView('changes');
          break;
        case 'demo-handoff':
          if (event.handler === 'clipboard') {
            // The demo's clipboard is the browser's: put the text there too (works while the page has focus).
            void navigator.clipboard?.writeText(event.value).catch(() => undefined);
          } else {
            const text = demoHandoffText(event.handler, event.value);
            kit.toast(text.title, text.message, 'info');
          }
          break;
      }
    },
  };
}
