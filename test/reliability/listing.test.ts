/**
 * A tenant listing is complete or says it is not. The real services list a 5,201-tenant guest through the
 * emulator's paged ARM (50 per page: 105 pages) and store every tenant; a stand-in ARM whose nextLink repeats or
 * never ends gives a notice, keeps what came as a partial list (nothing marked "no longer listed" from it), and
 * the next scan reads the whole list again and clears the notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialListingNoticeId } from '../../main/scan/scanner';
import { AppStore, LIMITS } from '../../main/store';
import type { Notice, TenantRecord } from '../../shared/model';

import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { generateScenario } from '../../tools/entra-emulator/generate-scenario';
import { startArmProxy, type ArmProxy, type ArmProxyMode } from './support/arm-proxy';
import { startReliabilityApp, type ReliabilityApp } from './support/app';
import { reliabilityFigures } from './support/figures';
import { tempDirs } from '../support/temp-dirs';

const figures = reliabilityFigures('listing');
const dirs = tempDirs('gmi-rel-list-');
const tempDir = () => dirs.make();
afterAll(() => dirs.removeAll());

interface Listing {
  /** The emulator of the block's world (set once its beforeAll has run). */
  readonly emulator: Emulator;
  /** The stand-in ARM in front of it (null where ARM is the emulator's own). */
  readonly proxy: ArmProxy;
  /** The app's real services on a data folder (a fresh one unless given), reaching ARM as the block's world does. */
  app(dir?: string): Promise<ReliabilityApp>;
  /** `app()` signed in, with the account's stored tenants and its partial-listing notice (if any) at hand. */
  signedIn(): Promise<SignedIn>;
}

interface SignedIn {
  app: ReliabilityApp;
  accountId: string;
  records(): TenantRecord[];
  noticeOf(): Promise<Notice | undefined>;
}

/**
 * The world of the describe block it is called in: an emulator of `tenants` guests that all trust the home MFA,
 * and, unless `fault` is null, a stand-in ARM in front of it that lists in the way `fault` names (it can change
 * its mode between scans).
 */
