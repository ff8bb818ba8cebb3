/**
 * The settings limits have one owner (shared/settings.ts): the store refuses what the contract refuses, and
 * the settings form says the same bounds. Before, the store took a probe time limit of 300 s that the contract
 * and the form stopped at 120.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStore } from '../../../../main/store';
import { requestSchemas } from '../../../../shared/ipc/contract';
import { SETTINGS_LIMITS, validateSettings } from '../../../../shared/settings';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('settings limits', () => {
  it('the store, the contract and the form refuse the same probe time limits and concurrency', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gmi-settings-'));
    const { store } = await AppStore.open({ dir });
    try {
      const form = (patch: Partial<Record<'concurrency' | 'probeTimeoutSeconds', string>>) =>
        validateSettings({
          clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
          concurrency: '8',
          probeTimeoutSeconds: '20',
          senderName: '',
          ...patch,
        }).patch !== null;
      for (const [field, { min, max }] of [
        ['probeTimeoutSeconds', SETTINGS_LIMITS.probeTimeoutSeconds],
        ['concurrency', SETTINGS_LIMITS.concurrency],
      ] as const) {
        for (const value of [min - 1, min, max, max + 1, 300]) {
          const inBounds = value >= min && value <= max;
          const contract = requestSchemas.updateSettings.safeParse({ [field]: value }).success;
          const stored = await store.updateSettings({ [field]: value }).then(
            () => true,
            () => false,
          );
          expect({ field, value, contract, stored, form: form({ [field]: String(value) }) }).toEqual({
            field,
            value,
            contract: inBounds,
            stored: inBounds,
            form: inBounds,
          });
        }
      }
      expect(store.data().settings.probeTimeoutSeconds).toBe(SETTINGS_LIMITS.probeTimeoutSeconds.max);
    } finally {
      await store.close();
    }
  });
});
