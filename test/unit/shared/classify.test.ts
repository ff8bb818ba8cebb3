import { describe, expect, it } from 'vitest';
import { knownAadstsCodes } from '../../../shared/aadsts';
import { classify, EVIDENCE_MESSAGE_LIMIT, type InteractiveSignInFacts } from '../../../shared/classify';
import type { Classification, Confidence, TenantObservation, Verdict } from '../../../shared/model';
import {
  AUTHENTICATOR,
  CONSENT,
  CORRELATION_ID,
  DENIED,
  EMAIL,
  FIDO_KEY,
  MFA_TEXT,
  MOBILE,
  OATH_APP,
  OBSERVED_AT,
  PASSWORD,
  SERVER_TIME_ISO,
  TAP,
  TRACE_ID,
  description,
  failure,
  interactionError,
  methodsOk,
  observe,
  serverError,
  tokenObservation,
  type ErrorStyle,
  type Layout,
} from './observation-fixtures';
import { said, todo } from '../../support/words';

const GUEST = { isHome: false } as const;
const HOME = { isHome: true } as const;

/**
 * The verdict and confidence each code must give for a guest whose home session carried MFA (written out here
 * rather than derived from the table under test). `likely` wherever the real service answers the same code for
 * more than one cause: an MFA demand may also be an authentication strength the home method does not meet; a
 * registration demand may come from Security Defaults (which ignore MFA trust) or an unattainable strength; 53003
 * may be an unattainable strength rather than a block of guests; 9002313 and 500011 may be faults of the request.
 */
const EXPECTED_VERDICT: Record<number, Verdict> = {
  50076: 'separate-mfa',
  50074: 'separate-mfa',
  50078: 'separate-mfa',
  50079: 'registration-required',
  50072: 'registration-required',
  53004: 'blocked',
  53010: 'blocked',
  53003: 'blocked',
  530003: 'blocked',
  530033: 'blocked',
  1000104: 'blocked',
  70008: 'needs-sign-in',
  70000: 'needs-sign-in',
  700084: 'needs-sign-in',
  9002313: 'needs-sign-in',
  50196: 'error',
  90055: 'error',
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
  53000: 'blocked',
  53001: 'blocked',
  53002: 'blocked',
  50097: 'blocked',
  50005: 'blocked',
  530084: 'blocked',
  50177: 'blocked',
  50178: 'blocked',
  90072: 'not-a-guest',
  50020: 'not-a-guest',
  16000: 'not-a-guest',
  16003: 'not-a-guest',
  50034: 'not-a-guest',
  51004: 'not-a-guest',
  50014: 'needs-sign-in',
  65001: 'needs-sign-in',
  65004: 'needs-sign-in',
  90094: 'needs-sign-in',
  90095: 'needs-sign-in',
  500011: 'needs-sign-in',
  700016: 'needs-sign-in',
  65002: 'needs-sign-in',
  50173: 'needs-sign-in',
  700082: 'needs-sign-in',
  70043: 'needs-sign-in',
  50055: 'needs-sign-in',
  50058: 'needs-sign-in',
  50126: 'needs-sign-in',
  81010: 'needs-sign-in',
  50089: 'needs-sign-in',
  50158: 'needs-sign-in',
  50140: 'needs-sign-in',
};

// Device and client refusals refuse this app's sign-in path, not the guest: at most likely (real-answers.md,
// "Device refusals refuse the client path"; a real 50097 body: https://github.com/Azure/azure-powershell/issues/13193).
const DEVICE_OR_CLIENT = [530003, 530033, 53000, 53001, 53002, 50097, 50005, 50105, 530084, 50177, 50178];
const LIKELY_CODES = new Set([50076, 50074, 50078, 50079, 50072, 53003, 9002313, 500011, ...DEVICE_OR_CLIENT]);
const expectedConfidence = (code: number): Confidence => (LIKELY_CODES.has(code) ? 'likely' : 'certain');

const STYLES: ErrorStyle[] = ['invalidGrant', 'interactionRequired'];
const LAYOUTS: Layout[] = ['crlf', 'spaces'];

