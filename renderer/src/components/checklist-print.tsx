/**
 * The phone-change checklist on paper: the very document "Save as PDF" writes (shared/export.ts
 * `checklistToHtml`, the same items, account line and date format), kept in a shadow root outside the app's root
 * and shown only when printing (app.css). So Print, Ctrl+P and Save as PDF give the same pages: the cards packed,
 * no on-screen instructions or step counters, one date format. Its date is refreshed just before printing.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { CHECKLIST_STYLE, checklistToHtml } from '../../../shared/export';
import type { PhoneChangeItem } from '../../../shared/model';

export const CHECKLIST_TITLE = 'Phone change checklist';

/** The document's style, scoped to the shadow root: what it says of `html` and `body` applies to the host. */
const SHADOW_STYLE = CHECKLIST_STYLE.replace(/(^|\n)(html|body) \{/g, '$1:host {');

function bodyOf(html: string): string {
  const start = html.indexOf('<body>');
  const end = html.lastIndexOf('</body>');
  return start >= 0 && end > start ? html.slice(start + '<body>'.length, end) : '';
}

export function ChecklistPrint({ items, account }: { items: PhoneChangeItem[]; account: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const render = () => {
      // Every data string is escaped by checklistToHtml; the markup is the PDF's own.
      const html = checklistToHtml(items, { title: CHECKLIST_TITLE, generatedAt: new Date(), account });
      root.innerHTML = `<style>${SHADOW_STYLE}</style>${bodyOf(html)}`;
    };
    render();
    window.addEventListener('beforeprint', render);
    return () => window.removeEventListener('beforeprint', render);
  }, [items, account]);
  return createPortal(<div ref={host} className="checklist-print" data-testid="checklist-print" />, document.body);
}
