/**
 * The tray icon that keeps background re-checks running after the window is closed (docs/watch.md).
 */
import { describe, expect, it } from 'vitest';
import {
  BackgroundTray,
  KEEPS_RUNNING_TITLE,
  trayTooltip,
  type ScheduleView,
  type TrayHandle,
  type TrayMenuItem,
} from '../../../../main/tray/background-tray';

const now = new Date('2026-03-02T09:00:00.000Z');

function schedule(patch: Partial<ScheduleView> = {}): ScheduleView {
  return { settings: { recheck: 'off' }, watched: [], nextRunAt: null, running: null, ...patch };
}

class FakeTray implements TrayHandle {
  tooltips: string[] = [];
  menu: readonly TrayMenuItem[] = [];
  clickListener: (() => void) | null = null;
  destroyed = false;
  setToolTip(text: string): void {
    this.tooltips.push(text);
  }
  setMenu(items: readonly TrayMenuItem[]): void {
    this.menu = items;
  }
  onClick(listener: () => void): void {
    this.clickListener = listener;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function world(initial: ScheduleView, supported = true) {
  let current = initial;
  const trays: FakeTray[] = [];
  const events: string[] = [];
  const tray = new BackgroundTray({
    createTray: () => {
      if (!supported) return null;
      const t = new FakeTray();
      trays.push(t);
      return t;
    },
    schedule: () => current,
    openWindow: () => events.push('open'),
    quit: () => events.push('quit'),
    notify: (title) => events.push(`notify:${title}`),
    now: () => now,
    locale: 'en-GB',
  });
  return {
    tray,
    trays,
    events,
    set(next: ScheduleView) {
      current = next;
    },
  };
}

describe('the tray icon', () => {
  it('is absent with nothing scheduled, and closing the window quits as before', () => {
    const w = world(schedule());
    w.tray.sync();
    expect(w.trays).toHaveLength(0);
    expect(w.tray.windowsClosed()).toBe('quit');
    expect(w.events).toEqual([]);
  });

  it('appears with a daily re-check, says when the next one is due, and keeps the app running when the window closes', () => {
    const w = world(schedule({ settings: { recheck: 'daily' }, nextRunAt: '2026-03-03T09:00:00.000Z' }));
    w.tray.sync();
    expect(w.trays).toHaveLength(1);
    expect(w.trays[0]!.tooltips.at(-1)).toMatch(/^Guest MFA Inventory: next re-check 3 Mar 2026/);
    expect(w.tray.windowsClosed()).toBe('stay');
    expect(w.events).toEqual([`notify:${KEEPS_RUNNING_TITLE}`]);
    // The second close in the same run does not tell again.
    expect(w.tray.windowsClosed()).toBe('stay');
    expect(w.events).toHaveLength(1);
    expect(w.trays).toHaveLength(1);
  });

  it('also stays for an organisation watched after a trust request, with re-checks off', () => {
    const w = world(schedule({ watched: [{ tenantId: 'T1' }], nextRunAt: '2026-03-03T09:00:00.000Z' }));
    expect(w.tray.windowsClosed()).toBe('stay');
  });

  it('opens the window from its menu and on a click, and quits from its menu', () => {
    const w = world(schedule({ settings: { recheck: 'weekly' } }));
    w.tray.sync();
    const icon = w.trays[0]!;
    expect(icon.menu.map((item) => item.label)).toEqual(['Open Guest MFA Inventory', 'Quit']);
    icon.menu[0]!.click();
    icon.clickListener?.();
    icon.menu[1]!.click();
    expect(w.events).toEqual(['open', 'open', 'quit']);
  });

  it('goes away when the schedule is turned off, and closing the window then quits', () => {
    const w = world(schedule({ settings: { recheck: 'daily' } }));
    w.tray.sync();
    w.set(schedule());
    w.tray.sync();
    expect(w.trays[0]!.destroyed).toBe(true);
    expect(w.tray.shown).toBe(false);
    expect(w.tray.windowsClosed()).toBe('quit');
  });

  it('quits where the desktop has no notification area, even with a schedule on', () => {
    const w = world(schedule({ settings: { recheck: 'daily' } }), false);
    expect(w.tray.windowsClosed()).toBe('quit');
    expect(w.events).toEqual([]);
  });

  it('updates the tooltip only when its words change', () => {
    const w = world(schedule({ settings: { recheck: 'daily' }, nextRunAt: '2026-03-03T09:00:00.000Z' }));
    w.tray.sync();
    w.tray.sync();
    w.set(schedule({ settings: { recheck: 'daily' }, running: { kind: 'scan', accountId: 'a' } }));
    w.tray.sync();
    expect(w.trays[0]!.tooltips).toHaveLength(2);
    expect(w.trays[0]!.tooltips[1]).toBe('Guest MFA Inventory: checking your organisations now');
  });
});

describe('trayTooltip', () => {
  it('says a re-check is soon when it is overdue (the catch-up), and none when nothing is scheduled', () => {
    expect(trayTooltip(schedule({ nextRunAt: '2026-03-01T09:00:00.000Z' }), now)).toBe(
      'Guest MFA Inventory: re-checking soon',
    );
    expect(trayTooltip(schedule(), now)).toBe('Guest MFA Inventory: no re-check scheduled');
  });
});
