/**
 * The three Microsoft Graph reads a guest can make in a partner tenant with a token from that tenant:
 * its registered authentication methods, its sponsors and the organisation's public fields (docs/entra.md,
 * "Graph reads a guest can make in a partner tenant").
 * A refusal (403, missing consent) is an observation ("methods unavailable"), never a failed scan.
 */
import { z } from 'zod';
import { sanitizeInline } from '../../shared/sanitize';
import type { AuthMethod, Contact, GraphRead, MethodType, OrganizationInfo } from '../../shared/model';
import type { HttpTransport } from '../net/transport';
import { getJson, jsonRetryDecision, type JsonGetResult } from './http-json';
import { withRetries, type RetryPolicy } from '../net/retry';

export interface GraphCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  policy?: RetryPolicy;
  correlationId?: string;
}

const ODATA_TYPES: Record<string, MethodType> = {
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticator',
  '#microsoft.graph.phoneAuthenticationMethod': 'phone',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOath',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusiness',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPass',
  '#microsoft.graph.passwordAuthenticationMethod': 'password',
};

/** Partner-supplied text: made inert (no control or bidi characters) and bounded. */
const text = (max: number) =>
  z
    .string()
    .max(10_000_000)
    .transform((s) => sanitizeInline(s, max));
const methodSchema = z.object({
  '@odata.type': z.string().max(300),
  displayName: text(300).nullish(),
  phoneNumber: text(100).nullish(),
  phoneType: text(50).nullish(),
  model: text(300).nullish(),
  emailAddress: text(300).nullish(),
  phoneAppVersion: text(100).nullish(),
  deviceTag: text(100).nullish(),
  createdDateTime: z.string().max(100).nullish(),
});
const collectionSchema = z.object({ value: z.array(z.unknown()).max(2_000) });
const MAX_ITEMS = 100;
const sponsorSchema = z.object({
  '@odata.type': z.string().max(300).nullish(),
  displayName: text(300).nullish(),
  mail: text(320).nullish(),
  userPrincipalName: text(320).nullish(),
});
const organizationSchema = z.object({
  displayName: text(300).nullish(),
  verifiedDomains: z
    .array(z.object({ name: text(300) }).loose())
    .max(5_000)
    .nullish(),
  technicalNotificationMails: z.array(text(320)).max(100).nullish(),
});

function toMethod(raw: z.infer<typeof methodSchema>): AuthMethod {
  const type = ODATA_TYPES[raw['@odata.type']] ?? 'other';
  const displayName =
    type === 'phone'
      ? (raw.phoneNumber ?? '')
      : type === 'email'
        ? (raw.emailAddress ?? '')
        : type === 'fido2'
          ? (raw.displayName ?? raw.model ?? '')
          : (raw.displayName ?? '');
  const detail =
    type === 'phone'
      ? raw.phoneType
      : type === 'microsoftAuthenticator'
        ? raw.phoneAppVersion
          ? `Authenticator ${raw.phoneAppVersion}`
          : undefined
        : type === 'fido2'
          ? (raw.model ?? undefined)
          : undefined;
  return {
    type,
    displayName,
    ...(detail ? { detail } : {}),
    createdDateTime: raw.createdDateTime ?? null,
  };
}

function failureRead(result: Extract<JsonGetResult, { ok: false }>, what: string): GraphRead<never> {
  if (result.kind === 'http' && result.status === 403) {
    return {
      status: 'denied',
      message: `This organisation does not let the app read your ${what} (${result.code ?? 'HTTP 403'}).`,
      httpStatus: 403,
    };
  }
  if (result.kind === 'http' && result.status === 401) {
    return { status: 'consent', message: `The app may not read your ${what} there (HTTP 401).`, httpStatus: 401 };
  }
  return { status: 'failed', message: `Your ${what} could not be read: ${result.message}`, httpStatus: result.status };
}

