/**
 * What the store keeps, as types and as the zod schemas that check everything read from disk or handed in by
 * callers. Every schema bounds its strings and arrays, so a damaged or hostile file cannot make the app hold
 * megabytes of one field, and parsing always builds fresh objects (zod strips keys it does not know), so nothing
 * from the file is ever merged onto live state.
 */
import { z } from 'zod';
import {
  ANSWER_REQUESTS,
  CHECKLIST_STEPS,
  CONFIDENCES,
  DEFAULT_SETTINGS,
  ENTRY_ANSWERS,
  FAILURE_REASONS,
  METHOD_TYPES,
  TENANT_CATEGORIES,
  VERDICTS,
  type AccountSummary,
  type ChecklistState,
  type Classification,
  type EntryConfirmation,
  type ManualEntry,
  type Settings,
  type TenantRecord,
} from '../../shared/model';
import { isValidEmailAddress } from '../../shared/email/address';
import { entryKeyPattern } from '../../shared/entry-keys';
import { REASON_CODES, storedWordsReason } from '../../shared/reasons';
import { settingsFieldSchemas, settingsSchema } from '../../shared/settings';
import { SIGN_IN_PATH_NAMES } from '../../shared/sign-in-path';

/** The version this code writes. A file with a higher number was written by a newer app. */
export const SCHEMA_VERSION = 1;

/** Upper bounds on what the store accepts; generous for real use, small enough to stop runaway input. */
export const LIMITS = {
  id: 200,
  name: 500,
  domain: 255,
  domains: 1000,
  text: 4000,
  claims: 16_000,
  /** Policy ids kept from one claims challenge (shared/aadsts.ts bounds them the same way). */
  policyIds: 20,
  notes: 20_000,
  methods: 200,
  contacts: 200,
  recipients: 20,
  email: 320,
  /** The store keeps at most this many history entries per tenant (the oldest go first). */
  historyKept: 200,
  /** A file may hold a few more than the store writes, in case the cap changes. */
  history: 1000,
  accounts: 50,
  tenants: 10_000,
  manualEntries: 2000,
  entryKeys: 20_000,
  manualText: 2000,
} as const;

/** Everything the app keeps between runs. Identifiers and observations only: never a token. */
export interface AppData {
  schemaVersion: typeof SCHEMA_VERSION;
  settings: Settings;
  accounts: AccountSummary[];
  /** One record per (accountId, tenantId); user-added tenants are records with `source: 'added-by-user'`. */
  tenants: TenantRecord[];
  manualEntries: ManualEntry[];
  /** Authenticator entries the user ticked off, by entry key (`tenant:<accountId>:<tenantId>` or `manual:<id>`). */
  entryTicks: Record<string, boolean>;
  checklist: ChecklistState;
  /** The user's answers to "I have this entry in Authenticator", by entry key (tenant entries only). */
  entryConfirmations: Record<string, EntryConfirmation>;
}

/** A tenant as a listing reports it (ARM, an earlier scan or the user); merged into a stored TenantRecord. */
export type TenantListing = Pick<
  TenantRecord,
  'tenantId' | 'displayName' | 'defaultDomain' | 'domains' | 'isHome' | 'source' | 'listed' | 'tenantCategory'
>;

/** What one probe of one tenant produced, as the scanner hands it to the store. */
export interface TenantResult {
  classification: Classification;
  methods: TenantRecord['methods'];
  methodsNote: string | null;
  sponsors: TenantRecord['sponsors'];
  technicalContacts: string[];
  observedAt: string;
  /** What the services answered at this check (replaces the record's earlier answers when given). */
  answers?: TenantRecord['answers'];
}

/** What the user types to add an Authenticator entry by hand. */
export interface ManualEntryInput {
  organisation: string;
  label?: string;
  note?: string;
}

const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => z.string().max(max).nullable();

/** Account and tenant ids: MSAL home account ids (`<oid>.<tid>`), GUIDs, domains. No colons, no spaces. */
const ID_PATTERN = '[A-Za-z0-9._@-]{1,200}';
export const idSchema = z.string().regex(new RegExp(`^${ID_PATTERN}$`), 'is not a valid identifier');

/** Keys of Authenticator entries, as `shared/model.ts` defines them. Prototype keys cannot match. */
export const entryKeySchema = z.string().regex(entryKeyPattern(ID_PATTERN), 'is not a valid entry key');

/** A time the app wrote: anything `Date.parse` understands, kept as the string it was given. */
export const timeSchema = z
  .string()
  .max(40)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date and time');

/** The settings' schemas are the contract's (shared/settings.ts): the store keeps nothing the app would refuse. */
export { settingsFieldSchemas, settingsSchema };

export const accountSchema = z.object({
  accountId: idSchema,
  username: text(LIMITS.name),
  displayName: text(LIMITS.name),
  homeTenantId: idSchema,
  homeTenantName: nullableText(LIMITS.name),
  homeDomain: nullableText(LIMITS.domain),
  homeSessionMfa: z.boolean(),
  signInPath: z.enum(SIGN_IN_PATH_NAMES).optional(),
});

