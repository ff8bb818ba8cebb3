/**
 * Main's state events: one per frame at most, and further apart when building one is costly, so that a state of
 * thousands of organisations changing during a scan does not keep main busy with diffs.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../../shared/ipc/contract';
import { MAX_PUBLISH_SHARE, STATE_FRAME_MS, StatePublisher } from '../../../../main/services/state';
import type { ServiceContext } from '../../../../main/services/context';
import type { ScanProgress } from '../../../../shared/model';

afterEach(() => {
  vi.useRealTimers();
});

/** A context whose state costs `costMs` of the fake clock to read, with a scan whose `done` the test moves. */
function fakeContext(clock: { now: number }, costMs: () => number) {
  const scan = { accountId: 'a', running: true, done: 0, total: 10, tenants: {} } as unknown as ScanProgress;
  const ctx = {
    store: {
      settledData: () => {
        clock.now += costMs();
        return { accounts: [], tenants: [], manualEntries: [], entryTicks: {}, entryConfirmations: {}, checklist: {} };
      },
    },
    // The scanner hands out its progress, which it changes in place; a copy here, and no word of what changed.
    scanner: { progressFrame: () => ({ progress: structuredClone(scan), changed: null }) },
    notices: { all: [] },
    auth: () => ({ signInPending: false }),
    updates: { current: null },
    watch: { snapshot: () => null, changes: [] },
  } as unknown as ServiceContext;
  return { ctx, scan };
}

describe('state events', () => {
  it('come a frame apart while building them is cheap, and further apart in step with their cost', async () => {
    vi.useFakeTimers();
    const clock = { now: 0 };
    let cost = 0.5;
    const { ctx, scan } = fakeContext(clock, () => cost);
    const events: AppEvent[] = [];
    const publisher = new StatePublisher(
      () => ctx,
      (event) => events.push(event),
      STATE_FRAME_MS,
      () => clock.now,
    );
    publisher.start();
    const step = async (ms: number) => {
      clock.now += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };

    scan.done = 1;
    publisher.changed();
    await step(STATE_FRAME_MS);
    expect(events).toHaveLength(1);

    // Cheap: the next change goes out a frame later.
    scan.done = 2;
    publisher.changed();
    await step(STATE_FRAME_MS);
    expect(events).toHaveLength(2);

    // Costly (40 ms a build): the event after it waits until the publisher's share of the time is kept.
    cost = 40;
    scan.done = 3;
    publisher.changed();
    await step(STATE_FRAME_MS);
    expect(events).toHaveLength(3);
    scan.done = 4;
    publisher.changed();
    await step(STATE_FRAME_MS);
    expect(events).toHaveLength(3);
    await step(40 / MAX_PUBLISH_SHARE - 2 * STATE_FRAME_MS);
    expect(events).toHaveLength(4);
    const last = events[3];
    expect(last?.type === 'state' && last.patch.scan?.progress?.done).toBe(4);

    // Asking for the state answers at once, whatever the last event cost.
    scan.done = 5;
    expect(publisher.current().scan?.done).toBe(5);
    publisher.stop();
  });
});
