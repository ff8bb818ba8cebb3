/** The window notices when main stops answering, and when it answers again. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchBackend } from '../../../renderer/src/backend-watch';
import { createAppStore } from '../../../renderer/src/store';
import { scanRunning } from '../../../shared/scan-view';
import { useEmulator, world } from './world';
import { demoHandoffText } from '../../../renderer/src/demo-handoff';

describe('watchBackend', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(ping: () => Promise<boolean>, active = () => true) {
    const seen: string[] = [];
    const calls = vi.fn(ping);
    const stop = watchBackend({
      ping: calls,
      active,
      onLost: () => seen.push('lost'),
      onBack: () => seen.push('back'),
      intervalMs: 1000,
      timeoutMs: 3000,
    });
    return { seen, calls, stop };
  }

  it('calls main lost when a request fails (the browser host is gone), and back when it answers', async () => {
    let up = false;
    const { seen, stop } = setup(() => (up ? Promise.resolve(true) : Promise.reject(new Error('fetch failed'))));
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['lost']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual(['lost']);
    up = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['lost', 'back']);
    stop();
  });

  it('calls main lost when it does not answer in time (a hung main process)', async () => {
    const { seen, stop } = setup(() => new Promise<boolean>(() => undefined));
    await vi.advanceTimersByTimeAsync(3999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['lost']);
    stop();
  });

  it('asks nothing while no scan runs and main was not lost', async () => {
    const { calls, stop } = setup(
      () => Promise.resolve(true),
      () => false,
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).not.toHaveBeenCalled();
    stop();
  });

  it('stops asking when stopped', async () => {
    const { calls, stop } = setup(() => Promise.resolve(true));
    await vi.advanceTimersByTimeAsync(2000);
    const before = calls.mock.calls.length;
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.mock.calls.length).toBe(before);
  });
});

describe('demoHandoffText', () => {
  it('says which page the app would open in the browser', () => {
    const text = demoHandoffText('browser', 'https://mysignins.microsoft.com/security-info?tenantId=abc');
    expect(text.title).toBe('In the app, this opens your browser');
    expect(text.message).toContain('https://mysignins.microsoft.com/security-info?tenantId=abc');
    expect(text.message).toMatch(/^This is the demo, so nothing opens\./);
  });

  it('says whom the mail app would write to and whether the text goes on the clipboard', () => {
    const short = demoHandoffText('mail', 'mailto:a%40x.example,b%40x.example?subject=Trust%20us&body=Hello');
    expect(short.title).toBe('In the app, this opens your mail app');
    expect(short.message).toContain('a new message to a@x.example, b@x.example, subject “Trust us”, with the text');
    const long = demoHandoffText('mail', 'mailto:?subject=Reset');
    expect(long.message).toContain('to nobody yet, subject “Reset”, and put the text on your clipboard to paste.');
  });
});

describe('the store when main goes away mid-scan', () => {
  useEmulator();

  it('stops showing the scan as running, and clears what failed only because main was gone', async () => {
    const app = await world();
    // Fabrikam's token endpoint never answers: the scan keeps running while main is away.
    await app.addFault('fabrikam', { endpoint: 'token', kind: 'hang' });
    let down = false;
    const api = new Proxy(app.api, {
      get(target, name: string) {
        const real = (target as unknown as Record<string, unknown>)[name];
        if (name === 'onEvent' || typeof real !== 'function') return real;
        return (arg?: unknown) =>
          down ? Promise.reject(new TypeError('Failed to fetch')) : (real as (a?: unknown) => unknown)(arg);
      },
    });
    const store = createAppStore(api);
    const stop = store.getState().start();
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    void store.getState().startScan();
    await vi.waitFor(() =>
      expect(scanRunning(store.getState().snapshot?.scan, store.getState().backend.reachable)).toBe(true),
    );

    down = true;
    // A request cut off by the failure (a refresh) leaves an error message.
    await store.getState().load({ silent: true });
    expect(store.getState().messages.map((m) => m.title)).toEqual(['Could not refresh']);
    await vi.waitFor(() => expect(store.getState().backend.reachable).toBe(false), { timeout: 20_000 });
    expect(scanRunning(store.getState().snapshot?.scan, store.getState().backend.reachable)).toBe(false);

    down = false;
    await vi.waitFor(() => expect(store.getState().backend.reachable).toBe(true), { timeout: 20_000 });
    expect(store.getState().messages).toEqual([]);
    await store.getState().cancelScan();
    stop();
  }, 30_000);
});
