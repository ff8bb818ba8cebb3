/**
 * How the probe records an Entra answer from MSAL's own error classes (constructed as msal-common constructs them
 * from a token-endpoint body), and how it words a methods refusal that is the app's own limit.
 */
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import type { MsalRequestOutcome } from '../../../../main/net/transport';
import { authErrorObservation, explainMethodsRead, observeTokenAttempt } from '../../../../main/scan/probe';

const TRACE = '64ab9ad5-447a-432c-ba42-83784ad85800';
const CORRELATION = '1fe73093-c804-4bf8-9a91-990f23c719c3';
const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["GUID"]}}}';
const context = { cancelled: false, timedOut: false, timeoutMs: 20_000 };

describe('authErrorObservation', () => {
  it('takes trace id, timestamp and claims from an InteractionRequiredAuthError', () => {
    const error = new InteractionRequiredAuthError(
      'invalid_grant',
      CORRELATION,
      `AADSTS50076: MFA.\r\nTrace ID: ${TRACE}`,
      'basic_action',
      '2023-01-04 19:44:18Z',
      TRACE,
      CLAIMS,
      '50076',
    );
    expect(authErrorObservation(error)).toEqual({
      kind: 'auth-error',
      errorClass: 'InteractionRequiredAuthError',
      errorCode: 'invalid_grant',
      subError: 'basic_action',
      aadsts: 50076,
      correlationId: CORRELATION,
      traceId: TRACE,
      timestamp: '2023-01-04 19:44:18Z',
      message: `AADSTS50076: MFA.\r\nTrace ID: ${TRACE}`,
      claims: CLAIMS,
    });
  });

  it("takes a ServerError's trace id from the message msal-common composes, whatever its form", () => {
    const composed = (trace: string) =>
      `Error(s): 50076 - Timestamp: 2025-04-20 07:49:19Z - Description: AADSTS50076: … - Correlation ID: Not Available - Trace ID: ${trace}`;
    const cut = authErrorObservation(new ServerError('invalid_grant', '', composed('59e9f676-…'), '', '50076', 400));
    expect(cut).toMatchObject({ errorClass: 'ServerError', traceId: '59e9f676-…', correlationId: null, claims: null });
    const none = authErrorObservation(new ServerError('invalid_grant', '', composed('Not Available'), '', '50076'));
    expect(none?.traceId).toBeNull();
  });

  it('is null for anything that is not an Entra answer', () => {
    expect(authErrorObservation(new Error('socket hang up'))).toBeNull();
  });
});

describe('observeTokenAttempt', () => {
  const outcome429: MsalRequestOutcome = { status: 429, retryAfterSeconds: 5, malformed: false, networkError: null };

  it('keeps an Entra throttling code of a 429 answer with its ids', () => {
    const error = new ServerError(
      'temporarily_unavailable',
      CORRELATION,
      `Error(s): 90055 - Timestamp: 2025-01-01 00:00:00Z - Description: AADSTS90055: Too many. - Correlation ID: ${CORRELATION} - Trace ID: ${TRACE}`,
      '',
      '90055',
      429,
    );
    const observed = observeTokenAttempt({ kind: 'error', error, outcome: outcome429 }, 3, context);
    expect(observed).toMatchObject({ kind: 'auth-error', aadsts: 90055, traceId: TRACE });
  });

  it('records any other 429 as throttling', () => {
    const error = new ServerError('temporarily_unavailable', '', 'Busy', '', '90033', 429);
    const observed = observeTokenAttempt({ kind: 'error', error, outcome: outcome429 }, 3, context);
    expect(observed).toMatchObject({ kind: 'failure', reason: 'throttled', httpStatus: 429, attempts: 3 });
  });
});

describe('explainMethodsRead', () => {
  const denied = {
    status: 'denied' as const,
    message: 'This organisation does not let the app read …',
    httpStatus: 403,
  };

  it("words a 403 for a token without a methods permission as the app's limit", () => {
    const read = explainMethodsRead(denied, ['Directory.AccessAsUser.All', 'User.Read.All']);
    expect(read.status).toBe('denied');
    expect(read.status !== 'ok' && read.message).toMatch(
      /^The app's sign-in may not read your methods: its token holds no permission for them\. Microsoft's Azure CLI sign-in, the app's default, never has that permission/,
    );
  });

  it("leaves the tenant's refusal as it is when the token had the permission, or its scopes are unknown", () => {
    expect(explainMethodsRead(denied, ['User.Read', 'UserAuthenticationMethod.Read'])).toBe(denied);
    expect(explainMethodsRead(denied, [])).toBe(denied);
    expect(explainMethodsRead(denied, null)).toBe(denied);
    const ok = { status: 'ok' as const, value: [] };
    expect(explainMethodsRead(ok, ['User.Read'])).toBe(ok);
  });
});