/** Every classification must be presentable: one sentence each, no leaked placeholders. */
function expectPresentable(c: Classification): void {
  for (const sentence of [said(c), todo(c)]) {
    expect(sentence).toMatch(/^[A-Z].*\.$/s);
    expect(sentence).not.toMatch(/undefined|null|NaN|\[object/);
    expect(sentence.length).toBeLessThan(300);
  }
}

describe('classify: one test per AADSTS row', () => {
  it('the expectations cover exactly the table', () => {
    expect(Object.keys(EXPECTED_VERDICT).map(Number).sort()).toEqual(knownAadstsCodes().sort());
  });

  for (const [codeText, verdict] of Object.entries(EXPECTED_VERDICT)) {
    const code = Number(codeText);
    describe(`AADSTS${code} → ${verdict}`, () => {
      for (const style of STYLES) {
        for (const layout of LAYOUTS) {
          it(`${style}, ${layout} layout, errorNo given`, () => {
            const c = classify(observe(interactionError({ code, style, layout })), GUEST);
            expect(c.verdict).toBe(verdict);
            expect(c.confidence).toBe(expectedConfidence(code));
            expect(c.evidence.aadsts).toBe(code);
            expect(said(c)).toContain(`(AADSTS${code})`);
            expect(c.leftoverRegistration).toBe(false);
            expectPresentable(c);
          });
          it(`${style}, ${layout} layout, code only in the message`, () => {
            const c = classify(observe(interactionError({ code, style, layout, withErrorNo: false })), GUEST);
            expect(c.verdict).toBe(verdict);
            expect(c.evidence.aadsts).toBe(code);
          });
        }
      }
    });
  }
});

describe('classify: guest tokens', () => {
  it('MFA in the token with home MFA → accepts your home MFA, likely (or asks for none)', () => {
    // Whether a tenant without trust that asks for no MFA still shows the home `mfa` in its token is not known.
    const c = classify(tokenObservation({ amr: ['pwd', 'rsa', 'mfa'], homeSessionMfa: true }), GUEST);
    expect(c).toMatchObject({ verdict: 'home-mfa-trusted', confidence: 'likely', leftoverRegistration: false });
    expect(c.evidence).toMatchObject({ amr: ['pwd', 'rsa', 'mfa'], timestamp: OBSERVED_AT, aadsts: null });
    expect(said(c)).toMatch(/accepted your home MFA, or asks for none/);
    expect(todo(c)).toMatch(/no Authenticator entry/);
    expectPresentable(c);
  });

  it('MFA in the token without home MFA, Authenticator registered there → separate MFA, likely', () => {
    const c = classify(
      tokenObservation({ amr: ['pwd', 'mfa'], homeSessionMfa: false, methods: methodsOk([PASSWORD, AUTHENTICATOR]) }),
      GUEST,
    );
    expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely', leftoverRegistration: false });
    expect(said(c)).toMatch(/home sign-in had none/);
    expect(said(c)).toMatch(/registered there/);
    expectPresentable(c);
  });

  for (const [name, methods] of [
    ['no MFA method registered', methodsOk([PASSWORD, EMAIL])],
    ['methods refused (403)', DENIED],
    ['methods need consent', CONSENT],
  ] as const) {
    it(`MFA in the token without home MFA, ${name} → needs sign-in, unknown`, () => {
      const c = classify(tokenObservation({ amr: ['pwd', 'mfa'], homeSessionMfa: false, methods }), GUEST);
      expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'unknown', leftoverRegistration: false });
      expect(said(c)).toMatch(/cannot tell/);
      expectPresentable(c);
    });
  }

  it('no MFA in the token → no MFA asked this time, likely, worded for a Microsoft Graph sign-in', () => {
    // Security Defaults decide when MFA is "necessary": one token without MFA proves no rule.
    for (const homeSessionMfa of [true, false]) {
      const c = classify(tokenObservation({ amr: ['pwd'], homeSessionMfa }), GUEST);
      expect(c).toMatchObject({ verdict: 'no-mfa-required', confidence: 'likely', leftoverRegistration: false });
      expect(said(c)).toMatch(/did not ask this time for MFA for a Microsoft Graph sign-in/);
      expectPresentable(c);
    }
  });
});