const authMethodSchema = z.object({
  type: z.enum(METHOD_TYPES),
  displayName: text(LIMITS.name),
  detail: text(LIMITS.name).optional(),
  createdDateTime: nullableText(40).optional(),
});

const contactSchema = z.object({
  displayName: text(LIMITS.name),
  mail: nullableText(LIMITS.email),
});

/**
 * The evidence of a verdict. `traceId` and `policyIds` came later: a file written before them still loads (they
 * default to none), so nothing saved is lost.
 */
const evidenceSchema = z.object({
  aadsts: z.int().min(0).max(10_000_000).nullable(),
  errorCode: nullableText(LIMITS.name),
  subError: nullableText(LIMITS.name),
  correlationId: nullableText(LIMITS.name),
  traceId: nullableText(LIMITS.name).default(null),
  timestamp: nullableText(LIMITS.name),
  amr: z.array(text(LIMITS.name)).max(50).nullable(),
  acrs: z.array(text(LIMITS.name)).max(50).nullable(),
  claimsChallenge: nullableText(LIMITS.claims),
  policyIds: z.array(text(LIMITS.id)).max(LIMITS.policyIds).default([]),
  message: nullableText(LIMITS.text),
});

/** The facts a reason rests on (shared/reasons.ts); each is optional, bounded like everything else. */
const reasonFactsSchema = z.object({
  aadsts: z.int().min(0).max(10_000_000).nullable().optional(),
  at: nullableText(LIMITS.name).optional(),
  homeSessionMfa: z.boolean().optional(),
  personalAccount: z.boolean().optional(),
  failure: z.enum(FAILURE_REASONS).optional(),
  timeoutSeconds: z.number().min(0).max(1_000_000).nullable().optional(),
  httpStatus: z.int().min(0).max(999).nullable().optional(),
  attempts: z.int().min(0).max(1_000_000).nullable().optional(),
  explanation: text(LIMITS.text).optional(),
  action: text(LIMITS.text).optional(),
});

/**
 * A reason code this version does not know (a newer app wrote it) reads as `stored-words` with no words: the drawer
 * then shows the verdict's own meaning. Its facts are checked like everything else.
 */
const reasonSchema = z.object({ code: z.enum(REASON_CODES).catch('stored-words'), facts: reasonFactsSchema });

/**
 * A verdict with why. Files written before reasons existed hold two sentences (`explanation`, `action`) instead:
 * they are read as the reason `stored-words`, shown as saved until the next check, so nothing saved is lost.
 */
export const classificationSchema = z.preprocess(
  (raw) => {
    if (raw === null || typeof raw !== 'object' || 'reason' in raw) return raw;
    const old = raw as { explanation?: unknown; action?: unknown };
    const said = (value: unknown): string => (typeof value === 'string' ? value.slice(0, LIMITS.text) : '');
    return { ...raw, reason: storedWordsReason(said(old.explanation), said(old.action)) };
  },
  z.object({
    verdict: z.enum(VERDICTS),
    leftoverRegistration: z.boolean(),
    confidence: z.enum(CONFIDENCES),
    evidence: evidenceSchema,
    reason: reasonSchema,
  }),
);

/** One change of verdict. `aadsts` came later (the code of the answer that made the change): optional. */
const historyEntrySchema = z.object({
  verdict: z.enum(VERDICTS),
  leftoverRegistration: z.boolean(),
  at: timeSchema,
  aadsts: z.int().min(0).max(10_000_000).nullable().optional(),
  // Later still: how many checks in a row gave it, and the latest of them.
  checks: z.int().min(1).max(1_000_000).optional(),
  lastAt: timeSchema.optional(),
});

const tenantSourceSchema = z.enum(['arm', 'previous-scan', 'added-by-user']);
/** Absent in files written before it existed (read as `Home`); an unknown value is dropped, not fatal. */
const tenantCategorySchema = z.enum(TENANT_CATEGORIES).optional().catch(undefined);

const methodsSchema = z.array(authMethodSchema).max(LIMITS.methods).nullable();
const sponsorsSchema = z.array(contactSchema).max(LIMITS.contacts);
const technicalContactsSchema = z.array(text(LIMITS.email)).max(LIMITS.contacts);

/**
 * The latest answers of one tenant (EntraAnswer). Bounded like everything else; a field that does not parse is
 * dropped on its own (`catch`), so a damaged list never costs the tenant record it belongs to.
 */
const entraAnswerSchema = z.object({
  at: timeSchema,
  request: z.enum(ANSWER_REQUESTS),
  method: z.enum(['GET', 'POST']),
  endpoint: text(LIMITS.text),
  clientId: text(LIMITS.id),
  correlationId: nullableText(LIMITS.id),
  status: z.int().min(0).max(999).nullable(),
  errorCode: nullableText(LIMITS.name),
  body: nullableText(LIMITS.text),
  challenge: nullableText(LIMITS.text),
  note: nullableText(LIMITS.text),
});
const answersSchema = z.array(entraAnswerSchema).max(32).optional().catch(undefined);

