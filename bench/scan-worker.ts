/**
 * The scanning process of the benchmark: the app's real services (createAppServices) in a process of their
 * own, so that its CPU time and resident memory are the app's alone. Told by the orchestrator over IPC to
 * sign in, then to run scans at a given concurrency; answers each with what it measured (protocol.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccountInfo } from '@azure/msal-node';
import { createAppServices, type AppServices } from '../main/services/app-services';
import type { AuthService, ProbeSession } from '../main/auth/auth-service';
import { createAesGcmCrypto } from '../tools/aes-gcm-crypto';
import { createBenchEnvironment } from './app-environment';
import { entryKeyForTenant } from '../shared/entry-keys';
import { ENTRY_ANSWERS } from '../shared/model';
import type { AnswerMeasurement, ScanMeasurement, ScanOrder, WorkerReply, WorkerRequest } from './protocol';

const RSS_SAMPLE_MS = 50;
const crypto = createAesGcmCrypto();
const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-bench-'));
let services: AppServices | null = null;
let accountId = '';

function reply(message: WorkerReply): void {
  process.send?.(message);
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Counts the token calls of the probe sessions opened while `counter` is installed, with their CPU time. */
function instrumentTokenCalls(auth: AuthService, counter: { count: number; cpuMs: number; wallMs: number }) {
  const original = auth.openProbeSession.bind(auth);
  auth.openProbeSession = (account: AccountInfo): ProbeSession => {
    const session = original(account);
    return {
      close: () => session.close(),
      async tenantToken(tenantId, options) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        try {
          return await session.tenantToken(tenantId, options);
        } finally {
          counter.count += 1;
          counter.cpuMs += cpuMsSince(cpu);
          counter.wallMs += performance.now() - started;
        }
      },
    };
  };
  return () => {
    auth.openProbeSession = original;
  };
}

async function persistedCache(): Promise<ScanMeasurement['persistedCache']> {
  try {
    const data = await readFile(path.join(userDataDir, 'msal-cache.bin'));
    const sections = JSON.parse(crypto.decrypt(data)) as Record<string, Record<string, unknown>>;
    const entries = Object.fromEntries(
      Object.entries(sections).map(([name, items]) => [name, Object.keys(items).length]),
    );
    return { fileBytes: data.length, entries };
  } catch {
    return null;
  }
}

async function scan(order: ScanOrder): Promise<ScanMeasurement> {
  if (!services) throw new Error('not signed in');
  await services.handlers.updateSettings({ concurrency: order.concurrency });
  const tokenCalls = order.isolateTokenCalls ? { count: 0, cpuMs: 0, wallMs: 0 } : null;
  const restore = tokenCalls ? instrumentTokenCalls(services.auth(), tokenCalls) : () => undefined;
  const writesBefore = services.diagnostics().tokenCacheWrites;
  const rssBaselineBytes = process.memoryUsage.rss();
  let rssPeakBytes = rssBaselineBytes;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const cpu = process.cpuUsage();
  const startedAtEpochMs = Date.now();
  const started = performance.now();
  let progress;
  try {
    progress = await services.handlers.startScan({ accountId });
  } finally {
    clearInterval(sampler);
    restore();
  }
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage.rss());
  const states = Object.values(progress.tenants);
  return {
    concurrency: order.concurrency,
    startedAtEpochMs,
    wallMs,
    probed: progress.total,
    stored: services.store.data().tenants.length,
    failed: states.filter((state) => state === 'failed').length,
    cancelled: progress.cancelled,
    error: progress.error,
    cpuMs,
    rssBaselineBytes,
    rssPeakBytes,
    heapUsedAfterBytes: process.memoryUsage().heapUsed,
    tokenCacheWrites: services.diagnostics().tokenCacheWrites - writesBefore,
    tokenCalls,
    persistedCache: await persistedCache(),
  };
}

/** Whole-file saves timed after the answers (the earlier cost of one answer's save). */
const WHOLE_FILE_SAVES = 5;

/** Gives `count` guest entries an answer each, timing the handler and the state event that follows it. */
async function answers(count: number): Promise<AnswerMeasurement> {
  if (!services) throw new Error('not signed in');
  const { handlers, store } = services;
  const guests = store.data().tenants.filter((t) => t.accountId === accountId && !t.isHome);
  const measurement: AnswerMeasurement = {
    organisations: store.data().tenants.length,
    handlerMs: [],
    saveMs: [],
    wholeFileSaveMs: [],
    stateEventMs: [],
  };
  // The store's share of the handler: its save, timed around the store call.
  const save = store.setEntryConfirmation.bind(store);
  let savingMs = 0;
  store.setEntryConfirmation = async (...args) => {
    const started = performance.now();
    try {
      return await save(...args);
    } finally {
      savingMs += performance.now() - started;
    }
  };
  await handlers.getState(undefined);
  for (let i = 0; i < Math.min(count, guests.length); i += 1) {
    // Spread over the list, so that neither the first nor the last records are favoured.
    const guest = guests[Math.floor((i * guests.length) / count)]!;
    savingMs = 0;
    const started = performance.now();
    await handlers.setEntryConfirmation({
      key: entryKeyForTenant(accountId, guest.tenantId),
      answer: ENTRY_ANSWERS[i % ENTRY_ANSWERS.length]!,
    });
    const saved = performance.now();
    // getState sends the pending state event first: what main does for the renderer after the answer.
    await handlers.getState(undefined);
    measurement.handlerMs.push(saved - started);
    measurement.saveMs.push(savingMs);
    measurement.stateEventMs.push(performance.now() - saved);
  }
  store.setEntryConfirmation = save;
  // The earlier way, side by side: every answer rewrote the whole data file, which is what a flush does.
  for (let i = 0; i < WHOLE_FILE_SAVES; i += 1) {
    const started = performance.now();
    await store.flush();
    measurement.wholeFileSaveMs.push(performance.now() - started);
  }
  return measurement;
}

async function handle(message: WorkerRequest): Promise<void> {
  switch (message.type) {
    case 'init': {
      services = await createAppServices(createBenchEnvironment({ userDataDir, emulator: message.emulator, crypto }));
      const account = await services.handlers.signIn(undefined);
      accountId = account.accountId;
      reply({ type: 'ready', accountId });
      return;
    }
    case 'scan':
      reply({ type: 'scanned', measurement: await scan(message.order) });
      return;
    case 'answers':
      reply({ type: 'answered', measurement: await answers(message.count) });
      return;
    case 'close':
      await services?.shutdown();
      rmSync(userDataDir, { recursive: true, force: true });
      process.exit(0);
  }
}

process.on('message', (message: WorkerRequest) => {
  handle(message).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
process.on('disconnect', () => {
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(0);
});
