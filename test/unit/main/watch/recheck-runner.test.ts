/**
 * The background re-check runner with a fake clock (vitest fake timers move Date and the timers together):
 * a daily schedule runs once a day, catches up once after days away, backs off after failures, never overlaps
 * itself or the user's scan.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addWatch,
  DAY_MS,
  emptyScheduleState,
  HOUR_MS,
  MINUTE_MS,
  recordRun,
  type ScheduleSettings,
  type ScheduleState,
} from '../../../../shared/schedule';
import { RecheckRunner, type JobResult } from '../../../../main/watch/recheck-runner';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const A = 'oid-a.tid-a';
const TENANT = 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a52';

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A runner over an in-memory "file" that survives a restart, with scans that record when they ran. */
function harness(options: { settings?: ScheduleSettings; state?: ScheduleState; scanResult?: () => JobResult } = {}) {
  let state = options.state ?? emptyScheduleState();
  let settings = options.settings ?? { recheck: 'daily', watchAfterTrustRequest: true };
  const scans: Date[] = [];
  const checks: { at: Date; tenantId: string }[] = [];
  let scanning = false;
  const make = () =>
    new RecheckRunner({
      settings: () => settings,
      accounts: () => [A],
      getState: () => state,
      setState: (next) => {
        state = next;
      },
      scan: async () => {
        scans.push(new Date());
        return options.scanResult?.() ?? 'ok';
      },
      scanOne: async (_accountId, tenantId) => {
        checks.push({ at: new Date(), tenantId });
        return 'ok';
      },
      scanning: () => scanning,
      now: () => new Date(),
      log: () => undefined,
    });
  return {
    make,
    scans,
    checks,
    get state() {
      return state;
    },
    setSettings(next: ScheduleSettings) {
      settings = next;
    },
    setScanning(value: boolean) {
      scanning = value;
    },
  };
}

const lastScanAt = (when: Date) => recordRun(emptyScheduleState(), { kind: 'scan', accountId: A }, 'ok', when);

describe('a daily schedule', () => {
  it('runs once a day, a day after the last scan', async () => {
    const h = harness({ state: lastScanAt(new Date(T0.getTime() - 2 * HOUR_MS)) });
    const runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(10 * DAY_MS);
    await runner.stop();
    expect(h.scans).toHaveLength(10);
    const gaps = h.scans.slice(1).map((d, i) => d.getTime() - h.scans[i]!.getTime());
    expect(gaps.every((gap) => gap === DAY_MS)).toBe(true);
    expect(h.scans[0]!.getTime()).toBe(T0.getTime() + 22 * HOUR_MS);
  });

  it('catches up once after a missed day, then keeps its daily rhythm from the catch-up', async () => {
    const h = harness({ state: lastScanAt(T0) });
    let runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(DAY_MS + MINUTE_MS);
    expect(h.scans).toHaveLength(1);
    // The app is closed for two and a half days: nothing runs.
    await runner.stop();
    await vi.advanceTimersByTimeAsync(2.5 * DAY_MS);
    expect(h.scans).toHaveLength(1);
    // Started again: one catch-up a minute after start, not one per missed day.
    runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(2 * MINUTE_MS);
    expect(h.scans).toHaveLength(2);
    const catchUp = h.scans[1]!.getTime();
    expect(catchUp).toBe(T0.getTime() + 3.5 * DAY_MS + 2 * MINUTE_MS);
    await vi.advanceTimersByTimeAsync(DAY_MS - 3 * MINUTE_MS);
    expect(h.scans).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2 * MINUTE_MS);
    expect(h.scans).toHaveLength(3);
    expect(h.scans[2]!.getTime()).toBe(catchUp + DAY_MS);
    await runner.stop();
  });

  it('does nothing when switched off, and starts soon after it is switched on', async () => {
    const h = harness({ settings: { recheck: 'off', watchAfterTrustRequest: true }, state: lastScanAt(T0) });
    const runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(h.scans).toHaveLength(0);
    h.setSettings({ recheck: 'daily', watchAfterTrustRequest: true });
    runner.reschedule();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(h.scans).toHaveLength(1);
    await runner.stop();
  });

  it('backs off after failed runs (15, 30, 60 minutes) and keeps the day rhythm after a success', async () => {
    let failuresLeft = 3;
    const h = harness({
      state: lastScanAt(new Date(T0.getTime() - DAY_MS)),
      scanResult: () => (failuresLeft-- > 0 ? 'failed' : 'ok'),
    });
    const runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(4 * HOUR_MS);
    const offsets = h.scans.map((d) => (d.getTime() - T0.getTime()) / MINUTE_MS);
    expect(offsets).toEqual([1, 16, 46, 106]);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(h.scans.map((d) => (d.getTime() - T0.getTime()) / MINUTE_MS)).toEqual([1, 16, 46, 106, 106 + 24 * 60]);
    await runner.stop();
  });
});

