/**
 * The Entra emulator in a child process, through its CLI's `--ipc` mode (tools/emulator.ts), for tests whose own
 * process cannot run it: jsdom's WebCrypto refuses Node's buffers, so the renderer's tests keep the emulator out
 * of their realm, and the UI tests keep its work off the browser test's process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ScenarioFault, ScenarioInput } from '../../tools/entra-emulator';
import type { EmulatorEndpoints } from '../../tools/headless-sign-in';
import type { EmulatorIpcReply, EmulatorIpcRequest } from '../../tools/emulator';

const CLI = path.resolve(__dirname, '../../tools/emulator.ts');

export interface EmulatorChild extends EmulatorEndpoints {
  /** Adds a fault to a tenant of the running world. */
  addFault(tenantKey: string, fault: ScenarioFault): Promise<void>;
  /** Lets the answers a `hold` fault keeps back for a tenant go on (and drops its untaken holds): how many. */
  release(tenantKey: string): Promise<number>;
  close(): Promise<void>;
}

export async function startEmulatorChild(scenario: ScenarioInput): Promise<EmulatorChild> {
  const child: ChildProcess = fork(CLI, ['--ipc'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const ask = (message: EmulatorIpcRequest) =>
    new Promise<EmulatorIpcReply>((resolve, reject) => {
      if (exited) return reject(new Error('the emulator process has exited'));
      const onExit = () => reject(new Error('the emulator process exited before it answered'));
      child.once('exit', onExit);
      child.once('message', (reply: EmulatorIpcReply) => {
        child.off('exit', onExit);
        if (reply.type === 'error') reject(new Error(reply.message));
        else resolve(reply);
      });
      child.send(message);
    });
  const ready = await ask({ type: 'start', scenario: { input: scenario } });
  if (ready.type !== 'ready') throw new Error(`the emulator answered ${ready.type}`);
  return {
    httpsUrl: ready.httpsUrl,
    httpUrl: ready.httpUrl,
    browserBaseUrl: ready.browserBaseUrl,
    routes: ready.routes,
    caPem: ready.caPem,
    async addFault(tenant, fault) {
      await ask({ type: 'fault', tenant, fault });
    },
    async release(tenant) {
      const reply = await ask({ type: 'release', tenant });
      return reply.type === 'released' ? reply.count : 0;
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' } satisfies EmulatorIpcRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
