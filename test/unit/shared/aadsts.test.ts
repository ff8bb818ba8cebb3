import { describe, expect, it } from 'vitest';
import {
  AADSTS_TABLE,
  POLICY_IDS_MAX,
  extractCorrelationId,
  extractTimestamp,
  extractTraceId,
  knownAadstsCodes,
  lookupAadsts,
  normalizeEntraTimestamp,
  parseAadsts,
  policyIdsFromClaims,
} from '../../../shared/aadsts';
import {
  CORRELATION_ID,
  MFA_TEXT,
  SERVER_TIME_ISO,
  TRACE_ID,
  description,
  serverErrorMessage,
} from './observation-fixtures';

/**
 * Every code the table must know, with the bucket it gives (an authentication strength has no code). Sources of the
 * later additions: 530003 (https://github.com/Azure/azure-cli/issues/29282), 530033
 * (https://github.com/Azure/azure-cli/issues/27919), the others in Microsoft's reference
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity-platform/reference-error-codes.md).
 */
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
  50105: 'client',
  530084: 'client',
  50177: 'client',
  50178: 'client',
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
  530003: 'device',
  530033: 'device',
  70008: 'reauth',
  70000: 'reauth',
  700084: 'reauth',
  9002313: 'reauth',
  50196: 'throttled',
  90055: 'throttled',
  1000104: 'blocked',
};

describe('AADSTS table', () => {
  it('covers exactly the expected codes, 500021 and 500022 as two rows', () => {
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

  it("uses Microsoft's internal names", () => {
    expect(AADSTS_TABLE[70008]?.name).toBe('ExpiredOrRevokedGrant');
    expect(AADSTS_TABLE[50196]?.name).toBe('LoopDetected');
    expect(AADSTS_TABLE[90055]?.name).toBe('TenantThrottlingError');
    expect(AADSTS_TABLE[1000104]?.name).toBe('XCB2BResourceCloudNotAllowedOnIdentityTenant');
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

  it('find the trace id in either layout and in MSAL composed messages', () => {
    for (const layout of ['crlf', 'spaces'] as const) {
      expect(extractTraceId(description(50076, MFA_TEXT, layout))).toBe(TRACE_ID);
      expect(extractTraceId(serverErrorMessage(50076, description(50076, MFA_TEXT, layout)))).toBe(TRACE_ID);
    }
    expect(extractTraceId('Trace ID: Not Available')).toBeNull();
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

describe('policyIdsFromClaims', () => {
  const GUID_A = '9f2c6b1e-0000-4000-8000-000000000001';
  const GUID_B = '9f2c6b1e-0000-4000-8000-000000000002';

  it('reads capolids values, as in a real 50076 challenge (MSAL-JS issue 5491)', () => {
    // The challenge exactly as the reporter quoted it, with the placeholder id they left in.
    expect(policyIdsFromClaims('{"access_token":{"capolids":{"essential":true,"values":["GUID"]}}}')).toEqual(['GUID']);
    expect(
      policyIdsFromClaims(`{"access_token":{"capolids":{"essential":true,"values":["${GUID_A}","${GUID_B}"]}}}`),
    ).toEqual([GUID_A, GUID_B]);
  });

  it('reads polids with a capital Values, and both claims together without duplicates', () => {
    expect(policyIdsFromClaims(`{"access_token":{"polids":{"essential":true,"Values":["${GUID_A}"]}}}`)).toEqual([
      GUID_A,
    ]);
    expect(
      policyIdsFromClaims(
        `{"access_token":{"capolids":{"values":["${GUID_A}"]},"polids":{"Values":["${GUID_A}","${GUID_B}"]}},"id_token":{"capolids":{"values":["${GUID_B}"]}}}`,
      ),
    ).toEqual([GUID_A, GUID_B]);
  });

  it('gives no ids for text that is not JSON, other claims or other shapes', () => {
    for (const claims of [
      null,
      undefined,
      '',
      '{"access_token":{"capolids":{"values":["x"]}',
      'capolids values 9f2c6b1e-0000-4000-8000-000000000001',
      '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
      '{"access_token":{"capolids":{"values":"not-a-list"}}}',
      '{"access_token":{"capolids":null}}',
      '["capolids"]',
      'null',
      '42',
    ]) {
      expect(policyIdsFromClaims(claims)).toEqual([]);
    }
  });

  it('keeps only id-shaped strings, bounded in number and length', () => {
    const many = Array.from({ length: 50 }, (_, i) => `policy-${i}`);
    const ids = policyIdsFromClaims(
      JSON.stringify({
        access_token: { capolids: { values: [42, '<script>', 'a'.repeat(101), 'ok id', ...many] } },
      }),
    );
    expect(ids).toHaveLength(POLICY_IDS_MAX);
    expect(ids[0]).toBe('policy-0');
    expect(ids.every((id) => /^[A-Za-z0-9._-]{1,100}$/.test(id))).toBe(true);
  });
});
