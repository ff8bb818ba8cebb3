/**
 * Hands the partner-admin store (state/admin.ts) to the component tree, as store-context.tsx does for the guest
 * inventory's store. Without a provider (a test mounting one view) an admin store of its own answers, on
 * `window.api` when called.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { GuestMfaApi } from '../../shared/ipc/contract';
import { createAdminStore, type AdminState, type AdminStore } from './state/admin';

const AdminContext = createContext<AdminStore | null>(null);
export const AdminStoreProvider = AdminContext.Provider;

let fallback: AdminStore | null = null;
function fallbackStore(): AdminStore {
  fallback ??= createAdminStore(
    new Proxy({} as GuestMfaApi, {
      get: (_target, name: string) => (window.api as unknown as Record<string, unknown>)[name],
    }),
  );
  return fallback;
}

export function useAdminStoreApi(): AdminStore {
  return useContext(AdminContext) ?? fallbackStore();
}

/** Reads a slice of the admin state; the component re-renders when that slice changes. */
export function useAdmin<T>(selector: (state: AdminState) => T): T {
  return useStore(useAdminStoreApi(), selector);
}
