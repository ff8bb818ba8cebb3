/**
 * The notification-area (tray) icon that keeps the background re-checks running after the window is closed.
 *
 * Rules (docs/watch.md, "When the window is closed"):
 * - The icon is there while a schedule is on: re-checks daily or weekly, or at least one organisation watched
 *   after a trust request. With nothing scheduled there is no icon, and closing the window quits the app as before.
 * - Closing the last window with a schedule on keeps the app running behind the icon; the first time in a run
 *   one notification says so and how to quit. With no schedule, or where the desktop offers no tray, it quits.
 * - The icon's tooltip says when the next re-check is due; its menu opens the window or quits the app, and a click
 *   on the icon opens the window.
 *
 * Electron's Tray and Menu come in through `TrayHandle` (main/index.ts), so this runs under plain Node in tests.
 */

/** The parts of the schedule's snapshot the icon reads (main/watch/watch-service.ts `snapshot()`). */
export interface ScheduleView {
  settings: { recheck: 'off' | 'daily' | 'weekly' };
  watched: readonly unknown[];
  nextRunAt: string | null;
  running: unknown;
}

export interface TrayMenuItem {
  label: string;
  click(): void;
}

/** Electron's Tray, as far as the icon needs it. */
export interface TrayHandle {
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface BackgroundTrayOptions {
  /** Creates the icon; null where the desktop has no notification area. */
  createTray(): TrayHandle | null;
  schedule(): ScheduleView;
  openWindow(): void;
  quit(): void;
  /** Tells the user once per run that the app keeps running (a desktop notification), if notifications work. */
  notify?(title: string, body: string): void;
  now?(): Date;
  locale?: string;
}

export const APP_NAME = 'Guest MFA Inventory';

/** Whether anything is scheduled that needs the app to keep running. */
export function scheduleIsOn(schedule: ScheduleView): boolean {
  return schedule.settings.recheck !== 'off' || schedule.watched.length > 0;
}

/** The icon's tooltip: the app's name and when the next re-check is due, in the user's locale. */
export function trayTooltip(schedule: ScheduleView, now: Date, locale?: string): string {
  if (schedule.running) return `${APP_NAME}: checking your organisations now`;
  if (!schedule.nextRunAt) return `${APP_NAME}: no re-check scheduled`;
  const next = new Date(schedule.nextRunAt);
  if (Number.isNaN(next.getTime()) || next.getTime() <= now.getTime()) return `${APP_NAME}: re-checking soon`;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(next);
  return `${APP_NAME}: next re-check ${when}`;
}

export const KEEPS_RUNNING_TITLE = `${APP_NAME} keeps checking in the background`;
export const KEEPS_RUNNING_BODY =
  'Your organisations are re-checked on the schedule you set. To stop, choose Quit from the app’s icon in the notification area.';

export class BackgroundTray {
  private tray: TrayHandle | null = null;
  private told = false;
  private lastTooltip = '';

  constructor(private readonly options: BackgroundTrayOptions) {}

  /** Whether the icon is shown now. */
  get shown(): boolean {
    return this.tray !== null;
  }

  /** Shows, updates or removes the icon to match the schedule. Call on every change of the app's state. */
  sync(): void {
    const schedule = this.options.schedule();
    if (!scheduleIsOn(schedule)) {
      this.remove();
      return;
    }
    if (!this.tray) {
      this.tray = this.options.createTray();
      if (!this.tray) return;
      this.lastTooltip = '';
      this.tray.setMenu([
        { label: `Open ${APP_NAME}`, click: () => this.options.openWindow() },
        { label: 'Quit', click: () => this.options.quit() },
      ]);
      this.tray.onClick(() => this.options.openWindow());
    }
    const tooltip = trayTooltip(schedule, this.options.now?.() ?? new Date(), this.options.locale);
    if (tooltip !== this.lastTooltip) {
      this.tray.setToolTip(tooltip);
      this.lastTooltip = tooltip;
    }
  }

  /**
   * The last window was closed: 'stay' when the app keeps running behind the icon (a schedule is on and the icon
   * could be shown), 'quit' otherwise.
   */
  windowsClosed(): 'stay' | 'quit' {
    this.sync();
    if (!this.tray) return 'quit';
    if (!this.told) {
      this.told = true;
      this.options.notify?.(KEEPS_RUNNING_TITLE, KEEPS_RUNNING_BODY);
    }
    return 'stay';
  }

  remove(): void {
    this.tray?.destroy();
    this.tray = null;
  }
}
