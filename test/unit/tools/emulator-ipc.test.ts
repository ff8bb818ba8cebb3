/**
 * The emulator CLI's `--ipc` mode, as the benchmark drives it: a forked process that starts a generated scenario,
 * reports its endpoints and listing size, hands out its request log and exits when told to close.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorIpcReply, EmulatorIpcRequest } from '../../../tools/emulator';
import { createTransport } from '../../../main/net/transport';

const cli = path.resolve(__dirname, '../../../tools/emulator.ts');

describe('tools/emulator.ts --ipc', () => {
  it('starts a generated scenario, answers its log and closes', async () => {
    const child = fork(cli, ['--ipc'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ask = (message: EmulatorIpcRequest) =>
      new Promise<EmulatorIpcReply>((resolve) => {
        child.once('message', (reply: EmulatorIpcReply) => resolve(reply));
        child.send(message);
      });
    const ready = await ask({
      type: 'start',
      scenario: { generate: { tenants: 12, mix: 'realistic', name: 'ipc', minListedGuests: 12 } },
    });
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    // The home tenant and at least the twelve guests asked for are listed.
    expect(ready.listed).toBeGreaterThanOrEqual(13);
    expect(ready.tenants).toBeGreaterThanOrEqual(ready.listed);
    expect(Object.keys(ready.routes)).toContain('login.microsoftonline.com');

    const transport = createTransport({ routes: ready.routes, extraCaPem: ready.caPem });
    const answer = await transport.request({
      method: 'GET',
      url: 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
    });
    transport.close();
    expect(answer.status).toBe(200);

    const log = await ask({ type: 'log', since: 0 });
    expect(log.type === 'log' && log.total).toBeGreaterThanOrEqual(1);
    expect(log.type === 'log' && log.cpuMicros).toBeGreaterThan(0);
    child.send({ type: 'close' } satisfies EmulatorIpcRequest);
    expect(await exited).toBe(0);
  }, 30_000);
});
