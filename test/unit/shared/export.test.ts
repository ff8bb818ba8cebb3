import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKUP_FACTS } from '../../../shared/entry-labels';
import {
  CHECKLIST_STYLE,
  CHECKLIST_STYLE_HASH,
  CSV_COLUMNS,
  checklistToHtml,
  csvCell,
  escapeHtml,
  inventoryToCsv,
  inventoryToJson,
  type InventoryExport,
} from '../../../shared/export';
import { buildAuthenticatorEntries } from '../../../shared/inventory';
import type { PhoneChangeItem, TenantRecord } from '../../../shared/model';
import {
  ACCOUNT_ID,
  CORRELATION_ID,
  POLICY_ID,
  TRACE_ID,
  FABRIKAM_ID,
  HOME_TENANT_ID,
  account,
  northwind,
  tenantRecord,
} from '../../fixtures/emails';

/** Minimal RFC 4180 reader (quoted fields with "" escapes and line breaks), to read back what we wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function homeTenant(): TenantRecord {
  return tenantRecord({
    tenantId: HOME_TENANT_ID,
    displayName: 'Contoso Ltd',
    defaultDomain: 'contoso.example',
    isHome: true,
    classification: null,
    methods: null,
    methodsNote: 'Graph refused the methods call (403).',
    sponsors: [],
    history: [],
    observedAt: null,
  });
}

describe('inventoryToCsv', () => {
  const tenants = [homeTenant(), tenantRecord({ notes: 'Call Dana first.\nThen IT.' }), northwind()];
  const csv = inventoryToCsv([account], tenants);

  it('starts with a BOM, ends rows with CRLF and has the documented header', () => {
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n\n');
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('writes one readable row per tenant', () => {
    const rows = parseCsv(csv.slice(1));
    const byColumn = (row: string[]) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]));
    expect(byColumn(rows[1]!)).toMatchObject({
      Account: 'alex.martin@contoso.example',
      Organisation: 'Contoso Ltd',
      Home: 'yes',
      Verdict: '',
      'Verdict label': 'Not checked yet',
      Methods: '',
      'Methods known': 'no',
    });
    expect(byColumn(rows[2]!)).toEqual({
      Account: 'alex.martin@contoso.example',
      Organisation: 'Fabrikam',
      Domain: 'fabrikam.example',
      'Tenant ID': FABRIKAM_ID,
      Home: 'no',
      Verdict: 'separate-mfa',
      'Verdict label': 'Needs its own MFA',
      'Leftover registration': 'no',
      Methods: 'Microsoft Authenticator (Pixel 7); Phone (+44 7700 900123)',
      'Methods known': 'yes',
      AADSTS: '50076',
      'Correlation ID': CORRELATION_ID,
      'Observed at (UTC)': '2025-03-04T09:15:28.000Z',
      'Last change (UTC)': '2024-11-20T08:00:00.000Z',
      Notes: 'Call Dana first.\r\nThen IT.',
      Confidence: 'likely',
      Error: 'invalid_grant',
      'Sub-error': 'basic_action',
      'Trace ID': TRACE_ID,
      'Policy IDs': POLICY_ID,
      // Made from the stored reason at export time, with its code for IT.
      Explanation:
        'This organisation asked for MFA although your home sign-in carried it: it demands its own MFA (or a stronger method than your home one) (AADSTS50076).',
      'Authenticator entry': 'in-use',
      'Entry label': 'In use',
      'Entry basis': 'graph',
      'Entry reason': 'You have 2 MFA methods registered in Fabrikam: keep the entry.',
      'Tenant category': 'Home',
    });
    expect(byColumn(rows[3]!)).toMatchObject({
      Verdict: 'registration-required',
      Methods: '',
      'Methods known': 'yes',
      'Authenticator entry': 'will-be-needed',
      'Entry basis': 'graph',
    });
    expect(byColumn(rows[1]!)).toMatchObject({ 'Authenticator entry': 'in-use', 'Entry label': 'In use' });
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell('a;b')).toBe('"a;b"');
  });

  it('defuses a formula behind any blank-looking lead character, one or several', () => {
    // Each of these shows as nothing (or as blank space) at the start of a cell.
    const blanks = [
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u2007',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\u0085',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u061c',
      '\u200e',
      '\u202e',
      '\u2066',
      '\u{e0020}',
      '\u115f',
      '\u1160',
      '\u3164',
      '\uffa0',
      '\u034f',
      '\ufe0f',
      '\u{e0100}',
      '\u17b4',
      '\u17b5',
      '\u180e',
      '\u{1d173}',
      '\u2800',
      '\u303f',
      '\u0301',
      '\u20dd',
      '\ue000',
      '\ud800',
      '\u2061',
    ];
    const formulas = ['=', '+', '-', '@', '|', '\uff1d', '\ufe66', '\ufe62', '\ufe63', '\u2212'];
    let tried = 0;
    for (const blank of blanks) {
      for (const formula of formulas) {
        for (const lead of [blank, `${blank}${blank}`, ` ${blank}`, `${blank}\u00a0`]) {
          const cell = csvCell(`${lead}${formula}1+1`).replace(/^"/, '');
          expect({ lead: [...lead].map((c) => c.codePointAt(0)?.toString(16)), formula, cell: cell[0] }).toEqual({
            lead: [...lead].map((c) => c.codePointAt(0)?.toString(16)),
            formula,
            cell: "'",
          });
          tried += 1;
        }
      }
    }
    expect(tried).toBe(blanks.length * formulas.length * 4);
    // Visible text before the sign is no formula and stays as it is.
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell('\u00e9=1')).toBe('\u00e9=1');
  });

  it('defuses formulas in every cell', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝', ' =']) {
      expect(csvCell(`${start}HYPERLINK("http://evil.example")`).replace(/^"/, '')).toMatch(/^'/);
    }
    const evil = inventoryToCsv(
      [account],
      [
        tenantRecord({
          displayName: '=HYPERLINK("http://evil.example","Click")',
          defaultDomain: '+cmd|calc!A1',
          notes: '@SUM(A1:A2)',
          sponsors: [],
        }),
      ],
    );
    const row = parseCsv(evil.slice(1))[1]!;
    expect(row[1]).toBe(`'=HYPERLINK("http://evil.example","Click")`);
    expect(row[2]).toBe(`'+cmd|calc!A1`);
    expect(row[14]).toBe(`'@SUM(A1:A2)`);
  });

  it('defuses formulas hidden behind invisible formatting characters, and cells starting with a pipe', () => {
    // Zero-width joiner / non-joiner, word joiner, zero-width space, byte order mark, soft hyphen, a bidi mark
    // and a no-break space: all invisible, so the cell still looks like (and may be read as) a formula.
    const invisible = ['\u200d', '\u200c', '\u2060', '\u200b', '\ufeff', '\u00ad', '\u200e', '\u00a0', '\u200d\u200c '];
    for (const lead of invisible) {
      for (const start of ['=', '+', '-', '@']) {
        const cell = csvCell(`${lead}${start}HYPERLINK("http://evil.example")`).replace(/^"/, '');
        expect(cell, JSON.stringify(lead + start)).toMatch(/^'/);
      }
    }
    // DDE payloads start with a pipe in some spreadsheets (also full-width).
    for (const pipe of ['|', '｜', '\u200d|']) expect(csvCell(`${pipe}cmd /c calc`)).toMatch(/^'/);
    // Ordinary text keeps its form, emoji with a joiner in the middle too.
    expect(csvCell('Fabrikam Ltd')).toBe('Fabrikam Ltd');
    expect(csvCell('👩\u200d💻 team')).toBe('👩\u200d💻 team');
    expect(csvCell('a|b')).toBe('a|b');
  });

  it('keeps hostile names to one clean, bounded cell', () => {
    const evil = inventoryToCsv(
      [account],
      [tenantRecord({ displayName: `Evil\r\nBcc: x\u202e${'A'.repeat(5 * 1024 * 1024)}`, notes: '' })],
    );
    expect(evil.length).toBeLessThan(10_000);
    const rows = parseCsv(evil.slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toMatch(/^Evil Bcc: xA+…$/);
  });
});

describe('inventoryToJson', () => {
  const exportedAt = new Date('2025-03-05T10:00:00Z');
  const json = inventoryToJson([account], [homeTenant(), tenantRecord()], exportedAt);
  const parsed = JSON.parse(json) as InventoryExport;

  it('has the documented, versioned envelope', () => {
    expect(parsed.format).toBe('guest-mfa-inventory');
    expect(parsed.version).toBe(1);
    expect(parsed.exportedAt).toBe('2025-03-05T10:00:00.000Z');
    expect(parsed.accounts).toEqual([
      {
        username: 'alex.martin@contoso.example',
        displayName: 'Alex Martin',
        homeTenantId: HOME_TENANT_ID,
        homeTenantName: 'Contoso Ltd',
        homeDomain: 'contoso.example',
        homeSessionMfa: true,
      },
    ]);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('describes each tenant with verdict, evidence, methods and history, without internal ids', () => {
    const fabrikam = parsed.tenants[1]!;
    expect(fabrikam).toMatchObject({
      account: 'alex.martin@contoso.example',
      tenantId: FABRIKAM_ID,
      organisation: 'Fabrikam',
      verdict: 'separate-mfa',
      verdictLabel: 'Needs its own MFA',
      confidence: 'likely',
      confidenceText: "Likely: Entra's answer also fits another cause, named in the explanation.",
      evidence: { aadsts: 50076, correlationId: CORRELATION_ID, traceId: TRACE_ID, policyIds: [POLICY_ID] },
      history: [
        { verdict: 'registration-required', at: '2024-11-02T08:00:00Z' },
        { verdict: 'separate-mfa', at: '2024-11-20T08:00:00Z' },
      ],
    });
    expect(fabrikam.methods?.[0]).toEqual({
      type: 'microsoftAuthenticator',
      description: 'Microsoft Authenticator (Pixel 7)',
      displayName: 'Pixel 7',
      detail: 'Authenticator app',
      createdDateTime: null,
    });
    expect(parsed.tenants[0]).toMatchObject({ verdict: null, verdictLabel: 'Not checked yet', methods: null });
    expect(json).not.toContain(ACCOUNT_ID);
    expect(Object.keys(fabrikam)).not.toContain('accountId');
  });

  it('gives each tenant its Authenticator entry in the words of the entries view, with the user’s answer', () => {
    expect(parsed.tenants[1]!.entry).toEqual({
      status: 'in-use',
      label: 'In use',
      inferred: 'in-use',
      basis: 'graph',
      basisLabel: 'Methods read',
      // The methods are read; "in use" also rests on the verdict, which is no more than likely.
      confidence: 'likely',
      reason: 'You have 2 MFA methods registered in Fabrikam: keep the entry.',
      howKnown: expect.stringMatching(/^Read from Microsoft Graph on 4 Mar 2025/),
      since: '2025-03-04T09:15:28Z',
      answer: null,
      answeredAt: null,
      changeNote: null,
    });
    // With the entries main derives (the user's answers included), the export follows them.
    const fabrikam = tenantRecord({ methods: null, methodsNote: 'Graph refused the methods call (403).' });
    const answered = buildAuthenticatorEntries({
      accounts: [account],
      tenants: [fabrikam],
      manualEntries: [],
      ticks: {},
      confirmations: {
        [`tenant:${ACCOUNT_ID}:${FABRIKAM_ID}`]: { answer: 'no', at: '2025-03-05T08:00:00Z', verdict: 'separate-mfa' },
      },
    });
    const out = JSON.parse(inventoryToJson([account], [fabrikam], exportedAt, answered)) as InventoryExport;
    expect(out.tenants[0]!.entry).toMatchObject({
      status: 'will-be-needed',
      inferred: 'in-use',
      basis: 'you',
      answer: 'no',
      answeredAt: '2025-03-05T08:00:00Z',
    });
    const csvRows = parseCsv(inventoryToCsv([account], [fabrikam], answered).slice(1));
    expect(csvRows[1]![CSV_COLUMNS.indexOf('Authenticator entry')]).toBe('will-be-needed');
    expect(csvRows[1]![CSV_COLUMNS.indexOf('Entry basis')]).toBe('you');
  });

  it('round-trips hostile text exactly (JSON escaping is enough)', () => {
    const name = 'Evil\r\n"},{"x":1 </script> \u2028';
    const out = JSON.parse(
      inventoryToJson([account], [tenantRecord({ displayName: name })], exportedAt),
    ) as InventoryExport;
    expect(out.tenants[0]!.organisation).toBe(name);
    expect(out.tenants).toHaveLength(1);
  });
});

function item(overrides: Partial<PhoneChangeItem> = {}): PhoneChangeItem {
  return {
    entryKey: `tenant:${ACCOUNT_ID}:${FABRIKAM_ID}`,
    organisation: 'Fabrikam',
    domain: 'fabrikam.example',
    tenantId: FABRIKAM_ID,
    accountId: ACCOUNT_ID,
    rank: 1,
    urgencyReason: 'Your only method here is the Authenticator app on the old phone.',
    singleMethod: true,
    noWorkingMethodAfterChange: true,
    removeOnly: false,
    entryStatus: 'in-use',
    methodsKnown: true,
    steps: [
      { id: 'open-security-info', label: 'Open the Security info page for Fabrikam', done: true, phase: 'before' },
      { id: 'add-new-phone', label: 'Add the new phone', done: true, phase: 'after' },
      { id: 'test-sign-in', label: 'Test a sign-in', done: false, phase: 'after' },
      { id: 'remove-old-device', label: 'Remove the old device', done: false, phase: 'after' },
    ],
    securityInfoUrl: `https://mysignins.microsoft.com/security-info/?tenantId=${FABRIKAM_ID}`,
    ...overrides,
  };
}

describe('checklistToHtml', () => {
  const meta = {
    title: 'Phone change checklist',
    generatedAt: new Date('2025-03-05T10:00:00Z'),
    account: 'alex.martin@contoso.example',
  };

  it('is a complete document with a restrictive CSP whose style hash matches', () => {
    const html = checklistToHtml([item()], meta);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const hash = `sha256-${createHash('sha256').update(CHECKLIST_STYLE, 'utf8').digest('base64')}`;
    expect(CHECKLIST_STYLE_HASH).toBe(hash);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src '${hash}'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'">`,
    );
    expect(html).toContain(`<style>${CHECKLIST_STYLE}</style>`);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script|\son\w+=|style="/i);
  });

  it('shows saved progress as ticked boxes and prints the Security info URL as text', () => {
    const html = checklistToHtml(
      [item(), item({ rank: 2, organisation: 'Northwind', steps: [], removeOnly: true })],
      meta,
    );
    expect(html).toContain('2 of 4 steps done');
    expect(html.match(/<li class="done">/g)).toHaveLength(2);
    expect(html.match(/<li class="todo">/g)).toHaveLength(2);
    expect(html).toContain('<span class="sr">Done: </span>Add the new phone');
    expect(html).toContain(
      `Security info: <span class="mono">https://mysignins.microsoft.com/security-info/?tenantId=${FABRIKAM_ID}</span>`,
    );
    expect(html).not.toContain('<a ');
    expect(html).toContain('add a second one (another phone number or a security key)');
    expect(html).toContain('ask this organisation to make you register MFA again');
    expect(html).not.toMatch(/ask this organisation for [^<]*Temporary Access Pass/);
    expect(html).toContain('Only delete this entry from the Authenticator app');
    expect(html).toContain('Account: alex.martin@contoso.example · Generated 2025-03-05 10:00 UTC');
  });

  it('groups the steps before the wipe and after the new phone, names the entry and prints the backup facts', () => {
    const html = checklistToHtml(
      [
        item(),
        item({
          rank: 2,
          organisation: 'Litware',
          entryStatus: 'in-use',
          methodsKnown: false,
          noWorkingMethodAfterChange: false,
        }),
      ],
      meta,
    );
    const first = html.slice(html.indexOf('<li class="item">'), html.indexOf('</li>\n<li class="item">'));
    expect(first.indexOf('Before you wipe the old phone')).toBeLessThan(
      first.indexOf('After you set up the new phone'),
    );
    expect(first.indexOf('Open the Security info page for Fabrikam')).toBeLessThan(first.indexOf('After you set up'));
    expect(first.indexOf('Add the new phone')).toBeGreaterThan(first.indexOf('After you set up'));
    expect(html).toContain('<p class="reason">Entry: In use</p>');
    expect(html).toContain('Methods unknown: if the Authenticator app is your only method here');
    for (const fact of BACKUP_FACTS) expect(html).toContain(escapeHtml(fact));
    expect(html).toContain('restores only to the same kind of phone');
    expect(html).toContain('work or school accounts back by name only');
  });

  it('escapes every data string', () => {
    const html = checklistToHtml(
      [
        item({
          organisation: '<script>alert(1)</script>',
          domain: '"><img src=x onerror=alert(1)>',
          urgencyReason: "It's <b>urgent</b> & more",
          steps: [{ id: 'add-new-phone', label: '<iframe src="https://evil.example">', done: false, phase: 'after' }],
          securityInfoUrl: 'javascript:alert(1)"><script>x</script>',
          tenantId: '<svg onload=alert(1)>',
        }),
      ],
      { ...meta, title: '</title><script>alert(1)</script>', account: '<b>me</b>\u202e' },
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<svg|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('(&quot;&gt;&lt;img src=x onerror=alert(1)&gt;)');
    expect(html).toContain('It&#39;s &lt;b&gt;urgent&lt;/b&gt; &amp; more');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('\u202e');
  });

  it('says so when there is nothing to do', () => {
    expect(checklistToHtml([], meta)).toContain('No organisations need attention for a phone change.');
    expect(checklistToHtml([], meta)).toContain('0 of 0 steps done');
  });
});
