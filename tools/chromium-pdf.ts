/**
 * PDF rendering for the browser test host and the demo, where Electron's printToPDF is not available: the
 * same generated HTML printed by Debian's Chromium through playwright-core. JavaScript is disabled, as in
 * the app's hidden PDF window.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export function createChromiumPdfRenderer(): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  return {
    async render(html) {
      browser ??= launchChromium();
      const context = await (await browser).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      if (browser) await (await browser).close();
      browser = null;
    },
  };
}