describe('classify: the leftover flag', () => {
  const cases: [string, TenantObservation, boolean][] = [
    [
      'trusted, Authenticator still registered',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([PASSWORD, AUTHENTICATOR]) }),
      true,
    ],
    [
      'trusted, phone number registered',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([MOBILE]) }),
      true,
    ],
    [
      'trusted, OATH code registered',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([OATH_APP]) }),
      true,
    ],
    [
      'trusted, security key registered',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([FIDO_KEY]) }),
      true,
    ],
    [
      'trusted, only password, e-mail and a Temporary Access Pass',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([PASSWORD, EMAIL, TAP]) }),
      false,
    ],
    [
      'trusted, nothing registered',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([]) }),
      false,
    ],
    ['trusted, methods refused', tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: DENIED }), false],
    [
      'no MFA asked, Authenticator registered',
      tokenObservation({ amr: ['pwd'], homeSessionMfa: true, methods: methodsOk([AUTHENTICATOR]) }),
      true,
    ],
    [
      'no MFA asked, methods need consent',
      tokenObservation({ amr: ['pwd'], homeSessionMfa: true, methods: CONSENT }),
      false,
    ],
    [
      'separate MFA (not leftover: still needed)',
      tokenObservation({ amr: ['mfa'], homeSessionMfa: false, methods: methodsOk([AUTHENTICATOR]) }),
      false,
    ],
  ];
  for (const [name, observation, leftover] of cases) {
    it(`${name} → leftover ${leftover}`, () => {
      const c = classify(observation, GUEST);
      expect(c.leftoverRegistration).toBe(leftover);
      // Only a trust signal (the home MFA accepted) makes an entry go; one answer without MFA keeps it for now.
      if (leftover && c.verdict === 'home-mfa-trusted') expect(todo(c)).toMatch(/delete its (Authenticator )?entry/);
      if (leftover && c.verdict === 'no-mfa-required') expect(todo(c)).toMatch(/^Keep its Authenticator entry for now/);
    });
  }

  it('refused methods leave the verdict alone', () => {
    const ok = classify(tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods: methodsOk([]) }), GUEST);
    for (const methods of [DENIED, CONSENT]) {
      const c = classify(tokenObservation({ amr: ['mfa'], homeSessionMfa: true, methods }), GUEST);
      expect(c.verdict).toBe(ok.verdict);
      expect(c.confidence).toBe(ok.confidence);
    }
  });
});

describe('classify: the home tenant', () => {
  it('home token with MFA → the MFA partners can trust', () => {
    const c = classify(
      tokenObservation({ amr: ['pwd', 'mfa'], homeSessionMfa: true, methods: methodsOk([AUTHENTICATOR]) }),
      HOME,
    );
    expect(c).toMatchObject({ verdict: 'home-mfa-trusted', confidence: 'certain', leftoverRegistration: false });
    expect(said(c)).toBe('Your home organisation: the MFA you do here is the one partners can trust.');
    expectPresentable(c);
  });

  it('home token without MFA → your home organisation did not ask for MFA', () => {
    const c = classify(
      tokenObservation({ amr: ['pwd'], homeSessionMfa: false, methods: methodsOk([AUTHENTICATOR]) }),
      HOME,
    );
    expect(c).toMatchObject({ verdict: 'no-mfa-required', leftoverRegistration: false });
    expect(said(c)).toBe('Your home organisation did not ask for MFA in this sign-in.');
    expectPresentable(c);
  });

  it('errors at home classify like anywhere else', () => {
    expect(classify(observe(interactionError({ code: 53003, subError: 'message_only' })), HOME).verdict).toBe(
      'blocked',
    );
    expect(classify(observe(interactionError({ code: 700082 })), HOME).verdict).toBe('needs-sign-in');
  });
});

describe('classify: MFA demands (50076 / 50074 / 50078)', () => {
  const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["9f2c6b1e-0000-4000-8000-000000000001"]}}}';

  for (const style of STYLES) {
    for (const layout of LAYOUTS) {
      it(`claims challenge, home MFA → separate MFA, likely, the claims kept as evidence only (${style}, ${layout})`, () => {
        // Ordinary CA MFA demands carry capolids claims too (MSAL-JS issue 5491): the claims are no strength marker.
        const c = classify(
          observe(interactionError({ code: 50076, style, layout, text: MFA_TEXT, claims: CLAIMS })),
          GUEST,
        );
        expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
        expect(said(c)).toMatch(/demands its own MFA \(or a stronger method than your home one\)/);
        expect(c.evidence.claimsChallenge).toBe(CLAIMS);
        expect(c.evidence.policyIds).toEqual(['9f2c6b1e-0000-4000-8000-000000000001']);
        expectPresentable(c);
      });

      it(`no claims, home MFA → separate MFA, likely (${style}, ${layout})`, () => {
        const c = classify(observe(interactionError({ code: 50076, style, layout, text: MFA_TEXT })), GUEST);
        expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
        expect(said(c)).toMatch(/demands its own MFA \(or a stronger method than your home one\)/);
        expect(c.evidence.policyIds).toEqual([]);
        expect(todo(c)).toBe(
          "Keep its Authenticator entry; ask its IT to trust your home organisation's MFA, or which method it needs (Request trust).",
        );
      });

      it(`no claims, no home MFA → needs sign-in, unknown (${style}, ${layout})`, () => {
        const c = classify(
          observe(interactionError({ code: 50076, style, layout, text: MFA_TEXT }), { homeSessionMfa: false }),
          GUEST,
        );
        expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'unknown' });
        expect(said(c)).toMatch(/home session carried none/);
        expectPresentable(c);
      });
    }
  }

  it('a claims challenge changes nothing when the home session had no MFA', () => {
    const c = classify(observe(interactionError({ code: 50074, claims: CLAIMS }), { homeSessionMfa: false }), GUEST);
    expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'unknown' });
    expect(c.evidence.claimsChallenge).toBe(CLAIMS);
  });

  it('never answers stronger-method from the silent answer alone, whatever the claims', () => {
    for (const claims of [CLAIMS, '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}', 'not json']) {
      for (const code of [50076, 50074, 50078, 50079]) {
        expect(classify(observe(interactionError({ code, claims })), GUEST).verdict).not.toBe('stronger-method');
      }
    }
  });

  it('an empty claims string is no challenge', () => {
    const c = classify(observe(interactionError({ code: 50076, claims: '' })), GUEST);
    expect(c).toMatchObject({ verdict: 'separate-mfa', evidence: { claimsChallenge: null, policyIds: [] } });
  });

  it('50078 (MFA too old) with home MFA is only likely separate MFA', () => {
    expect(classify(observe(interactionError({ code: 50078 })), GUEST)).toMatchObject({
      verdict: 'separate-mfa',
      confidence: 'likely',
    });
  });

  it('an MFA code MSAL did not treat as interaction required is only likely', () => {
    const c = classify(observe(serverError({ code: 50076, errorCode: 'invalid_grant', text: MFA_TEXT })), GUEST);
    expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
  });
});

