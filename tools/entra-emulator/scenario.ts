/**
 * Scenario files for the Entra emulator: the zod schema, its defaults and the loader.
 *
 * The format, its defaults and the public source of each rule are in tools/entra-emulator/README.md. A scenario that does not
 * match is refused with a `ScenarioError` naming the file and the field path, so a typo never starts an
 * emulator that silently answers something else. Unknown fields are errors for the same reason.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkResourceAdmin, resourceAdminSchema } from './admin-scenario';
import { stableGuid } from './ids';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = z.iso.datetime({ offset: true });

const nonEmpty = z.string().min(1);

// Authentication methods carry Graph's own property names, per method type (Graph's resource types).
const authenticatorMethod = z.strictObject({
  type: z.literal('microsoftAuthenticator'),
  id: nonEmpty.optional(),
  displayName: z.string(),
  deviceTag: z.string().optional(),
  phoneAppVersion: z.string().optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
  /**
   * Scenario-only (not sent by Graph): the app is registered for passwordless phone sign-in, not just push.
   * Push meets MFA only; phone sign-in also meets the passwordless strength.
   */
  phoneSignIn: z.boolean().optional(),
});
const phoneMethod = z.strictObject({
  type: z.literal('phone'),
  id: nonEmpty.optional(),
  phoneNumber: z.string(),
  phoneType: z.enum(['mobile', 'alternateMobile', 'office']).default('mobile'),
  smsSignInState: z
    .enum(['notSupported', 'notAllowedByPolicy', 'notEnabled', 'phoneNumberNotUnique', 'ready', 'notConfigured'])
    .optional(),
});
const softwareOathMethod = z.strictObject({
  type: z.literal('softwareOath'),
  id: nonEmpty.optional(),
});
const fido2Method = z.strictObject({
  type: z.literal('fido2'),
  id: nonEmpty.optional(),
  displayName: z.string(),
  model: z.string().optional(),
  aaGuid: z.string().optional(),
  attestationLevel: z.enum(['attested', 'notAttested']).optional(),
  attestationCertificates: z.array(z.string()).optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});
const emailMethod = z.strictObject({
  type: z.literal('email'),
  id: nonEmpty.optional(),
  emailAddress: z.string(),
});
const helloMethod = z.strictObject({
  type: z.literal('windowsHelloForBusiness'),
  id: nonEmpty.optional(),
  displayName: z.string(),
  keyStrength: z.enum(['normal', 'weak', 'unknown']).optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});
const tapMethod = z.strictObject({
  type: z.literal('temporaryAccessPass'),
  id: nonEmpty.optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
  startDateTime: ISO_DATE_TIME.nullable().optional(),
  lifetimeInMinutes: z.number().int().positive().optional(),
  isUsableOnce: z.boolean().optional(),
  isUsable: z.boolean().optional(),
  methodUsabilityReason: z.string().optional(),
});
const passwordMethod = z.strictObject({
  type: z.literal('password'),
  id: nonEmpty.optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});

// The three v1.0 types the app does not name (it reads them as "other", never as MFA): msgraph-metadata
// schemas/v1.0-Prod.csdl, kept in test/fixtures/published/graph-v1-descriptions.json.
const platformCredentialMethod = z.strictObject({
  type: z.literal('platformCredential'),
  id: nonEmpty.optional(),
  displayName: z.string(),
  keyStrength: z.enum(['normal', 'weak', 'unknown']).optional(),
  platform: z.enum(['unknown', 'windows', 'macOS', 'iOS', 'android', 'linux']).optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});
