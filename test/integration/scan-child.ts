/**
 * Child process for the app-level kill test (scan-kill.test.ts): the real services under Node, pointed at an
 * emulator the parent runs. Signs in if the data folder has no account yet, then scans, printing
 * `saved <tenantId> <verdict> <observedAt>` for every result the app reports as saved (the tenant-updated
 * event comes after the store confirmed the write). The parent kills it mid-scan with SIGKILL.
 *
 * Input: GMI_SCAN_CHILD, JSON `{ userDataDir, cacheKeyHex, routes, caPem, httpUrl, httpsUrl }`.
 */
import { createAppServices } from '../../main/services/app-services';
import { rewriteToBrowserBase, type Emulator } from '../emulator';
import { createNodeEnvironment } from '../../tools/node-env';

interface ChildInput {
  userDataDir: string;
  cacheKeyHex: string;
  routes: Record<string, string>;
  caPem: string;
  httpUrl: string;
  httpsUrl: string;
}

async function main(input: ChildInput): Promise<void> {
  const port = new URL(input.httpsUrl).port;
  // The parts of the emulator handle the Node environment uses, for an emulator in another process.
  const remote = {
    routes: input.routes,
    caPem: input.caPem,
    browserBaseUrl: input.httpUrl,
    toBrowserUrl: (url: string) => rewriteToBrowserBase(url, input.httpUrl, [`127.0.0.1:${port}`, `localhost:${port}`]),
  } as unknown as Emulator;
  const env = createNodeEnvironment({
    userDataDir: input.userDataDir,
    emulator: remote,
    browser: 'auto',
    cacheKey: Buffer.from(input.cacheKeyHex, 'hex'),
    emit: (event) => {
      if (event.type !== 'tenant-updated') return;
      const { tenantId, classification, observedAt } = event.tenant;
      process.stdout.write(`saved ${tenantId} ${classification?.verdict ?? 'none'} ${observedAt ?? 'none'}\n`);
    },
  });
  const services = await createAppServices(env);
  const [known] = await services.auth().homeAccounts();
  const accountId = known?.homeAccountId ?? (await services.handlers.signIn(undefined)).accountId;
  await services.handlers.updateSettings({ concurrency: 3 });
  process.stdout.write(`scanning ${accountId}\n`);
  await services.handlers.startScan({ accountId });
  process.stdout.write('finished\n');
  await services.shutdown();
}

const raw = process.env['GMI_SCAN_CHILD'];
if (raw) {
  main(JSON.parse(raw) as ChildInput).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
