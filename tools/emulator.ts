/**
 * `npm run emulator -- --scenario <file> [--auto] [--verbose]`: runs the Entra emulator standalone (for the
 * demo, a browser session or another process). Prints one JSON line (URLs, routes, CA certificate) for
 * programs and one readable line for people, then serves until Ctrl-C. A bad scenario exits with status 1 and
 * the one-line reason.
 *
 * `--ipc`: for a parent process that forks this file (the benchmark): no output; JSON messages over Node's IPC
 * channel, one request at a time (`EmulatorIpcRequest` in, `EmulatorIpcReply` out). The parent names a scenario
 * file or asks for a generated one, reads the request log with the emulator process's CPU time, and closes it.
 * The process exits when told to close or when its parent goes away.
 */
import {
  ScenarioError,
  startEmulator,
  type Emulator,
  type RequestRecord,
  type ScenarioFault,
  type ScenarioInput,
} from './entra-emulator';
import { generateScenario, type GenerateOptions } from './entra-emulator/generate-scenario';

/** What a parent sends in `--ipc` mode. */
export type EmulatorIpcRequest =
  | {
      type: 'start';
      /** A scenario file, a scenario, or the options of a generated one (tools/entra-emulator/generate-scenario.ts). */
      scenario:
        { file: string } | { input: ScenarioInput } | { generate: GenerateOptions & { minListedGuests?: number } };
    }
  /** Adds a fault to a tenant while running (as a partner's service would start failing). */
  | { type: 'fault'; tenant: string; fault: ScenarioFault }
  /** Lets the answers a `hold` fault keeps back for a tenant go on. */
  | { type: 'release'; tenant: string }
  /** Request records from index `since` on, and this process's CPU time so far. */
  | { type: 'log'; since: number }
  | { type: 'close' };

/** What this process answers in `--ipc` mode. */
export type EmulatorIpcReply =
  | {
      type: 'ready';
      tenants: number;
      /** Tenants ARM lists: the home tenant and every guest tenant whose guest was not removed. */
      listed: number;
      startupMs: number;
      httpsUrl: string;
      httpUrl: string;
      browserBaseUrl: string;
      routes: Record<string, string>;
      caPem: string;
    }
  | { type: 'log'; records: RequestRecord[]; total: number; cpuMicros: number }
  | { type: 'fault-added' }
  | { type: 'released'; count: number }
  | { type: 'error'; message: string };

interface CliOptions {
  scenario: string;
  auto: boolean;
  verbose: boolean;
}

/** Tenants of a scenario that ARM lists: the home and every guest tenant whose guest was not removed. */
function listedCount(tenants: Record<string, { guest?: { state?: string } | undefined }>): number {
  return Object.values(tenants).filter((t) => t.guest?.state !== 'removed').length;
}

/**
 * A generated scenario whose listing holds at least `minListedGuests` guest tenants: the realistic mix removes a
 * few guests, so the size grows until the listing is long enough.
 */
function generated(options: GenerateOptions & { minListedGuests?: number }) {
  const { minListedGuests, ...rest } = options;
  let tenants = rest.tenants;
  for (;;) {
    const scenario = generateScenario({ ...rest, tenants });
    const guests = listedCount(scenario.tenants) - 1;
    if (minListedGuests === undefined || guests >= minListedGuests) return scenario;
    tenants += minListedGuests - guests;
  }
}

/** `--ipc`: the emulator driven by a parent process over Node's IPC channel. */
function serveIpc(): void {
  let emulator: Emulator | null = null;
  const reply = (message: EmulatorIpcReply): void => void process.send?.(message);
  const handle = async (message: EmulatorIpcRequest): Promise<void> => {
    switch (message.type) {
      case 'start': {
        const spec = message.scenario;
        const scenario = 'file' in spec ? spec.file : 'input' in spec ? spec.input : generated(spec.generate);
        emulator = await startEmulator({ scenario, autoComplete: true });
        reply({
          type: 'ready',
          tenants: Object.keys(emulator.scenario.tenants).length,
          listed: listedCount(emulator.scenario.tenants),
          startupMs: emulator.startupMs,
          httpsUrl: emulator.httpsUrl,
          httpUrl: emulator.httpUrl,
          browserBaseUrl: emulator.browserBaseUrl,
          routes: emulator.routes,
          caPem: emulator.caPem,
        });
        return;
      }
      case 'fault': {
        if (!emulator) throw new Error('the emulator has not started');
        emulator.addFault(message.tenant, message.fault);
        reply({ type: 'fault-added' });
        return;
      }
      case 'release': {
        if (!emulator) throw new Error('the emulator has not started');
        reply({ type: 'released', count: emulator.release(message.tenant) });
        return;
      }
      case 'log': {
        const records = emulator ? emulator.requests.slice(message.since) : [];
        const cpu = process.cpuUsage();
        reply({ type: 'log', records, total: emulator?.requests.length ?? 0, cpuMicros: cpu.user + cpu.system });
        return;
      }
      case 'close':
        await emulator?.close();
        process.exit(0);
    }
  };
  process.on('message', (message: EmulatorIpcRequest) => {
    handle(message).catch((error: unknown) => {
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
  });
  process.on('disconnect', () => process.exit(0));
}

function parseArgs(args: string[]): CliOptions {
  let scenario: string | undefined;
  let auto = false;
  let verbose = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--scenario') scenario = args[++i];
    else if (arg?.startsWith('--scenario=')) scenario = arg.slice('--scenario='.length);
    else if (arg === '--auto') auto = true;
    else if (arg === '--verbose') verbose = true;
    else throw new Error(`unknown argument ${arg}; usage: emulator --scenario <file> [--auto] [--verbose]`);
  }
  if (!scenario) throw new Error('missing --scenario <file>; usage: emulator --scenario <file> [--auto] [--verbose]');
  return { scenario, auto, verbose };
}

async function main(): Promise<void> {
  let options: CliOptions;
  let emulator: Emulator;
  try {
    options = parseArgs(process.argv.slice(2));
    emulator = await startEmulator({
      scenario: options.scenario,
      autoComplete: options.auto,
      ...(options.verbose ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
    });
  } catch (error) {
    const message = error instanceof ScenarioError ? error.message : `emulator: ${(error as Error).message}`;
    process.stderr.write(`${message.replace(/\r?\n/g, ' ')}\n`);
    process.exit(1);
  }
  const tenants = Object.keys(emulator.scenario.tenants).length;
  process.stdout.write(
    `${JSON.stringify({
      event: 'ready',
      scenario: emulator.scenario.name,
      httpsUrl: emulator.httpsUrl,
      httpUrl: emulator.httpUrl,
      browserBaseUrl: emulator.browserBaseUrl,
      routes: emulator.routes,
      autoComplete: options.auto,
      startupMs: emulator.startupMs,
      caPem: emulator.caPem,
    })}\n`,
  );
  process.stdout.write(
    `Entra emulator "${emulator.scenario.name}" (${tenants} tenants) ready in ${emulator.startupMs} ms: ` +
      `HTTPS ${emulator.httpsUrl} for ${Object.keys(emulator.routes).join(', ')}; ` +
      `sign-in pages on ${emulator.httpUrl}${options.auto ? ' (auto-complete)' : ''}. Ctrl-C to stop.\n`,
  );
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv.includes('--ipc')) serveIpc();
else void main();
