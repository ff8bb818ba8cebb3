/**
 * The per-verdict table (shared/verdicts.ts): every verdict has every field, the orders are one sequence, and the
 * rules read from it (trust-request candidate, informative, what it means for an entry) say what they did.
 */
import { describe, expect, it } from 'vitest';
import type { Classification, TenantRecord, Verdict } from '../../../shared/model';
import { VERDICTS } from '../../../shared/model';
import {
  decisiveVerdict,
  demandsOwnMfa,
  isInformative,
  asksForTrust,
  isTrustRequestCandidate,
  needsNoEntry,
  VERDICT_ACTIONS,
  VERDICT_KEYS,
  VERDICT_RULES,
  verdictRule,
} from '../../../shared/verdicts';

function record(verdict: Verdict | null, history: Verdict[] = [], isHome = false) {
  const classification = verdict === null ? null : ({ verdict } as Classification);
  return {
    isHome,
    classification,
    history: history.map((v, i) => ({ verdict: v, leftoverRegistration: false, at: `2026-01-0${i + 1}T00:00:00Z` })),
  } satisfies Pick<TenantRecord, 'isHome' | 'classification' | 'history'>;
}

describe('the verdict table', () => {
  it('has one rule per verdict, in one order, with words and fitting actions', () => {
    expect(Object.keys(VERDICT_RULES).sort()).toEqual([...VERDICTS].sort());
    expect(VERDICT_KEYS.map((k) => verdictRule(k).order)).toEqual(VERDICT_KEYS.map((_, i) => i));
    for (const key of VERDICT_KEYS) {
      const rule = verdictRule(key);
      expect(rule.label.length, key).toBeGreaterThan(3);
      expect(rule.meaning.endsWith('.'), key).toBe(true);
      expect(rule.actions.length, key).toBeGreaterThan(0);
      for (const action of rule.actions) expect(VERDICT_ACTIONS, key).toContain(action);
    }
  });

  it('asks for a trust request where the home MFA is not accepted and trusting it would help', () => {
    expect(VERDICTS.filter((v) => asksForTrust(v))).toEqual(['separate-mfa', 'registration-required']);
    expect(asksForTrust(null)).toBe(false);
  });

  it('judges a tenant whose latest check failed by the last verdict it really gave', () => {
    expect(decisiveVerdict(record('error', ['separate-mfa']))).toBe('separate-mfa');
    expect(decisiveVerdict(record('error'))).toBeNull();
    expect(isTrustRequestCandidate(record('error', ['separate-mfa']))).toBe(true);
    expect(isTrustRequestCandidate(record('error', ['home-mfa-trusted']))).toBe(false);
    expect(isTrustRequestCandidate(record('registration-required', ['registration-required']))).toBe(true);
    expect(isTrustRequestCandidate(record('separate-mfa', [], true))).toBe(false);
    expect(isTrustRequestCandidate(record(null))).toBe(false);
  });

  it('says what a verdict means for the entry', () => {
    expect(VERDICTS.filter(isInformative)).toEqual([
      'home-mfa-trusted',
      'separate-mfa',
      'registration-required',
      'stronger-method',
      'no-mfa-required',
      'not-a-guest',
    ]);
    expect(VERDICTS.filter(demandsOwnMfa)).toEqual(['separate-mfa', 'registration-required', 'stronger-method']);
    expect(VERDICTS.filter(needsNoEntry)).toEqual(['home-mfa-trusted', 'no-mfa-required']);
  });
});
