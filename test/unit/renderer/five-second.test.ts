/**
 * The five-second answer and the words around it: the inventory headline leads with what costs an entry, the
 * next step of a row, the plain verdict sentence without codes, and names ending in a period.
 */
import { describe, expect, it } from 'vitest';
import { tidyPeriods } from '../../../shared/email/text';
import type { Classification, TenantRecord } from '../../../shared/model';
import type { InventorySummary } from '../../../shared/selectors';
import {
  DEVICE_REFUSAL_RULE,
  ENTRY_CAN_GO_NEXT_STEP,
  VERDICT_GROUPS,
  VERDICT_KEYS,
  VERDICT_RULES,
  nextStepOf,
  type VerdictKey,
} from '../../../shared/verdicts';
import { explainReason } from '../../../shared/reasons';
import { inventoryHeadline } from '../../../renderer/src/headline';

function summary(counts: Partial<Record<VerdictKey, number>>, removable = 0, orphaned = 0): InventorySummary {
  const all = Object.fromEntries(VERDICT_KEYS.map((k) => [k, counts[k] ?? 0])) as Record<VerdictKey, number>;
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  return {
    total,
    counts: all,
    leftover: removable,
    orphanedEntries: orphaned,
    removableEntries: removable,
    costing: {
      'separate-mfa': all['separate-mfa'],
      'registration-required': all['registration-required'],
      'stronger-method': all['stronger-method'],
    },
    answeredNoEntry: 0,
    homeWithoutMfa: false,
  };
}

function blocked(aadsts: number): Pick<TenantRecord, 'classification'> {
  return {
    classification: {
      verdict: 'blocked',
      confidence: 'certain',
      leftoverRegistration: false,
      reason: { code: 'aadsts', facts: { aadsts } },
      evidence: { aadsts } as Classification['evidence'],
    },
  };
}

describe('the inventory headline', () => {
  it('leads with what costs an entry and what can go, then the rest', () => {
    const h = inventoryHeadline(
      summary({ 'separate-mfa': 3, 'registration-required': 1, 'home-mfa-trusted': 2, blocked: 1 }, 1),
    );
    expect(h.answer).toBe(
      '3 organisations make you keep their own Authenticator entry; 1 will ask you to register; 1 entry can be removed.',
    );
    expect(h.rest).toBe('2 organisations accept your home MFA; 1 blocks your sign-in.');
  });

  it('says so when nothing costs an entry', () => {
    const h = inventoryHeadline(summary({ 'home-mfa-trusted': 1 }));
    expect(h.answer).toBe('No organisation makes you keep its own Authenticator entry, as far as the checks show.');
    expect(h.rest).toBe('1 organisation accepts your home MFA.');
  });

  it('groups the three entry-costing verdicts apart, each in its own tone', () => {
    const costing = VERDICT_GROUPS.find((g) => g.group === 'costs-entry')!.keys;
    expect(costing).toEqual(['separate-mfa', 'registration-required', 'stronger-method']);
    const tones = costing.map((k) => VERDICT_RULES[k as Exclude<VerdictKey, 'unchecked'>].tone);
    expect(new Set(tones).size).toBe(3);
    // Every verdict key is in exactly one group.
    expect(VERDICT_GROUPS.flatMap((g) => g.keys).sort()).toEqual([...VERDICT_KEYS].sort());
  });

  it('no longer calls it "Own MFA required", which reads as your own home MFA', () => {
    expect(VERDICT_RULES['separate-mfa'].label).toBe('Needs its own MFA');
  });
});

describe('the next step of a row', () => {
  it('says what to do, with an entry that can go and a refused device told apart', () => {
    expect(nextStepOf({ classification: null }, false)).toBe('Scan to find out');
    expect(nextStepOf(blocked(53003), false)).toBe('Ask your contact there about access');
    expect(nextStepOf(blocked(530003), false)).toBe(DEVICE_REFUSAL_RULE.nextStep);
    expect(nextStepOf(blocked(53003), true)).toBe(ENTRY_CAN_GO_NEXT_STEP);
  });
});

describe('plain words', () => {
  it('keeps the AADSTS codes and the bracketed jargon out of the verdict sentence, and gives them to IT', () => {
    const c: Classification = {
      verdict: 'stronger-method',
      confidence: 'likely',
      leftoverRegistration: false,
      evidence: { aadsts: 50076 } as Classification['evidence'],
      reason: { code: 'stronger-after-refusal', facts: { aadsts: 50076 } },
    };
    expect(explainReason(c)).toBe(
      'This organisation asks for MFA, and refused your sign-in to it after you could do your MFA: most likely it demands a stronger sign-in method than yours, or it blocks guests there.',
    );
    expect(explainReason(c, 'technical')).toBe(
      'This organisation asks for MFA, and refused your sign-in to it after you could do your MFA (AADSTS53003): most likely it demands a stronger sign-in method (an authentication strength) than yours, or it blocks guests there (AADSTS50076).',
    );
  });

  it('writes one period after a name that ends in one, and leaves an ellipsis alone', () => {
    expect(tidyPeriods('I no longer need my guest account at Fabrikam, Inc..')).toBe(
      'I no longer need my guest account at Fabrikam, Inc.',
    );
    expect(tidyPeriods('Waiting… and more...')).toBe('Waiting… and more...');
  });
});
