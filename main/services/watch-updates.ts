/**
 * Watch and updates: the background re-check service (its schedule, the "What changed" list, desktop
 * notifications; main/watch/) and the app's self-update (main/update/), and their handlers: check for updates,
 * restart to update, clear changes. The re-check schedule's settings go through `updateSettings` (session.ts).
 */
import type { IpcHandlers } from '../ipc-dispatch';
import type { ServiceContext } from './context';

type WatchUpdateHandlers = Pick<IpcHandlers, 'checkForUpdates' | 'installUpdate' | 'dismissChanges'>;

export function watchUpdateHandlers(ctx: ServiceContext): WatchUpdateHandlers {
  const { updates, watch } = ctx;
  return {
    checkForUpdates: () => updates.check(),

    installUpdate: () => ({ installing: updates.install() }),

    async dismissChanges({ ids }) {
      await watch.dismissChanges(ids);
      return null;
    },
  };
}
