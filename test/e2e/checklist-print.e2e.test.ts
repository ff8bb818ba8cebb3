/**
 * The phone-change checklist document in a real Chromium, the engine Electron prints it with: the CSP admits
 * the built-in style sheet (by hash) and nothing else, hostile data stays text, and it prints to an A4 PDF.
 * Writes test-results/checklist.png and test-results/checklist.pdf for a human look.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistToHtml } from '../../shared/export';
import type { PhoneChangeItem } from '../../shared/model';
import { launchChromium } from '../../tools/chromium';

const outDir = path.resolve(__dirname, '../../test-results');
const FABRIKAM = '2b7e9a41-6c3d-4f85-a1b2-c3d4e5f60718';

function item(rank: number, organisation: string, overrides: Partial<PhoneChangeItem> = {}): PhoneChangeItem {
  return {
    entryKey: `tenant:a:${rank}`,
    organisation,
    domain: `${organisation.toLowerCase().replace(/[^a-z]/g, '')}.example`,
    tenantId: FABRIKAM,
    accountId: 'a',
    rank,
    urgencyReason: 'Your only method here is the Authenticator app on the old phone.',
    singleMethod: false,
    noWorkingMethodAfterChange: false,
    removeOnly: false,
    entryStatus: 'in-use',
    methodsKnown: true,
    steps: [
      {
        id: 'open-security-info',
        label: `Open the Security info page for ${organisation}`,
        done: true,
        phase: 'before',
      },
      { id: 'add-new-phone', label: 'Add the new phone (Microsoft Authenticator)', done: rank === 1, phase: 'after' },
      { id: 'test-sign-in', label: 'Sign in once with the new phone', done: false, phase: 'after' },
      { id: 'remove-old-device', label: 'Remove the old phone from the list', done: false, phase: 'after' },
    ],
    securityInfoUrl: `https://mysignins.microsoft.com/security-info/?tenantId=${FABRIKAM}`,
    ...overrides,
  };
}

describe('checklist document in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('applies its own style, runs no script from data, and prints to A4', async () => {
    const html = checklistToHtml(
      [
        item(1, 'Fabrikam', { singleMethod: true, noWorkingMethodAfterChange: true }),
        item(2, '<img src=x onerror="window.__pwned=1">Northwind Traders'),
        item(3, 'Contoso Ltd (home)', { urgencyReason: 'Your home organisation: other organisations trust this MFA.' }),
        item(4, 'Tailspin Toys', {
          removeOnly: true,
          urgencyReason: 'Tailspin Toys accepts your home MFA; this entry is left over.',
          steps: [],
        }),
      ],
      {
        title: 'Phone change checklist',
        generatedAt: new Date('2025-03-05T10:00:00Z'),
        account: 'alex.martin@contoso.example',
      },
    );
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.setContent(html, { waitUntil: 'load' });

    // Page-side code is passed as text: this file is type-checked without the DOM library.
    const h1FontSize = async () =>
      parseFloat(await page.evaluate<string>('getComputedStyle(document.querySelector("h1")).fontSize'));
    expect(await h1FontSize()).toBeCloseTo((17 * 4) / 3, 1); // 17pt: the built-in style sheet applied
    expect(await page.evaluate<number>('document.querySelector(".box").getBoundingClientRect().width')).toBeGreaterThan(
      10,
    );
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('h2').nth(1).textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    // Any other style sheet is refused by the CSP: the heading keeps its size.
    await page.evaluate(
      'const s = document.createElement("style"); s.textContent = "h1 { font-size: 40pt !important; }"; document.head.append(s);',
    );
    expect(await h1FontSize()).toBeCloseTo((17 * 4) / 3, 1);

    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'checklist.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    fs.writeFileSync(path.join(outDir, 'checklist.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 is 595 x 842 points.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeCloseTo(595, 0);
    expect(Number(box?.[2])).toBeCloseTo(842, 0);
    await page.close();
  });
});