describe('classify: other verdict paths', () => {
  it('50079 → registration required, likely with or without home MFA', () => {
    const withMfa = classify(observe(interactionError({ code: 50079 })), GUEST);
    expect(withMfa).toMatchObject({ verdict: 'registration-required', confidence: 'likely' });
    expect(said(withMfa)).toMatch(/although your home sign-in carried MFA/);
    expect(todo(withMfa)).toMatch(
      /^Use Sign in to this tenant to register a method, or ask its IT to trust your home MFA/,
    );
    const without = classify(observe(interactionError({ code: 50079 }), { homeSessionMfa: false }), GUEST);
    expect(without).toMatchObject({ verdict: 'registration-required', confidence: 'likely' });
    expectPresentable(without);
  });

  it("device errors are blocked, likely, as a refusal of this app's sign-in that the browser or Teams may pass", () => {
    const c = classify(observe(interactionError({ code: 53000, subError: 'additional_action' })), GUEST);
    expect(c).toMatchObject({ verdict: 'blocked', confidence: 'likely' });
    expect(said(c)).toMatch(/refused this app's sign-in because it requires a compliant device/);
    expect(said(c)).toMatch(/may still get in through the browser or Teams/);
    expect(todo(c)).toMatch(/device/);
    expect(said(classify(observe(interactionError({ code: 53001 })), GUEST))).toMatch(/joined/);
  });

  it('53003 is blocked, likely, without promising an outright block (it may be an unattainable strength)', () => {
    const c = classify(observe(interactionError({ code: 53003, subError: 'message_only' })), GUEST);
    expect(c).toMatchObject({ verdict: 'blocked', confidence: 'likely' });
    expect(said(c)).toMatch(/did not let this sign-in through: it may block guests, or ask for a sign-in method/);
    expect(todo(c)).toMatch(/what the policy expects of guests/);
    expect(todo(c)).not.toMatch(/not an MFA matter/);
    const risky = classify(observe(interactionError({ code: 53011 })), GUEST);
    expect(risky).toMatchObject({ verdict: 'blocked', confidence: 'certain' });
    expect(said(risky)).toMatch(/risky/);
  });

  it('530003 and 530033 are device demands: blocked, with the device action', () => {
    for (const code of [530003, 530033]) {
      const c = classify(observe(interactionError({ code, subError: null })), GUEST);
      expect(c).toMatchObject({ verdict: 'blocked', confidence: 'likely' });
      expect(said(c)).toMatch(/refused this app's sign-in because it requires a managed device/);
      expect(todo(c)).toMatch(/^Try its apps in the browser or in Teams/);
    }
  });

  it('1000104 (cross-cloud) is blocked, sending the user to the home IT', () => {
    const c = classify(observe(serverError({ code: 1000104, errorCode: 'invalid_grant' })), GUEST);
    expect(c).toMatchObject({ verdict: 'blocked', confidence: 'certain' });
    expect(said(c)).toMatch(/another Microsoft cloud/);
    expect(todo(c)).toMatch(/home organisation's IT/);
  });

  it('70008, 70000 and 700084 ask for a fresh sign-in; 9002313 too, but only likely', () => {
    for (const code of [70008, 70000, 700084]) {
      const c = classify(observe(serverError({ code, errorCode: 'invalid_grant' })), GUEST);
      expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'certain' });
      expect(todo(c)).toMatch(/sign in again/);
    }
    expect(classify(observe(serverError({ code: 9002313, errorCode: 'invalid_grant' })), GUEST)).toMatchObject({
      verdict: 'needs-sign-in',
      confidence: 'likely',
    });
  });

  it('53004 and 53010 are blocked with the registration-impossible wording', () => {
    for (const code of [53004, 53010]) {
      const c = classify(observe(interactionError({ code, subError: 'message_only' })), GUEST);
      expect(c.verdict).toBe('blocked');
      expect(said(c)).toMatch(/requires you to register an MFA method, but/);
      expectPresentable(c);
    }
  });

  it('user not in tenant → no longer a guest, delete the entry', () => {
    const c = classify(observe(interactionError({ code: 50020, subError: null })), GUEST);
    expect(c).toMatchObject({ verdict: 'not-a-guest', confidence: 'certain' });
    expect(todo(c)).toBe('Delete its entry from the Authenticator app if you still have one.');
  });

  it('a removed guest reported as a ServerError (invalid_grant without sub-error) is still not a guest', () => {
    const c = classify(observe(serverError({ code: 50020, errorCode: 'invalid_grant' })), GUEST);
    expect(c.verdict).toBe('not-a-guest');
  });

  it('invitation not redeemed → needs sign-in, which accepts it', () => {
    const c = classify(observe(interactionError({ code: 50014, style: 'interactionRequired' })), GUEST);
    expect(c.verdict).toBe('needs-sign-in');
    expect(todo(c)).toMatch(/accept its invitation/);
  });

  it('consent missing for the probe → needs sign-in, approve the access', () => {
    const c = classify(observe(interactionError({ code: 65001, subError: 'consent_required' })), GUEST);
    expect(c.verdict).toBe('needs-sign-in');
    expect(todo(c)).toMatch(/approve the app's access/);
  });
});

describe('classify: unknown codes and no code are never confident', () => {
  const interactive: [string, TenantObservation][] = [
    ['unknown code, invalid_grant + basic_action', observe(interactionError({ code: 99999 }))],
    [
      'unknown code, interaction_required',
      observe(interactionError({ code: 70099, style: 'interactionRequired', subError: null })),
    ],
    [
      'no code, interaction_required',
      observe({ ...interactionError({ code: 1 }), aadsts: null, message: 'interaction_required: Sign in again.' }),
    ],
    [
      'no code, additional_action',
      observe({ ...interactionError({ code: 1, subError: 'additional_action' }), aadsts: null, message: 'Do more.' }),
    ],
    [
      'MSAL: no tokens found',
      observe({
        ...interactionError({ code: 1, subError: null }),
        errorCode: 'no_tokens_found',
        aadsts: null,
        message: 'No refresh token found in the cache.',
      }),
    ],
    [
      'consent_required without a code',
      observe({
        ...interactionError({ code: 1, subError: null }),
        errorCode: 'consent_required',
        aadsts: null,
        message: 'Consent needed.',
      }),
    ],
  ];
  for (const [name, observation] of interactive) {
    it(`${name} → needs sign-in, unknown`, () => {
      const c = classify(observation, GUEST);
      expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'unknown' });
      expect(c.evidence.message).toBe(
        observation.probe.kind === 'auth-error' ? observation.probe.message.trim() : null,
      );
      expectPresentable(c);
    });
  }

  const notInteractive: [string, TenantObservation][] = [
    [
      'unknown code in a ServerError',
      observe(serverError({ code: 7000215, errorCode: 'invalid_client', text: 'Invalid client secret provided.' })),
    ],
    [
      'unknown code only in the message',
      observe(serverError({ code: 90002, errorCode: 'invalid_request', withErrorNo: false })),
    ],
    [
      'no code at all',
      observe(serverError({ code: null, errorCode: 'temporarily_unavailable', text: 'The service is busy.' })),
    ],
  ];
  for (const [name, observation] of notInteractive) {
    it(`${name} → error with the raw message, unknown`, () => {
      const c = classify(observation, GUEST);
      expect(c).toMatchObject({ verdict: 'error', confidence: 'unknown' });
      expect(c.evidence.message).toContain(observation.probe.kind === 'auth-error' ? 'Description:' : '');
      expectPresentable(c);
    });
  }

  it('names the unknown code in the explanation and the evidence, with the raw text', () => {
    const c = classify(observe(serverError({ code: 7000215, errorCode: 'invalid_client' })), GUEST);
    expect(said(c)).toContain('(AADSTS7000215, a code the app does not know)');
    expect(c.evidence.errorCode).toBe('invalid_client');
    expect(c.evidence.aadsts).toBe(7000215);
    expect(c.evidence.message).toContain('AADSTS7000215');
  });
});

