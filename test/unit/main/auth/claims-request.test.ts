import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { SignInCancelledError, refusesClaimsRequest } from '../../../../main/auth/auth-service';
import { HOME_MFA_CLAIMS, mergeClaims, readClaimsChallenge } from '../../../../main/auth/claims-request';

/**
 * Microsoft's documented claims challenge header, verbatim
 * (https://learn.microsoft.com/entra/identity-platform/claims-challenge, "Claims challenge header format").
 */
const DOCUMENTED_HEADER =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="';

describe('claims challenges from WWW-Authenticate', () => {
  it("reads Microsoft's documented example: base64 claims and the insufficient_claims error", () => {
    expect(readClaimsChallenge(DOCUMENTED_HEADER)).toEqual({
      claims: '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}',
      error: 'insufficient_claims',
    });
  });

  it('accepts URL-safe base64 without padding, and a challenge after another scheme', () => {
    const claims = '{"access_token":{"amr":{"values":["mfa"]}}}';
    const encoded = Buffer.from(claims).toString('base64url');
    expect(readClaimsChallenge(`PoP nonce="x", Bearer error="insufficient_claims", claims="${encoded}"`)?.claims).toBe(
      claims,
    );
  });

  it('ignores headers without a readable claims object', () => {
    expect(readClaimsChallenge(undefined)).toBeNull();
    expect(readClaimsChallenge('Bearer realm="", error="invalid_token"')).toBeNull();
    expect(readClaimsChallenge('Bearer claims="!!!not base64!!!"')).toBeNull();
    // Base64 of something that is not a JSON object.
    expect(readClaimsChallenge(`Bearer claims="${Buffer.from('[1,2]').toString('base64')}"`)).toBeNull();
    expect(readClaimsChallenge(`Bearer claims="${'A'.repeat(50_000)}"`)).toBeNull();
  });
});

describe('merging claims requests', () => {
  it("joins Azure's challenge with the app's MFA request", () => {
    const challenge = '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}';
    expect(JSON.parse(mergeClaims(challenge, HOME_MFA_CLAIMS)!)).toEqual({
      access_token: { acrs: { essential: true, value: 'cp1' }, amr: { values: ['mfa'] } },
    });
  });

  it('asks for every amr value either request names, once', () => {
    const merged = mergeClaims('{"access_token":{"amr":{"values":["ngcmfa","mfa"]}}}', HOME_MFA_CLAIMS);
    expect(JSON.parse(merged!)).toEqual({ access_token: { amr: { values: ['ngcmfa', 'mfa'] } } });
  });

  it('leaves out what is not a JSON object and returns null when nothing is left', () => {
    expect(mergeClaims(undefined, null, 'not json', '[]')).toBeNull();
    expect(mergeClaims('not json', HOME_MFA_CLAIMS)).toBe(HOME_MFA_CLAIMS);
  });
});

describe('which sign-in failures refuse the MFA request itself', () => {
  const authorizeError = (error: string, description: string, suberror = '') =>
    // How msal-node raises an error posted back to its loopback listener (PublicClientApplication).
    new ServerError(error, 'corr-1', description, suberror);

  it("a refused request parameter (AADSTS901002, the v2 endpoint's answer to amr_values) or invalid_request", () => {
    const refusal = refusesClaimsRequest(
      authorizeError('invalid_request', "AADSTS901002: The 'amr_values' request parameter is not supported."),
    );
    expect(refusal).toMatchObject({ errorCode: 'invalid_request', aadsts: 901002, correlationId: 'corr-1' });
    expect(
      refusesClaimsRequest(authorizeError('invalid_request', 'AADSTS90100: the parameter is not valid.')),
    ).not.toBeNull();
    // A claims value Entra cannot map to an authentication method, whatever the `error` string.
    expect(
      refusesClaimsRequest(
        authorizeError(
          'invalid_grant',
          "AADSTS50130: The claim value(s) 'mfa' cannot be interpreted as known auth method(s).",
        ),
      )?.aadsts,
    ).toBe(50130);
  });

  it('not a cancel, a refusal of the user, or an MFA demand', () => {
    expect(refusesClaimsRequest(new SignInCancelledError())).toBeNull();
    expect(
      refusesClaimsRequest(authorizeError('access_denied', 'The sign-in was cancelled in Guest MFA Inventory.')),
    ).toBeNull();
    expect(
      refusesClaimsRequest(authorizeError('access_denied', 'AADSTS53003: Access has been blocked by CA.')),
    ).toBeNull();
    expect(
      refusesClaimsRequest(
        new InteractionRequiredAuthError('interaction_required', 'AADSTS50076: use MFA', 'basic_action'),
      ),
    ).toBeNull();
    expect(refusesClaimsRequest(new Error('the browser could not be opened'))).toBeNull();
  });
});
