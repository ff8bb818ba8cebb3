/**
 * A tenant listing is complete or says it is not. The real services list a 5,201-tenant guest through the
 * emulator's paged ARM (50 per page: 105 pages) and store every tenant; a stand-in ARM whose nextLink repeats or
 * never ends gives a notice, keeps what came as a partial list (nothing marked "no longer listed" from it), and
 * the next scan reads the whole list again and clears the notice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialListingNoticeId } from '../../main/scan/scanner';
import { startEmulator, type Emulator } from '../emulator';
import { generateScenario } from '../emulator/generate-scenario';
import { startArmProxy, type ArmProxy } from './support/arm-proxy';
import { startReliabilityApp } from './support/app';
import { reliabilityFigures } from './support/figures';

const figures = reliabilityFigures('listing');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gmi-rel-list-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Tenants the emulator's ARM lists for the scenario: the home tenant and every guest not removed. */
function listedIn(emulator: Emulator): number {
  return Object.values(emulator.scenario.tenants).filter((t) => t.guest?.state !== 'removed').length;
}

describe('a guest of 5,201 tenants', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: generateScenario({ tenants: 5201, mix: 'all-trusted' }),
      autoComplete: true,
    });
  }, 120_000);
  afterAll(() => emulator?.close());

  it('is listed to the last of its 105 pages and every tenant is stored', async () => {
    const app = await startReliabilityApp(emulator, tempDir());
    try {
      const { accountId } = await app.services.handlers.signIn(undefined);
      await app.listOnly(accountId);
      const listed = listedIn(emulator);
      const stored = app.services.store.data().tenants.filter((t) => t.accountId === accountId);
      const pages = emulator.requestCount({ endpoint: 'tenants' });
      figures.add('tenantsListed', listed);
      figures.add('tenantsStored', stored.length);
      figures.add('listingPages', pages);
      expect(listed).toBe(5202);
      expect(pages).toBe(105);
      expect(stored).toHaveLength(listed);
      expect(stored.every((t) => t.listed && t.source === 'arm')).toBe(true);
      const state = await app.services.handlers.getState(undefined);
      expect(state.notices).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('a listing that does not end by itself', () => {
  let emulator: Emulator;
  let proxy: ArmProxy;
  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: generateScenario({ tenants: 120, mix: 'all-trusted' }),
      autoComplete: true,
    });
    proxy = await startArmProxy(emulator);
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
  });

  it('ends with a notice, keeps what came as partial, and the next scan lists everything again', async () => {
    const app = await startReliabilityApp(emulator, tempDir(), { 'management.azure.com': proxy.url });
    try {
      const { handlers, store } = app.services;
      const { accountId } = await handlers.signIn(undefined);
      const records = () => store.data().tenants.filter((t) => t.accountId === accountId);
      const noticeOf = async () =>
        (await handlers.getState(undefined)).notices.find((n) => n.id === partialListingNoticeId(accountId));

      // Yesterday: a whole listing, 121 tenants (three pages).
      await app.listOnly(accountId);
      expect(records()).toHaveLength(listedIn(emulator));
      expect(await noticeOf()).toBeUndefined();

      // Today page 1 names itself as the next page: a loop after 50 tenants.
      proxy.mode = 'self-link';
      proxy.pages = 0;
      await app.listOnly(accountId);
      figures.add('listingPages', proxy.pages);
      figures.add('faults');
      expect(proxy.pages).toBe(1);
      const loop = await noticeOf();
      expect(loop).toMatchObject({ intent: 'warning', title: 'The list of your organisations is incomplete' });
      expect(loop?.message).toMatch(/pointed back to a page already read/);
      expect(loop?.message).toMatch(/none was marked as no longer listed/);
      // The 71 tenants beyond the loop are still there and still listed: a partial list marks nothing.
      expect(records()).toHaveLength(listedIn(emulator));
      expect(records().every((t) => t.listed && t.source === 'arm')).toBe(true);

      // A server that sends a new nextLink forever, each serving the last page again.
      proxy.mode = 'fresh-links';
      proxy.pages = 0;
      await app.listOnly(accountId);
      figures.add('listingPages', proxy.pages);
      figures.add('faults');
      expect(proxy.pages).toBeLessThan(20);
      expect((await noticeOf())?.message).toMatch(/brought no organisation not already listed/);
      expect(records().every((t) => t.listed)).toBe(true);
      // The notice is replaced, not repeated.
      const state = await handlers.getState(undefined);
      expect(state.notices.filter((n) => n.id === partialListingNoticeId(accountId))).toHaveLength(1);

      // The next scan with an honest ARM reads the whole list again, and the notice goes.
      proxy.mode = 'honest';
      proxy.pages = 0;
      await app.listOnly(accountId);
      figures.add('listingPages', proxy.pages);
      expect(proxy.pages).toBe(3);
      expect(await noticeOf()).toBeUndefined();
      figures.add('tenantsListed', listedIn(emulator));
      figures.add('tenantsStored', records().length);
      expect(records()).toHaveLength(listedIn(emulator));
    } finally {
      await app.close();
    }
  }, 60_000);
});
