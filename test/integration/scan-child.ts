/**
 * Child process for the app-level kill test (scan-kill.test.ts): the real services under Node, pointed at an
 * emulator the parent runs. Signs in if the data folder has no account yet, then scans, printing
 * `saved <tenantId> <verdict> <observedAt>` for every result the app reports as saved (a `state` event
 * carries a record only after the store confirmed the write). The parent kills it mid-scan with SIGKILL.
 *
 * Input: GMI_SCAN_CHILD, JSON `{ userDataDir, cacheKeyHex, routes, caPem, httpUrl, httpsUrl }`.
 */
import { createAppServices } from '../../main/services/app-services';
import type { EmulatorEndpoints } from '../../tools/headless-sign-in';
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
  // The emulator runs in the parent: the Node environment needs only its endpoints.
  const remote: EmulatorEndpoints = {
    httpsUrl: input.httpsUrl,
    httpUrl: input.httpUrl,
    browserBaseUrl: input.httpUrl,
    routes: input.routes,
    caPem: input.caPem,
  };
  const env = createNodeEnvironment({
    userDataDir: input.userDataDir,
    emulator: remote,
    browser: 'auto',
    cacheKey: Buffer.from(input.cacheKeyHex, 'hex'),
    // The store reports a change once it is on disk: a record a state event carries with a result is saved.
    emit: (event) => {
      if (event.type !== 'state') return;
      for (const { tenantId, classification, observedAt } of event.patch.tenants?.put ?? []) {
        if (classification && observedAt)
          process.stdout.write(`saved ${tenantId} ${classification.verdict} ${observedAt}\n`);
      }
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
