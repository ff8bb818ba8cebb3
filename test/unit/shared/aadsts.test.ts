import { describe, expect, it } from 'vitest';
import {
  AADSTS_TABLE,
  extractCorrelationId,
  extractTimestamp,
  knownAadstsCodes,
  lookupAadsts,
  normalizeEntraTimestamp,
  parseAadsts,
} from '../../../shared/aadsts';
import { CORRELATION_ID, MFA_TEXT, SERVER_TIME_ISO, description, serverErrorMessage } from './observation-fixtures';

/** Every code entra-facts.md §3 lists, with the bucket it gives (the auth-strength row has no code). */
const ENTRA_FACTS_CODES: Record<number, string> = {
  50076: 'mfa-required',
  50074: 'mfa-required',
  50078: 'mfa-required',
  50079: 'mfa-registration-required',
  50072: 'mfa-registration-required',
  53004: 'blocked',
  53010: 'blocked',
  53003: 'blocked',
  530032: 'blocked',
  530035: 'blocked',
  530034: 'blocked',
  53011: 'blocked',
  50131: 'blocked',
  50053: 'blocked',
  50057: 'blocked',
  500212: 'blocked',
  500213: 'blocked',
  500021: 'blocked',
  500022: 'blocked',
  50105: 'blocked',
  53000: 'device',
  53001: 'device',
  53002: 'device',
  50097: 'device',
  50005: 'device',
  50158: 'interrupt',
  50140: 'interrupt',
  90072: 'not-member',
  50020: 'not-member',
  16000: 'not-member',
  16003: 'not-member',
  50034: 'not-member',
  51004: 'not-member',
  50014: 'invite-pending',
  65001: 'consent',
  65004: 'consent',
  90094: 'consent',
  90095: 'consent',
  500011: 'consent',
  700016: 'consent',
  65002: 'consent',
  50173: 'reauth',
  700082: 'reauth',
  70043: 'reauth',
  50126: 'reauth',
  50055: 'reauth',
  50058: 'reauth',
  81010: 'reauth',
  50089: 'reauth',
};

describe('AADSTS table', () => {
  it('covers exactly the codes of entra-facts.md §3, 500021 and 500022 as two rows', () => {
    expect(knownAadstsCodes()).toEqual(
      Object.keys(ENTRA_FACTS_CODES)
        .map(Number)
        .sort((a, b) => a - b),
    );
    expect(lookupAadsts(500021)).not.toBeNull();
    expect(lookupAadsts(500022)).not.toBeNull();
  });

  for (const [code, bucket] of Object.entries(ENTRA_FACTS_CODES)) {
    it(`AADSTS${code} is in bucket ${bucket} with a name and a plain sentence`, () => {
      const entry = lookupAadsts(Number(code));
      expect(entry?.bucket).toBe(bucket);
      expect(entry?.name.length).toBeGreaterThan(3);
      expect(entry?.summary).toMatch(/^[A-Z].{15,}\.$/);
      expect(entry?.summary).not.toMatch(/AADSTS|undefined/);
    });
  }

  it('uses the internal names from entra-facts.md', () => {
    expect(AADSTS_TABLE[50076]?.name).toBe('UserStrongAuthClientAuthNRequired');
    expect(AADSTS_TABLE[50079]?.name).toBe('UserStrongAuthEnrollmentRequired');
    expect(AADSTS_TABLE[53000]?.name).toBe('DeviceNotCompliant');
    expect(AADSTS_TABLE[50014]?.name).toBe('GuestUserInPendingState');
  });

  it('knows nothing about codes outside the table', () => {
    expect(lookupAadsts(12345)).toBeNull();
    expect(lookupAadsts(null)).toBeNull();
    expect(lookupAadsts(0)).toBeNull();
  });
});

describe('parseAadsts', () => {
  const cases: [string, string, number | null][] = [
    ['description, CRLF layout', description(50076, MFA_TEXT, 'crlf'), 50076],
    ['description, space layout', description(50079, 'You must register.', 'spaces'), 50079],
    ['MSAL ServerError message', serverErrorMessage(53003, description(53003, 'Blocked.', 'spaces')), 53003],
    ['MSAL message with the code list only', 'Error(s): 700082 - Timestamp: x - Description: Not Available', 700082],
    ['InteractionRequiredAuthError message', `invalid_grant: ${description(500213, 'No.', 'crlf')}`, 500213],
    ['six-digit code', description(530035, 'Security defaults.', 'spaces'), 530035],
    ['no code at all', 'Network request failed: ECONNRESET', null],
    ['MSAL code list "Not Available"', 'Error(s): Not Available - Description: Not Available', null],
    ['empty', '', null],
  ];
  for (const [name, message, expected] of cases) {
    it(`reads ${expected ?? 'nothing'} from a ${name}`, () => {
      expect(parseAadsts(message)).toBe(expected);
    });
  }
});

describe('extractCorrelationId / extractTimestamp', () => {
  for (const layout of ['crlf', 'spaces'] as const) {
    it(`find the ids in the ${layout} layout`, () => {
      const text = description(50076, MFA_TEXT, layout);
      expect(extractCorrelationId(text)).toBe(CORRELATION_ID);
      expect(extractTimestamp(text)).toBe(SERVER_TIME_ISO);
    });
  }

  it('take the correlation id, not the trace id, from MSAL composed messages', () => {
    const text = serverErrorMessage(50076, description(50076, MFA_TEXT, 'crlf'));
    expect(extractCorrelationId(text)).toBe(CORRELATION_ID);
    expect(extractTimestamp(text)).toBe(SERVER_TIME_ISO);
  });

  it('return null when the text names neither', () => {
    expect(extractCorrelationId('AADSTS50076: MFA required.')).toBeNull();
    expect(extractTimestamp('AADSTS50076: MFA required.')).toBeNull();
    expect(extractCorrelationId('Correlation ID: Not Available')).toBeNull();
  });

  it('normalise Entra times to ISO-8601 UTC and leave other text alone', () => {
    expect(normalizeEntraTimestamp('2025-03-04 09:12:44Z')).toBe('2025-03-04T09:12:44Z');
    expect(normalizeEntraTimestamp('2025-03-04 09:12:44.1234567Z')).toBe('2025-03-04T09:12:44.1234567Z');
    expect(normalizeEntraTimestamp('2025-03-04 09:12:44')).toBe('2025-03-04T09:12:44Z');
    expect(normalizeEntraTimestamp('2025-03-04T09:12:44+01:00')).toBe('2025-03-04T09:12:44+01:00');
    expect(normalizeEntraTimestamp('yesterday')).toBe('yesterday');
  });
});
