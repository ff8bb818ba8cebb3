/**
 * Why a tenant has its verdict is stored as a reason (a code and its facts); the words are made where they are
 * shown (shared/reasons.ts). These tests hold the promises that makes: the words follow the confidence for every
 * reason, the user's form carries no code while IT's does, the same stored reason reads differently when only its
 * confidence changes (no rescan), and a data file written when the app stored sentences still loads and reads.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppStore, DATA_FILE } from '../../../main/store';
import { classificationSchema } from '../../../main/store/schema';
import { AADSTS_TABLE } from '../../../shared/aadsts';
import { CONFIDENCES, FAILURE_REASONS, VERDICTS, type Classification } from '../../../shared/model';
import { COULD_NOT_TELL, HEDGE, REASON_CODES, adviseReason, explainReason, type Reason } from '../../../shared/reasons';
import { VERDICT_RULES } from '../../../shared/verdicts';
import { account, classification, listing, makeTempDir, result, tenantId, at } from '../main/store/helpers';

function stored(reason: Reason, overrides: Partial<Classification> = {}): Classification {
  return { ...classification('separate-mfa'), reason, ...overrides };
}

/** One reason of each code, with the facts the classifier gives it. */
const SAMPLES: Reason[] = REASON_CODES.flatMap((code): Reason[] => {
  switch (code) {
    case 'aadsts':
    case 'refused-at-sign-in':
      return Object.keys(AADSTS_TABLE).map((n) => ({ code, facts: { aadsts: Number(n) } }));
    case 'check-failed':
      return FAILURE_REASONS.map((failure) => ({
        code,
        facts: { failure, httpStatus: 503, attempts: 3, timeoutSeconds: 20 },
      }));
    case 'stored-words':
      return [
        { code, facts: { explanation: 'Fabrikam demands its own MFA (AADSTS50076).', action: 'Keep its entry.' } },
        { code, facts: {} },
      ];
    default:
      return [
        { code, facts: { aadsts: 50076, homeSessionMfa: true } },
        { code, facts: { aadsts: 50079, homeSessionMfa: false } },
      ];
  }
});

describe('the words of a reason', () => {
  it('never say more than the confidence: likely readings hedge, unknown ones say the app could not tell', () => {
    for (const reason of SAMPLES) {
      for (const verdict of VERDICTS) {
        for (const confidence of CONFIDENCES) {
          const c = stored(reason, { verdict, confidence });
          const words = explainReason(c);
          expect(words, `${reason.code} ${verdict} ${confidence}`).toMatch(/^[A-Z].*[.)]$/s);
          if (confidence === 'likely') expect(words, `${reason.code} likely`).toMatch(HEDGE);
          if (confidence === 'unknown') expect(words, `${reason.code} unknown`).toMatch(COULD_NOT_TELL);
          expect(adviseReason(c)).toMatch(/^[A-Z].*\.$/s);
        }
      }
    }
  });

  it('keep codes out of what the user reads and give them to IT', () => {
    for (const reason of SAMPLES.filter((r) => r.code !== 'stored-words')) {
      const c = stored(reason, { evidence: { ...classification('separate-mfa').evidence, aadsts: 50076 } });
      expect(explainReason(c), reason.code).not.toMatch(/AADSTS\d/);
      if (reason.code !== 'check-failed' && !reason.code.startsWith('home') && !reason.code.startsWith('token')) {
        expect(explainReason(c, 'technical'), reason.code).toMatch(/AADSTS\d+/);
      }
    }
  });

  it('change with the confidence without a rescan: the same stored reason reads "most likely" once it is likely', () => {
    const reason: Reason = { code: 'stored-words', facts: { explanation: 'Contoso blocks guests.' } };
    expect(explainReason(stored(reason, { verdict: 'blocked', confidence: 'certain' }))).toBe('Contoso blocks guests.');
    expect(explainReason(stored(reason, { verdict: 'blocked', confidence: 'likely' }))).toBe(
      'Most likely: contoso blocks guests.',
    );
    expect(explainReason(stored(reason, { verdict: 'blocked', confidence: 'unknown' }))).toBe(
      'Contoso blocks guests; the app could not tell for certain what this organisation demands.',
    );
  });

  it('name a device refusal as a refusal of this sign-in path, with the browser or Teams as the way in', () => {
    for (const code of [530003, 530033, 53000, 53001, 50097, 50005]) {
      const c = stored({ code: 'aadsts', facts: { aadsts: code } }, { verdict: 'blocked', confidence: 'likely' });
      expect(explainReason(c), String(code)).toMatch(/this app's sign-in/);
      expect(`${explainReason(c)} ${adviseReason(c)}`, String(code)).toMatch(/browser|Teams/);
    }
  });
});

describe('a classification saved when the app stored sentences', () => {
  const OLD = {
    verdict: 'separate-mfa',
    leftoverRegistration: false,
    confidence: 'likely',
    evidence: classification('separate-mfa').evidence,
    explanation:
      'This organisation asked for MFA although your home sign-in carried it: it demands its own MFA (AADSTS50076).',
    action: 'Keep its Authenticator entry.',
  };

  it('loads, and shows the saved sentences until the next check, hedged for a likely verdict', () => {
    const parsed = classificationSchema.parse(OLD);
    expect(parsed.reason.code).toBe('stored-words');
    expect(explainReason(parsed, 'technical')).toBe(`Most likely: t${OLD.explanation.slice(1)}`);
    expect(explainReason({ ...parsed, confidence: 'certain' }, 'technical')).toBe(OLD.explanation);
    expect(adviseReason(parsed)).toBe(OLD.action);
  });

  it('reads a reason code from a newer app as the verdict’s own meaning, and still refuses runaway facts', () => {
    const newer = { ...classification('blocked'), reason: { code: 'from-the-future', facts: {} } };
    const parsed = classificationSchema.parse(newer);
    expect(explainReason(parsed)).toBe(VERDICT_RULES.blocked.meaning);
    const runaway = { ...classification('blocked'), reason: { code: 'aadsts', facts: { aadsts: -1 } } };
    expect(classificationSchema.safeParse(runaway).success).toBe(false);
  });
});

describe('a data file from before reasons', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('opens with every tenant, and its words read from the saved sentences', async () => {
    const first = await AppStore.open({ dir });
    await first.store.upsertAccount(account());
    await first.store.upsertTenants('acc-1', [listing(1)]);
    await first.store.recordResult('acc-1', tenantId(1), result('separate-mfa', at(1)));
    await first.store.close();
    // Rewrite the file as an older version wrote it: sentences in place of the reason.
    const file = join(dir, DATA_FILE);
    const data = JSON.parse(await readFile(file, 'utf8')) as {
      tenants: { classification: Record<string, unknown> }[];
    };
    for (const t of data.tenants) {
      delete t.classification.reason;
      t.classification.explanation = 'Fabrikam demands its own MFA (AADSTS50076).';
      t.classification.action = 'Keep its entry.';
    }
    await writeFile(file, JSON.stringify(data));
    const again = await AppStore.open({ dir });
    const tenants = again.store.data().tenants;
    expect(tenants).toHaveLength(1);
    const c = tenants[0]!.classification!;
    expect(c.verdict).toBe('separate-mfa');
    expect(explainReason(c, 'technical')).toBe('Fabrikam demands its own MFA (AADSTS50076).');
    expect(adviseReason(c)).toBe('Keep its entry.');
    await again.store.close();
  });
});
