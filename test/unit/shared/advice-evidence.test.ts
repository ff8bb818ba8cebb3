/**
 * Advice is never more certain than the evidence under it (issue 19): the entry words, the refusals, the requests
 * to partners, the headline and the user's own answer, each tested as a user would meet it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../shared/classify';
import { composeEmail } from '../../../shared/email';
import { decideTenantEntry, entryAdvice } from '../../../shared/entries';
import { entryKeyForTenant } from '../../../shared/entry-keys';
import { buildAuthenticatorEntries, buildPhoneChangeChecklist } from '../../../shared/inventory';
import type {
  AccountSummary,
  AuthErrorObservation,
  AuthMethod,
  Classification,
  EntryConfirmation,
  HistoryEntry,
  TenantRecord,
  Verdict,
} from '../../../shared/model';
import { selectSummary } from '../../../shared/selectors';
import { emailCandidates, nextStepOf } from '../../../shared/verdicts';
import { inventoryHeadline } from '../../../renderer/src/headline';
import { goldenContexts } from '../../fixtures/emails';
import { AUTHENTICATOR, observe, PASSWORD } from './observation-fixtures';
import { said, todo, typicalReason } from '../../support/words';

const DEFAULT = { defaultClient: true };
const OWN_APP = { defaultClient: false };
const ACCOUNT = 'adele-oid.contoso-tid';

function classification(
  verdict: Verdict,
  at: string,
  aadsts: number | null,
  confidence: Classification['confidence'],
): Classification {
  return {
    verdict,
    leftoverRegistration: false,
    confidence,
    evidence: {
      aadsts,
      errorCode: aadsts === null ? null : 'invalid_grant',
      subError: null,
      correlationId: null,
      traceId: null,
      timestamp: at,
      amr: null,
      acrs: null,
      claimsChallenge: null,
      policyIds: [],
      message: null,
    },
    reason: typicalReason(verdict),
  };
}

function tenant(
  name: string,
  history: HistoryEntry[],
  options: { methods?: AuthMethod[] | null; latest?: Classification | null; isHome?: boolean } = {},
): TenantRecord {
  const last = history.at(-1);
  const latest =
    options.latest !== undefined
      ? options.latest
      : last
        ? classification(last.verdict, last.lastAt ?? last.at, last.aadsts ?? null, 'likely')
        : null;
  return {
    accountId: ACCOUNT,
    tenantId: `${name.toLowerCase()}-tid`,
    displayName: name,
    defaultDomain: `${name.toLowerCase()}.example`,
    domains: [`${name.toLowerCase()}.example`],
    isHome: options.isHome ?? false,
    source: 'arm',
    listed: true,
    classification: latest,
    methods: options.methods ?? null,
    methodsNote: null,
    sponsors: [],
    technicalContacts: [],
    observedAt: latest ? (last?.lastAt ?? last?.at ?? latest.evidence.timestamp) : null,
    history,
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
  };
}

const step = (verdict: Verdict, at: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  verdict,
  leftoverRegistration: false,
  at,
  ...(verdict === 'separate-mfa' ? { aadsts: 50076 } : {}),
  ...extra,
});

const NOV_3 = '2025-11-03T09:00:00Z';
const NOV_10 = '2025-11-10T09:00:00Z';
const NOV_12 = '2025-11-12T09:00:00Z';
const DEC_1 = '2025-12-01T09:00:00Z';

describe('an entry never "can go" from one answer', () => {
  const demandedThenClean = [step('separate-mfa', NOV_3), step('no-mfa-required', NOV_10)];

  it('a tenant that demanded its own MFA and asks for none at the next scan keeps its entry (default client)', () => {
    const entry = decideTenantEntry(tenant('Fabrikam', demandedThenClean), null, DEFAULT);
    expect(entry.status).toBe('in-use');
    expect(entry.reason).not.toMatch(/can go|can probably go/);
    expect(entry.reason).toMatch(/Keep the entry until it accepts your home MFA/);
  });

  it('the same with an own app registration that reads the methods: kept, never leftover certain', () => {
    const entry = decideTenantEntry(
      tenant('Fabrikam', demandedThenClean, { methods: [PASSWORD, AUTHENTICATOR] }),
      null,
      OWN_APP,
    );
    expect(entry).toMatchObject({ status: 'in-use', basis: 'graph' });
    expect(entry.confidence).not.toBe('certain');
    expect(entry.reason).toMatch(/Keep the entry until/);
  });

  it('"Yes, I have it" does not make it go either', () => {
    const answer: EntryConfirmation = { answer: 'yes', at: NOV_12, verdict: 'no-mfa-required' };
    const entry = decideTenantEntry(tenant('Fabrikam', demandedThenClean), answer, DEFAULT);
    expect(entry.status).toBe('in-use');
  });

  it('a tenant that then answers with the home MFA: the entry can go, likely', () => {
    const trusted = [...demandedThenClean, step('home-mfa-trusted', DEC_1)];
    const entry = decideTenantEntry(tenant('Fabrikam', trusted), null, DEFAULT);
    expect(entry).toMatchObject({ status: 'leftover', confidence: 'likely' });
    expect(entry.reason).toMatch(/accepts your home MFA: the entry you registered there can most likely go/);
  });

  it('several clean checks over two weeks with no demand since also let it go, and say how many', () => {
    const spread = [step('separate-mfa', NOV_3), step('no-mfa-required', NOV_10, { checks: 4, lastAt: DEC_1 })];
    const entry = decideTenantEntry(tenant('Fabrikam', spread), null, DEFAULT);
    expect(entry.status).toBe('leftover');
    expect(entry.reason).toMatch(/at 4 checks from 10 Nov 2025 to 1 Dec 2025/);
    // Three checks within two days are not "spread over time".
    const bunched = [step('separate-mfa', NOV_3), step('no-mfa-required', NOV_10, { checks: 3, lastAt: NOV_12 })];
    expect(decideTenantEntry(tenant('Fabrikam', bunched), null, DEFAULT).status).toBe('in-use');
  });

  it('a tenant that asks only some of the time is worded as such', () => {
    const flapping = [
      step('separate-mfa', NOV_3),
      step('no-mfa-required', NOV_10),
      step('separate-mfa', NOV_12),
      step('no-mfa-required', DEC_1),
    ];
    const entry = decideTenantEntry(tenant('Fabrikam', flapping), null, DEFAULT);
    expect(entry.status).toBe('in-use');
    expect(entry.reason).toMatch(/asked for MFA only some of the time, as security defaults do/);
  });

  it("an entry's confidence never exceeds its verdict's", () => {
    const record = tenant('Fabrikam', [step('home-mfa-trusted', NOV_3)], {
      methods: [AUTHENTICATOR],
      latest: classification('home-mfa-trusted', NOV_3, null, 'likely'),
    });
    expect(decideTenantEntry(record, null, OWN_APP)).toMatchObject({ status: 'leftover', confidence: 'likely' });
  });
});

/** An Entra error replayed from a real body: the code, the OAuth error and the description as Entra sent them. */
function realRefusal(code: number, error: string, text: string): AuthErrorObservation {
  return {
    kind: 'auth-error',
    errorClass: 'ServerError',
    errorCode: error,
    subError: null,
    aadsts: code,
    correlationId: null,
    traceId: null,
    timestamp: null,
    message: text,
    claims: null,
  };
}

