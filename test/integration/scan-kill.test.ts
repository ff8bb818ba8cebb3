/**
 * The app process killed mid-scan (what the store's own kill test cannot show: the real scanner's writes,
 * journal and compaction together with the encrypted token cache). A child process runs the real services
 * against an emulator in this process and is SIGKILLed after some results were reported saved; twice, the
 * second run starting on what the first left. Then the app opens that folder: the store parses without a
 * notice, every reported result is there, the sign-in survived, and the next scan completes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppStore } from '../../main/store';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { generateScenario } from '../../tools/entra-emulator/generate-scenario';
import { startApp } from '../support/app-harness';

interface Reported {
  verdict: string;
  observedAt: string;
}

describe('the app killed in the middle of a scan', () => {
  let emulator: Emulator;
  let dir: string;
  const cacheKey = randomBytes(32);

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: generateScenario({ tenants: 60, latencyMs: 25 }), autoComplete: true });
    dir = mkdtempSync(path.join(tmpdir(), 'gmi-kill-'));
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the child until it reported `target` saved results, kills it, and returns what it reported. */
  function scanAndKill(target: number): Promise<Map<string, Reported>> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'scan-child.ts')], {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          GMI_SCAN_CHILD: JSON.stringify({
            userDataDir: dir,
            cacheKeyHex: cacheKey.toString('hex'),
            routes: emulator.routes,
            caPem: emulator.caPem,
            httpUrl: emulator.httpUrl,
            httpsUrl: emulator.httpsUrl,
          }),
        },
      });
      const reported = new Map<string, Reported>();
      let buffer = '';
      let stderr = '';
      let killed = false;
      const read = (line: string) => {
        const match = /^saved (\S+) (\S+) (\S+)$/.exec(line);
        if (match) reported.set(match[1]!, { verdict: match[2]!, observedAt: match[3]! });
      };
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        lines.forEach(read);
        if (!killed && reported.size >= target) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      // 'close' comes after the pipes are drained: lines written before the kill are all read.
      child.on('close', (_code, signal) => {
        buffer.split('\n').forEach(read);
        if (signal === 'SIGKILL') resolve(reported);
        else reject(new Error(`the scan ended before the kill (${signal ?? 'no signal'}): ${stderr}`));
      });
    });
  }

  it('keeps every result reported saved, the sign-in, and a store the next scan completes on', async () => {
    const reported = new Map<string, Reported>();
    for (const target of [4, 25]) {
      for (const [tenantId, result] of await scanAndKill(target)) reported.set(tenantId, result);
    }
    expect(reported.size).toBeGreaterThanOrEqual(25);

    // The data file parses, and a store opened on the folder reports nothing set aside.
    expect(JSON.parse(readFileSync(path.join(dir, 'app-data.json'), 'utf8')).schemaVersion).toBe(1);
    const { store, notices } = await AppStore.open({ dir });
    expect(notices).toEqual([]);
    for (const [tenantId, result] of reported) {
      const record = store.data().tenants.find((t) => t.tenantId === tenantId);
      // The reported result, or a later one the child saved before it could report it.
      expect(record?.observedAt && record.observedAt >= result.observedAt, tenantId).toBe(true);
      if (record?.observedAt === result.observedAt)
        expect(record.classification?.verdict, tenantId).toBe(result.verdict);
    }
    await store.close();

    const app = await startApp(emulator.scenario, { emulator, userDataDir: dir, env: { cacheKey } });
    try {
      const state = await app.services.handlers.getState(undefined);
      expect(state.notices).toEqual([]);
      const [account] = state.accounts;
      expect(account).toBeDefined();
      const progress = await app.services.handlers.startScan({ accountId: account!.accountId });
      expect(progress).toMatchObject({ error: null, cancelled: false, done: progress.total });
      expect(progress.total).toBeGreaterThan(50);
      expect(app.services.store.data().tenants.every((t) => t.classification !== null)).toBe(true);
      // One interactive sign-in in all: the killed runs did not lose the token cache.
      expect(emulator.requestCount({ endpoint: 'authorize' })).toBe(1);
    } finally {
      await app.close({ keepData: true });
    }
  }, 90_000);
});
