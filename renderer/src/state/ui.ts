/**
 * The UI slice: which page is shown, the selected organisation, the inventory's filters, and the messages and
 * toasts; with the small actions that only touch the window (links, the clipboard, notices).
 */
import { DEFAULT_QUERY, type InventoryQuery } from '../inventory-query';
import { nextMessageId, type Kit, type MessagesState, type TenantRef, type UiMessage } from './kit';

export type View = 'inventory' | 'entries' | 'phone' | 'changes' | 'settings';

export interface UiSlice extends MessagesState {
  view: View;
  selected: TenantRef | null;
  query: InventoryQuery;
  /** Persistent messages (errors and warnings of actions). */
  messages: UiMessage[];
  /** Short confirmations waiting to be shown as toasts. */
  toasts: UiMessage[];

  setView(view: View): void;
  select(ref: TenantRef | null): void;
  setQuery(patch: Partial<InventoryQuery>): void;
  dismissMessage(id: string): void;
  takeToasts(): UiMessage[];
  notify(message: Omit<UiMessage, 'id'>): void;
  openLink(url: string): Promise<void>;
  dismissNotice(id: string): Promise<void>;
  copyText(text: string, what?: string): Promise<boolean>;
}

export function createUiSlice(kit: Kit<UiSlice>): Omit<UiSlice, 'activeAccountId'> {
  const { api, set, get } = kit;
  return {
    view: 'inventory',
    selected: null,
    query: DEFAULT_QUERY,
    messages: [],
    toasts: [],

    setView(view) {
      set({ view, selected: view === 'inventory' ? get().selected : null });
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
        set((s) => ({ messages: [...s.messages, { ...message, id: nextMessageId() }] }));
      else kit.toast(message.title, message.message, message.intent);
    },
    async openLink(url) {
      await kit.call('Could not open the page', () => api.openExternalLink({ url }));
    },
    async dismissNotice(id) {
      await kit.call('Could not dismiss the notice', () => api.dismissNotice({ id }));
    },
    async copyText(text, what = 'Text') {
      const result = await kit.call('Could not copy', () => api.copyToClipboard({ text }));
      if (result.ok) kit.toast(`${what} copied to the clipboard`);
      return result.ok;
    },
  };
}
