/**
 * `npm run emulator -- --scenario <file> [--auto] [--verbose]`: runs the Entra emulator standalone (for the
 * demo, a browser session or another process). Prints one JSON line (URLs, routes, CA certificate) for
 * programs and one readable line for people, then serves until Ctrl-C. A bad scenario exits with status 1 and
 * the one-line reason.
 */
import { ScenarioError, startEmulator, type Emulator } from '../test/emulator';

interface CliOptions {
  scenario: string;
  auto: boolean;
  verbose: boolean;
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

void main();
