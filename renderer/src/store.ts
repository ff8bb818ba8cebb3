/**
 * Renderer state (zustand). The only place that talks to main, through the typed `window.api`: it loads main's
 * state once, then follows it through main's `state` events (shared/state.ts), and turns every failure into a
 * sentence for the user (never a stack trace, never "undefined"). The state flows one way: an action asks main,
 * and what changed comes back as a state event; nothing here patches main's state or refetches after an action.
 * The views (entries, checklist, summary, counters) are derived from the snapshot with shared/selectors.ts
 * (`views`, memoized). Components read state and call the actions below; none of them calls the api directly.
 */
import { create } from 'zustand';
import type {
  AppEvent,
  AppInfo,
  GuestMfaApi,
  IpcError,
  IpcResult,
  RequestArg,
  RequestResults,
} from '../../shared/ipc/contract';
import type { ChecklistStepId, EmailKind, EntryAnswer, ManualEntry, Settings, TenantRecord } from '../../shared/model';
import type { EmailBatchPlan } from '../../shared/email';
import { createViewCache, type ViewCache } from '../../shared/selectors';
import { explainReason } from '../../shared/reasons';
import { verdictRule } from '../../shared/verdicts';
import { applyStatePatch, type AppSnapshot } from '../../shared/state';
import { watchBackend } from './backend-watch';
import { demoHandoffText } from './demo-handoff';
import { DEFAULT_QUERY, type InventoryQuery } from './inventory-query';
import { checklistOf, entriesOf } from './views-of-state';

export type View = 'inventory' | 'entries' | 'phone' | 'changes' | 'settings';

/** Identifies one tenant of one account. */
export interface TenantRef {
  accountId: string;
  tenantId: string;
}

/** A message shown to the user: errors stay until dismissed, successes show as a short toast. */
export interface UiMessage {
  id: string;
  intent: 'error' | 'warning' | 'success' | 'info';
  title: string;
  message: string;
}

/** What the email composer is open for. */
export interface ComposerTarget extends TenantRef {
  kind: EmailKind;
  /** MFA reset: the user said the phone holding the method was lost or is being replaced (the phone change does). */
  lostPhone?: boolean;
}

export interface AppState {
  info: AppInfo | null;
  /** Main's state as the last `getState` answer and the `state` events since made it. */
  snapshot: AppSnapshot | null;
  /** The views derived from `snapshot` (shared/selectors.ts), each kept while what it reads is the same. */
  views: ViewCache;
  /** The first load: `loading` until the snapshot arrives, `failed` when it could not be read. */
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadError: string | null;
  view: View;
  /** The account the inventory shows (several home accounts may be signed in). */
  activeAccountId: string | null;
  selected: TenantRef | null;
  query: InventoryQuery;
  /** Persistent messages (errors and warnings of actions). */
  messages: UiMessage[];
  /** Short confirmations waiting to be shown as toasts. */
  toasts: UiMessage[];
  /**
   * The home sign-in: waiting for the browser, why it failed, and `notice`, a message while waiting (the app
   * opened the sign-in a second time because Entra refused its MFA request).
   */
  signIn: { waiting: boolean; error: string | null; notice?: string | null };
  /** Why the last scan could not start or failed as a whole, with its error code (e.g. `offline`). */
  scanFailure: IpcError | null;
  /** Tenants with an interactive sign-in under way, by `tenantKey`. */
  tenantSignIns: Record<string, true>;
  /** Tenants with a "Check again" under way, by `tenantKey`. */
  tenantChecks: Record<string, true>;
  /**
   * Whether main answers: `lost` when a request failed to reach it or it stopped answering (backend-watch.ts),
   * with the time it was noticed; a scan it was running is then no longer shown as running.
   */
  backend: { reachable: boolean; lostAt: number | null };

  composer: ComposerTarget | null;

  /** Loads info and snapshot and subscribes to events; returns the unsubscribe function. */
  start(): () => void;
  /** Asks main for its whole state (at start, after a missed state event, and "Try again"). */
  load(options?: { silent?: boolean }): Promise<void>;
  handleEvent(event: AppEvent): void;
  setView(view: View): void;
  setActiveAccount(accountId: string): void;
  select(ref: TenantRef | null): void;
  setQuery(patch: Partial<InventoryQuery>): void;
  dismissMessage(id: string): void;
  takeToasts(): UiMessage[];
  notify(message: Omit<UiMessage, 'id'>): void;

