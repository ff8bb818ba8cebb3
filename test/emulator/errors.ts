/**
 * Error answers in the wire shapes of the three services: Entra's OAuth error body (entra-facts.md §2),
 * Azure Resource Manager's `{ error: { code, message } }` and Microsoft Graph's error with `innerError`.
 * Texts are the emulator's own wording; the codes, fields and layouts are Entra's.
 */
import { randomGuid } from './ids';
import type { ErrorReason, ModelError } from './model';

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
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
}

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
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
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
    case 'pending':
      return `The guest account of '${facts.upn}' in '${facts.tenantName}' has not been redeemed yet. Sign in interactively to review and accept the organisation's terms.`;
    case 'consent':
      return `No user or administrator has consented to the application ${clientLabel(facts.clientId)} using the requested permissions of '${facts.resourceAppId}' in '${facts.tenantName}'. Send an interactive authorization request for this user and resource.`;
    case 'admin-consent':
      return `The application ${clientLabel(facts.clientId)} needs permissions in '${facts.tenantName}' that only an administrator can grant.`;
    case 'blocked':
      return `Conditional Access policies in '${facts.tenantName}' block this sign-in; no token can be issued.`;
    case 'device':
      return `A Conditional Access policy in '${facts.tenantName}' requires a compliant device, and this device is not known to be compliant. Enrol the device with the organisation's device management.`;
    case 'mfa':
      return `Because of a policy set by the administrator of '${facts.tenantName}', multi-factor authentication is required to access '${facts.resourceAppId}'.`;
    case 'strength':
    case 'strength-unavailable':
      return `'${facts.tenantName}' requires an authentication strength that none of the methods available to this account can meet.`;
    case 'registration':
      return `Because of a policy set by the administrator of '${facts.tenantName}', the account must register for multi-factor authentication before it can access '${facts.resourceAppId}'.`;
  }
}

/** The Entra error body of a model decision. */
export function modelErrorBody(failure: ModelError, facts: DescriptionFacts, context: ErrorContext): EntraErrorBody {
  return entraError(failure.error, failure.code, describeFailure(failure.reason, facts), context, {
    suberror: failure.suberror,
    claims: failure.claims,
  });
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
