/**
 * Hand-written observations, shaped as the probe records them (shared/model.ts), for the classifier and inventory
 * tests. Error texts follow Entra's real error bodies: the description starts with the AADSTS code and ends with
 * Trace ID / Correlation ID / Timestamp, separated either by CRLF or by spaces; MSAL's ServerError composes its own
 * "Error(s): … - Description: … - Correlation ID: …" message around it.
 */
import type {
  AuthMethod,
  AuthErrorObservation,
  FailureObservation,
  GraphRead,
  OrganizationInfo,
  TenantObservation,
  TokenObservation,
} from '../../../shared/model';

export const HOME_TID = '6f0d9c1e-1111-4a5b-9c3d-0a1b2c3d4e5f';
export const FABRIKAM_TID = '2b7e4c90-2222-4f1e-8d2c-7a6b5c4d3e2f';
export const OBSERVED_AT = '2025-03-04T09:12:50.000Z';
export const CORRELATION_ID = '5a1f3e2d-9b8c-4d7e-a6f5-0e1d2c3b4a59';
export const TRACE_ID = '0d6c2b1a-3e4f-4a5b-8c7d-9e0f1a2b3c00';
export const SERVER_TIME = '2025-03-04 09:12:44Z';
export const SERVER_TIME_ISO = '2025-03-04T09:12:44Z';

export type Layout = 'crlf' | 'spaces';

/** Entra's error_description for a code, in one of the two layouts seen in public reports. */
export function description(code: number, text: string, layout: Layout): string {
  const sep = layout === 'crlf' ? '\r\n' : ' ';
  return `AADSTS${code}: ${text}${sep}Trace ID: ${TRACE_ID}${sep}Correlation ID: ${CORRELATION_ID}${sep}Timestamp: ${SERVER_TIME}`;
}

/** MSAL's composed ServerError message around an Entra error body. */
export function serverErrorMessage(code: number, desc: string): string {
  return `Error(s): ${code} - Timestamp: ${SERVER_TIME} - Description: ${desc} - Correlation ID: ${CORRELATION_ID} - Trace ID: ${TRACE_ID}`;
}

export const MFA_TEXT =
  "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.";

export const SKIPPED: GraphRead<never> = { status: 'skipped', message: 'No token for this tenant.', httpStatus: null };
export const DENIED: GraphRead<never> = {
  status: 'denied',
  message: 'Authorization_RequestDenied: Insufficient privileges to complete the operation.',
  httpStatus: 403,
};
export const CONSENT: GraphRead<never> = {
  status: 'consent',
  message: 'AADSTS65001: The user or administrator has not consented to use the application.',
  httpStatus: 400,
};

export function methodsOk(methods: AuthMethod[]): GraphRead<AuthMethod[]> {
  return { status: 'ok', value: methods };
}

export const AUTHENTICATOR: AuthMethod = {
  type: 'microsoftAuthenticator',
  displayName: 'Pixel 7',
  detail: '6.2405.3055',
};
export const AUTHENTICATOR_OLD: AuthMethod = { type: 'microsoftAuthenticator', displayName: 'iPhone 12' };
export const OATH_APP: AuthMethod = { type: 'softwareOath', displayName: '' };
export const MOBILE: AuthMethod = { type: 'phone', displayName: '+49 1701234567', detail: 'mobile' };
export const FIDO_KEY: AuthMethod = { type: 'fido2', displayName: 'YubiKey 5 NFC' };
export const PASSWORD: AuthMethod = { type: 'password', displayName: '' };
export const EMAIL: AuthMethod = { type: 'email', displayName: 'adele@contoso.example' };
export const TAP: AuthMethod = { type: 'temporaryAccessPass', displayName: '' };

const ORGANIZATION: GraphRead<OrganizationInfo> = {
  status: 'ok',
  value: { displayName: 'Fabrikam', verifiedDomains: ['fabrikam.example'], technicalNotificationMails: [] },
};

export function tokenProbe(amr: string[], acrs: string[] = []): TokenObservation {
  return {
    kind: 'token',
    tid: FABRIKAM_TID,
    idp: `https://sts.windows.net/${HOME_TID}/`,
    amr,
    acrs,
    scp: ['User.Read', 'UserAuthenticationMethod.Read'],
  };
}