describe('classify: evidence', () => {
  it('takes correlation id, trace id and time from the error, the time in ISO form', () => {
    const c = classify(observe(interactionError({ code: 50076 })), GUEST);
    expect(c.evidence).toMatchObject({
      aadsts: 50076,
      errorCode: 'invalid_grant',
      subError: 'basic_action',
      correlationId: CORRELATION_ID,
      traceId: TRACE_ID,
      timestamp: SERVER_TIME_ISO,
      amr: null,
      claimsChallenge: null,
      policyIds: [],
    });
  });

  for (const layout of LAYOUTS) {
    it(`falls back to the description for ids (${layout} layout)`, () => {
      const c = classify(observe(interactionError({ code: 50079, layout, withIds: false })), GUEST);
      expect(c.evidence.correlationId).toBe(CORRELATION_ID);
      expect(c.evidence.traceId).toBe(TRACE_ID);
      expect(c.evidence.timestamp).toBe(SERVER_TIME_ISO);
    });
  }

  it('reads the trace id of a ServerError from its composed message', () => {
    const c = classify(observe(serverError({ code: 50020, errorCode: 'invalid_grant' })), GUEST);
    expect(c.evidence.traceId).toBe(TRACE_ID);
  });

  it('names the policies of a claims challenge, and keeps a broken one without ids', () => {
    const claims = '{"access_token":{"capolids":{"essential":true,"values":["01234567-89ab-cdef-fedc-ba9876543210"]}}}';
    const c = classify(observe(interactionError({ code: 53003, subError: 'message_only', claims })), GUEST);
    expect(c.evidence).toMatchObject({ claimsChallenge: claims, policyIds: ['01234567-89ab-cdef-fedc-ba9876543210'] });
    const broken = classify(observe(interactionError({ code: 50076, claims: '{"access_token":' })), GUEST);
    expect(broken.evidence).toMatchObject({ claimsChallenge: '{"access_token":', policyIds: [] });
    expect(broken.verdict).toBe('separate-mfa');
  });

  it('keeps no absurdly long identifier from the server', () => {
    const probe = {
      ...interactionError({ code: 50076, withIds: false }),
      traceId: 'x'.repeat(500),
      message: 'AADSTS50076.',
    };
    expect(classify(observe(probe), GUEST).evidence.traceId).toBeNull();
  });

  it('falls back to the observation time when the message names none', () => {
    const probe = { ...interactionError({ code: 50076, withIds: false }), message: 'AADSTS50076: MFA needed.' };
    const c = classify(observe(probe), GUEST);
    expect(c.evidence.correlationId).toBeNull();
    expect(c.evidence.timestamp).toBe(OBSERVED_AT);
  });

  it('shortens long messages to about 500 characters', () => {
    const long = description(50076, 'x'.repeat(3000), 'crlf');
    const probe = { ...interactionError({ code: 50076 }), message: long };
    const c = classify(observe(probe), GUEST);
    expect(c.evidence.message?.length).toBeLessThanOrEqual(EVIDENCE_MESSAGE_LIMIT);
    expect(c.evidence.message?.startsWith('AADSTS50076: xxx')).toBe(true);
    expect(c.evidence.message?.endsWith('…')).toBe(true);
  });

  it('keeps amr and acrs of a token', () => {
    const c = classify(tokenObservation({ amr: ['pwd', 'mfa'], acrs: ['c1'], homeSessionMfa: true }), GUEST);
    expect(c.evidence).toMatchObject({ amr: ['pwd', 'mfa'], acrs: ['c1'], message: null, correlationId: null });
  });
});