const qrCodePinMethod = z.strictObject({
  type: z.literal('qrCodePin'),
  id: nonEmpty.optional(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});
const externalMethod = z.strictObject({
  type: z.literal('external'),
  id: nonEmpty.optional(),
  displayName: z.string(),
  configurationId: z.string(),
  createdDateTime: ISO_DATE_TIME.nullable().optional(),
});

const methodSchema = z.discriminatedUnion('type', [
  authenticatorMethod,
  phoneMethod,
  softwareOathMethod,
  fido2Method,
  emailMethod,
  helloMethod,
  tapMethod,
  passwordMethod,
  platformCredentialMethod,
  qrCodePinMethod,
  externalMethod,
]);

const personSchema = z.strictObject({
  id: nonEmpty.optional(),
  displayName: z.string(),
  // No address check on purpose: sponsors come from partner directories and may be hostile.
  mail: z.string().nullable().default(null),
  userPrincipalName: z.string().optional(),
  jobTitle: z.string().nullable().optional(),
});

/**
 * A sponsor as Graph lists it: a user (default), a group (`#microsoft.graph.group`; `mail` only when
 * mail-enabled), or an object the guest may not read (Graph then gives only `@odata.type` and `id`).
 */
const sponsorSchema = z
  .strictObject({
    type: z.enum(['user', 'group', 'unreadable']).default('user'),
    id: nonEmpty.optional(),
    displayName: z.string().optional(),
    mail: z.string().nullable().default(null),
    userPrincipalName: z.string().optional(),
    jobTitle: z.string().nullable().optional(),
  })
  .superRefine((sponsor, ctx) => {
    if (sponsor.type !== 'unreadable' && sponsor.displayName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['displayName'], message: `a ${sponsor.type} sponsor needs a displayName` });
    }
  });

const FAULT_ENDPOINTS = ['authorize', 'token', 'tenants', 'methods', 'sponsors', 'organization'] as const;

/** AADSTS codes an `aadsts` fault can make the token endpoint answer, each in its real shape (errors.ts). */
export const FAULT_AADSTS_CODES = [70000, 70008, 700082, 50196, 90055, 1000104] as const;
export type FaultAadstsCode = (typeof FAULT_AADSTS_CODES)[number];

const faultSchema = z
  .strictObject({
    endpoint: z.enum(FAULT_ENDPOINTS),
    kind: z.enum(['status', 'hang', 'hold', 'malformed', 'reset', 'aadsts']).optional(),
    status: z.number().int().min(400).max(599).optional(),
    code: z
      .number()
      .int()
      .refine((code) => (FAULT_AADSTS_CODES as readonly number[]).includes(code), {
        message: `expected one of ${FAULT_AADSTS_CODES.join(', ')}`,
      })
      .optional(),
    /**
     * Seconds sent as `Retry-After`, whole or decimal: Microsoft Graph's throttling sample sends `2.128`
     * (microsoft-graph-docs-contrib concepts/throttling.md; test/fixtures/published/graph-throttling-429.json).
     */
    retryAfter: z.number().min(0).max(86_400).optional(),
    times: z.number().int().positive().optional(),
  })
  .superRefine((fault, ctx) => {
    const kind =
      fault.kind ?? (fault.status !== undefined ? 'status' : fault.code !== undefined ? 'aadsts' : undefined);
    if (kind === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'expected "kind" (hang | hold | malformed | reset | aadsts) or "status"',
      });
    } else if (kind === 'status' && fault.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'a status fault needs an HTTP status (400-599)' });
    } else if (kind === 'aadsts') {
      if (fault.code === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['code'],
          message: `an aadsts fault needs a code (${FAULT_AADSTS_CODES.join(', ')})`,
        });
      }
      if (fault.endpoint !== 'token') {
        ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'an aadsts fault answers on the token endpoint' });
      }
      if (fault.status !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'an aadsts fault takes its status from the code' });
      }
    } else if (kind !== 'status' && (fault.status !== undefined || fault.retryAfter !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `a ${kind} fault takes no status or retryAfter` });
    }
    if (kind !== 'aadsts' && fault.code !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'only an aadsts fault takes a code' });
    }
  })
  .transform((fault) => ({
    endpoint: fault.endpoint,
    kind: fault.kind ?? (fault.status !== undefined ? ('status' as const) : ('aadsts' as const)),
    ...(fault.status !== undefined ? { status: fault.status } : {}),
    ...(fault.code !== undefined ? { code: fault.code as FaultAadstsCode } : {}),
    ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
    ...(fault.times !== undefined ? { times: fault.times } : {}),
  }));

/** Graph paths a scenario may replay (relative to `/v1.0` or `/beta`). */
export const REPLAY_GRAPH_PATHS = ['/me/authentication/methods', '/me/sponsors', '/organization'] as const;
export type ReplayGraphPath = (typeof REPLAY_GRAPH_PATHS)[number];