  signInHome(): Promise<void>;
  /** "Sign in with MFA" after Azure refused the tenant list for want of MFA; scans again when it succeeds. */
  signInWithMfa(): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(accountId: string): Promise<void>;
  startScan(): Promise<void>;
  cancelScan(): Promise<void>;
  addTenant(query: string): Promise<IpcResult<TenantRecord>>;
  removeTenant(ref: TenantRef): Promise<boolean>;
  signInToTenant(ref: TenantRef): Promise<void>;
  /** "Check again": checks one organisation now. */
  checkTenant(ref: TenantRef): Promise<void>;
  setTenantNotes(ref: TenantRef, notes: string): Promise<IpcResult<TenantRecord>>;
  setTenantRecipients(ref: TenantRef, recipients: string[]): Promise<IpcResult<TenantRecord>>;
  setEntryTicked(key: string, ticked: boolean): Promise<void>;
  /** "I have this entry in Authenticator": yes, no, not sure, or null to take the answer back. */
  setEntryConfirmation(key: string, answer: EntryAnswer | null): Promise<boolean>;
  setChecklistStep(key: string, step: ChecklistStepId, done: boolean): Promise<void>;
  addManualEntry(input: { organisation: string; label: string; note: string }): Promise<IpcResult<ManualEntry>>;
  removeManualEntry(id: string): Promise<void>;
  updateSettings(patch: RequestArg<'updateSettings'>): Promise<IpcResult<Settings>>;
  /** Shows one tenant in the inventory (from a notification or the "What changed" list). */
  openTenant(ref: TenantRef): void;
  checkForUpdates(): Promise<void>;
  installUpdate(): Promise<void>;
  /** Removes changes from the "What changed" list: the given ones, or all. */
  dismissChanges(ids?: string[]): Promise<void>;
  exportInventory(format: 'csv' | 'json'): Promise<void>;
  exportChecklistPdf(): Promise<void>;
  /** The organisations a batch of this kind goes to, with suggested recipients, for the batch dialog. */
  prepareEmailBatch(kind: EmailKind): Promise<IpcResult<EmailBatchPlan>>;
  /** Saves the batch to the recipients the user reviewed (drafts where none); true when it was saved. */
  saveEmailBatch(kind: EmailKind, items: { tenantId: string; to: string[] }[], remember: boolean): Promise<boolean>;
  /**
   * One step of the batch dialog's "Sign in to find sponsors": "Sign in to this tenant" for one organisation of the
   * active account, answered as a value (no toast; the dialog shows the outcome in the organisation's row).
   */
  signInForSponsors(tenantId: string): Promise<IpcResult<TenantRecord>>;

  openLink(url: string): Promise<void>;
  dismissNotice(id: string): Promise<void>;
  openComposer(target: ComposerTarget): void;
  closeComposer(): void;
  composeEmail(target: ComposerTarget, to?: string[]): Promise<IpcResult<RequestResults['composeEmail']>>;
  copyText(text: string, what?: string): Promise<boolean>;
  /** "Copy what Entra answered", for one tenant or (without a ref) for the whole scan of the active account. */
  copyDiagnostics(ref?: TenantRef): Promise<boolean>;
  openEmail(target: ComposerTarget, to: string[]): Promise<IpcResult<{ bodyCopiedToClipboard: boolean }>>;
  saveEmail(target: ComposerTarget, to: string[]): Promise<IpcResult<RequestResults['saveEmail']>>;
}

export type AppStore = ReturnType<typeof createAppStore>;

/** `accountId:tenantId`, the key of a tenant in maps and row ids. */
export function tenantKey(ref: TenantRef): string {
  return `${ref.accountId}:${ref.tenantId}`;
}

const UNREACHABLE = 'The app could not reach its background service. Restart the app if this keeps happening.';
const GENERIC = 'Something went wrong. Try again; if it keeps happening, restart the app.';

/** Makes sure a user-facing message is a real sentence (main may, by mistake, send an empty one). */
function sentence(value: unknown, fallback: string = GENERIC): string {
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  if (trimmed === '' || /^(undefined|null|nan|\[object object\])$/i.test(trimmed)) return fallback;
  return trimmed;
}

/**
 * Calls one api function and always resolves to an `IpcResult` with a usable message: a rejected promise
 * (the bridge itself failed) or a malformed answer become a typed `failed` error.
 */
