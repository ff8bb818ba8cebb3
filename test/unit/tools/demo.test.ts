/**
 * The demo (`npm run demo`): where it saves the user's files, that stopping it keeps them, and that the links and
 * emails the app would open reach the window as what would open, instead of nothing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../../main/ipc-dispatch';
import type { AppEvent } from '../../../shared/ipc/contract';
import { defaultExportsDir, parse, startDemo } from '../../../tools/demo';

const seed = path.resolve(__dirname, '../../scenarios/seed-blog.json');

describe('the demo', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('saves into a folder of its own in Downloads, or in the home folder without one', () => {
    expect(defaultExportsDir('/home/megan', (dir) => dir === '/home/megan/Downloads')).toBe(
      path.join('/home/megan/Downloads', 'guest-mfa-inventory-demo'),
    );
    expect(defaultExportsDir('/home/megan', () => false)).toBe(path.join('/home/megan', 'guest-mfa-inventory-demo'));
    expect(parse(['--exports', 'saved']).exports).toBe(path.resolve('saved'));
    expect(() => parse(['--exports'])).toThrow('--exports needs a folder');
  });

  it('--admin opens the admin mode on the sample resource tenant', async () => {
    const options = parse(['--admin', '--auto']);
    expect(options.admin).toBe(true);
    expect(path.basename(options.scenario)).toBe('resource-tenant-admin.json');
    expect(parse([]).admin).toBe(false);
    const exportsDir = mkdtempSync(path.join(tmpdir(), 'gmi-demo-test-'));
    made.push(exportsDir);
    const demo = await startDemo({ ...options, exports: exportsDir }, () => undefined);
    try {
      // What "I manage a Microsoft Entra tenant", then "Sign in as administrator" ask of the demo's services.
      const h = demo.services.handlers;
      const account = await h.adminSignIn({});
      expect(account.username).toBe('megan@woodgrove.example');
      const report = await h.readAdminReport({});
      expect(report.tenantDisplayName).toBe('Woodgrove Bank');
      const contoso = report.organisations.find((o) => o.displayName === 'Contoso');
      expect(contoso?.counts).toMatchObject({ guests: 2, registeredHere: 2 });
    } finally {
      await demo.stop();
    }
  }, 60_000);

  it('keeps the saved files when it stops, and removes only its own data', async () => {
    const exportsDir = path.join(mkdtempSync(path.join(tmpdir(), 'gmi-demo-test-')), 'saved here');
    made.push(path.dirname(exportsDir));
    const lines: string[] = [];
    const demo = await startDemo({ scenario: seed, port: 0, auto: true, exports: exportsDir }, (l) => lines.push(l));
    expect(demo.exportsDir).toBe(exportsDir);
    const h = demo.services.handlers;
    const { accountId } = await h.signIn(undefined);
    await h.startScan({ accountId });
    const state = await h.getState(undefined);
    const tenantId = state.tenants.find((t) => t.displayName === 'Northwind Traders')!.tenantId;
    const saved = await dispatchIpc(h, 'saveEmail', {
      kind: 'trust-request',
      accountId,
      tenantId,
      to: ['it@northwindtraders.example'],
    });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    await h.exportInventory({ format: 'csv' });
    const files = readdirSync(exportsDir).sort();
    expect(files).toEqual(['guest-mfa-inventory.csv', 'northwindtraders.example-trust-request.eml']);
    await demo.stop();
    expect(readdirSync(exportsDir).sort()).toEqual(files);
    expect(existsSync(demo.userDataDir)).toBe(false);
  }, 60_000);

  it('tells the window what the app would open, instead of doing nothing', async () => {
    const exportsDir = mkdtempSync(path.join(tmpdir(), 'gmi-demo-test-'));
    made.push(exportsDir);
    const demo = await startDemo({ scenario: seed, port: 0, auto: true, exports: exportsDir }, () => undefined);
    const events: AppEvent[] = [];
    // The page's event stream, as the browser reads it.
    const controller = new AbortController();
    const secret = new URL(demo.url).hash.replace('#k=', '');
    const origin = new URL(demo.url).origin;
    const stream = await fetch(`${origin}/__host/events?k=${encodeURIComponent(secret)}`, {
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (const line of buffer.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
    })();
    try {
      const h = demo.services.handlers;
      const { accountId } = await h.signIn(undefined);
      await h.startScan({ accountId });
      const state = await h.getState(undefined);
      const northwind = state.tenants.find((t) => t.displayName === 'Northwind Traders')!;
      const url = `https://mysignins.microsoft.com/security-info?tenantId=${northwind.tenantId}`;
      expect(await dispatchIpc(h, 'openExternalLink', { url })).toEqual({ ok: true, value: null });
      await dispatchIpc(h, 'openEmail', {
        kind: 'trust-request',
        accountId,
        tenantId: northwind.tenantId,
        to: ['it@northwindtraders.example'],
      });
      await expect
        .poll(() => events.filter((e) => e.type === 'demo-handoff').map((e) => e.type === 'demo-handoff' && e.handler))
        .toEqual(expect.arrayContaining(['browser', 'mail']));
      const handoffs = events.filter((e) => e.type === 'demo-handoff');
      expect(handoffs[0]).toEqual({ type: 'demo-handoff', handler: 'browser', value: url });
      expect(handoffs.find((e) => e.type === 'demo-handoff' && e.handler === 'mail')).toMatchObject({
        value: expect.stringMatching(/^mailto:it@northwindtraders\.example\?subject=Request/),
      });
      // The text was too long for the link: the demo's "clipboard" hands it to the page too.
      expect(handoffs.find((e) => e.type === 'demo-handoff' && e.handler === 'clipboard')).toMatchObject({
        value: expect.stringContaining('Northwind Traders'),
      });
    } finally {
      controller.abort();
      await demo.stop();
    }
  }, 60_000);
});
