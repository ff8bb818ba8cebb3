/**
 * Every IPC request of the contract, fuzzed through the real services (seed-blog, signed in and scanned):
 * wrong types, missing and extra fields, 1–10 MB strings, deep nesting, prototype-pollution keys, control
 * characters and path tricks. Each call must answer a typed error value (never throw, never a stack trace or a
 * local path in the message), leave the built-in prototypes alone, and leave the app's state — what getState
 * answers, every file under userData, the events sent, the links opened and the clipboard — as it was.
 *
 * File locations never come from the renderer (the contract has no path argument; dialogs run in main). The
 * second part proves it from the other side: with hostile tenant names and domains, every file the app writes
 * lands in the folder the dialog chose, under a safe name.
 */
import { selectEntries } from '../../shared/selectors';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import { batchCandidates } from '../../main/services/email-batch';
import { IPC_ERROR_CODES, REQUEST_NAMES, type IpcResult, type RequestName } from '../../shared/ipc/contract';
import { SCENARIOS, startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { saveBatch } from '../support/email-batch';
import {
  CONTROL_STRINGS,
  deepArray,
  deepObject,
  hugeString,
  PATH_TRICKS,
  POLLUTION_JSON,
  prototypeFingerprint,
  seededRng,
  typeOf,
  WRONG_VALUES,
  withPollutionKey,
  type Rng,
} from '../support/fuzz-values';

/** Every file under `dir` (relative path → sha256), so that any write shows up. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Checks one answer: an error value with a known code and a short, plain message that gives nothing away. */
function expectSafeError(result: IpcResult<unknown>, label: string, forbidden: readonly string[]): void {
  expect(result.ok, label).toBe(false);
  if (result.ok) return;
  expect(IPC_ERROR_CODES, label).toContain(result.error.code);
  const { message } = result.error;
  expect(typeof message, label).toBe('string');
  expect(message.length, label).toBeGreaterThan(0);
  expect(message.length, label).toBeLessThanOrEqual(600);
  // eslint-disable-next-line no-control-regex -- the point is that there are none
  expect(message, label).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(message, label).not.toMatch(/\n\s+at |\.[cm]?[jt]s:\d+|node_modules|Error:/);
  for (const local of forbidden) expect(message.includes(local), `${label}: leaks ${local}`).toBe(false);
}

interface FuzzCase {
  label: string;
  arg: unknown;
  /** Invalid by the contract's schema alone: must be refused as `invalid-argument` before any handler runs. */
  schemaInvalid: boolean;
}

describe('IPC fuzz through the real services', () => {
  let app: AppHarness;
  let accountId: string;
  let tenantId: string;
  let manualId: string;
  let forbidden: string[];

  beforeAll(async () => {
    app = await startApp('seed-blog.json');
    const account = await app.services.handlers.signIn(undefined);
    accountId = account.accountId;
    await app.services.handlers.startScan({ accountId });
    tenantId = tenantsOf(app, accountId).find((t) => t.defaultDomain === 'northwindtraders.example')!.tenantId;
    await app.services.handlers.setTenantNotes({ accountId, tenantId, notes: 'Ask Megan first.' });
    manualId = (await app.services.handlers.addManualEntry({ organisation: 'Old partner', label: 'Pixel', note: '' }))
      .id;
    await app.services.store.flush();
    forbidden = [app.userDataDir, tmpdir(), homedir(), process.cwd()].filter((p) => p.length > 1);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  /** A valid argument per request (undefined for requests without one). */
  function templates(): Record<RequestName, Record<string, unknown> | undefined> {
    const ref = { accountId, tenantId };
    const email = { kind: 'trust-request', accountId, tenantId, to: ['it@northwindtraders.example'] };
    return {
      getAppInfo: undefined,
      getState: undefined,
      signIn: undefined,
      signInWithMfa: { accountId },
      cancelSignIn: undefined,
      signOut: { accountId },
      updateSettings: { concurrency: 4, senderName: 'Adele' },
      startScan: { accountId },
      cancelScan: undefined,
      signInToTenant: ref,
      checkTenant: ref,
      addTenant: { accountId, query: 'cohowinery.example' },
      removeTenant: ref,
      setTenantNotes: { ...ref, notes: 'note' },
      setTenantRecipients: { ...ref, recipients: ['it@northwindtraders.example'] },
      addManualEntry: { organisation: 'Org', label: 'Phone', note: 'n' },
      removeManualEntry: { id: manualId },
      setEntryTicked: { key: `tenant:${accountId}:${tenantId}`, ticked: true },
      setEntryConfirmation: { key: `tenant:${accountId}:${tenantId}`, answer: 'yes' },
      setChecklistStep: { key: `tenant:${accountId}:${tenantId}`, step: 'add-new-phone', done: true },
      composeEmail: email,
      copyToClipboard: { text: 'hello' },
      copyDiagnostics: ref,
      openEmail: email,
      saveEmail: email,
      prepareEmailBatch: { kind: 'trust-request', accountId },
      saveEmailBatch: {
        kind: 'trust-request',
        accountId,
        items: [{ tenantId, to: ['it@northwindtraders.example'] }],
        remember: false,
      },
      exportInventory: { format: 'csv' },
      exportChecklistPdf: undefined,
      openExternalLink: { url: 'https://learn.microsoft.com/' },
      dismissNotice: { id: 'n1' },
      checkForUpdates: undefined,
      installUpdate: undefined,
      dismissChanges: { ids: ['a|b|c'] },
      adminSignIn: { clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', tenant: 'contoso.example' },
      adminSignOut: undefined,
      getAdminStatus: undefined,
      readAdminReport: { signInDays: 7 },
      previewAdminChange: { target: 'partner', tenantId },
      applyAdminChange: { confirmationId: 'c0nfirmation-id-0123456789' },
      exportAdminReport: { format: 'json' },
    };
  }

  /** Fields whose content is the user's own free text: any characters are valid there (checked elsewhere). */
  const FREE_TEXT = new Set(['notes', 'organisation', 'label', 'note', 'senderName', 'text']);
  /** Fields the schema lets the renderer leave out. */
  const OPTIONAL = new Set([
    'to',
    'concurrency',
    'senderName',
    'clientId',
    'probeTimeoutSeconds',
    'ids',
    'remember',
    'tenant',
    'signInDays',
  ]);
  const ENUM_JUNK = ['TRUST-REQUEST', 'pdf', 'toString', '__proto__', 'constructor', ' csv', 'csv\u0000', '../csv'];
  const ENUMS = new Set(['kind', 'format', 'step', 'answer', 'target']);

  function casesFor(name: RequestName, template: Record<string, unknown> | undefined, rng: Rng): FuzzCase[] {
    const cases: FuzzCase[] = [];
    const add = (label: string, arg: unknown, schemaInvalid = true) => cases.push({ label, arg, schemaInvalid });
    // The whole argument of the wrong kind.
    for (const value of WRONG_VALUES) {
      if (template === undefined || typeOf(value) !== 'object' || value instanceof Date || value instanceof Map)
        add(`whole ${String(value)}`, value);
    }
    if (template !== undefined) add('whole undefined', undefined);
    add('whole deep object', deepObject(20_000));
    add('whole deep array', deepArray(20_000));
    add('whole huge string', hugeString(rng));
    for (const json of POLLUTION_JSON) add(`whole ${json}`, JSON.parse(json));
    if (template === undefined) return cases;

    for (const [field, valid] of Object.entries(template)) {
      const set = (value: unknown) => ({ ...template, [field]: value });
      // `setEntryConfirmation` with `answer: null` takes an answer back: a valid request.
      const nullable = name === 'setEntryConfirmation' && field === 'answer';
      for (const value of WRONG_VALUES) {
        if (typeOf(value) !== typeOf(valid) && !(nullable && value === null))
          add(`${field}=${String(value)}`, set(value));
      }
      if (typeof valid === 'number') {
        for (const value of [Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1.5, 1e9])
          add(`${field}=${value}`, set(value));
      }
      // `copyDiagnostics` without a tenant copies the whole scan's answers: a valid request.
      if (!OPTIONAL.has(field) && !(name === 'copyDiagnostics' && field === 'tenantId')) {
        const { [field]: _dropped, ...missing } = template;
        add(`missing ${field}`, missing);
      }
      add(`${field}=deep`, set(deepObject(20_000)));
      if (typeof valid === 'string') {
        add(`${field}=huge`, set(hugeString(rng)));
        if (ENUMS.has(field)) for (const junk of ENUM_JUNK) add(`${field}=${JSON.stringify(junk)}`, set(junk));
        else if (!FREE_TEXT.has(field)) {
          // Identifiers, keys, URLs: tricks are well-typed, so the handler decides (refusal or harmless no-op).
          for (const trick of [...PATH_TRICKS, ...CONTROL_STRINGS])
            add(`${field}=${JSON.stringify(trick)}`, set(trick), false);
        }
      }
      if (Array.isArray(valid)) {
        add(`${field}=[huge]`, set([hugeString(rng)]));
        add(`${field}=[wrong]`, set([1, null, {}]));
        add(`${field}=[header injection]`, set(['it@example.com\r\nBcc: attacker@evil.example']));
        add(`${field}=[path]`, set(['../../etc/passwd']));
        add(`${field}=too many`, set(Array.from({ length: 21 }, (_, i) => `a${i}@example.com`)));
      }
    }
    add('extra field', { ...template, extra: 1 });
    add('extra path field', { ...template, path: '/etc/passwd', filePath: 'C:\\Windows\\x', folder: '..' });
    add('many extra fields', {
      ...template,
      ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i])),
    });
    add('huge extra key', { ...template, [hugeString(rng)]: 1 });
    add('control extra key', { ...template, 'x\u0000\r\nInjected: 1\u202e': 1 });
    for (const json of POLLUTION_JSON) add(`own key ${json}`, withPollutionKey(template, json));

    // Random combinations of two or three of the mutations above.
    const singles = cases.filter((c) => c.schemaInvalid && c.arg !== null && typeOf(c.arg) === 'object');
    for (let i = 0; i < 12 && singles.length > 1; i += 1) {
      const a = rng.pick(singles);
      const b = rng.pick(singles);
      // b's changes applied on top of a's: a plain spread would let b's valid copy of a field undo a's change
      // (a "missing" field coming back), making a valid request out of two invalid ones.
      const base = (template ?? {}) as Record<string, unknown>;
      const changed = Object.fromEntries(
        Object.entries(b.arg as Record<string, unknown>).filter(
          ([key, value]) => !(key in base) || value !== base[key],
        ),
      );
      const combined: Record<string, unknown> = { ...(a.arg as Record<string, unknown>), ...changed };
      if (b.label.startsWith('missing ')) delete combined[b.label.slice('missing '.length)];
      add(`combo ${a.label} + ${b.label}`, { ...combined, ...(rng.next() < 0.5 ? { x: 1 } : {}) });
    }
    return cases;
  }

  it('answers every malformed request with a typed error and leaves everything as it was', async () => {
    const rng = seededRng(0x5eed);
    const all = templates();
    const prototypes = prototypeFingerprint();
    const snapshot = async () => ({
      state: JSON.stringify(await app.services.handlers.getState(undefined)),
      files: filesUnder(app.userDataDir),
      events: app.events.length,
      opened: [...app.env.opened],
      clipboard: app.env.clipboardText(),
    });
    const before = await snapshot();
    let calls = 0;
    for (const name of REQUEST_NAMES) {
      for (const fuzz of casesFor(name, all[name], rng)) {
        const label = `${name}: ${fuzz.label.slice(0, 120)}`;
        const result = await dispatchIpc(app.services.handlers, name, fuzz.arg);
        calls += 1;
        if (fuzz.schemaInvalid) {
          expectSafeError(result, label, forbidden);
          expect(result.ok === false && result.error.code, label).toBe('invalid-argument');
        } else if (!result.ok) {
          expectSafeError(result, label, forbidden);
        }
        expect(({} as Record<string, unknown>)['polluted'], label).toBeUndefined();
      }
    }
    expect(prototypeFingerprint()).toBe(prototypes);
    const after = await snapshot();
    expect(after.files).toEqual(before.files);
    expect(after.state).toBe(before.state);
    expect(after.events).toBe(before.events);
    expect(after.opened).toEqual(before.opened);
    expect(after.clipboard).toBe(before.clipboard);
    expect(calls).toBeGreaterThan(2_000);
  }, 60_000);

  it('refuses requests it does not know, whatever their name', async () => {
    for (const name of [
      '',
      'getstate',
      'GETSTATE',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'x'.repeat(1_000_000),
      42,
      null,
      {},
    ]) {
      const result = await dispatchIpc(app.services.handlers, name, undefined);
      expectSafeError(result, `name ${String(name).slice(0, 20)}`, forbidden);
      expect(result.ok === false && result.error.code).toBe('unknown-request');
    }
  });
});

describe('ticks and checklist progress', () => {
  let app: AppHarness;
  afterAll(async () => {
    await app?.close();
  });

  it('are refused for entries the app does not show, and kept for those it does', async () => {
    app = await startApp('seed-blog.json');
    const { accountId } = await app.services.handlers.signIn(undefined);
    await app.services.handlers.startScan({ accountId });
    const before = JSON.stringify(app.services.store.data());
    for (const key of [
      `tenant:${accountId}:00000000-0000-0000-0000-000000000000`,
      `tenant:someone-else:${tenantsOf(app, accountId)[0]!.tenantId}`,
      'manual:does-not-exist',
      'manual:..',
    ]) {
      const ticked = await dispatchIpc(app.services.handlers, 'setEntryTicked', { key, ticked: true });
      expect(ticked.ok === false && ticked.error.code, key).toBe('not-found');
      const step = await dispatchIpc(app.services.handlers, 'setChecklistStep', {
        key,
        step: 'test-sign-in',
        done: true,
      });
      expect(step.ok === false && step.error.code, key).toBe('not-found');
    }
    expect(JSON.stringify(app.services.store.data())).toBe(before);

    const entry = selectEntries(await app.services.handlers.getState(undefined))[0]!;
    expect(await dispatchIpc(app.services.handlers, 'setEntryTicked', { key: entry.key, ticked: true })).toEqual({
      ok: true,
      value: null,
    });
    expect(app.services.store.data().entryTicks[entry.key]).toBe(true);
  });
});

describe('where files are written', () => {
  let app: AppHarness;
  afterAll(async () => {
    await app?.close();
  });

  /** hostile.json, plus partners whose default domains are path tricks or collide once made file-safe. */
  function hostileScenario() {
    const scenario = JSON.parse(readFileSync(path.join(SCENARIOS, 'hostile.json'), 'utf8')) as {
      tenants: Record<string, unknown>;
    };
    const candidate = (n: number, defaultDomain: string, displayName: string) => ({
      id: `e1b2c3d4-00${String(n).padStart(2, '0')}-4e5f-8a9b-0c1d2e3f4a${String(n).padStart(2, '0')}`,
      displayName,
      defaultDomain,
      policy: { requireMfa: true },
      guest: {},
    });
    Object.assign(scenario.tenants, {
      up: candidate(11, '../../../../etc/passwd', '..\\..\\Windows\\System32'),
      absolute: candidate(12, 'C:\\Windows\\evil.example', '/etc/shadow'),
      device: candidate(13, 'nul', 'CON'),
      nulbyte: candidate(14, 'nul\u0000byte.example', 'NUL\u0000'),
      long: candidate(15, `${'sub.'.repeat(80)}example`, 'x'.repeat(5000)),
      dupA: candidate(16, 'dup one.example', 'Dup One'),
      dupB: candidate(17, 'dup_one.example', 'Dup One too'),
      upper: candidate(18, 'DUP-ONE.example', 'DUP ONE'),
    });
    return scenario;
  }

  it('puts every saved email and export in the folder the dialog chose, under a safe name', async () => {
    app = await startApp(hostileScenario() as never, { env: { renderPdf: async (html) => Buffer.from(html) } });
    const h = app.services.handlers;
    const { accountId } = await h.signIn(undefined);
    await h.startScan({ accountId });
    const exportsDir = path.join(app.userDataDir, 'exports');
    const storeFiles = Object.keys(filesUnder(app.userDataDir)).sort();
    const saved: string[] = [];
    const record = (result: { saved: boolean; path: string | null }) => {
      expect(result.saved).toBe(true);
      saved.push(result.path!);
    };

    // A batch goes where its email fits (shared/verdicts.ts): trust and removal requests to many of the hostile
    // partners, MFA resets only where an entry is in use or about to be.
    const entries = selectEntries(app.services.store.data());
    for (const kind of ['trust-request', 'mfa-reset', 'remove-guest'] as const) {
      const expected = batchCandidates(tenantsOf(app, accountId), accountId, kind, entries).length;
      if (kind !== 'mfa-reset') expect(expected, kind).toBeGreaterThan(5);
      if (expected === 0) continue;
      const batch = await saveBatch(h, { kind, accountId }, () => ['it@partner.example']);
      expect(batch.path).toBe(exportsDir);
      const written = readdirSync(exportsDir).filter((name) => name.endsWith(`-${kind}.eml`));
      // One file per email: none overwrote another, even where two domains give the same file-safe name.
      expect(written.length, kind).toBe(batch.count);
      expect(batch.count, kind).toBe(expected);
    }
    const tenants = tenantsOf(app, accountId).filter((t) => !t.isHome);
    for (const tenant of tenants) {
      for (const kind of ['trust-request', 'mfa-reset', 'remove-guest'] as const) {
        const result = await dispatchIpc(h, 'saveEmail', { kind, accountId, tenantId: tenant.tenantId });
        expect(result.ok, `${tenant.defaultDomain} ${kind}`).toBe(true);
        if (result.ok) record(result.value as { saved: boolean; path: string | null });
      }
    }
    record(await h.exportInventory({ format: 'csv' }));
    record(await h.exportInventory({ format: 'json' }));
    record(await h.exportChecklistPdf(undefined));

    for (const file of saved) {
      expect(path.dirname(file), file).toBe(exportsDir);
      expect(path.basename(file), file).toMatch(/^[a-z0-9][a-z0-9.-]{0,120}( \(\d+\))?\.(eml|csv|json|pdf)$/);
      expect(path.basename(file), file).not.toMatch(/\.\./);
    }
    const after = filesUnder(app.userDataDir);
    const outside = Object.keys(after).filter((name) => !name.startsWith(`exports${path.sep}`));
    expect(outside.sort()).toEqual(storeFiles);
    for (const name of Object.keys(after).filter((n) => n.startsWith(`exports${path.sep}`))) {
      expect(path.basename(name), name).toMatch(/^[a-z0-9][a-z0-9.-]{0,120}( \(\d+\))?\.(eml|csv|json|pdf)$/);
    }
  }, 60_000);
});