function listingWith(fault: ArmProxyMode | null, tenants = 120): Listing {
  let emulator: Emulator | undefined;
  let proxy: ArmProxy | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ scenario: generateScenario({ tenants, mix: 'all-trusted' }), autoComplete: true });
    if (fault) proxy = await startArmProxy(emulator, fault);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
  });
  const app = (dir = tempDir()) =>
    startReliabilityApp(started(emulator, 'the emulator'), dir, proxy ? { 'management.azure.com': proxy.url } : {});
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is started in beforeAll (fault: ${String(fault)})`);
    return value;
  };
  return {
    get emulator() {
      return started(emulator, 'the emulator');
    },
    get proxy() {
      return started(proxy, 'the stand-in ARM');
    },
    app,
    async signedIn() {
      const running = await app();
      const { handlers, store } = running.services;
      const { accountId } = await handlers.signIn(undefined);
      return {
        app: running,
        accountId,
        records: () => store.data().tenants.filter((t) => t.accountId === accountId),
        noticeOf: async () =>
          (await handlers.getState(undefined)).notices.find((n) => n.id === partialListingNoticeId(accountId)),
      };
    },
  };
}

/** Tenants the emulator's ARM lists for the scenario: the home tenant and every guest not removed. */
function listedIn(emulator: Emulator): number {
  return Object.values(emulator.scenario.tenants).filter((t) => t.guest?.state !== 'removed').length;
}

describe('a guest of 5,201 tenants', () => {
  const world = listingWith(null, 5201);

  it('is listed to the last of its 105 pages and every tenant is stored', async () => {
    const { emulator } = world;
    const app = await world.app();
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
  const world = listingWith('honest');

  it("checks the first page's organisations while later pages are still loading", async () => {
    const { emulator, proxy } = world;
    proxy.mode = 'hold-later-pages';
    const { app, accountId, records } = await world.signedIn();
    try {
      const { handlers } = app.services;
      const checked = () => records().filter((t) => t.classification);
      const scan = handlers.startScan({ accountId });
      // Page 2 is held: organisations of page 1 get their verdicts meanwhile.
      while (proxy.waiting === 0 || checked().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(proxy.pages).toBe(1);
      expect(checked().length).toBeGreaterThan(0);
      expect(checked().length).toBeLessThanOrEqual(50);
      proxy.release();
      const progress = await scan;
      expect(progress.error).toBeNull();
      expect(progress.listing).toBe('complete');
      expect(progress.total).toBe(listedIn(emulator));
      expect(progress.done).toBe(listedIn(emulator));
      expect(checked()).toHaveLength(listedIn(emulator));
    } finally {
      proxy.mode = 'honest';
      await app.close();
    }
  }, 120_000);

  it('ends with a notice, keeps what came as partial, and the next scan lists everything again', async () => {
    const { emulator, proxy } = world;
    const { app, accountId, records, noticeOf } = await world.signedIn();
    try {
      const { handlers } = app.services;

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

describe('a listing with entries that do not parse', () => {
  const world = listingWith('honest');

  it('keeps every entry with a readable id, names the rest, and marks nothing as no longer listed', async () => {
    const { emulator, proxy } = world;
    const { app, accountId, records, noticeOf } = await world.signedIn();
    try {
      // Yesterday: a whole listing, 121 tenants.
      await app.listOnly(accountId);
      const listed = listedIn(emulator);
      expect(records()).toHaveLength(listed);

      // Today five entries of page 1 are damaged: three name no readable tenant id, two have a field of the wrong type.
      proxy.mode = 'malformed';
      await app.listOnly(accountId);
      figures.add('badInputs', 5);
      figures.add('tenantsListed', listed);
      figures.add('tenantsStored', records().length);
      const notice = await noticeOf();
      expect(notice).toMatchObject({ intent: 'warning', title: 'The list of your organisations is incomplete' });
      expect(notice?.message).toMatch(/5 entries of Microsoft's list could not be read as expected/);
      expect(notice?.message).toMatch(/a number, not an organisation/);
      expect(notice?.message).toMatch(/displayName could not be read \(kept with the rest\)/);
      expect(notice?.message).toMatch(/domains could not be read/);
      expect(notice?.message).toMatch(/none was marked as no longer listed/);
      // Nothing vanished and nothing is marked as no longer listed.
      expect(records()).toHaveLength(listed);
      expect(records().every((t) => t.listed)).toBe(true);
    } finally {
      await app.close();
    }
    // A folder that knew nothing: every entry with a readable id is stored, the three without are named.
    const fresh = await world.app();
    try {
      const { accountId } = await fresh.services.handlers.signIn(undefined);
      await fresh.listOnly(accountId);
      const stored = fresh.services.store.data().tenants.filter((t) => t.accountId === accountId);
      figures.add('tenantsStored', stored.length);
      // Three are unreadable; the home tenant (the first entry, one of them) is kept from the sign-in itself.
      expect(stored.filter((t) => t.listed)).toHaveLength(listedIn(emulator) - 3);
      expect(stored).toHaveLength(listedIn(emulator) - 2);
      expect(stored.some((t) => t.isHome)).toBe(true);
      const state = await fresh.services.handlers.getState(undefined);
      expect(state.notices.find((n) => n.id === partialListingNoticeId(accountId))?.message).toMatch(
        /the entry's tenant id is not a valid id/,
      );
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe('two accounts over the store limit', () => {
  const world = listingWith(null, 5101);

  it("the second account's listing gets the room the store has left, and a notice says what was not kept", async () => {
    const dir = tempDir();
    // The first account already holds 5,102 tenants (its home and 5,101 guests).
    const { store: seed } = await AppStore.open({ dir });
    const other = {
      accountId: 'first-account.home',
      username: 'first@fabrikam.example',
      displayName: 'First',
      homeTenantId: '22222222-2222-2222-2222-222222222222',
      homeTenantName: 'Fabrikam',
      homeDomain: 'fabrikam.example',
      homeSessionMfa: true,
    };
    await seed.upsertAccount(other);
    await seed.upsertTenants(
      other.accountId,
      Array.from({ length: 5102 }, (_, n) => ({
        tenantId: `00000000-0000-0000-0001-${n.toString().padStart(12, '0')}`,
        displayName: `Partner ${n}`,
        defaultDomain: `partner${n}.example`,
        domains: [],
        isHome: n === 0,
        source: 'arm' as const,
        listed: true,
      })),
    );
    await seed.close();
    const { emulator } = world;
    const app = await world.app(dir);
    try {
      const { handlers, store } = app.services;
      const { accountId } = await handlers.signIn(undefined);
      await app.listOnly(accountId);
      const mine = store.data().tenants.filter((t) => t.accountId === accountId);
      figures.add('tenantsListed', listedIn(emulator));
      figures.add('tenantsStored', mine.length);
      figures.add('faults');
      expect(store.data().tenants).toHaveLength(LIMITS.tenants);
      expect(mine).toHaveLength(LIMITS.tenants - 5102);
      expect(mine.some((t) => t.isHome)).toBe(true);
      const state = await handlers.getState(undefined);
      expect(state.scan?.error ?? null).toBeNull();
      const notice = state.notices.find((n) => n.id === partialListingNoticeId(accountId));
      expect(notice?.message).toMatch(
        new RegExp(
          `keeps at most ${LIMITS.tenants} organisations over all accounts and had room for ${LIMITS.tenants - 5102} more`,
        ),
      );
      expect(notice?.message).toMatch(/none was marked as no longer listed/);
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe('a listing that never answers', () => {
  const world = listingWith('hang', 3);

  it('names a cancel as a cancel and a timeout as a timeout, not as a network problem', async () => {
    const { proxy } = world;
    const app = await world.app();
    try {
      const { handlers } = app.services;
      const { accountId } = await handlers.signIn(undefined);
      await handlers.updateSettings({ probeTimeoutSeconds: 5 });

      // Cancelled while ARM has the request.
      const scan = handlers.startScan({ accountId });
      await expect.poll(() => proxy.waiting, { timeout: 20_000 }).toBeGreaterThan(0);
      await handlers.cancelScan(undefined);
      await scan;
      figures.add('faults');
      const cancelled = (await handlers.getState(undefined)).scan;
      expect(cancelled?.error).toBe('The scan was cancelled while it listed your organisations.');
      expect(cancelled?.cancelled).toBe(true);

      // Left to run into the time limit (5 s, the least the settings allow).
      await handlers.startScan({ accountId });
      figures.add('faults');
      const timedOut = (await handlers.getState(undefined)).scan;
      expect(timedOut?.error).toMatch(/^Azure Resource Manager did not answer within 5 seconds/);
      expect(timedOut?.error).toMatch(/Time limit per organisation/);
      expect(timedOut?.error).not.toMatch(/network connection/);
    } finally {
      await app.close();
    }
  }, 60_000);
});