const replayHeaders = z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name'), z.string());

/**
 * A recorded answer the emulator sends verbatim instead of its model's (test/fixtures/real-answers holds the
 * public ones). `body` is JSON, sent as `application/json`.
 */
const replayAnswerSchema = (minStatus: number) =>
  z.strictObject({
    status: z.number().int().min(minStatus).max(599),
    body: z.json(),
    headers: replayHeaders.optional(),
  });

const replaySchema = z.strictObject({
  /** Every token request into this tenant (refresh token and authorization code) gets this answer. */
  token: replayAnswerSchema(400)
    .extend({ body: z.record(z.string(), z.json()) })
    .optional(),
  /**
   * Every interactive sign-in into this tenant is answered at once with these fields posted back to the
   * client's redirect URI (an authorize error: `error`, `error_description`, …; `state` is added).
   */
  authorize: z.strictObject({ fields: z.record(z.string(), z.string()) }).optional(),
  /** Graph answers by path, for tokens of this tenant. */
  graph: z
    .strictObject(
      Object.fromEntries(REPLAY_GRAPH_PATHS.map((graphPath) => [graphPath, replayAnswerSchema(200).optional()])) as {
        [K in ReplayGraphPath]: z.ZodOptional<ReturnType<typeof replayAnswerSchema>>;
      },
    )
    .optional(),
});

const guestSchema = z.strictObject({
  state: z.enum(['active', 'removed', 'pendingRedemption']).default('active'),
  methods: z.array(methodSchema).default([]),
  /** The user who invited the guest; becomes the sponsor when `sponsors` is not given. */
  invitedBy: personSchema.optional(),
  /** Absent: the inviter (or a generated inviter) is the one sponsor. `[]`: no sponsor. */
  sponsors: z.array(sponsorSchema).optional(),
  graphConsent: z.enum(['granted', 'adminRequired']).default('granted'),
});

const GUID_STRING = z.string().regex(GUID, 'expected a GUID');

const tenantSchema = z.strictObject({
  /** Free text for people reading the file (which case this tenant stands for); ignored by the emulator. */
  description: z.string().optional(),
  id: z.string().regex(GUID, 'expected a GUID'),
  displayName: z.string(),
  defaultDomain: nonEmpty,
  /**
   * ARM's `tenantCategory` for this tenant (TenantCategory in azure-rest-api-specs Microsoft.Resources
   * subscriptions 2022-12-01; its GetTenants.json example holds all three). `ProjectedBy` / `ManagedBy`: an Azure
   * Lighthouse delegation, listed by ARM to every user of the scenario, where nobody has a guest account.
   */
  tenantCategory: z.enum(['Home', 'ProjectedBy', 'ManagedBy']).default('Home'),
  license: z.enum(['p1', 'p2', 'free']).default('p1'),
  securityDefaults: z.boolean().default(false),
  /** With Security Defaults: Microsoft decides MFA is necessary this time (risk, location, task). */
  securityDefaultsRisk: z.boolean().default(false),
  policy: z
    .strictObject({
      requireMfa: z.boolean().default(false),
      authStrength: z.enum(['mfa', 'passwordless', 'phishingResistant']).default('mfa'),
      requireCompliantDevice: z.boolean().default(false),
      blockGuests: z.boolean().default(false),
      /** Legacy per-user MFA (not Conditional Access): demands MFA in this tenant, no claims challenge. */
      perUserMfa: z.boolean().default(false),
      /** How the claims challenge names the policies: `capolids`, or `polids` with `values` / `Values`. */
      claimsStyle: z.enum(['capolids', 'polids', 'polidsValues']).default('capolids'),
      /** The device answer on refresh: 530003 (seen today) or the older 53000. */
      deviceErrorCode: z.union([z.literal(530003), z.literal(53000)]).default(530003),
      /** Without trust, a strength beyond MFA: blocked (53003) or an MFA demand (50076/50079) with claims. */
      untrustedStrength: z.enum(['blocked', 'mfaRequired']).default('blocked'),
      /** Ids of the Conditional Access policies (claims challenges name them); stable ones are made up otherwise. */
      policyIds: z
        .strictObject({
          requireMfa: GUID_STRING.optional(),
          blockGuests: GUID_STRING.optional(),
          requireCompliantDevice: GUID_STRING.optional(),
          blockAzureManagement: GUID_STRING.optional(),
        })
        .optional(),
    })
    .prefault({}),
  inboundTrust: z
    .strictObject({
      mfa: z.boolean().default(false),
      compliantDevice: z.boolean().default(false),
      hybridJoinedDevice: z.boolean().default(false),
    })
    .prefault({}),
  /** The guest object of the scenario's one `user` (absent on the home tenant). Single-user scenarios only. */
  guest: guestSchema.optional(),
  /**
   * With `users[]`: the guest object of each user who is a guest here, keyed by that user's upn (`{}` for
   * nobody). Absent on a tenant that is the home of every user it concerns.
   */
  guests: z.record(z.string().min(1), guestSchema).optional(),
  contacts: z
    .strictObject({
      technicalNotificationMails: z.array(z.string()).default([]),
      /**
       * Graph gives a token without Organization.Read.All (or Directory.Read.All) only id, displayName and
       * verifiedDomains of /organization (other collections empty) unless this is true.
       */
      readableByGuests: z.boolean().default(false),
    })
    .prefault({}),
  faults: z.array(faultSchema).default([]),
  replay: replaySchema.optional(),
  latencyMs: z.number().int().min(0).optional(),
  /** Partner-admin mode: this tenant's view of its guests from other organisations (admin-scenario.ts). */
  resourceAdmin: resourceAdminSchema.optional(),
});

