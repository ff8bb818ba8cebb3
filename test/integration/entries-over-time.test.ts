/**
 * The Authenticator inventory over time, with the app's default client (Azure CLI), whose Graph token never
 * reads a method: two scans into one data folder, between which the world changes (test/scenarios/
 * entries-before.json, then entries-after.json): Northwind Traders starts trusting the home MFA, Tailspin Toys
 * removes the guest, Fabrikam still demands its own MFA. The first through the headless runner
 * (`npm run scan -- --data <dir> --json`), as a person would run it; then through the app's services, with the
 * user's answers in between.
 */
import { selectEntries } from '../../shared/selectors';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArguments, runScan } from '../../tools/scan';
import type { Emulator } from '../../tools/entra-emulator';
import { startApp, type AppHarness } from '../support/app-harness';

const root = path.resolve(__dirname, '../..');
const BEFORE = path.join(root, 'test/scenarios/entries-before.json');
const AFTER = path.join(root, 'test/scenarios/entries-after.json');

interface JsonTenant {
  defaultDomain: string;
  isHome: boolean;
  verdict: string;
  entry: string;
  leftoverRegistration: boolean;
  methods: unknown[] | null;
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gmi-entries-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One run of the headless runner; returns its JSON and how many method lists Graph answered with 200. */
async function scan(
  scenario: string,
  data: string,
): Promise<{ tenants: Map<string, JsonTenant>; methodsRead: number }> {
  let printed = '';
  let methodsRead = -1;
  let methodsAsked = -1;
  await runScan(
    {
      ...parseArguments(['--scenario', scenario, '--json', '--data', data]),
      inspect: (emulator: Emulator) => {
        methodsRead = emulator.requestCount({ endpoint: 'methods', status: 200 });
        methodsAsked = emulator.requestCount({ endpoint: 'methods' });
      },
    },
    (text) => (printed = text),
  );
  // The app asked Graph for the methods (so "unreadable" is an observation, not a guess), and was refused.
  expect(methodsAsked).toBeGreaterThan(0);
  const output = JSON.parse(printed) as { tenants: JsonTenant[] };
  return { tenants: new Map(output.tenants.map((t) => [t.defaultDomain, t])), methodsRead };
}

describe('two scans into one data folder', () => {
  it('show in-use, leftover and orphaned as the tenants change, with no Graph method read anywhere', async () => {
    const data = dataDir();
    const first = await scan(BEFORE, data);
    expect(first.methodsRead).toBe(0);
    const words = (run: typeof first) => Object.fromEntries([...run.tenants].map(([domain, t]) => [domain, t.entry]));
    expect(words(first)).toEqual({
      'contoso.example': 'in-use',
      'fabrikam.example': 'in-use',
      'northwindtraders.example': 'in-use',
      'tailspintoys.example': 'in-use',
      'woodgrovebank.example': 'will-be-needed',
      'relecloud.example': 'not-needed',
      'litware.example': 'unknown',
    });

    const second = await scan(AFTER, data);
    expect(second.methodsRead).toBe(0);
    expect(words(second)).toEqual({
      'contoso.example': 'in-use',
      // Still demands its own MFA.
      'fabrikam.example': 'in-use',
      // Demanded its own MFA in the first scan, accepts the home MFA now.
      'northwindtraders.example': 'leftover',
      // Demanded its own MFA, and the guest account is gone now (probed although ARM no longer lists it).
      'tailspintoys.example': 'orphaned',
      'woodgrovebank.example': 'will-be-needed',
      'relecloud.example': 'not-needed',
      'litware.example': 'unknown',
    });
    for (const t of second.tenants.values()) {
      expect(t.methods, t.defaultDomain).toBeNull();
      expect(t.leftoverRegistration, t.defaultDomain).toBe(t.entry === 'leftover');
    }
    expect(second.tenants.get('northwindtraders.example')).toMatchObject({ verdict: 'home-mfa-trusted' });
    expect(second.tenants.get('tailspintoys.example')).toMatchObject({ verdict: 'not-a-guest' });
  }, 90_000);

  it('without --data each scan starts from nothing: a changed tenant is only "not needed"', async () => {
    await scan(BEFORE, dataDir());
    const alone = await scan(AFTER, dataDir());
    expect(alone.tenants.get('northwindtraders.example')?.entry).toBe('not-needed');
    // A removed guest ARM no longer lists is not even known to a fresh data folder.
    expect(alone.tenants.has('tailspintoys.example')).toBe(false);
  }, 90_000);
});

describe('the user confirms or corrects, and a change of the tenant overrules the answer', () => {
  let app: AppHarness | null = null;
  afterEach(async () => {
    await app?.close({ keepData: true });
    app = null;
  });

  it('keeps an answer while the tenant keeps its behaviour, and shows the change when it does not', async () => {
    const data = dataDir();
    app = await startApp(BEFORE, { userDataDir: data });
    const { accountId } = await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    const keyOf = (domain: string) => {
      const t = app!.services.store.data().tenants.find((r) => r.defaultDomain === domain)!;
      return `tenant:${t.accountId}:${t.tenantId}`;
    };
    const fabrikam = keyOf('fabrikam.example');
    const northwind = keyOf('northwindtraders.example');
    // "No, I do not have it" for Fabrikam (say the user signs in there with a phone number) …
    const corrected = await app.services.handlers.setEntryConfirmation({ key: fabrikam, answer: 'no' });
    expect(corrected).toMatchObject({ status: 'will-be-needed', inferred: 'in-use', basis: 'you' });
    // … and for Northwind Traders.
    await app.services.handlers.setEntryConfirmation({ key: northwind, answer: 'no' });
    await app.close({ keepData: true });

    // Weeks later: the second scan into the same data folder (a new emulator with the changed world).
    rmSync(path.join(data, 'msal-cache.bin'), { force: true });
    app = await startApp(AFTER, { userDataDir: data });
    await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    const entries = selectEntries(await app.services.handlers.getState(undefined));
    const entry = (key: string) => entries.find((e) => e.key === key)!;
    // Fabrikam still asks for its own MFA: the answer still decides.
    expect(entry(fabrikam)).toMatchObject({ status: 'will-be-needed', basis: 'you', changeNote: null });
    // Northwind Traders changed after the answer: the inference decides again, and the change is shown.
    expect(entry(northwind)).toMatchObject({ status: 'leftover', basis: 'inferred' });
    expect(entry(northwind).changeNote).toMatch(
      /^You said you had no entry on \d+ \w+ \d{4}; on \d+ \w+ \d{4} Northwind Traders started accepting your home MFA\.$/,
    );
    expect(entry(northwind).confirmation).toMatchObject({ answer: 'no', verdict: 'separate-mfa' });
    expect(existsSync(path.join(data, 'app-data.json'))).toBe(true);
  }, 90_000);

  it('refuses an answer for the home entry, a hand-made entry and an unknown key, in words', async () => {
    app = await startApp(BEFORE, { userDataDir: dataDir() });
    const { accountId } = await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    const entries = selectEntries(await app.services.handlers.getState(undefined));
    const home = entries.find((e) => e.kind === 'home')!;
    await expect(app.services.handlers.setEntryConfirmation({ key: home.key, answer: 'no' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/home organisation always keeps its entry/),
    });
    const manual = await app.services.handlers.addManualEntry({ organisation: 'Old Lab', label: '', note: '' });
    await expect(
      app.services.handlers.setEntryConfirmation({ key: `manual:${manual.id}`, answer: 'yes' }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(
      app.services.handlers.setEntryConfirmation({ key: `tenant:${accountId}:nope`, answer: 'yes' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(app.services.store.data().entryConfirmations).toEqual({});
  }, 60_000);
});
