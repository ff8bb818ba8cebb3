import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import { CONFIDENCES, ENTRY_STATUSES, TENANT_CATEGORIES, VERDICTS } from '../../../shared/model';
import { acquireDirLock } from '../../../main/store/lock';
import { parseArguments, runScan } from '../../../tools/scan';

const root = path.resolve(__dirname, '../../..');
const seed = path.join(root, 'test/scenarios/seed-blog.json');
const run = promisify(execFile);
const seedScenario = () =>
  JSON.parse(readFileSync(seed, 'utf8')) as { user: { homeTenant: string }; tenants: Record<string, { id: string }> };

/** The documented --json shape, exactly (strict objects: no extra fields). */
const outputSchema = z.strictObject({
  listing: z.enum(['complete', 'partial', 'unavailable']),
  listingProblem: z
    .strictObject({ kind: z.enum(['home-refused', 'failed']), aadsts: z.number().nullable(), message: z.string() })
    .nullable(),
  account: z.strictObject({ upn: z.string(), homeTenantId: z.string(), signInPath: z.string().nullable() }),
  tenants: z.array(
    z.strictObject({
      tenantId: z.string(),
      displayName: z.string(),
      defaultDomain: z.string(),
      isHome: z.boolean(),
      verdict: z.enum(VERDICTS),
      confidence: z.enum(CONFIDENCES),
      entry: z.enum(ENTRY_STATUSES),
      entryConfidence: z.enum(CONFIDENCES),
      tenantCategory: z.enum(TENANT_CATEGORIES),
      checked: z.boolean(),
      leftoverRegistration: z.boolean(),
      methods: z.array(z.strictObject({ type: z.string(), displayName: z.string() })).nullable(),
      evidence: z.strictObject({
        aadsts: z.number().nullable(),
        correlationId: z.string().nullable(),
        amr: z.array(z.string()).nullable(),
        subError: z.string().nullable(),
        policyIds: z.array(z.string()),
      }),
      observedAt: z.iso.datetime(),
      reason: z.string().nullable(),
      explanation: z.string().nullable(),
      action: z.string().nullable(),
    }),
  ),
});