const METHOD_TYPES = [
  'microsoftAuthenticator',
  'phone',
  'softwareOath',
  'fido2',
  'email',
  'windowsHelloForBusiness',
  'temporaryAccessPass',
  'password',
] as const;

const DEFAULT_HOME_METHOD = {
  type: 'microsoftAuthenticator',
  displayName: 'Mobile phone',
  deviceTag: 'SoftwareTokenActivated',
  phoneAppVersion: '6.2409.6094',
} as const;

const userSchema = z.strictObject({
  upn: nonEmpty,
  displayName: z.string().optional(),
  homeTenant: nonEmpty,
  homeMfa: z.enum(['mfa', 'none', 'compliantDevice']).default('mfa'),
  homeMethods: z.array(methodSchema).default([DEFAULT_HOME_METHOD]),
  /** The device is managed and compliant (default: exactly when `homeMfa` is `compliantDevice`). */
  deviceCompliant: z.boolean().optional(),
  /**
   * A broker (WAM, Company Portal) carries the device identity into sign-ins. Without one, msal-node's loopback
   * sign-in presents no device, so no tenant (home included) sees a compliant device.
   */
  broker: z.boolean().default(false),
  /** Method types the home tenant lets the user register (default: all). */
  homeAllowedMethods: z.array(z.enum(METHOD_TYPES)).optional(),
  /**
   * A personal Microsoft account (outlook.com, live.com): its home tenant is the consumers tenant
   * (9188040d-6c67-4c5b-b112-36a304b66dad), which ARM never lists and whose MFA no partner's inbound trust covers
   * (msa-home.ts).
   */
  personal: z.boolean().default(false),
});