describe('device and client refusals refuse this sign-in path, at most likely', () => {
  const replayed = [
    // HTTP 401 from Azure PowerShell (ADAL), 2020: https://github.com/Azure/azure-powershell/issues/13193
    realRefusal(
      50097,
      'invalid_grant',
      'AADSTS50097: Device authentication is required.\r\nTrace ID: 82c1fd6c-f89c-476c-bc73-feee79bd4f00\r\nCorrelation ID: 6d59ceeb-f0da-4a5a-9199-5568c0af4c05\r\nTimestamp: 2020-10-12 19:53:09Z',
    ),
    // MSAL Python refresh, Azure CLI client, 2024 (real-answers.md B12): https://github.com/Azure/azure-cli/issues/29282
    realRefusal(
      530003,
      'invalid_grant',
      'AADSTS530003: Your device is required to be managed to access this resource. Trace ID: a3c52841-d43e-4d86-88e7-d0f2c3862b00 Correlation ID: 53263086-9034-477f-b299-66436a86d9d2 Timestamp: 2024-06-29 06:51:14Z',
    ),
  ];

  it('replayed real bodies: blocked, likely, worded as a refusal of this app sign-in the browser or Teams may pass', () => {
    for (const probe of replayed) {
      const c = classify(observe(probe), { isHome: false });
      expect(c).toMatchObject({ verdict: 'blocked', confidence: 'likely' });
      expect(said(c)).toMatch(/this app's sign-in/);
      expect(said(c)).toMatch(/browser or Teams/);
    }
  });

  it('every device and client code is at most likely', () => {
    for (const code of [530003, 530033, 53000, 53001, 50097, 50005, 50105, 530084, 50177, 50178]) {
      const c = classify(observe(realRefusal(code, 'invalid_grant', `AADSTS${code}: refused.`)), { isHome: false });
      expect(c.verdict, String(code)).toBe('blocked');
      expect(c.confidence, String(code)).toBe('likely');
    }
  });

  it('client refusals are named as this client, not the guest access and not a passing failure', () => {
    for (const code of [50105, 530084, 50177, 50178]) {
      const c = classify(observe(realRefusal(code, 'invalid_grant', `AADSTS${code}: refused.`)), { isHome: false });
      expect(said(c), String(code)).toMatch(/this app's sign-in/);
      expect(todo(c), String(code)).toMatch(/not of your access there/);
      const record = tenant('Litware', [], { latest: c });
      expect(nextStepOf(record, false)).toMatch(/this app's sign-in is refused/);
    }
  });
});

describe('requests a partner can carry out', () => {
  it('no doc and no email text asks a partner for a Temporary Access Pass: each mention says never, cannot, or home', () => {
    const root = path.resolve(__dirname, '../../..');
    const files = [
      path.join(root, 'README.md'),
      ...readdirSync(path.join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join(root, 'docs', f)),
      ...readdirSync(path.join(root, 'shared/email/locales')).map((f) => path.join(root, 'shared/email/locales', f)),
    ];
    let mentions = 0;
    for (const file of files) {
      // One sentence at a time (docs wrap lines; a sentence ends at a full stop followed by a space).
      const sentences = readFileSync(file, 'utf8')
        .replace(/\s+/g, ' ')
        .split(/(?<=[.!?])\s/);
      for (const sentence of sentences.filter((x) => /Temporary Access Pass|\bTAP\b/.test(x))) {
        mentions += 1;
        expect(sentence, path.relative(root, file)).toMatch(/\b(never|cannot|can't|not|home|refuses|error)\b/i);
      }
    }
    expect(mentions).toBeGreaterThan(0);
  });

  it('no MFA-reset email asks a partner for a Temporary Access Pass', () => {
    const ctx = goldenContexts()['mfa-reset']!;
    for (const lostPhone of [true, false]) {
      const body = composeEmail({ ...ctx, lostPhone }).body;
      expect(body).not.toMatch(/issue me a Temporary Access Pass|add a Temporary Access Pass/);
      expect(body).toMatch(/Require re-register MFA/);
    }
  });

  it('the checklist points to a Temporary Access Pass from the home IT only, never the partner', () => {
    const home = tenant('Contoso', [], {
      isHome: true,
      latest: classification('home-mfa-trusted', NOV_3, null, 'certain'),
    });
    const trusting = tenant('Fabrikam', [step('home-mfa-trusted', NOV_3)]);
    const entries = buildAuthenticatorEntries({
      accounts: [account()],
      tenants: [home, trusting],
      manualEntries: [],
      ticks: {},
      confirmations: {
        [entryKeyForTenant(ACCOUNT, trusting.tenantId)]: { answer: 'yes', at: NOV_10, verdict: 'home-mfa-trusted' },
      },
    });
    const items = buildPhoneChangeChecklist(entries, {});
    const homeItem = items.find((i) => i.organisation === 'Contoso')!;
    expect(homeItem.urgencyReason).toMatch(/your home IT can issue you a Temporary Access Pass/);
    for (const item of items) {
      expect(item.urgencyReason).not.toMatch(/ask (this organisation|it) for a Temporary Access Pass/);
    }
  });
});

function account(): AccountSummary {
  return {
    accountId: ACCOUNT,
    username: 'adele@contoso.example',
    displayName: 'Adele',
    homeTenantId: 'contoso-tid',
    homeTenantName: 'Contoso',
    homeDomain: 'contoso.example',
    homeSessionMfa: true,
  };
}

describe("the user's answer and the headline", () => {
  const home = tenant('Contoso', [], {
    isHome: true,
    latest: classification('home-mfa-trusted', NOV_3, null, 'certain'),
  });
  const fabrikam = tenant('Fabrikam', [step('separate-mfa', NOV_3)]);
  const key = entryKeyForTenant(ACCOUNT, fabrikam.tenantId);

  const view = (confirmations: Record<string, EntryConfirmation>) => {
    const entries = buildAuthenticatorEntries({
      accounts: [account()],
      tenants: [home, fabrikam],
      manualEntries: [],
      ticks: {},
      confirmations,
    });
    const entry = entries.find((e) => e.key === key)!;
    const summary = selectSummary({ tenants: [home, fabrikam] }, entries, ACCOUNT);
    const status = new Map(entries.map((e) => [e.key, e.status]));
    return {
      entry,
      advice: entryAdvice(entry, 'separate-mfa', todo(fabrikam.classification)),
      next: nextStepOf(fabrikam, false, entry),
      headline: inventoryHeadline(summary).answer,
      resets: emailCandidates(
        [fabrikam],
        ACCOUNT,
        'mfa-reset',
        (t) => status.get(entryKeyForTenant(t.accountId, t.tenantId)) ?? null,
      ),
      checklist: buildPhoneChangeChecklist(entries, {}).find((i) => i.entryKey === key),
    };
  };

  it('"No, I have no entry" changes the advice, the next step, the headline, the reset batch and the checklist', () => {
    const before = view({});
    expect(before.advice).toMatch(/^Keep its Authenticator entry/);
    expect(before.next).toBe('Keep its entry; ask it to trust your MFA');
    expect(before.headline).toMatch(/^1 organisation makes you keep its own Authenticator entry/);
    expect(before.resets).toHaveLength(1);
    expect(before.checklist?.steps.map((s) => s.id)).toContain('add-new-phone');

    const after = view({ [key]: { answer: 'no', at: NOV_10, verdict: 'separate-mfa' } });
    expect(after.advice).toMatch(/^You said you have no Authenticator entry for it: nothing to keep or move/);
    expect(after.next).toBe('No entry to keep; ask it to trust your MFA');
    expect(after.headline).not.toMatch(/^1 organisation makes you keep/);
    expect(after.headline).toMatch(/1 asks for its own MFA where you said you have no entry/);
    expect(after.resets).toHaveLength(0);
    expect(after.checklist?.steps.map((s) => s.id)).not.toContain('test-sign-in');
  });

  it('the headline gives no all-clear for unchecked organisations or a home sign-in without MFA', () => {
    const unchecked = [home, ...Array.from({ length: 13 }, (_, i) => tenant(`Org${i}`, [], { latest: null }))];
    const entries = buildAuthenticatorEntries({
      accounts: [account()],
      tenants: unchecked,
      manualEntries: [],
      ticks: {},
    });
    const none = inventoryHeadline(selectSummary({ tenants: unchecked }, entries, ACCOUNT)).answer;
    expect(none).toBe('0 of 13 organisations checked yet.');

    const homeNoMfa = tenant('Contoso', [], {
      isHome: true,
      latest: classification('no-mfa-required', NOV_3, null, 'certain'),
    });
    const undecided = tenant('Litware', [step('needs-sign-in', NOV_3)], {
      latest: classification('needs-sign-in', NOV_3, 50076, 'unknown'),
    });
    const list = [homeNoMfa, undecided];
    const e2 = buildAuthenticatorEntries({ accounts: [account()], tenants: list, manualEntries: [], ticks: {} });
    const answer = inventoryHeadline(selectSummary({ tenants: list }, e2, ACCOUNT)).answer;
    expect(answer).toMatch(/^Your home sign-in carried no MFA/);
    expect(answer).not.toMatch(/No organisation makes you keep/);
  });

  it('an organisation whose invitation was never accepted has no entry and no checklist card', () => {
    const pending = tenant('Woodgrove', [], { latest: classification('needs-sign-in', NOV_3, 50014, 'certain') });
    const entries = buildAuthenticatorEntries({
      accounts: [account()],
      tenants: [home, pending],
      manualEntries: [],
      ticks: {},
    });
    const entry = entries.find((e) => e.organisation === 'Woodgrove')!;
    expect(entry.status).toBe('not-needed');
    expect(entry.reason).toMatch(/not accepted Woodgrove's invitation yet/);
    expect(buildPhoneChangeChecklist(entries, {}).map((i) => i.organisation)).not.toContain('Woodgrove');
  });
});