/** Addresses the user typed for a tenant's emails. */
export const recipientsSchema = z
  .array(z.string().max(LIMITS.email).refine(isValidEmailAddress, 'is not an e-mail address'))
  .max(LIMITS.recipients);

export const notesSchema = text(LIMITS.notes);

export const tenantListingSchema = z.object({
  tenantId: idSchema,
  displayName: text(LIMITS.name),
  defaultDomain: text(LIMITS.domain),
  domains: z.array(text(LIMITS.domain)).max(LIMITS.domains),
  isHome: z.boolean(),
  source: tenantSourceSchema,
  listed: z.boolean(),
  tenantCategory: tenantCategorySchema,
});

/** What a scan reads of a tenant beside its verdict: in a scan's result and in the record that keeps it. */
const tenantFindingsShape = {
  methods: methodsSchema,
  methodsNote: nullableText(LIMITS.text),
  sponsors: sponsorsSchema,
  technicalContacts: technicalContactsSchema,
};

/** A tenant as the store keeps it: its listing, the last scan's result and what the user added. */
export const tenantRecordSchema = z.object({
  accountId: idSchema,
  ...tenantListingSchema.shape,
  classification: classificationSchema.nullable(),
  ...tenantFindingsShape,
  observedAt: timeSchema.nullable(),
  history: z.array(historyEntrySchema).max(LIMITS.history),
  notes: notesSchema,
  recipients: recipientsSchema,
  lastInteractiveSignInAt: timeSchema.nullable(),
  answers: answersSchema,
});

export const tenantResultSchema = z.object({
  classification: classificationSchema,
  ...tenantFindingsShape,
  observedAt: timeSchema,
  answers: answersSchema,
});

export const manualEntrySchema = z.object({
  id: idSchema,
  organisation: text(LIMITS.name).min(1),
  label: text(LIMITS.name),
  note: text(LIMITS.manualText),
  createdAt: timeSchema,
});

export const manualEntryInputSchema = z.object({
  organisation: z.string().trim().min(1, 'needs the organisation').max(LIMITS.name),
  label: z.string().trim().max(LIMITS.name).optional(),
  note: z.string().trim().max(LIMITS.manualText).optional(),
});

export const checklistStepSchema = z.enum(CHECKLIST_STEPS);
export const checklistStepsSchema = z.partialRecord(checklistStepSchema, z.boolean());

const boundedKeys = (max: number) => (value: Record<string, unknown>) => Object.keys(value).length <= max;

export const entryTicksSchema = z
  .record(entryKeySchema, z.boolean())
  .refine(boundedKeys(LIMITS.entryKeys), 'has too many entries');

export const checklistSchema = z
  .record(entryKeySchema, checklistStepsSchema)
  .refine(boundedKeys(LIMITS.entryKeys), 'has too many entries');

export const entryAnswerSchema = z.enum(ENTRY_ANSWERS);

export const entryConfirmationSchema = z.object({
  answer: entryAnswerSchema,
  at: timeSchema,
  verdict: z.enum(VERDICTS).nullable(),
});

/** The answers came later than the rest of the file: a file without them loads with none. */
export const entryConfirmationsSchema = z
  .record(entryKeySchema, entryConfirmationSchema)
  .refine(boundedKeys(LIMITS.entryKeys), 'has too many entries');

/** The whole data file as this version writes it; anything else goes through `salvage` in recover.ts. */
export const dataFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** Persistence bookkeeping (see persister.ts): which journal belongs to this file. */
  generation: z.int().min(0),
  savedAt: timeSchema,
  settings: settingsSchema,
  accounts: z.array(accountSchema).max(LIMITS.accounts),
  tenants: z.array(tenantRecordSchema).max(LIMITS.tenants),
  manualEntries: z.array(manualEntrySchema).max(LIMITS.manualEntries),
  entryTicks: entryTicksSchema,
  checklist: checklistSchema,
  entryConfirmations: entryConfirmationsSchema.default({}),
});
export type DataFile = z.output<typeof dataFileSchema>;

/** A fresh, empty data set (first run, or nothing could be recovered). */
export function emptyAppData(): AppData {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: { ...DEFAULT_SETTINGS },
    accounts: [],
    tenants: [],
    manualEntries: [],
    entryTicks: {},
    checklist: {},
    entryConfirmations: {},
  };
}

// Compile-time checks that the schemas describe exactly the model types (a drift fails `tsc`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesModel: [
  Same<z.output<typeof settingsSchema>, Settings>,
  Same<z.output<typeof accountSchema>, AccountSummary>,
  Same<z.output<typeof tenantRecordSchema>, TenantRecord>,
  Same<z.output<typeof manualEntrySchema>, ManualEntry>,
  Same<z.output<typeof tenantListingSchema>, TenantListing>,
  Same<z.output<typeof tenantResultSchema>, TenantResult>,
  Same<z.output<typeof checklistSchema>, ChecklistState>,
  Same<z.output<typeof entryConfirmationSchema>, EntryConfirmation>,
  Same<Omit<DataFile, 'generation' | 'savedAt'>, AppData>,
] = [true, true, true, true, true, true, true, true, true];
void schemaMatchesModel;