const scenarioSchema = z
  .strictObject({
    name: nonEmpty,
    description: z.string().optional(),
    /** The one home user (the classic form; each tenant's `guest` is theirs). */
    user: userSchema.optional(),
    /**
     * Several home users, each with a home tenant (`users[0]` is the default one); each tenant says per user
     * whether they are a guest there (`guests`). Exactly one of `user` and `users`.
     */
    users: z.array(userSchema).min(1).optional(),
    tenants: z.record(z.string().min(1), tenantSchema),
    latencyMs: z.number().int().min(0).default(0),
    /**
     * How Entra answers MSAL's `claims` request for MFA (`{"access_token":{"amr":{"values":["mfa"]}}}`) on the
     * home sign-in: do MFA (`honour`), sign in without it (`ignore`) or refuse the request (`refuse`).
     */
    homeMfaRequest: z.enum(['honour', 'ignore', 'refuse']).default('honour'),
    /** Deprecated (the old `amr_values` switch): `false` reads as `homeMfaRequest: "ignore"`. */
    homeHonoursMfaRequest: z.boolean().optional(),
    /** `amr_values` on the v2 authorize endpoint: refused with AADSTS901002 (default) or honoured. */
    amrValues: z.enum(['refuse', 'honour']).default('refuse'),
    errorStyle: z.enum(['invalidGrant', 'interactionRequired']).default('invalidGrant'),
    /**
     * Whether refresh-token answers carry the Conditional Access claims challenge (`capolids`). Off: every
     * public-client refresh body found has none (test/fixtures/real-answers b03, b05-b07, b10, b11); claims with
     * policy ids come from on-behalf-of and confidential flows (x01, and b08, a client-credentials log).
     */
    claimsOnRefresh: z.boolean().default(false),
    arm: z
      .strictObject({
        /** Mandatory MFA for Azure: GET /tenants answers 401 with a claims challenge to a token without MFA. */
        mandatoryMfa: z.boolean().default(false),
        /** List tenants whose invitation is not redeemed yet (unknown in reality; off by default). */
        listPendingGuests: z.boolean().default(false),
        /**
         * The home tenant blocks "Windows Azure Service Management API" for this user (a published Conditional
         * Access recipe): every ARM token at home is refused with 53003, Graph is not (arm-refused.ts).
         */
        homeRefusesSignIn: z.boolean().default(false),
      })
      .prefault({}),
  })
  // Who signs in is checked even when other fields are wrong (so that "user: required" is among the problems).
  .superRefine(
    (scenario, ctx) => {
      if (typeof scenario !== 'object' || scenario === null) return;
      const { user, users } = scenario as { user?: unknown; users?: unknown };
      if (user !== undefined && users !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['users'],
          message: 'give either user (one) or users (several), not both',
        });
      } else if (user === undefined && users === undefined) {
        ctx.addIssue({ code: 'custom', path: ['user'], message: 'required (or users: [...] for several home users)' });
      }
    },
    { when: () => true },
  )
  .superRefine((scenario, ctx) => {
    const issue = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
    const several = scenario.users !== undefined && scenario.user === undefined;
    const users = scenario.users ?? (scenario.user ? [scenario.user] : []);
    const userPath = (index: number): PropertyKey[] => (several ? ['users', index] : ['user']);
    // Users by lower-case upn (upns compare case-insensitively, as Entra's sign-in names do).
    const byUpn = new Map<string, number>();
    users.forEach((user, index) => {
      const upn = user.upn.toLowerCase();
      const earlier = byUpn.get(upn);
      if (earlier !== undefined) issue([...userPath(index), 'upn'], `same upn as users.${earlier}`);
      else byUpn.set(upn, index);
      const home = scenario.tenants[user.homeTenant];
      if (!home) issue([...userPath(index), 'homeTenant'], `"${user.homeTenant}" is not a key of tenants`);
    });
    const homeKeys = new Set(users.map((user) => user.homeTenant));
    const seenIds = new Map<string, string>();
    const seenDomains = new Map<string, string>();
    for (const [key, tenant] of Object.entries(scenario.tenants)) {
      const id = tenant.id.toLowerCase();
      const idOwner = seenIds.get(id);
      if (idOwner) issue(['tenants', key, 'id'], `same id as tenants.${idOwner}`);
      seenIds.set(id, key);
      const domain = tenant.defaultDomain.toLowerCase();
      const domainOwner = seenDomains.get(domain);
      if (domainOwner) issue(['tenants', key, 'defaultDomain'], `same domain as tenants.${domainOwner}`);
      seenDomains.set(domain, key);
      if (tenant.resourceAdmin) {
        const keys = new Set(Object.keys(scenario.tenants));
        checkResourceAdmin(tenant.resourceAdmin, keys, (at, message) =>
          issue(['tenants', key, 'resourceAdmin', ...at], message),
        );
      }
      if (tenant.tenantCategory !== 'Home') {
        if (homeKeys.has(key)) {
          issue(['tenants', key, 'tenantCategory'], 'a home tenant is "Home"; Lighthouse categories are for others');
        }
        if (tenant.guest || tenant.guests) {
          issue(
            ['tenants', key, 'tenantCategory'],
            `a ${tenant.tenantCategory} (Azure Lighthouse) tenant has no guest accounts: remove guest/guests`,
          );
        }
      }
      if (several) {
        if (tenant.guest) {
          issue(['tenants', key, 'guest'], 'with users[], say whose guest object this is: guests: { "<upn>": {…} }');
        }
        for (const upn of Object.keys(tenant.guests ?? {})) {
          const index = byUpn.get(upn.toLowerCase());
          if (index === undefined) issue(['tenants', key, 'guests', upn], 'not the upn of any of users');
          else if (users[index]!.homeTenant === key) {
            issue(['tenants', key, 'guests', upn], "this is that user's home tenant; it has no guest object for them");
          }
        }
        if (!tenant.guests && !homeKeys.has(key) && tenant.tenantCategory === 'Home') {
          issue(['tenants', key, 'guests'], 'required: the users who are guests here, by upn ({} for nobody)');
        }
      } else {
        if (tenant.guests) issue(['tenants', key, 'guests'], 'guests goes with users[]; with one user write guest');
        if (homeKeys.has(key) && tenant.guest) issue(['tenants', key, 'guest'], 'the home tenant has no guest object');
      }
      if (!homeKeys.has(key)) {
        tenant.faults.forEach((fault, index) => {
          if (fault.endpoint === 'tenants') {
            issue(
              ['tenants', key, 'faults', index, 'endpoint'],
              `"tenants" faults belong on ${several ? 'a' : 'the'} home tenant (ARM is asked with the home token)`,
            );
          }
        });
      }
    }
  })
  .transform((scenario) => {
    const withDefaults = (user: z.output<typeof userSchema>): UserOutput => ({
      ...user,
      displayName: user.displayName ?? user.upn,
      deviceCompliant: user.deviceCompliant ?? user.homeMfa === 'compliantDevice',
    });
    const users = scenario.users?.map(withDefaults);
    const user = scenario.user ? withDefaults(scenario.user) : undefined;
    const canonicalUpn = new Map((users ?? []).map((u) => [u.upn.toLowerCase(), u.upn]));
    const withSponsors = (tenant: TenantOutput, guest: z.output<typeof guestSchema>) => ({
      ...guest,
      sponsors: guest.sponsors ?? [inviterOf(tenant, guest)],
    });
    const homeKeys = new Set((users ?? (user ? [user] : [])).map((u) => u.homeTenant));
    const tenants: Record<string, TenantOutput> = {};
    for (const [key, tenant] of Object.entries(scenario.tenants)) {
      if (users) {
        // Several users: each guest object under its user's upn as users[] spells it.
        const guests = Object.fromEntries(
          Object.entries(tenant.guests ?? {}).map(([upn, guest]) => [
            canonicalUpn.get(upn.toLowerCase()) ?? upn,
            withSponsors(tenant, guest),
          ]),
        );
        tenants[key] = tenant.guests ? { ...tenant, guests } : tenant;
        continue;
      }
      // A home tenant, and an Azure Lighthouse tenant (nobody is a guest there), have no guest object.
      if (homeKeys.has(key) || tenant.tenantCategory !== 'Home') {
        tenants[key] = tenant;
        continue;
      }
      tenants[key] = { ...tenant, guest: withSponsors(tenant, tenant.guest ?? guestSchema.parse({})) };
    }
    const { homeHonoursMfaRequest, user: _user, users: _users, ...rest } = scenario;
    // The form of the file is kept (`user` or `users`), so that a parsed scenario parses to itself.
    const form: { user?: UserOutput; users?: UserOutput[] } = users ? { users } : { user: user! };
    return {
      ...rest,
      // The old boolean only said whether the home honoured the app's MFA request.
      homeMfaRequest: homeHonoursMfaRequest === false ? ('ignore' as const) : scenario.homeMfaRequest,
      ...form,
      tenants,
    };
  });

