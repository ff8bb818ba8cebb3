/**
 * `npm run demo [-- --scenario <file> | --admin] [--port N] [--auto] [--exports <dir>]`: the app's real services and UI
 * against the Entra emulator, in a browser. Starts the emulator with a sample scenario (seed-blog.json by
 * default), the main services under Node with a fresh data folder, and the browser test host serving the built
 * renderer, then prints the URL to open.
 *
 * What the user saves (emails, exports) goes to `--exports`, by default a folder of its own in Downloads (or the
 * home folder), and stays there when the demo stops; only the demo's data folder (sign-in, inventory) is removed.
 * Nothing opens a browser page, a mail app or the clipboard for the app's links and emails: the window says what
 * the app would open (node-env's `announceHandoffs`).
 *
 * `--admin`: the partner-admin mode's sample resource tenant (resource-tenant-admin.json, Megan Bowen administers
 * Woodgrove Bank and its guests from other organisations); the window's "I manage a Microsoft Entra tenant" opens it.
 *
 * Sign-in: the app opens the emulator's sign-in pages in the system browser (xdg-open / open / start), as the
 * real app opens Microsoft's. Where no browser can be opened (a headless machine) or with --auto, the emulator's
 * pages are completed automatically, so "Sign in" simply works: as the scenario's first user not signed in yet, so
 * that "Add another account" brings in the second user of a scenario with several (two-users.json).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../main/services/app-services';
import { ScenarioError, startEmulator } from './entra-emulator';
import { completeSignInAutomatically } from './entra-emulator/auto-browser';
import { createChromiumPdfRenderer } from './chromium-pdf';
import { createNodeEnvironment } from './node-env';
import { startTestHost } from './browser-host';

const root = path.resolve(__dirname, '..');

/** The partner-admin mode's sample resource tenant (`--admin`). */
export const ADMIN_SCENARIO = path.join(root, 'test/scenarios/resource-tenant-admin.json');

export interface DemoOptions {
  scenario: string;
  /** The admin mode's sample: the demo says how to reach the admin mode. */
  admin?: boolean;
  port: number;
  auto: boolean;
  /** Where saved emails and exports go; null: `defaultExportsDir()`. */
  exports: string | null;
}

export function parse(argv: string[]): DemoOptions {
  const options: DemoOptions = {
    scenario: path.join(root, 'test/scenarios/seed-blog.json'),
    admin: false,
    port: 0,
    auto: false,
    exports: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--scenario') options.scenario = path.resolve(argv[++i] ?? '');
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--auto') options.auto = true;
    else if (arg === '--admin') {
      options.admin = true;
      options.scenario = ADMIN_SCENARIO;
    } else if (arg === '--exports') {
      const dir = argv[++i];
      if (!dir) throw new Error('--exports needs a folder');
      options.exports = path.resolve(dir);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new Error('--port must be a port number');
  return options;
}

/**
 * Where the demo saves what the user saves (emails, exports): a folder of its own in the user's Downloads, or in
 * the home folder where there is no Downloads. It is never deleted: the files are the user's.
 */
export function defaultExportsDir(home: string = homedir(), exists: (dir: string) => boolean = existsSync): string {
  const downloads = path.join(home, 'Downloads');
  return path.join(exists(downloads) ? downloads : home, 'guest-mfa-inventory-demo');
}

/** The upns of a scenario's home users, the default one first. */
export function scenarioUsers(scenario: {
  user?: { upn: string } | undefined;
  users?: { upn: string }[] | undefined;
}): string[] {
  return scenario.users ? scenario.users.map((u) => u.upn) : scenario.user ? [scenario.user.upn] : [];
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

export interface RunningDemo {
  url: string;
  exportsDir: string;
  /** The demo's own data (sign-in, inventory), removed when it stops. */
  userDataDir: string;
  services: AppServices;
  scenario: { name: string; tenants: number };
  /** Stops everything and removes the demo's data folder; the exports folder and its files stay. */
  stop(): Promise<void>;
}

/** Starts the emulator, the app's services with a fresh data folder, and the browser host. */
export async function startDemo(
  options: DemoOptions,
  log: (line: string) => void = (line) => console.log(line),
  rendererDir: string = path.join(root, 'out/renderer'),
): Promise<RunningDemo> {
  const emulator = await startEmulator({ scenario: options.scenario, autoComplete: options.auto });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-demo-'));
  const exportsDir = options.exports ?? defaultExportsDir();
  mkdirSync(exportsDir, { recursive: true });
  const pdf = createChromiumPdfRenderer();
  let host: Awaited<ReturnType<typeof startTestHost>> | null = null;
  let services: AppServices | null = null;
  /**
   * Who an automatic sign-in signs in: the scenario's first user without an account in the app yet; once all are
   * signed in, none (the emulator's default user, or the one the sign-in asks for, e.g. "Sign in to this tenant").
   */
  const nextUser = (): string | undefined => {
    const signedIn = new Set((services?.store.data().accounts ?? []).map((a) => a.username.toLowerCase()));
    return scenarioUsers(emulator.scenario).find((upn) => !signedIn.has(upn.toLowerCase()));
  };
  const env = createNodeEnvironment({
    userDataDir,
    emulator,
    browser: async (browserUrl) => {
      if (!options.auto && (await openWithSystem(browserUrl))) {
        log(`Sign-in page opened in your browser: ${browserUrl}`);
        return;
      }
      const account = nextUser();
      log(
        `No browser is opened${options.auto ? ' (--auto)' : ' here'}: the emulator completes the sign-in pages automatically${account ? ` as ${account}` : ''}.`,
      );
      await completeSignInAutomatically(browserUrl, emulator, account ? { account } : {});
    },
    exportsDir,
    renderPdf: (html) => pdf.render(html),
    emit: (event) => host?.emit(event),
    log: (message) => log(`[app] ${message}`),
    // No mail app, browser or clipboard stands behind the demo's services: the window says what would open.
    announceHandoffs: true,
  });
  services = await createAppServices(env);
  const started = services;
  host = await startTestHost({ rendererDir, handlers: started.handlers, port: options.port });
  const running = host;
  return {
    url: running.url,
    exportsDir,
    userDataDir,
    services: started,
    scenario: { name: emulator.scenario.name, tenants: Object.keys(emulator.scenario.tenants).length },
    async stop() {
      await running.close();
      await started.shutdown();
      await emulator.close();
      await pdf.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (!existsSync(path.join(root, 'out/renderer', 'index.html')))
    throw new Error('the renderer is not built: run "npm run build" first');
  const demo = await startDemo(options);
  console.log('');
  console.log(`Guest MFA Inventory demo — scenario "${demo.scenario.name}" (${demo.scenario.tenants} tenants)`);
  console.log(`Open: ${demo.url}`);
  if (options.admin)
    console.log(
      'Admin mode: on the welcome page click "I manage a Microsoft Entra tenant", then "Sign in as administrator".',
    );
  console.log(
    '(Open the whole address: the part after # is the key that lets that page, and only it, reach the demo.)',
  );
  console.log(`Saved files (emails, exports) go to ${demo.exportsDir}; they stay there when the demo stops.`);
  console.log('Press Ctrl-C to stop.');
  const stop = async (): Promise<void> => {
    await demo.stop();
    console.log(`Demo stopped. Your saved files stay in ${demo.exportsDir}.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module)
  main().catch((error: unknown) => {
    const message =
      error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`demo: ${message.split('\n')[0]}`);
    process.exit(1);
  });
