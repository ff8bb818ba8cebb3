/**
 * Desktop notifications for the verdict changes a background re-check saw: one per change, or one summary when
 * more than NOTIFICATION_GROUP_THRESHOLD change at once (shared/changes.ts). Clicking one opens that tenant (or
 * the "What changed" list) through an app event the renderer handles. The notification itself is injected:
 * Electron's `Notification` in the app (main/index.ts), a recorder in tests.
 */
import type { AppEvent } from '../../shared/ipc/contract';
import { notificationsFor, NOTIFICATION_GROUP_THRESHOLD, type VerdictChange } from '../../shared/changes';

/** What the app needs of the system's notifications. */
export interface DesktopNotifications {
  /** Shows one notification; `onClick` runs when the user clicks it (the shell brings the window forward first). */
  show(notification: { title: string; body: string; onClick(): void }): void;
}

export class ChangeNotifier {
  constructor(
    private readonly deps: {
      notifications: DesktopNotifications | null;
      emit(event: AppEvent): void;
      log(message: string): void;
      threshold?: number;
    },
  ) {}

  /** Shows the notifications for changes seen together; returns how many were shown. */
  notify(changes: readonly VerdictChange[]): number {
    const notifications = this.deps.notifications;
    if (!notifications || changes.length === 0) return 0;
    const specs = notificationsFor(changes, this.deps.threshold ?? NOTIFICATION_GROUP_THRESHOLD);
    let shown = 0;
    for (const spec of specs) {
      const opens = spec.opens;
      try {
        notifications.show({
          title: spec.title,
          body: spec.body,
          onClick: () =>
            this.deps.emit(
              opens.kind === 'tenant'
                ? { type: 'open-tenant', accountId: opens.accountId, tenantId: opens.tenantId }
                : { type: 'open-changes' },
            ),
        });
        shown += 1;
      } catch (error) {
        this.deps.log(`a notification could not be shown: ${error instanceof Error ? error.message : 'unknown error'}`);
      }
    }
    return shown;
  }
}
