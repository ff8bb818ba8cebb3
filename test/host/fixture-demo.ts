/**
 * TEST TOOLING: serves the built renderer with the in-memory fixture handlers, for looking at the UI in any
 * browser without Entra. Run `npx electron-vite build --config electron.config.ts`, then
 * `npx tsx test/host/fixture-demo.ts [--empty | --large]` and open the printed URL. Ctrl+C stops it.
 */
import path from 'node:path';
import { emptySnapshot, fixtureSnapshot, largeSnapshot } from '../fixtures/ui-snapshot';
import { createFixtureHandlers } from './fixture-handlers';
import { startTestHost, type TestHost } from '../../tools/browser-host';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const snapshot = args.has('--empty') ? emptySnapshot() : args.has('--large') ? largeSnapshot(500) : fixtureSnapshot();
  let host: TestHost | null = null;
  const fixture = createFixtureHandlers({ emit: (event) => host?.emit(event), snapshot, scanDurationMs: 4000 });
  host = await startTestHost({
    rendererDir: path.resolve(__dirname, '../../out/renderer'),
    handlers: fixture.handlers,
  });
  process.stdout.write(`Fixture UI at ${host.url}\n`);
  const stop = () => void host?.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