/** A token observation with its Graph reads. */
export function tokenObservation(options: {
  amr: string[];
  homeSessionMfa: boolean;
  methods?: GraphRead<AuthMethod[]>;
  acrs?: string[];
}): TenantObservation {
  return {
    tenantId: FABRIKAM_TID,
    observedAt: OBSERVED_AT,
    homeSessionMfa: options.homeSessionMfa,
    probe: tokenProbe(options.amr, options.acrs),
    methods: options.methods ?? methodsOk([]),
    sponsors: { status: 'ok', value: [{ displayName: 'Megan Bowen', mail: 'megan@fabrikam.example' }] },
    organization: ORGANIZATION,
  };
}

/** The two ways the same server answer reaches the probe (the scenario's errorStyle, tools/entra-emulator/README.md). */
export type ErrorStyle = 'invalidGrant' | 'interactionRequired';

/**
 * An auth-error observation as the probe records a token-endpoint error that MSAL turned into an
 * InteractionRequiredAuthError: `errorNo` present unless `withErrorNo` is false (then the code is only in the
 * message).
 */
export function interactionError(options: {
  code: number;
  style?: ErrorStyle;
  layout?: Layout;
  text?: string;
  subError?: string | null;
  claims?: string | null;
  withErrorNo?: boolean;
  withIds?: boolean;
}): AuthErrorObservation {
  const style = options.style ?? 'invalidGrant';
  const desc = description(options.code, options.text ?? 'Sign-in needs attention.', options.layout ?? 'spaces');
  const withIds = options.withIds ?? true;
  return {
    kind: 'auth-error',
    errorClass: 'InteractionRequiredAuthError',
    errorCode: style === 'invalidGrant' ? 'invalid_grant' : 'interaction_required',
    subError: options.subError === undefined ? 'basic_action' : options.subError,
    aadsts: options.withErrorNo === false ? null : options.code,
    correlationId: withIds ? CORRELATION_ID : null,
    traceId: withIds ? TRACE_ID : null,
    timestamp: withIds ? SERVER_TIME : null,
    message: desc,
    claims: options.claims ?? null,
  };
}

/** A ServerError as MSAL raises it for a token-endpoint error it does not treat as interaction required. */
export function serverError(options: {
  code: number | null;
  errorCode?: string;
  text?: string;
  layout?: Layout;
  withErrorNo?: boolean;
}): AuthErrorObservation {
  const text = options.text ?? 'The request is not valid.';
  const desc = options.code === null ? text : description(options.code, text, options.layout ?? 'spaces');
  return {
    kind: 'auth-error',
    errorClass: 'ServerError',
    errorCode: options.errorCode ?? 'invalid_request',
    subError: null,
    aadsts: options.withErrorNo === false ? null : options.code,
    correlationId: CORRELATION_ID,
    traceId: null,
    timestamp: SERVER_TIME,
    message:
      options.code === null
        ? `Error(s): Not Available - Timestamp: Not Available - Description: ${desc} - Correlation ID: Not Available - Trace ID: Not Available`
        : serverErrorMessage(options.code, desc),
    claims: null,
  };
}

export function failure(
  reason: FailureObservation['reason'],
  extra: Partial<FailureObservation> = {},
): FailureObservation {
  return {
    kind: 'failure',
    reason,
    message: extra.message ?? `probe ${reason}`,
    httpStatus: extra.httpStatus ?? null,
    attempts: extra.attempts ?? 1,
  };
}

/** Wraps any probe result into a tenant observation (no token: Graph reads skipped). */
export function observe(
  probe: TenantObservation['probe'],
  options: { homeSessionMfa?: boolean; methods?: GraphRead<AuthMethod[]> } = {},
): TenantObservation {
  return {
    tenantId: FABRIKAM_TID,
    observedAt: OBSERVED_AT,
    homeSessionMfa: options.homeSessionMfa ?? true,
    probe,
    methods: options.methods ?? SKIPPED,
    sponsors: SKIPPED,
    organization: SKIPPED,
  };
}
