/**
 * watch.json: what the schedule keeps across restarts, and what happens to a damaged file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWatchData, loadWatchFile, WATCH_FILE, WatchFileWriter } from '../../../../main/watch/watch-file';
import { addWatch, recordRun } from '../../../../shared/schedule';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gmi-watch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = new Date('2026-03-02T09:00:00.000Z');

describe('watch.json', () => {
  it('starts with the defaults: re-checks off, watching after trust requests on', async () => {
    expect(await loadWatchFile(dir, now)).toEqual({ data: defaultWatchData(), problem: null });
    expect(defaultWatchData().settings).toEqual({ recheck: 'off', watchAfterTrustRequest: true });
  });

  it('keeps settings, last runs and watches across a restart', async () => {
    const data = defaultWatchData();
    data.settings = { recheck: 'weekly', watchAfterTrustRequest: false };
    data.schedule = addWatch(recordRun(data.schedule, { kind: 'scan', accountId: 'a.b' }, 'ok', now), 'a.b', 'T1', now);
    const writer = new WatchFileWriter(dir, () => undefined);
    void writer.save(defaultWatchData());
    await writer.save(data);
    expect(await loadWatchFile(dir, now)).toEqual({ data, problem: null });
  });

  it('sets a damaged file aside under a new name, says so, and starts afresh', async () => {
    writeFileSync(path.join(dir, WATCH_FILE), '{"version":1,"settings":{"recheck":"hourly"}');
    const loaded = await loadWatchFile(dir, now);
    expect(loaded.data).toEqual(defaultWatchData());
    expect(loaded.problem).toMatch(/damaged.*Your inventory is not affected/);
    const kept = readdirSync(dir).filter((name) => name.startsWith(`${WATCH_FILE}.unreadable-`));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toContain('hourly');
  });
});
