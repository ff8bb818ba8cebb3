/**
 * Main's state as the renderer gets it (`AppSnapshot`): the store's data without the stored answers, the scan's
 * progress, the notices, whether a sign-in waits for the browser, the update and the re-check schedule and the
 * "What changed" list. Views (entries, checklist, summary, …) are not part of it: the renderer derives them with
 * shared/selectors.ts. Also the handlers that read it or the notices, and open links.
 */
import type { AppSnapshot } from '../../shared/ipc/contract';
import { allowedExternalUrl } from '../../shared/links';
import { selectChecklist, selectEntries } from '../../shared/selectors';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { withoutAnswers } from '../scan/scanner';
import type { ServiceContext } from './context';

type StateHandlers = Pick<IpcHandlers, 'getAppInfo' | 'getState' | 'dismissNotice' | 'openExternalLink'>;

export function snapshotOf(ctx: ServiceContext): AppSnapshot {
  const data = ctx.store.data();
  const entries = selectEntries(data);
  return {
    accounts: data.accounts,
    // The stored answers are read by "Copy what Entra answered" in main; the renderer never needs them.
    tenants: data.tenants.map(withoutAnswers),
    manualEntries: data.manualEntries,
    entries,
    phoneChange: selectChecklist(data, entries),
    settings: data.settings,
    scan: ctx.scanner.current,
    notices: ctx.notices.all,
    signInPending: ctx.auth().signInPending,
    update: ctx.updates.current,
    watch: ctx.watch.snapshot(),
    changes: ctx.watch.changes,
  };
}

export function stateHandlers(ctx: ServiceContext): StateHandlers {
  return {
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: ctx.env.version, platform: ctx.env.platform }),

    getState: () => snapshotOf(ctx),

    dismissNotice({ id }) {
      ctx.notices.clear(id);
      return null;
    },

    async openExternalLink({ url }) {
      const allowed = allowedExternalUrl(url);
      if (!allowed)
        throw new UserFacingError('invalid-argument', 'The app only opens Microsoft sign-in and help pages.');
      await ctx.env.openExternal(allowed);
      return null;
    },
  };
}
