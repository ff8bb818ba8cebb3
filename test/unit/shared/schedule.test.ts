/**
 * The re-check schedule's decisions (shared/schedule.ts): what is due when, catch-up once, backoff, watches.
 */
import { describe, expect, it } from 'vitest';
import {
  addWatch,
  backoffMs,
  DAY_MS,
  dueJobs,
  emptyScheduleState,
  HOUR_MS,
  MINUTE_MS,
  pruneSchedule,
  recordRun,
  WEEK_MS,
  type ScheduleSettings,
  type ScheduleState,
} from '../../../shared/schedule';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const daily: ScheduleSettings = { recheck: 'daily', watchAfterTrustRequest: true };
const weekly: ScheduleSettings = { recheck: 'weekly', watchAfterTrustRequest: true };
const off: ScheduleSettings = { recheck: 'off', watchAfterTrustRequest: true };
const A = 'oid-a.tid-a';
const B = 'oid-b.tid-b';

function ranOk(state: ScheduleState, accountId: string, when: Date): ScheduleState {
  return recordRun(
    recordRun(state, { kind: 'scan', accountId }, 'started', when),
    { kind: 'scan', accountId },
    'ok',
    when,
  );
}

describe('full re-checks', () => {
  it('are not due when the schedule is off, whatever ran when', () => {
    expect(dueJobs(off, emptyScheduleState(), [A], T0)).toEqual({ due: [], nextAt: null });
  });

  it('are due at once for an account never scanned, then a day after the start of the last scan', () => {
    expect(dueJobs(daily, emptyScheduleState(), [A], T0).due).toEqual([{ kind: 'scan', accountId: A }]);
    const state = ranOk(emptyScheduleState(), A, T0);
    expect(dueJobs(daily, state, [A], at(DAY_MS - 1))).toEqual({ due: [], nextAt: T0.getTime() + DAY_MS });
    expect(dueJobs(daily, state, [A], at(DAY_MS)).due).toEqual([{ kind: 'scan', accountId: A }]);
    expect(dueJobs(weekly, state, [A], at(6 * DAY_MS)).due).toEqual([]);
    expect(dueJobs(weekly, state, [A], at(WEEK_MS)).due).toHaveLength(1);
  });

  it('catch up once after days away: one run is due, and after it nothing until a day later', () => {
    const state = ranOk(emptyScheduleState(), A, T0);
    const back = at(3 * DAY_MS + 5 * HOUR_MS);
    expect(dueJobs(daily, state, [A], back).due).toEqual([{ kind: 'scan', accountId: A }]);
    const after = ranOk(state, A, back);
    expect(dueJobs(daily, after, [A], at(3 * DAY_MS + 6 * HOUR_MS)).due).toEqual([]);
    expect(dueJobs(daily, after, [A], back).nextAt).toBe(back.getTime() + DAY_MS);
  });

  it('back off after failures: 15 minutes, doubling, never more than the interval', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, DAY_MS))).toEqual([15, 30, 60, 120].map((m) => m * MINUTE_MS));
    expect(backoffMs(20, DAY_MS)).toBe(DAY_MS);
    let state = ranOk(emptyScheduleState(), A, T0);
    const first = at(DAY_MS);
    state = recordRun(state, { kind: 'scan', accountId: A }, 'failed', first);
    expect(dueJobs(daily, state, [A], at(DAY_MS + 14 * MINUTE_MS)).due).toEqual([]);
    expect(dueJobs(daily, state, [A], at(DAY_MS + 15 * MINUTE_MS)).due).toHaveLength(1);
    state = recordRun(state, { kind: 'scan', accountId: A }, 'failed', at(DAY_MS + 15 * MINUTE_MS));
    expect(dueJobs(daily, state, [A], at(DAY_MS + 44 * MINUTE_MS)).due).toEqual([]);
    expect(dueJobs(daily, state, [A], at(DAY_MS + 45 * MINUTE_MS)).due).toHaveLength(1);
    // A success ends the backoff: the next run is a day after it.
    state = ranOk(state, A, at(DAY_MS + 45 * MINUTE_MS));
    expect(dueJobs(daily, state, [A], at(DAY_MS + 50 * MINUTE_MS))).toEqual({
      due: [],
      nextAt: T0.getTime() + 2 * DAY_MS + 45 * MINUTE_MS,
    });
  });

  it('count a run the app did not live to finish as failed, not as never tried', () => {
    const state = recordRun(ranOk(emptyScheduleState(), A, T0), { kind: 'scan', accountId: A }, 'started', at(DAY_MS));
    expect(dueJobs(daily, state, [A], at(DAY_MS + MINUTE_MS)).due).toEqual([]);
    expect(dueJobs(daily, state, [A], at(DAY_MS + 15 * MINUTE_MS)).due).toHaveLength(1);
  });

  it('run only for signed-in accounts, each on its own time', () => {
    const state = ranOk(ranOk(emptyScheduleState(), A, T0), B, at(6 * HOUR_MS));
    expect(dueJobs(daily, state, [A, B], at(DAY_MS)).due).toEqual([{ kind: 'scan', accountId: A }]);
    expect(dueJobs(daily, state, [B], at(DAY_MS)).due).toEqual([]);
    expect(pruneSchedule(state, [B], T0).scans).not.toHaveProperty(A);
  });
});

