/**
 * Error answers in the wire shapes of the three services: Entra's OAuth error body (the fields of Microsoft's
 * sample: https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity-platform/reference-error-codes.md),
 * Azure Resource Manager's `{ error: { code, message } }` and Microsoft Graph's error with `innerError`.
 * Texts are the emulator's own wording; the codes, fields and layouts are Entra's.
 */
import { randomGuid } from './ids';
import type { ErrorReason, ModelError } from './model';
import type { FaultAadstsCode } from './scenario';

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  /** "Only present when the error lookup system has additional information" (reference-error-codes.md). */
  error_uri?: string;
  suberror?: string;
  claims?: string;
}

/** Entra's `timestamp` format: `YYYY-MM-DD HH:mm:ssZ`. */
export function entraTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

export interface ErrorContext {
  now: Date;
  /** The client's `client-request-id`, echoed as the correlation id; a new GUID otherwise. */
  correlationId?: string | undefined;
  /**
   * How `error_description` separates its Trace ID / Correlation ID / Timestamp lines. Entra uses both CRLF
   * and single spaces; the emulator alternates by tenant so that clients meet both layouts.
   */
  separator: '\r\n' | ' ';
  /**
   * The host of `error_uri`, or none: real bodies use login.microsoftonline.com (B1), login.microsoft.com
   * (MSOLSpray's 53003) or leave it out (https://github.com/Azure/azure-cli/issues/5566).
   */
  errorUri?: ErrorUriStyle;
}

export type ErrorUriStyle = 'login.microsoftonline.com' | 'login.microsoft.com' | 'none';

/** Builds an Entra error body. `message` is the text after `AADSTSnnnnn: `. */
export function entraError(
  error: string,
  code: number,
  message: string,
  context: ErrorContext,
  extra: { suberror?: string | undefined; claims?: string | undefined } = {},
): EntraErrorBody {
  const traceId = randomGuid();
  const correlationId = context.correlationId || randomGuid();
  const timestamp = entraTimestamp(context.now);
  const sep = context.separator;
  return {
    error,
    error_description: `AADSTS${code}: ${message}${sep}Trace ID: ${traceId}${sep}Correlation ID: ${correlationId}${sep}Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    ...(context.errorUri === 'none'
      ? {}
      : { error_uri: `https://${context.errorUri ?? 'login.microsoftonline.com'}/error?code=${code}` }),
    ...(extra.suberror ? { suberror: extra.suberror } : {}),
    ...(extra.claims ? { claims: extra.claims } : {}),
  };
}

export interface DescriptionFacts {
  upn: string;
  homeTenantId: string;
  tenantName: string;
  clientId: string;
  resourceAppId: string;
}

const CLIENT_NAMES: Record<string, string> = {
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Microsoft Azure CLI',
  '14d82eec-204b-4c2f-b7e8-296a70dab67e': 'Microsoft Graph Command Line Tools',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Microsoft Azure PowerShell',
};

function clientLabel(clientId: string): string {
  const name = CLIENT_NAMES[clientId];
  return name ? `'${clientId}' (${name})` : `'${clientId}'`;
}

/** The human part of each model error, in the emulator's own words. */
export function describeFailure(reason: ErrorReason, facts: DescriptionFacts): string {
  switch (reason) {
    case 'removed':
      return `The account '${facts.upn}' signed in through 'https://sts.windows.net/${facts.homeTenantId}/' is not a user of the organisation '${facts.tenantName}', so it cannot use the application ${clientLabel(facts.clientId)} there. An administrator of that organisation has to invite it as an external user first.`;
    case 'unknown-account':
      return `The user account '${facts.upn}' does not exist in the directory of '${facts.tenantName}'. To sign in to this application, the account must be added to the directory.`;
    case 'pending':
      return `The guest account of '${facts.upn}' in '${facts.tenantName}' has not been redeemed yet. Sign in interactively to review and accept the organisation's terms.`;
    case 'consent':
      return `No user or administrator has consented to the application ${clientLabel(facts.clientId)} using the requested permissions of '${facts.resourceAppId}' in '${facts.tenantName}'. Send an interactive authorization request for this user and resource.`;
    case 'admin-consent':
      return `The application ${clientLabel(facts.clientId)} needs permissions in '${facts.tenantName}' that only an administrator can grant.`;
    case 'first-party-scope':
      return `The first-party application ${clientLabel(facts.clientId)} is not pre-authorised for the requested permissions of '${facts.resourceAppId}'; Microsoft applications can only get what the resource owner pre-authorised.`;
    case 'blocked':
      return `Conditional Access policies in '${facts.tenantName}' block this sign-in; no token can be issued.`;
    case 'device':
      return `A Conditional Access policy in '${facts.tenantName}' requires a managed device to access this resource, and the request carried no device the organisation knows as compliant.`;
    case 'device-interactive':
      return `You signed in, but '${facts.tenantName}' requires the device you sign in from to be managed. Device identifier: not available. Device state: unregistered.`;
    case 'mfa':
      return `Because of a policy set by the administrator of '${facts.tenantName}', multi-factor authentication is required to access '${facts.resourceAppId}'.`;
    case 'strength':
    case 'strength-unavailable':
      return `'${facts.tenantName}' requires an authentication strength that none of the methods available to this account can meet.`;
    case 'registration':
      return `Because of a policy set by the administrator of '${facts.tenantName}', the account must register for multi-factor authentication before it can access '${facts.resourceAppId}'.`;
    case 'claims-mfa':
      return `The request asks for multi-factor authentication that the session of '${facts.upn}' has not done; sign in interactively.`;
    case 'amr-values':
      return `The 'amr_values' request parameter is not supported.`;
    case 'mfa-request-refused':
      return `The 'claims' request parameter asks for an authentication method reference this endpoint does not accept.`;
  }
}

