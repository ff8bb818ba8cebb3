/** The app data store (plain Node): see app-store.ts for the API and persister.ts for how it is saved. */
export { AppStore, type StoreOptions, type UpsertTenantsOptions } from './app-store';
export { StoreError, isStoreError, STORE_ERROR_CODES, type StoreErrorCode } from './store-error';
export { nodeStoreFs, type StoreFs, type StoreFileHandle } from '../fs/atomic-fs';
export { DATA_FILE, JOURNAL_FILE, PREVIOUS_DATA_FILE, PREVIOUS_JOURNAL_FILE } from './persister';
export { LOCK_FILE } from './lock';
export {
  LIMITS,
  SCHEMA_VERSION,
  type AppData,
  type ManualEntryInput,
  type TenantListing,
  type TenantResult,
} from './schema';
