/**
 * Renderer state (zustand), composed of slices, one concern each with its actions (state/*.ts): ui (page,
 * selection, filters, messages), snapshot (main's state and the views derived from it), session (sign-in,
 * account shown), inventory (scan, organisations), entries (answers, checklist), mail (composer, batches),
 * settings (settings, updates) and sync (following main). The store is the only place that talks to main,
 * through the typed `window.api`; every failure of an action runs through one error-handler chain
 * (state/errors.ts) and becomes a sentence for the user (never a stack trace, never "undefined"). The state flows
 * one way: an action asks main, and what changed comes back as a state event. Components read state and call the
 * actions; none of them calls the api directly. A new concern adds a slice here.
 */
import { create } from 'zustand';
import type { GuestMfaApi } from '../../shared/ipc/contract';
import { createEntriesSlice, type EntriesSlice } from './state/entries';
import { createInventorySlice, type InventorySlice } from './state/inventory';
import { createKit } from './state/kit';
import { createMailSlice, type MailSlice } from './state/mail';
import { createSessionSlice, type SessionSlice } from './state/session';
import { createSettingsSlice, type SettingsSlice } from './state/settings';
import { createSnapshotSlice, type SnapshotSlice } from './state/snapshot';
import { createSyncSlice, type SyncSlice } from './state/sync';
import { createUiSlice, type UiSlice } from './state/ui';

export { callApi, tenantKey, type TenantRef, type UiMessage } from './state/kit';
export type { ComposerTarget } from './state/mail';
export type { View } from './state/ui';

export type AppState = UiSlice &
  SnapshotSlice &
  SessionSlice &
  InventorySlice &
  EntriesSlice &
  MailSlice &
  SettingsSlice &
  SyncSlice;

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore(api: GuestMfaApi) {
  return create<AppState>((set, get, { subscribe }) => {
    const kit = createKit<AppState>(api, set, get, subscribe);
    return {
      ...createUiSlice(kit),
      ...createSnapshotSlice(),
      ...createSessionSlice(kit),
      ...createInventorySlice(kit),
      ...createEntriesSlice(kit),
      ...createMailSlice(kit),
      ...createSettingsSlice(kit),
      ...createSyncSlice(kit),
    };
  });
}