/** The Entra error body of a model decision. */
export function modelErrorBody(failure: ModelError, facts: DescriptionFacts, context: ErrorContext): EntraErrorBody {
  return entraError(failure.error, failure.code, describeFailure(failure.reason, facts), context, {
    suberror: failure.suberror,
    claims: failure.claims,
  });
}

/** The answer of an `aadsts` fault: HTTP status, `error`, suberror and the emulator's wording per code. */
interface AadstsShape {
  status: number;
  error: string;
  suberror?: string;
  message: string;
}

/**
 * The codes a scenario can make a token endpoint answer (`faults: [{ kind: "aadsts", code }]`), in the shapes
 * their public reports show; codes and names from
 * https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/identity-platform/reference-error-codes.md .
 */
export const AADSTS_FAULTS: Record<FaultAadstsCode, AadstsShape> = {
  // InvalidGrant: the refresh token is not valid (any more).
  70000: { status: 400, error: 'invalid_grant', message: 'The provided grant is not valid or has been revoked.' },
  // ExpiredOrRevokedGrant: inactivity, a password change, a revocation.
  70008: {
    status: 400,
    error: 'invalid_grant',
    message: 'The refresh token has expired or was revoked because it was not used for a long time.',
  },
  // ExpiredOrRevokedGrantInactiveToken: B15 (https://github.com/blobfile/blobfile/issues/93); msal-node has
  // surfaced it with subError bad_token (https://github.com/microsoft/foundry-dev-tools/issues/707).
  700082: {
    status: 400,
    error: 'invalid_grant',
    suberror: 'bad_token',
    message: 'The refresh token has expired due to inactivity. It was inactive for 90.00:00:00.',
  },
  // LoopDetected: "made too many of the same request in too short a period" (the status is HTTP 400 in
  // https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/issues/2353 ; `error` is a guess).
  50196: {
    status: 400,
    error: 'invalid_grant',
    message: 'The server stopped the operation because it saw a client request loop; contact the app vendor.',
  },
  // TenantThrottlingError: too many requests for the tenant (429 with Retry-After is a guess).
  90055: {
    status: 429,
    error: 'temporarily_unavailable',
    message: 'There are too many incoming requests for this tenant.',
  },
  // XCB2BResourceCloudNotAllowedOnIdentityTenant: the resource tenant is in a cloud the home tenant does not allow.
  1000104: {
    status: 400,
    error: 'invalid_grant',
    message: "The resource tenant's cloud is not allowed for B2B collaboration by the identity tenant.",
  },
};

export function aadstsFaultBody(
  code: FaultAadstsCode,
  context: ErrorContext,
): { status: number; body: EntraErrorBody } {
  const shape = AADSTS_FAULTS[code];
  return {
    status: shape.status,
    body: entraError(shape.error, code, shape.message, context, { suberror: shape.suberror }),
  };
}

/** The token endpoint's body for an injected status fault (429, 5xx, other 4xx). */
export function tokenFaultBody(status: number, context: ErrorContext): EntraErrorBody {
  if (status === 429) {
    return entraError('temporarily_unavailable', 90055, 'Too many requests for this tenant; try again later.', context);
  }
  if (status >= 500) {
    return entraError('temporarily_unavailable', 90033, 'A transient error occurred; try again.', context);
  }
  return entraError('invalid_request', 90100, 'The request is not valid.', context);
}

export interface ArmErrorBody {
  error: { code: string; message: string };
}

export function armError(code: string, message: string): ArmErrorBody {
  return { error: { code, message } };
}

/** ARM's answer for an injected status fault. */
export function armFaultBody(status: number): ArmErrorBody {
  if (status === 429) return armError('TooManyRequests', 'The request is being throttled. Retry after some time.');
  if (status === 503) return armError('ServiceUnavailable', 'The service is temporarily unavailable. Retry later.');
  if (status >= 500) return armError('InternalServerError', 'The server encountered an internal error. Retry later.');
  return armError('BadRequest', 'The request is not valid.');
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

export function graphError(code: string, message: string, now: Date, clientRequestId?: string): GraphErrorBody {
  const requestId = randomGuid();
  return {
    error: {
      code,
      message,
      innerError: {
        date: now.toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId,
        'client-request-id': clientRequestId || requestId,
      },
    },
  };
}

/** Graph's answer for an injected status fault. */
export function graphFaultBody(status: number, now: Date, clientRequestId?: string): GraphErrorBody {
  if (status === 429) {
    return graphError('TooManyRequests', 'Too many requests; retry after the interval given.', now, clientRequestId);
  }
  if (status >= 500) {
    return graphError('serviceNotAvailable', 'The service is temporarily unavailable.', now, clientRequestId);
  }
  return graphError('BadRequest', 'The request is not valid.', now, clientRequestId);
}
