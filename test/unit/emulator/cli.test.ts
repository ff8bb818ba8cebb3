/** The standalone emulator (`npm run emulator`): its ready lines, serving, Ctrl-C, and a bad scenario. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../main/net/transport';
import { scenarioFile } from './harness';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'tools', 'emulator.ts');

/**
 * The emulator in one Node process with tsx as a loader (`tsx file` would put a relaying parent between the test
 * and the emulator, whose signal relay gives the child 30 ms before it kills it: a busy machine misses that).
 */
function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run emulator', () => {
  it('prints one JSON line and one readable line, serves the routes, and stops on Ctrl-C', async () => {
    const emulatorProcess = run(['--scenario', scenarioFile('seed-blog.json'), '--auto']);
    await expect
      .poll(() => emulatorProcess.output().stdout.split('\n').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    const [jsonLine, readable] = emulatorProcess.output().stdout.split('\n');
    const ready = JSON.parse(jsonLine!);
    expect(ready).toMatchObject({ event: 'ready', scenario: 'seed-blog', autoComplete: true });
    expect(Object.keys(ready.routes).sort()).toEqual([
      'graph.microsoft.com',
      'login.microsoftonline.com',
      'management.azure.com',
    ]);
    expect(readable).toContain(ready.httpsUrl);
    expect(readable).toContain(ready.httpUrl);

    const transport = createTransport({ routes: ready.routes, extraCaPem: ready.caPem });
    const answer = await transport.request({
      method: 'GET',
      url: 'https://login.microsoftonline.com/contoso.example/v2.0/.well-known/openid-configuration',
    });
    expect(JSON.parse(answer.body).issuer).toBe(
      'https://login.microsoftonline.com/6f0d3b5e-4c1a-4d2e-9a7b-1c2d3e4f5a60/v2.0',
    );
    transport.close();

    emulatorProcess.child.kill('SIGINT');
    expect(await emulatorProcess.exited).toBe(0);
  });

  it('exits non-zero with the one-line reason for a bad scenario or a missing argument', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-cli-'));
    const file = path.join(dir, 'typo.json');
    const scenario = JSON.parse(await readFile(scenarioFile('seed-blog.json'), 'utf8'));
    scenario.tenants.fabrikam.policy.requireMFA = true;
    await writeFile(file, JSON.stringify(scenario));
    const bad = run(['--scenario', file]);
    expect(await bad.exited).toBe(1);
    expect(bad.output().stderr).toBe('typo.json: tenants.fabrikam.policy.requireMFA: unknown field\n');
    expect(bad.output().stdout).toBe('');
    await rm(dir, { recursive: true, force: true });
    const missing = run([]);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toContain('missing --scenario <file>');
  });
});
