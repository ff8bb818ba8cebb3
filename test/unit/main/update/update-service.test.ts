/**
 * The update service's schedule and state machine with a fake clock and a stand-in driver (the real
 * electron-updater against a local feed is in test/integration/update-feed.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateService, UpdatesUnsupportedError, type UpdateDriver } from '../../../../main/update/update-service';
import { DAY_MS } from '../../../../shared/schedule';
import type { UpdateState } from '../../../../shared/updates';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A driver whose feed answers what the test says; download reports progress and can fail. */
function standIn(feed: { latest: string | null; downloadFails?: boolean; checkFails?: boolean }) {
  const calls = { check: 0, download: 0, install: 0 };
  const driver: UpdateDriver = {
    async check() {
      calls.check += 1;
      if (feed.checkFails) throw new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack trace line');
      return feed.latest ? { version: feed.latest } : null;
    },
    async download(onProgress) {
      calls.download += 1;
      for (const percent of [0.4, 12.5, 12.9, 50, 99.99, 100]) onProgress(percent);
      if (feed.downloadFails) throw new Error('sha512 checksum mismatch, expected abc, got def');
    },
    quitAndInstall() {
      calls.install += 1;
    },
  };
  return { driver, calls };
}

function service(driver: UpdateDriver | null) {
  const states: UpdateState[] = [];
  const updates = new UpdateService({
    driver,
    currentVersion: '0.1.0',
    emit: (state) => states.push(state),
    log: () => undefined,
  });
  return { updates, states, statuses: () => states.map((s) => s.status) };
}

describe('UpdateService', () => {
  it('checks 10 s after start, downloads a newer version in the background and then offers the restart', async () => {
    const { driver, calls } = standIn({ latest: '0.2.0' });
    const { updates, statuses, states } = service(driver);
    updates.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls.check).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses()).toEqual([
      'checking',
      'available',
      'downloading',
      'downloading',
      'downloading',
      'downloading',
      'downloading',
      'ready',
    ]);
    // Whole percents only, each once.
    expect(states.filter((s) => s.status === 'downloading').map((s) => s.percent)).toEqual([0, 12, 50, 99, 100]);
    expect(updates.current).toMatchObject({ status: 'ready', version: '0.2.0', currentVersion: '0.1.0', percent: 100 });
    expect(updates.install()).toBe(true);
    expect(calls.install).toBe(1);
    // A ready update is not looked for again the next day.
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(calls.check).toBe(1);
    updates.stop();
  });

  it('says up to date, and checks again every day', async () => {
    const { driver, calls } = standIn({ latest: null });
    const { updates } = service(driver);
    updates.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updates.current).toMatchObject({
      status: 'up-to-date',
      version: null,
      checkedAt: '2026-03-02T09:00:10.000Z',
    });
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(calls.check).toBe(4);
    expect(calls.download).toBe(0);
    expect(updates.install()).toBe(false);
    updates.stop();
  });

  it('reports a failed check or download in one line, and tries again the next day', async () => {
    const feed = { latest: '0.2.0', checkFails: true, downloadFails: true };
    const { driver } = standIn(feed);
    const { updates } = service(driver);
    updates.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updates.current).toMatchObject({
      status: 'error',
      message: 'The app could not check for updates: net::ERR_INTERNET_DISCONNECTED',
    });
    feed.checkFails = false;
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updates.current).toMatchObject({
      status: 'error',
      version: '0.2.0',
      message: 'The update to version 0.2.0 could not be downloaded: sha512 checksum mismatch, expected abc, got def',
    });
    feed.downloadFails = false;
    expect((await updates.check()).status).toBe('available');
    await vi.advanceTimersByTimeAsync(0);
    expect(updates.current.status).toBe('ready');
    updates.stop();
  });

  it('answers one check at a time', async () => {
    const { driver, calls } = standIn({ latest: null });
    const { updates } = service(driver);
    const [a, b] = [updates.check(), updates.check()];
    expect(a).toBe(b);
    await a;
    expect(calls.check).toBe(1);
  });

  it('stays unsupported without a driver, or when the updater declines (not an AppImage, say)', async () => {
    const none = service(null);
    none.updates.start();
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(none.updates.current.status).toBe('unsupported');
    expect(none.states).toEqual([]);

    let checks = 0;
    const declining = service({
      check: async () => {
        checks += 1;
        throw new UpdatesUnsupportedError();
      },
      download: async () => undefined,
      quitAndInstall: () => undefined,
    });
    declining.updates.start();
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(declining.updates.current).toMatchObject({ status: 'unsupported' });
    expect(declining.updates.current.message).toMatch(/does not update itself/);
    expect(checks).toBe(1);
  });
});
