/**
 * The session slice: the home sign-in (waiting for the browser, its error, a notice while waiting), the account
 * the inventory shows, and signing in and out.
 */
import type { IpcError } from '../../../shared/ipc/contract';
import { callApi, type Kit } from './kit';
import type { SnapshotSlice } from './snapshot';
import type { UiSlice } from './ui';

export interface SessionSlice {
  /** The account the inventory shows (several home accounts may be signed in). */
  activeAccountId: string | null;
  /**
   * The home sign-in: waiting for the browser, why it failed, and `notice`, a message while waiting (the app
   * opened the sign-in a second time because Entra refused its MFA request).
   */
  signIn: { waiting: boolean; error: string | null; notice?: string | null };

  setActiveAccount(accountId: string): void;
  signInHome(): Promise<void>;
  /** "Sign in with MFA" after Azure refused the tenant list for want of MFA; scans again when it succeeds. */
  signInWithMfa(): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(accountId: string): Promise<void>;
}

/** What the session reads besides its own state; `startScan` is the inventory slice's. */
type SessionNeeds = SessionSlice &
  UiSlice &
  Pick<SnapshotSlice, 'snapshot'> & { scanFailure: IpcError | null; startScan(): Promise<void> };

export function createSessionSlice(kit: Kit<SessionNeeds>): SessionSlice {
  const { api, set, get } = kit;
  /** Runs one home sign-in, showing it as waiting until it answers. */
  const signingIn = async <T>(run: () => Promise<T>): Promise<T> => {
    set({ signIn: { waiting: true, error: null } });
    kit.signInInFlight = true;
    try {
      return await run();
    } finally {
      kit.signInInFlight = false;
    }
  };
  return {
    activeAccountId: null,
    signIn: { waiting: false, error: null },

    setActiveAccount(accountId) {
      set({ activeAccountId: accountId, selected: null });
    },
    async signInHome() {
      // Its failure shows on the sign-in page (`signIn.error`), not as a message.
      const result = await signingIn(() => callApi(() => api.signIn()));
      if (result.ok) {
        set({ signIn: { waiting: false, error: null }, activeAccountId: result.value.accountId });
        kit.toast('Signed in', `Welcome, ${result.value.displayName || result.value.username}.`);
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
      const accountId = kit.requireAccount();
      if (!accountId) return;
      const result = await signingIn(() =>
        kit.call('Sign-in with MFA did not complete', () => api.signInWithMfa({ accountId })),
      );
      set({ signIn: { waiting: false, error: null } });
      if (!result.ok) return;
      set({ scanFailure: null });
      kit.toast(
        'Signed in',
        result.value.homeSessionMfa
          ? 'Your sign-in now carries MFA. Scanning again.'
          : 'Your sign-in still shows no MFA. Scanning again anyway.',
      );
      await get().startScan();
    },
    async cancelSignIn() {
      const result = await kit.call('Could not cancel the sign-in', () => api.cancelSignIn());
      if (result.ok) set({ signIn: { waiting: false, error: null } });
    },
    async signOut(accountId) {
      const result = await kit.call('Could not sign out', () => api.signOut({ accountId }));
      if (!result.ok) return;
      set({ selected: null });
      kit.toast('Signed out');
    },
  };
}