describe('never overlapping', () => {
  it('waits while the user scans and runs a minute later', async () => {
    const h = harness({ state: lastScanAt(new Date(T0.getTime() - DAY_MS)) });
    h.setScanning(true);
    const runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(10 * MINUTE_MS);
    expect(h.scans).toHaveLength(0);
    h.setScanning(false);
    await vi.advanceTimersByTimeAsync(MINUTE_MS);
    expect(h.scans).toHaveLength(1);
    await runner.stop();
  });

  it('runs one pass at a time, however often it is asked', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const state = lastScanAt(new Date(T0.getTime() - DAY_MS));
    let current = state;
    const runner = new RecheckRunner({
      settings: () => ({ recheck: 'daily', watchAfterTrustRequest: true }),
      accounts: () => [A],
      getState: () => current,
      setState: (next) => {
        current = next;
      },
      scan: () => {
        calls += 1;
        return new Promise<JobResult>((resolve) => {
          release = () => resolve('ok');
        });
      },
      scanOne: async () => 'ok',
      scanning: () => false,
      now: () => new Date(),
      log: () => undefined,
    });
    const first = runner.runDue();
    const second = runner.runDue();
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toBe(first);
    expect(runner.running).toEqual({ kind: 'scan', accountId: A });
    release();
    expect(await first).toEqual([{ kind: 'scan', accountId: A }]);
    expect(await runner.runDue()).toEqual([]);
    expect(calls).toBe(1);
  });

  it("holds back while the user's scan runs, after letting a single-tenant check finish", async () => {
    const order: string[] = [];
    let finishCheck: () => void = () => undefined;
    let current = addWatch(emptyScheduleState(), A, TENANT, new Date(T0.getTime() - DAY_MS));
    const runner = new RecheckRunner({
      settings: () => ({ recheck: 'off', watchAfterTrustRequest: true }),
      accounts: () => [A],
      getState: () => current,
      setState: (next) => {
        current = next;
      },
      scan: async () => 'ok',
      scanOne: () =>
        new Promise<JobResult>((resolve) => {
          order.push('check started');
          finishCheck = () => {
            order.push('check finished');
            resolve('ok');
          };
        }),
      scanning: () => false,
      now: () => new Date(),
      log: () => undefined,
    });
    const pass = runner.runDue();
    await vi.advanceTimersByTimeAsync(0);
    const user = runner.exclusive(async () => {
      order.push('user scan');
      return 'done';
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['check started']);
    finishCheck();
    expect(await user).toBe('done');
    await pass;
    expect(order).toEqual(['check started', 'check finished', 'user scan']);
  });
});

describe('watched tenants', () => {
  it('are checked once a day for 30 days after the trust request, with the schedule off', async () => {
    const h = harness({
      settings: { recheck: 'off', watchAfterTrustRequest: true },
      state: addWatch(emptyScheduleState(), A, TENANT, T0),
    });
    const runner = h.make();
    runner.start();
    await vi.advanceTimersByTimeAsync(40 * DAY_MS);
    await runner.stop();
    expect(h.scans).toHaveLength(0);
    expect(h.checks).toHaveLength(29);
    expect(h.checks.every((c) => c.tenantId === TENANT)).toBe(true);
    expect(h.checks[0]!.at.getTime()).toBe(T0.getTime() + DAY_MS);
    expect(h.state.watches).toEqual([]);
  });
});
