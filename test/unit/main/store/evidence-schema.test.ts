/**
 * The evidence fields added for issue 10 (trace id, policy ids) must not cost anyone their saved inventory: a data
 * file written before them still loads, with the new fields empty, and bad values are still refused.
 */
import { describe, expect, it } from 'vitest';
import { classificationSchema, tenantRecordSchema } from '../../../../main/store/schema';
import { newTenantRecord } from '../../../../main/store/tenant-records';
import { classification, listing } from './helpers';

/** A classification as the app wrote it before trace ids and policy ids existed. */
function oldClassification() {
  const { traceId: _traceId, policyIds: _policyIds, ...evidence } = classification('separate-mfa').evidence;
  void _traceId;
  void _policyIds;
  return { ...classification('separate-mfa'), evidence };
}

describe('evidence in the store', () => {
  it('loads a classification written before trace and policy ids, with both empty', () => {
    const parsed = classificationSchema.parse(oldClassification());
    expect(parsed.evidence).toMatchObject({ traceId: null, policyIds: [], aadsts: 50076 });
  });

  it('loads a whole old tenant record unchanged apart from the new defaults', () => {
    const old = { ...newTenantRecord('acc-1', listing(1)), classification: oldClassification() };
    const parsed = tenantRecordSchema.parse(old);
    expect(parsed.classification?.verdict).toBe('separate-mfa');
    expect(parsed.classification?.evidence.policyIds).toEqual([]);
  });

  it('keeps new evidence and refuses runaway values', () => {
    const current = classification('separate-mfa');
    const withIds = {
      ...current,
      evidence: { ...current.evidence, traceId: 'fe370167-0bac-4a7c-98c7-b1df1d63f801', policyIds: ['p-1', 'p-2'] },
    };
    expect(classificationSchema.parse(withIds).evidence).toMatchObject({
      traceId: 'fe370167-0bac-4a7c-98c7-b1df1d63f801',
      policyIds: ['p-1', 'p-2'],
    });
    const tooMany = { ...withIds, evidence: { ...withIds.evidence, policyIds: Array.from({ length: 21 }, String) } };
    expect(classificationSchema.safeParse(tooMany).success).toBe(false);
    const badConfidence = { ...current, confidence: 'sure' };
    expect(classificationSchema.safeParse(badConfidence).success).toBe(false);
  });
});