const INVITERS = ['Megan Bowen', 'Nestor Wilke', 'Lidia Holloway', 'Isaiah Langer', 'Joni Sherman', 'Grady Archie'];

/**
 * The sponsor a guest has when the scenario names none: whoever invited it (Entra makes the inviter the
 * sponsor: https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/b2b-sponsors.md), generated
 * from the tenant when `invitedBy` is absent.
 */
function inviterOf(
  tenant: { id: string; defaultDomain: string },
  guest: { invitedBy?: z.output<typeof personSchema> | undefined },
): ScenarioSponsor {
  if (guest.invitedBy) return { type: 'user', ...guest.invitedBy };
  const pick = parseInt(stableGuid('inviter', tenant.id).slice(0, 8), 16) % INVITERS.length;
  const displayName = INVITERS[pick]!;
  const mail = `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}@${tenant.defaultDomain}`;
  return { type: 'user', id: stableGuid('inviter', tenant.id, 'id'), displayName, mail, userPrincipalName: mail };
}

type TenantOutput = z.output<typeof tenantSchema>;
type UserOutput = z.output<typeof userSchema> & { displayName: string; deviceCompliant: boolean };

/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a scenario file may contain (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioTenant = Scenario['tenants'][string];
export type ScenarioUser = NonNullable<Scenario['user']>;
export type GuestSettings = NonNullable<ScenarioTenant['guest']>;
export type ScenarioMethod = z.output<typeof methodSchema>;
export type ScenarioMethodInput = z.input<typeof methodSchema>;
export type ScenarioSponsor = z.output<typeof sponsorSchema>;
export type ScenarioPolicy = ScenarioTenant['policy'];
export type ScenarioFault = ScenarioTenant['faults'][number];
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];
export type ScenarioReplay = NonNullable<ScenarioTenant['replay']>;
export type ReplayAnswer =
  NonNullable<ScenarioReplay['token']> | NonNullable<NonNullable<ScenarioReplay['graph']>[ReplayGraphPath]>;