describe('classify: failures', () => {
  const cases: [string, Parameters<typeof failure>, RegExp][] = [
    ['timeout', ['timeout', { message: 'No answer after 20000 ms' }], /did not answer within 20 s/],
    ['throttled', ['throttled', { httpStatus: 429, attempts: 4 }], /slow down \(HTTP 429\).*after 4 attempts/],
    ['network', ['network', { message: 'getaddrinfo ENOTFOUND login.microsoftonline.com' }], /could not reach/],
    ['server', ['server', { httpStatus: 503, attempts: 3 }], /server error \(HTTP 503\) after 3 attempts/],
    ['malformed', ['malformed', { httpStatus: 200 }], /could not read/],
    ['internal', ['internal'], /unexpected problem in the app/],
    ['cancelled', ['cancelled'], /cancelled/],
  ];
  for (const [name, args, wording] of cases) {
    it(`${name} → error, explaining what happened`, () => {
      const observation = observe(failure(...args));
      const c = classify(observation, { isHome: false, probeTimeoutSeconds: 20 });
      expect(c.verdict).toBe('error');
      expect(said(c)).toMatch(wording);
      expect(c.evidence.timestamp).toBe(OBSERVED_AT);
      expect(c.evidence.message).toBe(args[1]?.message ?? `probe ${name}`);
      expectPresentable(c);
    });
  }

  it('a timeout without a known limit still reads well', () => {
    const c = classify(observe(failure('timeout')), GUEST);
    expect(said(c)).toBe("Microsoft's sign-in service did not answer in time.");
  });
});

