/**
 * The built main bundle (out/main/index.js), run under Node with a stand-in for the `electron` module (the
 * Electron binary cannot run here): the shell wires the real services, creates the hardened window, loads the
 * built renderer, registers every request of the contract, and answers the window but not a foreign page.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES, requestChannel } from '../../shared/ipc/channels';
import { AppStore } from '../../main/store';
import { DEFAULT_SETTINGS } from '../../shared/model';

const root = path.resolve(__dirname, '../..');

describe('the built main bundle with a stand-in Electron', () => {
  it('wires the shell: hardened window, renderer URL, every IPC channel, sender checks, guards', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'gmi-fake-electron-'));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--require', path.join(__dirname, 'fixtures/fake-electron.cjs'), path.join(root, 'out/main/index.js')],
        { env: { ...process.env, FAKE_USER_DATA: userData }, timeout: 30_000 },
      );
      const line = stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-REPORT '));
      expect(line, stdout).toBeDefined();
      const report = JSON.parse(line!.slice('FAKE-ELECTRON-REPORT '.length));
      expect(report.errors).toEqual([]);
      expect(report.windows[0].webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        preload: path.join(root, 'out/preload/preload.js'),
      });
      expect(report.loaded[0]).toBe(`file://${path.join(root, 'out/renderer/index.html')}`);
      expect([...report.channels].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());
      expect(report.csp).toMatch(/script-src 'self'/);
      expect(report.permissionAnswers.every(([, ok]: [string, boolean]) => ok === false)).toBe(true);
      expect(report.ipc.getAppInfo).toEqual({
        ok: true,
        value: { name: 'Guest MFA Inventory', version: '0.1.0-fake', platform: process.platform },
      });
      expect(report.ipc.getState).toMatchObject({ ok: true, accounts: 0, settings: DEFAULT_SETTINGS, notices: [] });
      expect(report.ipc.foreign).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
      expect(report.ipc.badArgument).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(report.windowOpen).toEqual({ action: 'deny' });
      expect(report.navigationPrevented).toBe(true);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });

  it('says which program holds the data folder, and quits without opening a window', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'gmi-fake-electron-'));
    try {
      // This test process holds the folder, as the headless runner would.
      const { store } = await AppStore.open({ dir: userData, processName: 'node scan.ts (npm run scan)' });
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--require', path.join(__dirname, 'fixtures/fake-electron.cjs'), path.join(root, 'out/main/index.js')],
          { env: { ...process.env, FAKE_USER_DATA: userData }, timeout: 30_000 },
        );
        const line = stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-REPORT '));
        const report = JSON.parse(line!.slice('FAKE-ELECTRON-REPORT '.length));
        expect(report.errorBoxes).toEqual([
          {
            title: 'Guest MFA Inventory cannot start',
            content: expect.stringContaining(
              `in use by another program: node scan.ts (npm run scan) (process ${process.pid}`,
            ),
          },
        ]);
        expect(report.windows).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')(
    "refuses safeStorage's basic_text backend: the sign-in stays in memory and a notice says why",
    async () => {
      const userData = mkdtempSync(path.join(tmpdir(), 'gmi-fake-electron-'));
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--require', path.join(__dirname, 'fixtures/fake-electron.cjs'), path.join(root, 'out/main/index.js')],
          { env: { ...process.env, FAKE_USER_DATA: userData, FAKE_STORAGE_BACKEND: 'basic_text' }, timeout: 30_000 },
        );
        const line = stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-REPORT '));
        const report = JSON.parse(line!.slice('FAKE-ELECTRON-REPORT '.length));
        expect(report.errors).toEqual([]);
        expect(report.ipc.getState.notices).toEqual([
          expect.objectContaining({ title: 'Sign-in is not remembered', message: expect.stringMatching(/keyring/) }),
        ]);
        expect(readdirSync(userData)).not.toContain('msal-cache.bin');
      } finally {
        rmSync(userData, { recursive: true, force: true });
      }
    },
  );
});
