/**
 * `npm run demo [-- --scenario <file>] [--port N] [--auto]`: the app's real services and UI against the Entra
 * emulator, in a browser. Starts the emulator with a sample scenario (seed-blog.json by default), the main
 * services under Node with a fresh data folder, and the browser test host serving the built renderer, then
 * prints the URL to open.
 *
 * Sign-in: the app opens the emulator's sign-in pages in the system browser (xdg-open / open / start), as the
 * real app opens Microsoft's. Where no browser can be opened (a headless machine) or with --auto, the emulator's
 * pages are completed automatically, so "Sign in" simply works.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices } from '../main/services/app-services';
import { ScenarioError, startEmulator } from '../test/emulator';
import { completeSignInAutomatically } from '../test/emulator/auto-browser';
import { createChromiumPdfRenderer } from './chromium-pdf';
import { createNodeEnvironment } from './node-env';
import { startTestHost } from './browser-host';

const root = path.resolve(__dirname, '..');

interface DemoOptions {
  scenario: string;
  port: number;
  auto: boolean;
}

function parse(argv: string[]): DemoOptions {
  const options: DemoOptions = { scenario: path.join(root, 'test/scenarios/seed-blog.json'), port: 0, auto: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--scenario') options.scenario = path.resolve(argv[++i] ?? '');
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--auto') options.auto = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new Error('--port must be a port number');
  return options;
}

/** Opens a URL with the desktop's handler; resolves false when there is none (headless machine). */
function openWithSystem(url: string): Promise<boolean> {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'])
    return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
    child.unref();
  });
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const rendererDir = path.join(root, 'out/renderer');
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new Error('the renderer is not built: run "npm run build" first');
  const emulator = await startEmulator({ scenario: options.scenario, autoComplete: options.auto });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-demo-'));
  const pdf = createChromiumPdfRenderer();
  let host: Awaited<ReturnType<typeof startTestHost>> | null = null;
  const env = createNodeEnvironment({
    userDataDir,
    emulator,
    browser: async (browserUrl) => {
      if (!options.auto && (await openWithSystem(browserUrl))) {
        console.log(`Sign-in page opened in your browser: ${browserUrl}`);
        return;
      }
      console.log('No browser could be opened here: the emulator completes the sign-in pages automatically.');
      await completeSignInAutomatically(browserUrl, emulator);
    },
    exportsDir: path.join(userDataDir, 'exports'),
    renderPdf: (html) => pdf.render(html),
    emit: (event) => host?.emit(event),
    log: (message) => console.log(`[app] ${message}`),
  });
  const services = await createAppServices(env);
  host = await startTestHost({ rendererDir, handlers: services.handlers, port: options.port });
  console.log('');
  console.log(
    `Guest MFA Inventory demo — scenario "${emulator.scenario.name}" (${Object.keys(emulator.scenario.tenants).length} tenants)`,
  );
  console.log(`Open: ${host.url}`);
  console.log(`Saved files (emails, exports) go to ${path.join(userDataDir, 'exports')}`);
  console.log('Press Ctrl-C to stop.');
  const stop = async (): Promise<void> => {
    await host?.close();
    await services.shutdown();
    await emulator.close();
    await pdf.close();
    rmSync(userDataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const message =
    error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`demo: ${message.split('\n')[0]}`);
  process.exit(1);
});
