import { describe, expect, it, vi } from 'vitest';
import type { GuestMfaApi } from '../../../shared/ipc/contract';
import { REQUEST_NAMES } from '../../../shared/ipc/channels';
import { createAppStore } from '../../../renderer/src/store';

function api(getAppInfo: GuestMfaApi['getAppInfo']): GuestMfaApi {
  const unused = Object.fromEntries(
    REQUEST_NAMES.map((n) => [n, vi.fn(async () => ({ ok: false, error: { code: 'failed', message: 'unused' } }))]),
  );
  return { ...unused, getAppInfo, onEvent: () => () => undefined } as unknown as GuestMfaApi;
}

describe('app store', () => {
  it('loads the app info through the api', async () => {
    const store = createAppStore(
      api(vi.fn(async () => ({ ok: true as const, value: { name: 'G', version: '9.9.9', platform: 'linux' } }))),
    );
    await store.getState().loadInfo();
    expect(store.getState()).toMatchObject({ info: { version: '9.9.9' }, loadError: null, loading: false });
  });

  it('keeps the message of a typed error for the user', async () => {
    const store = createAppStore(
      api(vi.fn(async () => ({ ok: false as const, error: { code: 'failed' as const, message: 'Broken.' } }))),
    );
    await store.getState().loadInfo();
    expect(store.getState()).toMatchObject({ info: null, loadError: 'Broken.' });
  });

  it('explains a failed call instead of crashing', async () => {
    const store = createAppStore(api(vi.fn(async () => Promise.reject(new Error('socket')))));
    await store.getState().loadInfo();
    expect(store.getState().loadError).toMatch(/could not reach/);
  });
});
