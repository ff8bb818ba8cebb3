/**
 * The Entra emulator as a child process of the benchmark, driven over Node's IPC channel (see protocol.ts):
 * the app's CPU and memory figures then exclude the emulator's work. Started by `fork`; exits when told to
 * close or when its parent goes away.
 */
import { startEmulator, type Emulator } from '../test/emulator';
import type { EmulatorReply, EmulatorRequest } from './protocol';

let emulator: Emulator | null = null;

function reply(message: EmulatorReply): void {
  process.send?.(message);
}

async function handle(message: EmulatorRequest): Promise<void> {
  switch (message.type) {
    case 'start': {
      emulator = await startEmulator({ scenario: message.scenario, autoComplete: true });
      reply({
        type: 'ready',
        tenants: Object.keys(emulator.scenario.tenants).length,
        startupMs: emulator.startupMs,
        httpsUrl: emulator.httpsUrl,
        httpUrl: emulator.httpUrl,
        browserBaseUrl: emulator.browserBaseUrl,
        routes: emulator.routes,
        caPem: emulator.caPem,
      });
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
}

process.on('message', (message: EmulatorRequest) => {
  handle(message).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));