describe('watches after a trust request', () => {
  const tenant = 'A1B2C3D4-0002-4E5F-8A9B-0C1D2E3F4A52';

  it('check the tenant daily from a day after the request, for 30 days, even with the schedule off', () => {
    let state = addWatch(emptyScheduleState(), A, tenant, T0);
    expect(state.watches[0]).toMatchObject({ tenantId: tenant.toLowerCase(), until: at(30 * DAY_MS).toISOString() });
    expect(dueJobs(off, state, [A], at(HOUR_MS)).due).toEqual([]);
    const job = { kind: 'tenant', accountId: A, tenantId: tenant.toLowerCase() } as const;
    expect(dueJobs(off, state, [A], at(DAY_MS)).due).toEqual([job]);
    for (let day = 1; day < 30; day += 1) {
      expect(dueJobs(off, state, [A], at(day * DAY_MS)).due).toEqual([job]);
      state = recordRun(state, job, 'ok', at(day * DAY_MS));
      expect(dueJobs(off, state, [A], at(day * DAY_MS + HOUR_MS)).due).toEqual([]);
    }
    // Day 30: the watch has ended and nothing more is scheduled for it.
    expect(dueJobs(off, state, [A], at(30 * DAY_MS))).toEqual({ due: [], nextAt: null });
    expect(pruneSchedule(state, [A], at(30 * DAY_MS)).watches).toEqual([]);
  });

  it('stop when the setting is off', () => {
    const state = addWatch(emptyScheduleState(), A, tenant, T0);
    expect(dueJobs({ recheck: 'off', watchAfterTrustRequest: false }, state, [A], at(2 * DAY_MS)).due).toEqual([]);
  });

  it('are covered by a due full scan of the same account, which also counts as their daily check', () => {
    let state = addWatch(ranOk(emptyScheduleState(), A, at(-DAY_MS)), A, tenant, T0);
    expect(dueJobs(daily, state, [A], at(DAY_MS)).due).toEqual([{ kind: 'scan', accountId: A }]);
    state = ranOk(state, A, at(DAY_MS));
    expect(state.watches[0]?.run.lastSuccessAt).toBe(at(DAY_MS).toISOString());
    expect(dueJobs(daily, state, [A], at(DAY_MS + HOUR_MS)).due).toEqual([]);
  });

  it('a second request extends the watch to 30 days from then', () => {
    const state = addWatch(addWatch(emptyScheduleState(), A, tenant, T0), A, tenant, at(10 * DAY_MS));
    expect(state.watches).toHaveLength(1);
    expect(state.watches[0]?.until).toBe(at(40 * DAY_MS).toISOString());
  });
});