async function read<T>(
  transport: HttpTransport,
  url: string,
  accessToken: string,
  what: string,
  options: GraphCallOptions,
  parse: (body: unknown) => T | null,
  itemSchema?: z.ZodType,
): Promise<GraphRead<T>> {
  const { result } = await withRetries(() => getJson(transport, url, accessToken, options), jsonRetryDecision, options);
  if (!result.ok) return failureRead(result, what);
  const value = parse(result.body);
  if (value === null)
    return { status: 'failed', message: `Your ${what} came back in an unexpected form.`, httpStatus: result.status };
  const note = itemSchema ? describeCollectionCut(result.body, what, itemSchema) : null;
  return note ? { status: 'ok', value, note } : { status: 'ok', value };
}

/**
 * Says, in words, where a Graph collection was not read whole: more items than the app keeps (MAX_ITEMS), a
 * further page (`@odata.nextLink`, not followed), or items that did not parse. Null when it was read whole.
 */
export function describeCollectionCut(body: unknown, what: string, itemSchema: z.ZodType): string | null {
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) return null;
  const items = collection.data.value;
  const parts: string[] = [];
  if (items.length > MAX_ITEMS) parts.push(`only the first ${MAX_ITEMS} of the ${items.length} ${what} are kept`);
  const nextLink = (body as Record<string, unknown>)['@odata.nextLink'];
  if (typeof nextLink === 'string' && nextLink) {
    parts.push(`Microsoft's list of your ${what} goes on beyond the first page, which the app does not read`);
  }
  const unreadable = items.slice(0, MAX_ITEMS).filter((raw) => !itemSchema.safeParse(raw).success).length;
  if (unreadable > 0)
    parts.push(`${unreadable} of the ${what} could not be read and ${unreadable === 1 ? 'is' : 'are'} left out`);
  if (!parts.length) return null;
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * The items of a Graph collection that read as `schema`, of its first MAX_ITEMS (the others are named by
 * `describeCollectionCut`); null when the body is not a collection at all.
 */
function readableItems<T>(body: unknown, schema: z.ZodType<T>): T[] | null {
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) return null;
  return collection.data.value.slice(0, MAX_ITEMS).flatMap((raw) => {
    const item = schema.safeParse(raw);
    return item.success ? [item.data] : [];
  });
}

export function parseMethods(body: unknown): AuthMethod[] | null {
  return readableItems(body, methodSchema)?.map(toMethod) ?? null;
}

export function parseSponsors(body: unknown): Contact[] | null {
  return (
    readableItems(body, sponsorSchema)?.map((sponsor) => {
      const mail = sponsor.mail ?? null;
      return { displayName: sponsor.displayName ?? mail ?? 'Sponsor', mail };
    }) ?? null
  );
}

export function parseOrganization(body: unknown): OrganizationInfo | null {
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) return null;
  const first = organizationSchema.safeParse(collection.data.value[0] ?? {});
  if (!first.success) return null;
  return {
    displayName: first.data.displayName ?? null,
    verifiedDomains: (first.data.verifiedDomains ?? []).map((d) => d.name).slice(0, MAX_ITEMS),
    technicalNotificationMails: (first.data.technicalNotificationMails ?? []).slice(0, MAX_ITEMS),
  };
}

/** A reader of one Graph resource of the signed-in user's (`path` under the Graph base URL), described as `what`. */
function graphReader<T>(path: string, what: string, parse: (body: unknown) => T | null, itemSchema?: z.ZodType) {
  return (transport: HttpTransport, graphBaseUrl: string, token: string, options: GraphCallOptions = {}) =>
    read(transport, `${graphBaseUrl}${path}`, token, what, options, parse, itemSchema);
}

export const readMethods = graphReader(
  '/v1.0/me/authentication/methods',
  'registered methods',
  parseMethods,
  methodSchema,
);

export const readSponsors = graphReader(
  '/v1.0/me/sponsors?$select=displayName,mail,userPrincipalName',
  'sponsors',
  parseSponsors,
  sponsorSchema,
);

export const readOrganization = graphReader(
  '/v1.0/organization?$select=displayName,verifiedDomains,technicalNotificationMails',
  'organisation details',
  parseOrganization,
);
