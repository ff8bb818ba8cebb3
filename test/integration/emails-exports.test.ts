/**
 * Request emails and exports through the IPC handlers of the real services, after a real scan of
 * seed-blog.json: what the user gets in the preview is what the .eml, the mail client and the files get.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumPdfRenderer, type PdfRenderer } from '../../tools/chromium-pdf';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';
import { saveBatch } from '../support/email-batch';

describe('emails and exports through the app services', () => {
  let app: AppHarness;
  let pdf: PdfRenderer;
  let accountId: string;
  const tenant = (domain: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domain)!;
  const exportsDir = () => path.join(app.userDataDir, 'exports');

  beforeAll(async () => {
    pdf = createChromiumPdfRenderer();
    app = await startApp('seed-blog.json', { env: { renderPdf: (html) => pdf.render(html) } });
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await pdf?.close();
  });

  it('composes a trust request with the facts partner IT needs, addressed to the sponsor once known', async () => {
    const before = tenant('northwindtraders.example');
    // The tenant demands its own MFA, so nothing could be read there silently: the user types a recipient…
    expect(before.sponsors).toEqual([]);
    const blank = await app.services.handlers.composeEmail({
      kind: 'trust-request',
      accountId,
      tenantId: before.tenantId,
    });
    expect(blank.to).toEqual([]);
    // …or signs in to it once, after which the sponsor is known and prefilled.
    await app.services.handlers.signInToTenant({ accountId, tenantId: before.tenantId });
    const northwind = tenant('northwindtraders.example');
    expect(northwind.classification?.verdict).toBe('separate-mfa');
    const draft = await app.services.handlers.composeEmail({
      kind: 'trust-request',
      accountId,
      tenantId: northwind.tenantId,
    });
    expect(draft.to).toEqual(['nestor.wilke@northwindtraders.example']);
    expect(draft.subject).toMatch(/Northwind Traders/);
    const account = app.services.store.data().accounts[0]!;
    for (const fact of [
      account.homeTenantId,
      'AADSTS50076',
      northwind.classification!.evidence.correlationId!,
      'UTC',
      'Cross-tenant access settings',
      'crossTenantAccessPolicy/partners',
      'IsMfaAccepted',
    ]) {
      expect(draft.body, fact).toContain(fact);
    }
  });

  it('saves the same text as an .eml a mail program reads back, with remembered recipients', async () => {
    const tailspin = tenant('tailspintoys.example');
    await app.services.handlers.setTenantRecipients({
      accountId,
      tenantId: tailspin.tenantId,
      recipients: ['it@tailspintoys.example'],
    });
    const draft = await app.services.handlers.composeEmail({
      kind: 'trust-request',
      accountId,
      tenantId: tailspin.tenantId,
    });
    expect(draft.to).toEqual(['it@tailspintoys.example']);
    const saved = await app.services.handlers.saveEmail({
      kind: 'trust-request',
      accountId,
      tenantId: tailspin.tenantId,
    });
    expect(saved.saved && path.basename(saved.path!)).toBe('tailspintoys.example-trust-request.eml');
    const mail = await simpleParser(readFileSync(saved.path!));
    expect(mail.subject).toBe(draft.subject);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('it@tailspintoys.example');
    expect(mail.text?.trim()).toBe(draft.body.trim());
  });

  it('writes one .eml per email candidate in a batch, and nothing when the dialog is cancelled', async () => {
    app.env.cancelNextDialog();
    expect(await saveBatch(app.services.handlers, { kind: 'trust-request', accountId })).toEqual({
      saved: false,
      path: null,
      count: 0,
      unaddressed: 0,
    });
    const batch = await saveBatch(app.services.handlers, { kind: 'trust-request', accountId });
    // Woodgrove's MFA demand (a strength the home method does not meet) reads like any other: separate-mfa, likely.
    expect(batch.count).toBe(4);
    expect(
      readdirSync(exportsDir())
        .filter((f) => f.endsWith('-trust-request.eml'))
        .sort(),
    ).toEqual([
      'northwindtraders.example-trust-request.eml',
      'proseware.example-trust-request.eml',
      'tailspintoys.example-trust-request.eml',
      'woodgrovebank.example-trust-request.eml',
    ]);
  });

  it('keeps a tenant in the batch when its latest check failed but it last demanded its own MFA', async () => {
    app.emulator.addFault('proseware', { endpoint: 'token', kind: 'status', status: 503 });
    await app.services.handlers.startScan({ accountId });
    expect(tenant('proseware.example').classification?.verdict).toBe('error');
    const batch = await saveBatch(app.services.handlers, { kind: 'trust-request', accountId });
    expect(batch.count).toBe(4);
  });

  it('opens the mail client with a mailto: URL, and puts a long body on the clipboard', async () => {
    const northwind = tenant('northwindtraders.example');
    const result = await app.services.handlers.openEmail({
      kind: 'trust-request',
      accountId,
      tenantId: northwind.tenantId,
    });
    const opened = app.env.opened.at(-1)!;
    expect(opened).toMatch(/^mailto:/);
    expect(result.bodyCopiedToClipboard).toBe(true);
    expect(opened).not.toContain('body=');
    expect(app.env.clipboardText()).toContain('AADSTS50076');
  });

  it('exports the inventory as CSV and JSON with every tenant', async () => {
    const csv = await app.services.handlers.exportInventory({ format: 'csv' });
    const rows = readFileSync(csv.path!, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(tenantsOf(app, accountId).length + 1);
    const json = await app.services.handlers.exportInventory({ format: 'json' });
    const parsed = JSON.parse(readFileSync(json.path!, 'utf8'));
    expect(parsed).toMatchObject({ format: 'guest-mfa-inventory', version: 1 });
    expect(parsed.tenants).toHaveLength(tenantsOf(app, accountId).length);
  });

  it('prints the phone-change checklist to a PDF', async () => {
    const result = await app.services.handlers.exportChecklistPdf(undefined);
    expect(result.saved).toBe(true);
    expect(readFileSync(result.path!).subarray(0, 5).toString()).toBe('%PDF-');
  }, 30_000);

  it('opens only allow-listed links', async () => {
    await app.services.handlers.openExternalLink({ url: 'https://mysignins.microsoft.com/security-info?tenantId=x' });
    expect(app.env.opened.at(-1)).toBe('https://mysignins.microsoft.com/security-info?tenantId=x');
    await expect(
      Promise.resolve(app.services.handlers.openExternalLink({ url: 'https://evil.example/' })),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