export type MethodTypeName = ScenarioMethod['type'];

/** Every home user of a scenario, the default one (`user`, or `users[0]`) first. */
export function scenarioUsers(scenario: Pick<Scenario, 'user' | 'users'>): ScenarioUser[] {
  return scenario.users ?? (scenario.user ? [scenario.user] : []);
}

/** The scenario's user with this upn (compared case-insensitively), or null. */
export function findUser(scenario: Pick<Scenario, 'user' | 'users'>, upn: string): ScenarioUser | null {
  const wanted = upn.trim().toLowerCase();
  return scenarioUsers(scenario).find((user) => user.upn.toLowerCase() === wanted) ?? null;
}

/**
 * The guest object of `user` in `tenant`: `guests[<upn>]` in a scenario with `users[]`, the tenant's `guest` in
 * one with a single `user`; undefined where the user is not a guest (their home tenant, or not invited).
 */
export function guestOf(
  tenant: Pick<ScenarioTenant, 'guest' | 'guests'>,
  user: Pick<ScenarioUser, 'upn'>,
): GuestSettings | undefined {
  if (tenant.guests) return tenant.guests[user.upn];
  return tenant.guest;
}

/** A scenario that could not be read or does not match the format. The message is one line. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    /** Every problem found, as `path: reason`. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => String(segment)).join('.') || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [`${formatPath(issue.path)}: required`];
      return [`${formatPath(issue.path)}: expected ${issue.expected}, got ${describeValue(issue.input)}`];
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
    case 'invalid_value':
      return [`${formatPath(issue.path)}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`];
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) {
        const options = issue.options.map((option) => JSON.stringify(option)).join(' | ');
        return [`${formatPath(issue.path)}: expected ${options}`];
      }
      return [`${formatPath(issue.path)}: ${issue.message}`];
    default:
      return [`${formatPath(issue.path)}: ${issue.message}`];
  }
}

/**
 * Validates parsed JSON as a scenario and fills in the defaults. `fileName` only labels the messages.
 * Throws `ScenarioError` (`<file>: <field path>: <reason>`) when anything does not match.
 */
export function parseScenario(json: unknown, fileName = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(describeIssue);
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  throw new ScenarioError(`${fileName}: ${shown}${more}`, problems);
}

/** Reads, parses and validates a scenario file (JSON). Throws `ScenarioError` with the file name. */
export async function loadScenario(file: string): Promise<Scenario> {
  const fileName = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${fileName}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${fileName}: not valid JSON (${(error as Error).message})`);
  }
  return parseScenario(json, fileName);
}
