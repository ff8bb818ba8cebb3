/** Builders and fault-injecting file systems shared by the store tests. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountSummary, Classification, Verdict } from '../../../../shared/model';
import { LOCK_FILE, type TenantListing, type TenantResult } from '../../../../main/store';
import { nodeStoreFs, type StoreFileHandle, type StoreFs } from '../../../../main/fs/atomic-fs';
import { typicalReason } from '../../../support/words';

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gmi-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function account(id = 'acc-1', overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    accountId: id,
    username: `${id}@contoso.example`,
    displayName: 'Ada Guest',
    homeTenantId: '11111111-1111-1111-1111-111111111111',
    homeTenantName: 'Contoso',
    homeDomain: 'contoso.example',
    homeSessionMfa: true,
    ...overrides,
  };
}

/** A GUID-shaped tenant id for tenant number n. */
export function tenantId(n: number): string {
  return `00000000-0000-0000-0000-${n.toString().padStart(12, '0')}`;
}

export function listing(n: number, overrides: Partial<TenantListing> = {}): TenantListing {
  return {
    tenantId: tenantId(n),
    displayName: `Partner ${n}`,
    defaultDomain: `partner${n}.example`,
    domains: [`partner${n}.example`],
    isHome: false,
    source: 'arm',
    listed: true,
    ...overrides,
  };
}

export function classification(verdict: Verdict, leftoverRegistration = false): Classification {
  return {
    verdict,
    leftoverRegistration,
    confidence: 'certain',
    evidence: {
      aadsts: verdict === 'separate-mfa' ? 50076 : null,
      errorCode: null,
      subError: null,
      correlationId: 'c0ffee00-0000-0000-0000-000000000000',
      traceId: null,
      timestamp: null,
      amr: ['pwd', 'mfa'],
      acrs: null,
      claimsChallenge: null,
      policyIds: [],
      message: null,
    },
    reason: typicalReason(verdict),
  };
}

export function result(verdict: Verdict, observedAt: string, leftoverRegistration = false): TenantResult {
  return {
    classification: classification(verdict, leftoverRegistration),
    methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 8' }],
    methodsNote: null,
    sponsors: [{ displayName: 'Sam Sponsor', mail: 'sam@partner.example' }],
    technicalContacts: ['it@partner.example'],
    observedAt,
  };
}

/** The time of day `minute` minutes after a fixed start, as ISO-8601. */
export function at(minute: number): string {
  return new Date(Date.UTC(2026, 0, 1, 8, minute)).toISOString();
}

export interface FaultPlan {
  /** Called before each write with the target path; return 'throw' to fail, 'half' to write half then fail. */
  write?: (path: string, data: string | Uint8Array) => 'ok' | 'throw' | 'half';
  /** Return true to make a rename fail. */
  rename?: (from: string, to: string) => boolean;
}

/** The real file system with injected failures, counting what it does. */
export function faultyFs(plan: FaultPlan, base: StoreFs = nodeStoreFs) {
  const log: string[] = [];
  let openHandles = 0;
  let maxOpenWriteHandles = 0;
  const fs: StoreFs = {
    ...base,
    async open(path, flags) {
      const handle = await base.open(path, flags);
      if (flags === 'r') return handle;
      openHandles += 1;
      maxOpenWriteHandles = Math.max(maxOpenWriteHandles, openHandles);
      const wrapped: StoreFileHandle = {
        async write(data) {
          const decision = plan.write?.(path, data) ?? 'ok';
          log.push(`write ${path} ${decision}`);
          if (decision === 'throw') throw Object.assign(new Error('EIO: injected write failure'), { code: 'EIO' });
          if (decision === 'half') {
            const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
            await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
            await handle.sync();
            throw Object.assign(new Error('ENOSPC: injected short write'), { code: 'ENOSPC' });
          }
          await handle.write(data);
        },
        sync: () => handle.sync(),
        async close() {
          openHandles -= 1;
          await handle.close();
        },
      };
      return wrapped;
    },
    async rename(from, to) {
      if (plan.rename?.(from, to)) {
        log.push(`rename ${to} fail`);
        throw Object.assign(new Error('EIO: injected rename failure'), { code: 'EIO' });
      }
      log.push(`rename ${to}`);
      await base.rename(from, to);
    },
  };
  return {
    fs,
    log,
    get maxOpenWriteHandles() {
      return maxOpenWriteHandles;
    },
  };
}

/** A pid no process has: that of a child that has already exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

/**
 * Leaves the folder's lock as a crashed process would: still there, naming a process that no longer runs. For
 * tests that read what a store left on disk without closing it ("as after a crash"): the next open takes the
 * stale lock over, as the next app start would.
 */
export async function simulateCrash(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return; // closed cleanly: no lock left
  const owner = JSON.parse(text) as { pid: number };
  await writeFile(path, JSON.stringify({ ...owner, pid: deadPid() }));
}
