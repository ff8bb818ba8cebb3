import { describe, expect, it } from 'vitest';
import type { TenantRecord, TenantSource } from '../../../../shared/model';
import {
  applyResult,
  historyChange,
  markUnlisted,
  mergeListing,
  newTenantRecord,
  normaliseRecipients,
} from '../../../../main/store/tenant-records';
import { LIMITS } from '../../../../main/store/schema';
import { at, listing, result } from './helpers';

function stored(overrides: Partial<TenantRecord> = {}): TenantRecord {
  return {
    ...applyResult(newTenantRecord('acc-1', listing(1)), result('separate-mfa', at(1))),
    notes: 'my note',
    recipients: ['it@partner1.example'],
    lastInteractiveSignInAt: at(2),
    ...overrides,
  };
}

describe('mergeListing', () => {
  const cases: {
    name: string;
    record: Partial<TenantRecord>;
    incoming: Parameters<typeof listing>[1];
    expected: Partial<TenantRecord>;
  }[] = [
    {
      name: 'ARM renames the tenant and lists it',
      record: { displayName: 'Old', listed: false, source: 'previous-scan' },
      incoming: { displayName: 'New', source: 'arm', listed: true },
      expected: { displayName: 'New', listed: true, source: 'arm' },
    },
    {
      name: 'ARM without a name keeps the stored one',
      record: { displayName: 'Known' },
      incoming: { displayName: '', defaultDomain: '', domains: [] },
      expected: { displayName: 'Known', defaultDomain: 'partner1.example', domains: ['partner1.example'] },
    },
    {
      name: 'the user adds a tenant ARM lists: it stays an ARM tenant with ARM’s name',
      record: { displayName: 'Fabrikam', source: 'arm', listed: true },
      incoming: { displayName: 'fabrikam.example', source: 'added-by-user', listed: false },
      expected: { displayName: 'Fabrikam', source: 'arm', listed: true },
    },
    {
      name: 'the user adds a tenant known from an earlier scan',
      record: { source: 'previous-scan', listed: false },
      incoming: { source: 'added-by-user', listed: false },
      expected: { source: 'added-by-user', listed: false },
    },
    {
      name: 'an earlier-scan listing never demotes a user-added tenant',
      record: { source: 'added-by-user' as TenantSource, displayName: '' },
      incoming: { source: 'previous-scan', displayName: 'Filled in' },
      expected: { source: 'added-by-user', displayName: 'Filled in' },
    },
    {
      name: 'ARM marks the home tenant',
      record: { isHome: false },
      incoming: { isHome: true },
      expected: { isHome: true },
    },
  ];
  for (const { name, record, incoming, expected } of cases) {
    it(name, () => {
      const before = stored(record);
      const merged = mergeListing(before, listing(1, incoming));
      expect(merged).toMatchObject(expected);
      // Never lost: results, history, notes, recipients, sign-in time.
      expect(merged.classification).toEqual(before.classification);
      expect(merged.history).toEqual(before.history);
      expect(merged).toMatchObject({ notes: 'my note', recipients: ['it@partner1.example'] });
      expect(merged.lastInteractiveSignInAt).toBe(at(2));
    });
  }

  it('marks a tenant ARM dropped as from an earlier scan, keeping user-added ones as they are', () => {
    expect(markUnlisted(stored({ source: 'arm', listed: true }))).toMatchObject({
      source: 'previous-scan',
      listed: false,
    });
    const userAdded = stored({ source: 'added-by-user', listed: false });
    expect(markUnlisted(userAdded)).toBe(userAdded);
  });
});

describe('historyChange', () => {
  const history = [{ verdict: 'separate-mfa' as const, leftoverRegistration: false, at: at(1) }];
  it.each([
    ['the first result', [], 'separate-mfa', false, true],
    ['the same verdict again', history, 'separate-mfa', false, false],
    ['a new verdict', history, 'home-mfa-trusted', false, true],
    ['the leftover flag appearing', history, 'separate-mfa', true, true],
    ['a failed check', history, 'error', false, false],
    ['a failed first check', [], 'error', false, false],
  ] as const)('%s → entry: %s', (_name, past, verdict, leftover, expectEntry) => {
    const change = historyChange(past, result(verdict, at(9), leftover));
    // The code of the answer goes with the change (the helper's separate-mfa answer is AADSTS50076).
    const code = verdict === 'separate-mfa' ? { aadsts: 50076 } : {};
    expect(change).toEqual(expectEntry ? { verdict, leftoverRegistration: leftover, at: at(9), ...code } : null);
  });

  it('keeps at most the newest entries', () => {
    let record = newTenantRecord('acc-1', listing(1));
    for (let i = 0; i < LIMITS.historyKept + 10; i += 1) {
      record = applyResult(
        record,
        result(i % 2 ? 'blocked' : 'separate-mfa', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()),
      );
    }
    expect(record.history).toHaveLength(LIMITS.historyKept);
    expect(record.history.at(-1)?.at).toBe(new Date(Date.UTC(2026, 0, 1, 0, LIMITS.historyKept + 9)).toISOString());
  });
});

describe('normaliseRecipients', () => {
  it('trims, drops empties and case-insensitive duplicates', () => {
    expect(normaliseRecipients([' A@x.example', 'a@X.example ', '', 'b@x.example'])).toEqual([
      'A@x.example',
      'b@x.example',
    ]);
  });
});