describe('classify: throttling is a failed check, never a tenant verdict', () => {
  it('50196 and 90055 → error, retry later, naming the code', () => {
    for (const code of [50196, 90055]) {
      const c = classify(observe(serverError({ code, errorCode: 'invalid_grant' })), GUEST);
      expect(c).toMatchObject({ verdict: 'error', leftoverRegistration: false });
      expect(said(c)).toContain(`(AADSTS${code})`);
      expect(todo(c)).toMatch(/^Scan again in a few minutes; this says nothing about what the organisation demands/);
      expectPresentable(c);
    }
  });

  it('an interaction-required 50196 (as MSAL.NET documents it for user calls) is still only a failed check', () => {
    const c = classify(observe(interactionError({ code: 50196, subError: null })), GUEST);
    expect(c.verdict).toBe('error');
  });

  it('HTTP 429 after the retries → error, retry later', () => {
    const c = classify(observe(failure('throttled', { httpStatus: 429, attempts: 3 })), GUEST);
    expect(c.verdict).toBe('error');
    expect(todo(c)).toMatch(/^Scan again in a few minutes/);
  });
});

describe('classify: an interactive sign-in refines the verdict', () => {
  const signedIn = (amr: string[] = ['pwd', 'rsa', 'mfa']): InteractiveSignInFacts => ({
    at: OBSERVED_AT,
    succeeded: true,
    amr,
    refusal: null,
  });
  const refused = (code: number): InteractiveSignInFacts => ({
    at: OBSERVED_AT,
    succeeded: false,
    amr: [],
    refusal: serverError({ code, errorCode: 'access_denied' }),
  });

  it('MFA done there, still demanded silently, an MFA method registered there → separate MFA, certain', () => {
    const observation = observe(interactionError({ code: 50076 }), { methods: methodsOk([PASSWORD, AUTHENTICATOR]) });
    const c = classify(observation, { ...GUEST, interactive: signedIn() });
    expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'certain' });
    expect(said(c)).toMatch(/Even after you completed MFA in a sign-in to this organisation/);
    expectPresentable(c);
  });

  for (const [name, methods] of [
    ['methods unknown (default client: 403)', DENIED],
    ['no MFA method registered there', methodsOk([PASSWORD])],
  ] as const) {
    it(`MFA done there, still demanded silently, ${name} → separate MFA, still only likely`, () => {
      // A tenant that trusts home MFA but wants a stronger method also sends the guest home to do it and still
      // refuses the (weaker) home session afterwards: nothing here tells the two apart.
      const c = classify(observe(interactionError({ code: 50076 }), { methods }), {
        ...GUEST,
        interactive: signedIn(),
      });
      expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
      expect(said(c)).toMatch(/Even after you signed in to this organisation and completed MFA/);
    });
  }

  it('a sign-in there without MFA in its token refines nothing', () => {
    const observation = observe(interactionError({ code: 50076 }), { methods: methodsOk([AUTHENTICATOR]) });
    const c = classify(observation, { ...GUEST, interactive: signedIn(['pwd']) });
    expect(c).toMatchObject({ verdict: 'separate-mfa', confidence: 'likely' });
  });

  it('MFA demanded, and the sign-in there refused with 53003 → stronger method, likely', () => {
    for (const code of [50076, 50079]) {
      const c = classify(observe(interactionError({ code })), { ...GUEST, interactive: refused(53003) });
      expect(c).toMatchObject({ verdict: 'stronger-method', confidence: 'likely' });
      expect(said(c)).toMatch(/stronger sign-in method \(an authentication strength\)/);
      expectPresentable(c);
    }
  });

  it('a refusal with another code leaves the silent verdict', () => {
    const c = classify(observe(interactionError({ code: 50076 })), { ...GUEST, interactive: refused(50126) });
    expect(c.verdict).toBe('separate-mfa');
  });

  it('silent token, but the sign-in there refused for the device → blocked, likely, with the refusal as evidence', () => {
    for (const code of [530033, 53000]) {
      const c = classify(tokenObservation({ amr: ['pwd'], homeSessionMfa: true }), {
        ...GUEST,
        interactive: refused(code),
      });
      expect(c).toMatchObject({ verdict: 'blocked', confidence: 'likely', evidence: { aadsts: code } });
      expect(said(c)).toMatch(/^This organisation refused this app's sign-in because it requires/);
      expect(todo(c)).toMatch(/device/);
      expectPresentable(c);
    }
  });

  it('silent token and a refusal the app does not know, or that is no block → the token decides', () => {
    for (const code of [901002, 50126]) {
      const c = classify(tokenObservation({ amr: ['pwd'], homeSessionMfa: true }), {
        ...GUEST,
        interactive: refused(code),
      });
      expect(c.verdict).toBe('no-mfa-required');
    }
  });

  it('without home MFA, still asked for MFA after the sign-in there → still unknown, sign in at home with MFA', () => {
    const c = classify(observe(interactionError({ code: 50076 }), { homeSessionMfa: false }), {
      ...GUEST,
      interactive: signedIn(),
    });
    expect(c).toMatchObject({ verdict: 'needs-sign-in', confidence: 'unknown' });
    expect(todo(c)).toMatch(/^Sign in again at home with MFA/);
  });
});