export async function callApi<T>(invoke: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await invoke();
    if (result && typeof result === 'object' && 'ok' in result) {
      if (result.ok) return result;
      return {
        ok: false,
        error: { code: result.error?.code ?? 'failed', message: sentence(result.error?.message) },
      };
    }
    return { ok: false, error: { code: 'failed', message: GENERIC } };
  } catch {
    return { ok: false, error: { code: 'failed', message: UNREACHABLE } };
  }
}

let messageCounter = 0;
const nextId = () => `m${(messageCounter += 1)}`;

export function createAppStore(api: GuestMfaApi) {
  return create<AppState>((set, get, { subscribe }) => {
    const fail = (title: string, error: IpcError) => {
      if (error.code === 'cancelled') return;
      set((s) => ({
        messages: [
          ...s.messages.filter((m) => !(m.title === title && m.message === error.message)),
          { id: nextId(), intent: 'error', title, message: error.message },
        ],
      }));
    };
    const toast = (title: string, message = '', intent: UiMessage['intent'] = 'success') =>
      set((s) => ({ toasts: [...s.toasts, { id: nextId(), intent, title, message }] }));

    /**
     * The account the inventory shows: kept while it is signed in, else the scanning one or the first. An account
     * just signed in may not be in the state yet: it is kept until the state names it.
     */
    const chooseAccount = (next: AppSnapshot, before: AppSnapshot | null, current: string | null): string | null => {
      const has = (snapshot: AppSnapshot | null, id: string) => snapshot?.accounts.some((a) => a.accountId === id);
      if (current && (has(next, current) || (before !== null && !has(before, current)))) return current;
      return next.scan?.accountId && has(next, next.scan.accountId)
        ? next.scan.accountId
        : (next.accounts[0]?.accountId ?? null);
    };

    /** Takes main's new state, and tells the user when a scan ended. */
    const receive = (next: AppSnapshot, full: boolean) => {
      const before = get().snapshot;
      set((s) => ({
        snapshot: next,
        status: 'ready',
        loadError: null,
        activeAccountId: chooseAccount(next, before, s.activeAccountId),
        ...(full ? { signIn: { ...s.signIn, waiting: next.signInPending || signInInFlight } } : {}),
      }));
      const scan = next.scan;
      if (!scan) return;
      const previous = before?.scan ?? null;
      const sameScan =
        previous !== null && previous.startedAt === scan.startedAt && previous.accountId === scan.accountId;
      if (scan.error && !(sameScan && previous.error === scan.error)) {
        set({ scanFailure: { code: 'failed', message: sentence(scan.error) } });
      }
      // A scan that ended before this window loaded it is no news: only the end of a scan it followed is told.
      if (full) return;
      const ended = !scan.running && (!sameScan || previous.running);
      if (ended && !scan.error) {
        if (scan.cancelled) toast('Scan cancelled', `${scan.done} of ${scan.total} checked.`, 'info');
        else {
          // The changes this scan saw (What changed lists them): said with the count, so the toast is the news.
          const found = (next.changes ?? []).filter(
            (c) => c.accountId === scan.accountId && c.at >= scan.startedAt,
          ).length;
          const checked = `${scan.total} ${scan.total === 1 ? 'organisation' : 'organisations'} checked`;
          toast(
            'Scan finished',
            found === 0
              ? `${checked}; nothing changed.`
              : `${checked}; ${found} ${found === 1 ? 'change' : 'changes'} found, listed in What changed.`,
          );
        }
      }
    };

    let signInInFlight = false;

    /**
     * Resolves once main's state (as the state events bring it) says what `holds` checks, or after `ms`: for the
     * controls that show the user's click until main's state has it (components/mark-box.tsx).
     */
    const untilState = (holds: (s: AppState) => boolean, ms = 5_000): Promise<void> =>
      new Promise((resolve) => {
        if (holds(get())) return resolve();
        const timer = setTimeout(done, ms);
        const unsubscribe = subscribe((s) => {
          if (holds(s)) done();
        });
        function done() {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });

    const requireAccount = (): string | null => {
      const id = get().activeAccountId;
      if (!id) fail('Not signed in', { code: 'not-signed-in', message: 'Sign in with your work account first.' });
      return id;
    };

    return {
      info: null,
      snapshot: null,
      views: createViewCache(),
      status: 'idle',
      loadError: null,
      view: 'inventory',
      activeAccountId: null,
      selected: null,
      query: DEFAULT_QUERY,
      messages: [],
      toasts: [],
      signIn: { waiting: false, error: null },
      scanFailure: null,
      tenantSignIns: {},
      tenantChecks: {},
      backend: { reachable: true, lostAt: null },
      composer: null,

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
        if (result.ok) {
          receive(result.value, true);
        } else if (!get().snapshot) {
          set({ status: 'failed', loadError: result.error.message });
        } else {
          fail('Could not refresh', result.error);
        }
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
              toast(text.title, text.message, 'info');
            }
            break;
        }
      },

      setView(view) {
        set({ view, selected: view === 'inventory' ? get().selected : null });
      },
      setActiveAccount(accountId) {
        set({ activeAccountId: accountId, selected: null });
      },
      select(ref) {
        set({ selected: ref });
      },
      setQuery(patch) {
        set((s) => ({ query: { ...s.query, ...patch } }));
      },
      dismissMessage(id) {
        set((s) => ({ messages: s.messages.filter((m) => m.id !== id) }));
      },
      takeToasts() {
        const toasts = get().toasts;
        if (toasts.length > 0) set({ toasts: [] });
        return toasts;
      },
      notify(message) {
        if (message.intent === 'error' || message.intent === 'warning')
          set((s) => ({ messages: [...s.messages, { ...message, id: nextId() }] }));
        else toast(message.title, message.message, message.intent);
      },

      async signInHome() {
        set({ signIn: { waiting: true, error: null } });
        signInInFlight = true;
        const result = await callApi(() => api.signIn());
        signInInFlight = false;
        if (result.ok) {
          set({ signIn: { waiting: false, error: null }, activeAccountId: result.value.accountId });
          toast('Signed in', `Welcome, ${result.value.displayName || result.value.username}.`);
          // A first sign-in has nothing to show yet: check the organisations right away. (Signing in adds no
          // tenant, so the state from before it tells whether the account has any.)
          const known = get().snapshot?.tenants.some((t) => t.accountId === result.value.accountId) ?? false;
          if (!known) void get().startScan();
        } else {
          set({
            signIn: { waiting: false, error: result.error.code === 'cancelled' ? null : result.error.message },
          });
        }
      },
      async signInWithMfa() {
        const accountId = requireAccount();
        if (!accountId) return;
        set({ signIn: { waiting: true, error: null } });
        signInInFlight = true;
        const result = await callApi(() => api.signInWithMfa({ accountId }));
        signInInFlight = false;
        set({ signIn: { waiting: false, error: null } });
        if (!result.ok) return fail('Sign-in with MFA did not complete', result.error);
        set({ scanFailure: null });
        toast(
          'Signed in',
          result.value.homeSessionMfa
            ? 'Your sign-in now carries MFA. Scanning again.'
            : 'Your sign-in still shows no MFA. Scanning again anyway.',
        );
        await get().startScan();
      },
      async cancelSignIn() {
        const result = await callApi(() => api.cancelSignIn());
        if (result.ok) set({ signIn: { waiting: false, error: null } });
        else fail('Could not cancel the sign-in', result.error);
      },
      async signOut(accountId) {
        const result = await callApi(() => api.signOut({ accountId }));
        if (!result.ok) return fail('Could not sign out', result.error);
        set({ selected: null });
        toast('Signed out');
      },

      async startScan() {
        const accountId = requireAccount();
        if (!accountId) return;
        set({ scanFailure: null });
        // The scan's progress and its end arrive as main's state changes; only a scan that could not start answers here.
        const result = await callApi(() => api.startScan({ accountId }));
        if (!result.ok && result.error.code !== 'cancelled') set({ scanFailure: result.error });
      },
      async cancelScan() {
        const result = await callApi(() => api.cancelScan());
        if (!result.ok) fail('Could not cancel the scan', result.error);
      },
      async addTenant(query) {
        const accountId = get().activeAccountId;
        if (!accountId)
          return { ok: false, error: { code: 'not-signed-in', message: 'Sign in with your work account first.' } };
        const result = await callApi(() => api.addTenant({ accountId, query: query.trim() }));
        if (result.ok) toast('Organisation added', `${result.value.displayName} is checked at the next scan.`);
        return result;
      },
      async removeTenant(ref) {
        const result = await callApi(() => api.removeTenant(pickRef(ref)));
        if (!result.ok) {
          fail('Could not remove the organisation', result.error);
          return false;
        }
        set({ selected: null });
        toast('Organisation removed');
        return true;
      },
      async signInToTenant(ref) {
        const key = tenantKey(ref);
        set((s) => ({ tenantSignIns: { ...s.tenantSignIns, [key]: true } }));
        const result = await callApi(() => api.signInToTenant(pickRef(ref)));
        set((s) => {
          const rest = { ...s.tenantSignIns };
          delete rest[key];
          return { tenantSignIns: rest };
        });
        if (result.ok) toast('Checked again', `Signed in to ${result.value.displayName}: ${answerOf(result.value)}.`);
        else fail('Sign-in to the organisation did not complete', result.error);
      },
      async checkTenant(ref) {
        const key = tenantKey(ref);
        set((s) => ({ tenantChecks: { ...s.tenantChecks, [key]: true } }));
        const result = await callApi(() => api.checkTenant(pickRef(ref)));
        set((s) => {
          const rest = { ...s.tenantChecks };
          delete rest[key];
          return { tenantChecks: rest };
        });
        // The new result arrives as main's state changes; the answer only says how it went.
        if (!result.ok) return fail('The check did not run', result.error);
        const failed = result.value.classification?.verdict === 'error';
        toast(
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
      async setEntryTicked(key, ticked) {
        const result = await callApi(() => api.setEntryTicked({ key, ticked }));
        if (!result.ok) return fail('Could not save the tick', result.error);
        await untilState((s) => entriesOf(s).find((e) => e.key === key)?.ticked === ticked);
      },
      async setEntryConfirmation(key, answer) {
        const result = await callApi(() => api.setEntryConfirmation({ key, answer }));
        if (!result.ok) {
          fail('Could not save your answer', result.error);
          return false;
        }
        return true;
      },
      async setChecklistStep(key, step, done) {
        const result = await callApi(() => api.setChecklistStep({ key, step, done }));
        if (!result.ok) return fail('Could not save your progress', result.error);
        await untilState(
          (s) =>
            (s.snapshot?.checklist[key]?.[step] === true) === done ||
            // A remove-only item reads an old `remove-old-device` tick as its `delete-entry` step.
            checklistOf(s)
              .find((i) => i.entryKey === key)
              ?.steps.find((x) => x.id === step)?.done === done,
        );
      },
      async addManualEntry(input) {
        const result = await callApi(() => api.addManualEntry(input));
        if (result.ok) toast('Entry added', result.value.organisation);
        return result;
      },
      async removeManualEntry(id) {
        const result = await callApi(() => api.removeManualEntry({ id }));
        if (!result.ok) return fail('Could not remove the entry', result.error);
        toast('Entry removed');
      },
      async updateSettings(patch) {
        const result = await callApi(() => api.updateSettings(patch));
        if (result.ok) toast('Settings saved');
        return result;
      },
      openTenant(ref) {
        const known = get().snapshot?.tenants.some((t) => t.accountId === ref.accountId && t.tenantId === ref.tenantId);
        if (!known) {
          fail('Organisation not found', {
            code: 'not-found',
            message: 'That organisation is no longer in your inventory. Scan again to bring it back.',
          });
          return;
        }
        set({
          view: 'inventory',
          activeAccountId: ref.accountId,
          selected: { accountId: ref.accountId, tenantId: ref.tenantId },
        });
      },
      async checkForUpdates() {
        const result = await callApi(() => api.checkForUpdates());
        if (!result.ok) fail('Could not check for updates', result.error);
      },
      async installUpdate() {
        const result = await callApi(() => api.installUpdate());
        if (!result.ok) return fail('Could not install the update', result.error);
        if (result.value.installing) toast('Restarting to update…', '', 'info');
        else
          fail('Could not install the update', {
            code: 'failed',
            message: 'No downloaded update is ready. Check for updates in Settings.',
          });
      },
      async dismissChanges(ids) {
        const result = await callApi(() => api.dismissChanges(ids ? { ids } : {}));
        if (!result.ok) fail('Could not clear the list', result.error);
      },
      async exportInventory(format) {
        const result = await callApi(() => api.exportInventory({ format }));
        if (!result.ok) return fail('Export failed', result.error);
        if (result.value.saved) toast(`Inventory exported as ${format.toUpperCase()}`, savedWhere(result.value.path));
      },
      async exportChecklistPdf() {
        const result = await callApi(() => api.exportChecklistPdf());
        if (!result.ok) return fail('Could not save the PDF', result.error);
        if (result.value.saved) toast('Checklist saved as PDF', savedWhere(result.value.path));
      },
      prepareEmailBatch(kind) {
        const accountId = get().activeAccountId;
        if (!accountId)
          return Promise.resolve({
            ok: false,
            error: { code: 'not-signed-in', message: 'Sign in with your work account first.' },
          });
        return callApi(() => api.prepareEmailBatch({ kind, accountId }));
      },
      async saveEmailBatch(kind, items, remember) {
        const accountId = requireAccount();
        if (!accountId) return false;
        const result = await callApi(() => api.saveEmailBatch({ kind, accountId, items, remember }));
        if (!result.ok) {
          fail('Could not save the emails', result.error);
          return false;
        }
        if (!result.value.saved) return false;
        const n = result.value.count;
        const drafts = result.value.unaddressed;
        const where = savedWhere(result.value.path);
        toast(
          `${n} ${n === 1 ? 'email' : 'emails'} saved`,
          drafts > 0
            ? `${where.endsWith('.') ? where : `${where}.`} ${drafts} of them ${drafts === 1 ? 'has' : 'have'} no recipient yet: address ${drafts === 1 ? 'it' : 'them'} in your mail app.`
            : where,
        );
        return true;
      },
      async signInForSponsors(tenantId) {
        const accountId = requireAccount();
        if (!accountId)
          return { ok: false, error: { code: 'not-signed-in', message: 'Sign in with your work account first.' } };
        const key = tenantKey({ accountId, tenantId });
        set((s) => ({ tenantSignIns: { ...s.tenantSignIns, [key]: true } }));
        const result = await callApi(() => api.signInToTenant({ accountId, tenantId }));
        set((s) => {
          const rest = { ...s.tenantSignIns };
          delete rest[key];
          return { tenantSignIns: rest };
        });
        return result;
      },

      async openLink(url) {
        const result = await callApi(() => api.openExternalLink({ url }));
        if (!result.ok) fail('Could not open the page', result.error);
      },
      async dismissNotice(id) {
        const result = await callApi(() => api.dismissNotice({ id }));
        if (!result.ok) fail('Could not dismiss the notice', result.error);
      },
      openComposer(target) {
        set({ composer: target });
      },
      closeComposer() {
        set({ composer: null });
      },
      composeEmail(target, to) {
        const ref = { kind: target.kind, ...pickRef(target), ...lostPhoneOf(target) };
        return callApi(() => api.composeEmail(to ? { ...ref, to } : ref));
      },
      async copyText(text, what = 'Text') {
        const result = await callApi(() => api.copyToClipboard({ text }));
        if (result.ok) toast(`${what} copied to the clipboard`);
        else fail('Could not copy', result.error);
        return result.ok;
      },
      async copyDiagnostics(ref) {
        const accountId = ref?.accountId ?? requireAccount();
        if (!accountId) return false;
        const result = await callApi(() => api.copyDiagnostics(ref ? pickRef(ref) : { accountId }));
        if (!result.ok) {
          fail('Could not copy what Entra answered', result.error);
          return false;
        }
        const n = result.value.answers;
        toast(
          'What Entra answered is on the clipboard',
          n === 0
            ? 'No answers were recorded yet: scan first. Paste it into an email to your IT or a bug report.'
            : `${n} ${n === 1 ? 'answer' : 'answers'}, without any token. Paste it into an email to your IT or a bug report.`,
        );
        return true;
      },
      openEmail(target, to) {
        return callApi(() => api.openEmail({ kind: target.kind, ...pickRef(target), ...lostPhoneOf(target), to }));
      },
      saveEmail(target, to) {
        return callApi(() => api.saveEmail({ kind: target.kind, ...pickRef(target), ...lostPhoneOf(target), to }));
      },
    };
  });
}

/** The lost-phone choice, only for an MFA reset and only when the user made it. */
function lostPhoneOf(target: ComposerTarget): { lostPhone?: boolean } {
  return target.kind === 'mfa-reset' && target.lostPhone === true ? { lostPhone: true } : {};
}

/** Only the two ids: callers may hold a wider object (e.g. a composer target), and main refuses unknown keys. */
/** What a re-checked organisation answered, in the verdict words the inventory shows ("Needs its own MFA"). */
function answerOf(tenant: TenantRecord): string {
  return verdictRule(tenant.classification?.verdict ?? 'unchecked').label;
}

function pickRef(ref: TenantRef): TenantRef {
  return { accountId: ref.accountId, tenantId: ref.tenantId };
}

function savedWhere(path: string | null): string {
  return path ? `Saved to ${path}` : 'Saved.';
}
