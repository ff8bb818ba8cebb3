/**
 * The product's data model: what a scan observes, what the classifier decides and what the store keeps.
 * Pure types and constants; shared by main and renderer. Nothing here may hold a token.
 */

import type { ListingProblem, ListingState } from './listing';
import type { SignInPathName } from './sign-in-path';

/** What a tenant demands of the guest, as the user sees it (docs/architecture.md describes each). */
export const VERDICTS = [
  'home-mfa-trusted',
  'separate-mfa',
  'registration-required',
  'stronger-method',
  'no-mfa-required',
  'blocked',
  'not-a-guest',
  'needs-sign-in',
  'error',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Authentication method kinds as Microsoft Graph names them (without the `#microsoft.graph.` prefix and suffix). */
export const METHOD_TYPES = [
  'microsoftAuthenticator',
  'phone',
  'softwareOath',
  'fido2',
  'email',
  'windowsHelloForBusiness',
  'temporaryAccessPass',
  'password',
  'other',
] as const;
export type MethodType = (typeof METHOD_TYPES)[number];

/** One registered authentication method, reduced to what the user needs to recognise it. */
export interface AuthMethod {
  type: MethodType;
  /** Device name, phone number, key model or e-mail address; empty when Graph gives none. */
  displayName: string;
  /** Extra detail worth showing (phone type, Authenticator app version, …). */
  detail?: string;
  createdDateTime?: string | null;
}

/** A sponsor or contact read from the partner tenant. */
export interface Contact {
  displayName: string;
  mail: string | null;
}

/** What the probe saw when it asked tenant T for a token with the home session. */
export type ProbeObservation = TokenObservation | AuthErrorObservation | FailureObservation;

export interface TokenObservation {
  kind: 'token';
  /** Claims decoded from the access token (never the token itself). */
  tid: string | null;
  idp: string | null;
  amr: string[];
  acrs: string[];
  scp: string[];
}

export interface AuthErrorObservation {
  kind: 'auth-error';
  /** MSAL's error class name, e.g. InteractionRequiredAuthError or ServerError. */
  errorClass: string;
  /** OAuth `error` as MSAL reports it (`invalid_grant`, `interaction_required`, …). */
  errorCode: string;
  subError: string | null;
  /** The AADSTS number (MSAL's errorNo, else parsed from the message), null when there is none. */
  aadsts: number | null;
  correlationId: string | null;
  /** The server's trace id (`trace_id`), which Microsoft support and the tenant's sign-in logs can look up. */
  traceId: string | null;
  timestamp: string | null;
  /** The server's message, shortened; shown to the user as is. */
  message: string;
  /** A claims challenge (JSON text) when the server sent one. */
  claims: string | null;
}

/** How a check can fail without an answer from Entra that says anything about the tenant. */
export const FAILURE_REASONS = [
  'timeout',
  'throttled',
  'network',
  // A proxy on the user's network wanted the app to sign in to it (HTTP 407) and passed nothing on.
  'proxy',
  'server',
  'malformed',
  'cancelled',
  'internal',
] as const;

export interface FailureObservation {
  kind: 'failure';
  reason: (typeof FAILURE_REASONS)[number];
  message: string;
  httpStatus: number | null;
  attempts: number;
}

/** Result of one Graph read in tenant T. */
export type GraphRead<T> =
  /** `note`: the read was not whole (a list cut at the app's limit, or items that did not parse), in words. */
  | { status: 'ok'; value: T; note?: string }
  | { status: 'denied' | 'consent' | 'failed' | 'skipped'; message: string; httpStatus: number | null };

export interface OrganizationInfo {
  displayName: string | null;
  verifiedDomains: string[];
  technicalNotificationMails: string[];
}

/** Everything one probe of one tenant observed. */
export interface TenantObservation {
  tenantId: string;
  observedAt: string;
  /** Whether the home session the probe used carried MFA (from the home token's `amr`). */
  homeSessionMfa: boolean;
  probe: ProbeObservation;
  methods: GraphRead<AuthMethod[]>;
  sponsors: GraphRead<Contact[]>;
  organization: GraphRead<OrganizationInfo>;
}

/**
 * How far the answer supports the verdict: `certain` only where the answer leaves no other reading, `likely` where
 * another reading remains (the explanation names it), `unknown` where the app cannot tell (unknown codes, no code).
 */
export const CONFIDENCES = ['certain', 'likely', 'unknown'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The facts behind a verdict, in the form the UI and the emails show them. */
export interface Evidence {
  aadsts: number | null;
  /** OAuth `error` (`invalid_grant`, `interaction_required`, …). */
  errorCode: string | null;
  /** Entra's `suberror` (`basic_action`, `message_only`, …). */
  subError: string | null;
  correlationId: string | null;
  /** Entra's `trace_id` of the answer. */
  traceId: string | null;
  /** When the server (or the probe) saw it, ISO-8601 UTC. */
  timestamp: string | null;
  amr: string[] | null;
  acrs: string[] | null;
  /** The claims challenge as sent (kept to pass to "Sign in to this tenant"); it is no verdict by itself. */
  claimsChallenge: string | null;
  /** Ids of the Conditional Access policies the claims challenge names (`capolids` / `polids`); empty if none. */
  policyIds: string[];
  message: string | null;
}

/** Output of `classify`. */
export interface Classification {
  verdict: Verdict;
  /** Methods are registered in a tenant that no longer needs them: the entry can be removed. */
  leftoverRegistration: boolean;
  confidence: Confidence;
  evidence: Evidence;
  /**
   * Why: a reason code and its facts (codes, time, which session). The words (what the tenant demands, what to do)
   * are made where they are shown, by shared/reasons.ts, so they follow the confidence.
   */
  reason: Reason;
}

export interface HistoryEntry {
  verdict: Verdict;
  leftoverRegistration: boolean;
  at: string;
  /**
   * The AADSTS code of the answer that made the change (50076 an MFA demand, 50079 a registration interrupt, …),
   * kept so the Authenticator entry can say how it is known. Absent in entries written before it existed and
   * when the answer had no code (a token).
   */
  aadsts?: number | null;
  /**
   * How many checks in a row gave this verdict, and when the latest of them was (the entry's rules want several
   * clean checks spread over time before they call an entry a leftover). Absent in entries written before they
   * existed: one check, at `at`.
   */
  checks?: number;
  lastAt?: string;
}

/** Where the app learned of a tenant. */
export type TenantSource = 'arm' | 'previous-scan' | 'added-by-user';

/**
 * ARM's `tenantCategory` of a listed tenant (azure-rest-api-specs, Microsoft.Resources subscriptions 2022-12-01,
 * `TenantCategory`): `Home` for a directory the account belongs to (its home, or one where it is a guest);
 * `ProjectedBy` and `ManagedBy` for Azure Lighthouse delegations, which are no guest accounts (shared/tenant-category.ts).
 */
export const TENANT_CATEGORIES = ['Home', 'ProjectedBy', 'ManagedBy'] as const;
export type TenantCategory = (typeof TENANT_CATEGORIES)[number];

/** One tenant of one home account, as stored and as shown. */
export interface TenantRecord {
  accountId: string;
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  domains: string[];
  isHome: boolean;
  source: TenantSource;
  /** Listed by ARM in the latest scan. */
  listed: boolean;
  /** ARM's category of the tenant; absent (files written before it existed, tenants added by hand) means `Home`. */
  tenantCategory?: TenantCategory;
  classification: Classification | null;
  methods: AuthMethod[] | null;
  /** Why methods are null, in words (consent, permission, no token). */
  methodsNote: string | null;
  sponsors: Contact[];
  technicalContacts: string[];
  observedAt: string | null;
  history: HistoryEntry[];
  notes: string;
  recipients: string[];
  lastInteractiveSignInAt: string | null;
  /**
   * What the services answered at the latest check of this tenant (token endpoint, Graph reads), for
   * "Copy what Entra answered". Absent in files written before it existed.
   */
  answers?: EntraAnswer[];
}

/** What the app asked a service for, in an `EntraAnswer`. */
export const ANSWER_REQUESTS = [
  'token',
  'methods',
  'sponsors',
  'organization',
  'tenants',
  'home-token',
  'home-sign-in',
  'other',
] as const;
export type AnswerRequest = (typeof ANSWER_REQUESTS)[number];

/**
 * One answer of the sign-in service, ARM or Graph, as a user can hand it to their IT. Error bodies are kept as
 * received (they carry no token); a successful answer keeps only its status, never its body.
 */
export interface EntraAnswer {
  /** When the answer arrived, ISO-8601 UTC. */
  at: string;
  request: AnswerRequest;
  method: 'GET' | 'POST';
  /** Host and path, never the query. */
  endpoint: string;
  /** The application (client) id the app signed in with. */
  clientId: string;
  /** The client-request-id the app sent (Entra's correlation id), when there was one. */
  correlationId: string | null;
  /** HTTP status; null when no answer came (network failure, timeout, a sign-in page's own error). */
  status: number | null;
  /** OAuth `error` of a token answer, `error.code` of Graph and ARM. */
  errorCode: string | null;
  /** The error body exactly as received (bounded); null for a success. */
  body: string | null;
  /** The `WWW-Authenticate` header of a refusal (a claims challenge), when there was one. */
  challenge: string | null;
  /** Why there was no answer (the network error), in words. */
  note: string | null;
}

/** A signed-in home account: identifiers only, never tokens. */
export interface AccountSummary {
  accountId: string;
  username: string;
  displayName: string;
  homeTenantId: string;
  homeTenantName: string | null;
  homeDomain: string | null;
  /** Whether the home session carried MFA at the last sign-in. */
  homeSessionMfa: boolean;
  /**
   * Which way the last sign-in went: the platform's broker, or the browser and why (shared/sign-in-path.ts).
   * Absent for accounts signed in before the app recorded it.
   */
  signInPath?: SignInPathName;
}

/** User settings (persisted; validated in main). */
export interface Settings {
  /** Public client (application) id used for every sign-in. */
  clientId: string;
  /** Probes run at once. */
  concurrency: number;
  /** Time limit for one tenant's probe, in seconds. */
  probeTimeoutSeconds: number;
  /** The sender's name as it appears in request emails (defaults to the account's display name). */
  senderName: string;
  /** The app's colours: the system's light or dark setting, or always one of them. */
  theme: ThemeChoice;
  /**
   * Settings → Advanced: sign in through the platform's sign-in broker (WAM, the Enterprise SSO plug-in) where
   * there is one, so partners can see a managed device; off: always the browser.
   */
  useBroker: boolean;
}

/** What Settings → Appearance offers; a data file from before the setting loads as 'system'. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const DEFAULT_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export const DEFAULT_SETTINGS: Settings = {
  clientId: DEFAULT_CLIENT_ID,
  concurrency: 8,
  probeTimeoutSeconds: 20,
  senderName: '',
  theme: 'system',
  useBroker: true,
};

/** An Authenticator entry the user added by hand, for an organisation the app cannot see. */
export interface ManualEntry {
  id: string;
  organisation: string;
  /** What the entry is called in the Authenticator app, if different. */
  label: string;
  note: string;
  createdAt: string;
}

/**
 * Where an Authenticator entry stands (docs/entries.md decides each from the tenant's verdict history):
 * - `in-use`: the tenant demands its own MFA and the guest has registered there;
 * - `will-be-needed`: the tenant will make the guest register at the next sign-in;
 * - `not-needed`: the tenant has only ever accepted the home MFA or asked for none;
 * - `leftover`: the tenant once demanded its own MFA (an entry was registered) and now accepts the home MFA;
 * - `orphaned`: the guest account is gone while the tenant had demanded its own MFA;
 * - `unknown`: nothing supports an answer.
 */
export const ENTRY_STATUSES = ['in-use', 'will-be-needed', 'not-needed', 'leftover', 'orphaned', 'unknown'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** The user's answer to "I have this entry in Authenticator": yes, no or not sure. */
export const ENTRY_ANSWERS = ['yes', 'no', 'unsure'] as const;
export type EntryAnswer = (typeof ENTRY_ANSWERS)[number];

/** The user's answer for one tenant's entry, as stored. */
export interface EntryConfirmation {
  answer: EntryAnswer;
  /** When the user answered (ISO-8601 UTC). */
  at: string;
  /**
   * What the tenant did when the user answered: its latest verdict that says something about MFA
   * (`informativeVerdict`), null when it had none. The answer holds until that changes.
   */
  verdict: Verdict | null;
}

/**
 * How the entry's word is known: `graph` (Microsoft Graph listed the methods), `you` (the user said so, or added
 * the entry by hand) or `inferred` (from what the tenant answered at the checks, its history).
 */
export type EntryBasis = 'graph' | 'you' | 'inferred';

/** One place where the guest keeps (or kept, or will keep) MFA methods: the home tenant, a guest tenant, or a hand-made entry. */
export interface AuthenticatorEntry {
  /** Stable key: `tenant:<accountId>:<tenantId>` or `manual:<id>`. */
  key: string;
  kind: 'home' | 'tenant' | 'manual';
  accountId: string | null;
  tenantId: string | null;
  organisation: string;
  domain: string | null;
  status: EntryStatus;
  /** What the app infers from its own checks, whatever the user answered. */
  inferred: EntryStatus;
  basis: EntryBasis;
  /** How far the word is supported: `certain` (methods read, or the user's answer), `likely` (inferred), `unknown`. */
  confidence: Confidence;
  /** Why it has that status, in words, with the date it rests on ("Fabrikam asked for its own MFA on 3 Nov 2025 …"). */
  reason: string;
  /** How the app knows it, in words ("Inferred from the answers of its checks: …"). */
  howKnown: string;
  /** When the fact the word rests on was seen (a check or the user's answer); null when there is none. */
  since: string | null;
  /** When the app last checked this tenant; null for hand-made entries and unchecked tenants. */
  lastCheckedAt: string | null;
  /** The user's stored answer, if any (also when a later change overruled it). */
  confirmation: EntryConfirmation | null;
  /** Set when the tenant's behaviour changed after the user's answer, which then no longer decides: what changed. */
  changeNote: string | null;
  methods: AuthMethod[] | null;
  verdict: Verdict | null;
  ticked: boolean;
  /** The tenant's own Security info page (to check or remove methods there); null for hand-made and orphaned entries. */
  securityInfoUrl: string | null;
}

/**
 * Steps of the phone-change checklist. `open-security-info` and `add-backup-method` are done before the old
 * phone is wiped; `add-new-phone`, `test-sign-in` and `remove-old-device` after the new one is set up;
 * `remove-methods` and `delete-entry` clear a leftover or orphaned entry. (Files written before the steps were
 * split keep their ids; a remove-only item reads its old `remove-old-device` tick as `delete-entry`.)
 */
export const CHECKLIST_STEPS = [
  'open-security-info',
  'add-new-phone',
  'test-sign-in',
  'remove-old-device',
  'add-backup-method',
  'remove-methods',
  'delete-entry',
] as const;
export type ChecklistStepId = (typeof CHECKLIST_STEPS)[number];

/** When a checklist step is done: before wiping the old phone, or after setting up the new one. */
export type ChecklistPhase = 'before' | 'after';

/** Progress of the phone change, per entry key and step. */
export type ChecklistState = Record<string, Partial<Record<ChecklistStepId, boolean>>>;

export type TenantScanState = 'queued' | 'probing' | 'done' | 'failed';

export interface ScanProgress {
  accountId: string;
  running: boolean;
  cancelled: boolean;
  done: number;
  total: number;
  /** Per tenant id. */
  tenants: Record<string, TenantScanState>;
  /**
   * When the check of each tenant now `probing` began (ISO-8601, wall clock), so that a scan that seems stuck
   * can name what it waits for and since when. Absent in progress from hosts that do not track it.
   */
  probingSince?: Record<string, string>;
  startedAt: string;
  finishedAt: string | null;
  /** A message for the whole scan (e.g. the tenant list could not be read). */
  error: string | null;
  /**
   * The tenant list was refused with a claims challenge (Azure's mandatory MFA): a home sign-in with MFA
   * ("Sign in with MFA") would let the scan list the organisations.
   */
  homeMfaRequired?: boolean;
  /**
   * How far the tenant list was read (shared/listing.ts): `unavailable` when the home refused the Azure
   * management sign-in or ARM did not list, and the scan checked the organisations already known. Absent until
   * the scan reaches the list.
   */
  listing?: ListingState;
  /** Why the list was not read (with `listing: "unavailable"`). */
  listingProblem?: ListingProblem | null;
}

export const EMAIL_KINDS = ['trust-request', 'device-trust', 'mfa-reset', 'remove-guest'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** A composed email, exactly as it would be sent. */
export interface EmailDraft {
  kind: EmailKind;
  tenantId: string;
  to: string[];
  subject: string;
  body: string;
}

/** A message for the user that outlives one action (e.g. a damaged data file was set aside). */
export interface Notice {
  id: string;
  intent: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  at: string;
}

/** One organisation on the phone-change checklist, in the order the user should handle them. */
export interface PhoneChangeItem {
  /** The AuthenticatorEntry key this item belongs to. */
  /** The home organisation's entry (a Temporary Access Pass comes from the home IT; a partner cannot give a guest one). */
  home?: boolean;
  entryKey: string;
  organisation: string;
  domain: string | null;
  tenantId: string | null;
  accountId: string | null;
  /** 1 = handle first. */
  rank: number;
  /** Why it sits where it does, in words (e.g. "Your only method here is the Authenticator app on the old phone"). */
  urgencyReason: string;
  /** Only one MFA method is registered there: add a second one while the old phone still works. */
  singleMethod: boolean;
  /** After the phone is wiped no registered method would work: ask for an MFA reset / Temporary Access Pass. */
  noWorkingMethodAfterChange: boolean;
  /** Entries that only need deleting from the Authenticator app (leftover or orphaned). */
  removeOnly: boolean;
  /** The entry's word (`in-use`, `will-be-needed`, `leftover`, …). */
  entryStatus: EntryStatus;
  /** Whether the app knows the methods registered there (read from Graph); when not, it ranks as if the app were the only one. */
  methodsKnown: boolean;
  steps: { id: ChecklistStepId; label: string; done: boolean; phase: ChecklistPhase }[];
  /** The Security info page for that tenant; null for hand-made entries without a tenant. */
  securityInfoUrl: string | null;
}

/** Every reason the classifier gives (stored with its facts); shared/reasons.ts makes the words for each. */
export const REASON_CODES = [
  // The home tenant's own token.
  'home-mfa',
  'home-no-mfa',
  // A partner's token.
  'token-mfa-with-home-mfa',
  'token-mfa-own-methods',
  'token-mfa-unclear',
  'token-no-mfa',
  // A partner's MFA demand (50076, 50074, 50078 …).
  'mfa-demand-after-own-mfa-methods',
  'mfa-demand-after-own-mfa',
  'mfa-demand-fresh',
  'mfa-demand',
  'mfa-demand-refused-check',
  'mfa-demand-undecided-after-sign-in',
  'mfa-demand-undecided',
  // Registration interrupt (50079, 50072 …).
  'registration-demand',
  // An interactive sign-in refused with 53003 although the silent answer only asked for MFA.
  'stronger-after-refusal',
  // The app's check got a token, but the person's own sign-in was refused (device, block or client).
  'refused-at-sign-in',
  // A code from shared/aadsts.ts whose bucket decides the verdict and whose summary says it.
  'aadsts',
  // A code the app does not know (or no code).
  'unknown-consent',
  'unknown-session',
  'unknown-interaction',
  'unknown-error',
  // No answer from Entra that says anything about the tenant.
  'check-failed',
  // Saved by a version of the app that stored sentences.
  'stored-words',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The facts a reason rests on; each reason uses only the ones it names. */
export interface ReasonFacts {
  /** The AADSTS code of the answer (or of the refused interactive sign-in). */
  aadsts?: number | null;
  /** When the answer was observed (ISO-8601): the scan it comes from. */
  at?: string | null;
  /** The home session carried MFA at the time. */
  homeSessionMfa?: boolean;
  /** The account is a personal Microsoft account: no MFA trust can cover it. */
  personalAccount?: boolean;
  /** How a failed check failed. */
  failure?: FailureObservation['reason'];
  /** The probe's time limit when it timed out, in seconds. */
  timeoutSeconds?: number | null;
  /** HTTP status of a failed check. */
  httpStatus?: number | null;
  /** Attempts a failed check made. */
  attempts?: number | null;
  /** Old files only: the sentences as they were saved. */
  explanation?: string;
  action?: string;
}

export interface Reason {
  code: ReasonCode;
  facts: ReasonFacts;
}