/**
 * The emulator's behaviour model (tools/entra-emulator/README.md), rule by rule, as the probe would record each answer: the
 * classifier must give the verdict the model implies.
 */
describe('classify: the emulator behaviour model', () => {
  const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["policy-1"]}}}';
  const rows: [string, TenantObservation, Verdict, boolean][] = [
    ['1 removed guest', observe(interactionError({ code: 50020, subError: null })), 'not-a-guest', false],
    [
      '1 pending redemption',
      observe(interactionError({ code: 50014, style: 'interactionRequired' })),
      'needs-sign-in',
      false,
    ],
    ['2 guests blocked', observe(interactionError({ code: 53003, subError: 'message_only' })), 'blocked', false],
    [
      '3 device not compliant',
      observe(interactionError({ code: 53000, subError: 'additional_action' })),
      'blocked',
      false,
    ],
    [
      '5 trust, home MFA strong enough',
      tokenObservation({ amr: ['pwd', 'mfa'], homeSessionMfa: true }),
      'home-mfa-trusted',
      false,
    ],
    [
      '5 trust, home MFA strong enough, old registration left',
      tokenObservation({ amr: ['pwd', 'mfa'], homeSessionMfa: true, methods: methodsOk([AUTHENTICATOR]) }),
      'home-mfa-trusted',
      true,
    ],
    [
      '5 trust, home method too weak (reads like any MFA demand)',
      observe(interactionError({ code: 50076, claims: CLAIMS })),
      'separate-mfa',
      false,
    ],
    [
      '5 trust, home session without MFA',
      observe(interactionError({ code: 50076 }), { homeSessionMfa: false }),
      'needs-sign-in',
      false,
    ],
    [
      '6 no trust, phishing-resistant strength',
      observe(interactionError({ code: 53003, subError: 'message_only' })),
      'blocked',
      false,
    ],
    ['6 no trust, methods registered there', observe(interactionError({ code: 50076 })), 'separate-mfa', false],
    [
      '6 no trust, nothing registered there',
      observe(interactionError({ code: 50079 })),
      'registration-required',
      false,
    ],
    [
      '6 no trust, interaction_required style',
      observe(interactionError({ code: 50079, style: 'interactionRequired' })),
      'registration-required',
      false,
    ],
    ['7 no MFA demanded', tokenObservation({ amr: ['pwd'], homeSessionMfa: true }), 'no-mfa-required', false],
    [
      '7 no MFA demanded, Graph consent missing for methods',
      tokenObservation({ amr: ['pwd'], homeSessionMfa: true, methods: DENIED }),
      'no-mfa-required',
      false,
    ],
  ];
  for (const [rule, observation, verdict, leftover] of rows) {
    it(`rule ${rule} → ${verdict}`, () => {
      const c = classify(observation, GUEST);
      expect(c.verdict).toBe(verdict);
      expect(c.leftoverRegistration).toBe(leftover);
      expectPresentable(c);
    });
  }
});