describe('headless scan runner', () => {
  it('prints the inventory in the documented JSON shape', async () => {
    let printed = '';
    await runScan({ scenario: seed, json: true, emails: null, concurrency: 4 }, (text) => (printed = text));
    const output = outputSchema.parse(JSON.parse(printed));
    expect(output.account.upn).toBe('adele@contoso.example');
    expect(output.listing).toBe('complete');
    expect(output.listingProblem).toBeNull();
    expect(output.tenants.filter((t) => t.isHome)).toHaveLength(1);
    const northwind = output.tenants.find((t) => t.defaultDomain === 'northwindtraders.example');
    expect(northwind).toMatchObject({
      verdict: 'separate-mfa',
      confidence: 'likely',
      entry: 'in-use',
      tenantCategory: 'Home',
      checked: true,
      leftoverRegistration: false,
      evidence: { aadsts: 50076, subError: 'basic_action' },
      methods: null,
    });
    const home = output.tenants.find((t) => t.isHome);
    expect(home).toMatchObject({
      verdict: 'home-mfa-trusted',
      confidence: 'certain',
      entry: 'in-use',
      evidence: { policyIds: [] },
    });
    for (const t of output.tenants) expect(t.leftoverRegistration).toBe(t.entry === 'leftover');
    // The entry's confidence is the entries view's: never above the verdict's.
    const rank = { unknown: 0, likely: 1, certain: 2 } as const;
    for (const t of output.tenants.filter((t) => !t.isHome)) {
      expect(rank[t.entryConfidence], t.defaultDomain).toBeLessThanOrEqual(rank[t.confidence]);
    }
  }, 60_000);

  it('prints a readable table and writes a trust request for every candidate, drafts where no recipient is known', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-emails-'));
    let printed = '';
    const warnings: string[] = [];
    await runScan(
      { scenario: seed, json: false, emails: dir, concurrency: null },
      (text) => (printed = text),
      (text) => warnings.push(text),
    );
    expect(printed).toMatch(/Northwind Traders\s+northwindtraders\.example\s+Needs its own MFA/);
    // The four candidates demand their own MFA or a registration, so they gave the app no token: it could read no
    // sponsor there and knows no recipient. Each request is written all the same, as a draft to address in the mail
    // app, and named on stderr with whom to ask. (Woodgrove, trust on but a strength the home method does not
    // meet, answers like any MFA demand.)
    const names = ['Northwind Traders', 'Proseware, Inc.', 'Tailspin Toys', 'Woodgrove Bank'];
    for (const name of names) {
      expect(
        warnings.some((w) =>
          w.startsWith(`scan: trust-request to ${name} saved as a draft to address in your mail app.`),
        ),
        name,
      ).toBe(true);
    }
    expect(warnings.find((w) => w.includes('Tailspin Toys'))).toMatch(/the person who invited you/);
    // One trust request per candidate (and a device-trust request for the organisation that refuses the device).
    const files = readdirSync(dir).filter((f) => f.endsWith('-trust-request.eml'));
    expect(files).toHaveLength(names.length);
    const homeTenantId = seedScenario().tenants[seedScenario().user.homeTenant]!.id;
    for (const file of files) {
      const raw = readFileSync(path.join(dir, file));
      const head = raw.toString('utf8').split('\r\n\r\n')[0]!;
      const mail = await simpleParser(raw);
      // A draft: no recipient, marked unsent, one header per line and only the ones MailComposer writes.
      expect(mail.to, file).toBeUndefined();
      expect(mail.headers.get('x-unsent')).toBe('1');
      expect(
        head
          .split('\r\n')
          .map((l) => l.split(':')[0]!.toLowerCase())
          .filter((h) => !/^\s/.test(h)),
      ).toEqual(expect.arrayContaining(['from', 'subject', 'x-unsent']));
      expect(head).not.toMatch(/^(to|cc|bcc):/im);
      expect(mail.text).toContain(`Home tenant ID: ${homeTenantId}`);
      expect(mail.text).toContain('POST https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners');
      expect(mail.text).toContain('"inboundTrust": { "isMfaAccepted": true }');
    }
  }, 60_000);

  it('refuses bad arguments with a one-line reason', () => {
    expect(() => parseArguments([])).toThrow('--scenario <file> is required');
    expect(() => parseArguments(['--scenario', seed, '--concurrency', '0'])).toThrow(/1 to 32/);
    expect(() => parseArguments(['--scenario', seed, '--frobnicate'])).toThrow(/unknown argument/);
    expect(() => parseArguments(['--scenario', seed, '--data'])).toThrow('--data needs a value');
    expect(parseArguments(['--scenario', seed, '--data', 'some/dir']).data).toBe(path.resolve('some/dir'));
    expect(parseArguments(['--scenario', seed]).data).toBeNull();
  });

  it('exits non-zero naming the field of a bad scenario file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-bad-'));
    const file = path.join(dir, 'typo.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'typo',
        user: { upn: 'a@b.example', homeTenant: 'h' },
        tenants: {
          h: { id: '6f0d3b5e-4c1a-4d2e-9a7b-1c2d3e4f5a60', displayName: 'H', defaultDomain: 'h.example', polcy: {} },
        },
      }),
    );
    const result = await run(process.execPath, [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(root, 'tools/scan.ts'),
      '--scenario',
      file,
    ]).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect('code' in result && result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/typo\.json: tenants\.h\.polcy/);
  }, 60_000);

  it('refused on a folder in use by another program, changes nothing of the holder (its sign-in cache stays)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-scan-held-'));
    writeFileSync(path.join(dir, 'msal-cache.bin'), "the holder's encrypted sign-in cache");
    const holder = await acquireDirLock(dir, { what: 'Guest MFA Inventory' });
    try {
      const options = { ...parseArguments(['--scenario', seed, '--data', dir]) };
      await expect(
        runScan(
          options,
          () => undefined,
          () => undefined,
        ),
      ).rejects.toMatchObject({
        code: 'in-use',
        message: expect.stringContaining('Guest MFA Inventory'),
      });
      expect(readFileSync(path.join(dir, 'msal-cache.bin'), 'utf8')).toBe("the holder's encrypted sign-in cache");
    } finally {
      await holder.release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
