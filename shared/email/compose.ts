/**
 * Composes the request emails (docs/emails.md) as plain text. The builders decide which facts go
 * where and lay them out; every word comes from an `EmailLocale`. All data from partner tenants is sanitised
 * here first, so a name or domain can never add a line, a header or a recipient.
 */
import { demandsOwnMfa } from '../verdicts';
import type { Confidence, Contact, EmailDraft, EmailKind, EntryStatus, MethodType, TenantRecord } from '../model';
import { methodTypeLabel } from '../method-labels';
import { isGuid } from '../identifiers';
import { DOMAIN_MAX, NAME_MAX, sanitizeInline } from '../sanitize';
import { organizationsUrl, securityInfoUrl } from '../links';
import { checkRecipients, isValidEmailAddress } from './address';
import { tidyPeriods } from './text';
import type { CommonFacts, CrossTenantChangeWords, EmailLocale, TrustFacts } from './locale';
import { en } from './locales/en';
import {
  graphCreatePartner,
  graphDefaultUrl,
  graphUpdatePartner,
  powerShellCommands,
  powerShellResetMethods,
  type TrustKind,
} from './technical';

export interface EmailContext {
  kind: EmailKind;
  /** The guest: display name and user principal name at home. */
  sender: { name: string; address: string };
  /** The guest's home organisation. */
  home: { tenantId: string; name: string | null; primaryDomain: string | null };
  /** The partner tenant the email is about (name, domain, id, classification, sponsors). */
  tenant: TenantRecord;
  /** Recipients, already chosen (see `defaultRecipients`); invalid entries are dropped. */
  to: string[];
  /** The time of composing; decides whether the observation is called old. */
  now: Date;
  /** The guest's Authenticator entry for this tenant (the entries view's word), when the caller knows it. */
  entry?: EntryStatus | null;
  /** How far that entry word is supported: an inferred one is worded as what the guest's checks suggest. */
  entryConfidence?: Confidence | null;
  /**
   * MFA reset only: the user said the phone holding the method was lost or is being replaced. Without it the
   * request claims no lost phone (it asks to register again).
   */
  lostPhone?: boolean;
  /**
   * What the app knows of the guest's sign-in at home, for the trust request's "what we enforce": whether the
   * home token carried MFA and the method kinds registered at home (null where the app could not read them).
   */
  homeSecurity?: { sessionMfa: boolean | null; methods: readonly MethodType[] | null };
}

/** Method kinds that are no MFA method of their own (a password, SSPR e-mail, a one-off pass). */
const NOT_MFA: readonly MethodType[] = ['password', 'email', 'temporaryAccessPass'];

/** Observations older than this are flagged in the trust request as possibly out of date. */
const OLD_OBSERVATION_MS = 30 * 24 * 60 * 60 * 1000;
const SUBJECT_MAX = 250;
const ID_MAX = 100;
const MAX_SPONSOR_NAMES = 3;
const MAX_POLICY_IDS = 5;

/**
 * The recipients to propose for a tenant: the addresses the user typed and the app remembered, else the
 * sponsors' mail addresses, else the organisation's technical contacts. Only valid addresses, no duplicates;
 * empty when nothing usable is known (the user types one).
 */
export function defaultRecipients(tenant: TenantRecord): string[] {
  const remembered = checkRecipients(tenant.recipients ?? []).valid;
  if (remembered.length > 0) return remembered;
  const sponsors = checkRecipients((tenant.sponsors ?? []).map((s) => s.mail).filter((m) => m !== null)).valid;
  if (sponsors.length > 0) return sponsors;
  return checkRecipients(tenant.technicalContacts ?? []).valid;
}

/**
 * Builds the draft of one request email for one tenant: subject (one line) and plain-text body ("\n" line
 * breaks), exactly as it will be sent. Recipients that are not a single valid address are left out.
 */
export function composeEmail(ctx: EmailContext, locale: EmailLocale = en): EmailDraft {
  const to = checkRecipients(ctx.to).valid;
  const facts = commonFacts(ctx, locale, greetingName(to, ctx.tenant.sponsors));
  const text = new TextBuilder();
  text.line(locale.greeting(facts.recipientSponsor));
  text.blank();

  let subject: string;
  switch (ctx.kind) {
    case 'trust-request': {
      const trust = trustFacts(ctx, facts, locale);
      subject = locale.trustRequest.subject(trust);
      writeTrustRequest(text, trust, ctx, locale);
      break;
    }
    case 'device-trust': {
      const trust = trustFacts(ctx, facts, locale);
      subject = locale.deviceTrust.subject(trust);
      writeDeviceTrust(text, trust, ctx, locale);
      break;
    }
    case 'mfa-reset':
      subject = locale.mfaReset.subject(facts);
      writeMfaReset(text, facts, locale, ctx.lostPhone === true);
      break;
    case 'remove-guest':
      subject = locale.removeGuest.subject(facts);
      writeRemoveGuest(text, facts, locale);
      break;
  }

  text.paragraph(locale.thanks);
  text.line(locale.signOff);
  text.line(facts.senderName);
  return {
    kind: ctx.kind,
    tenantId: ctx.tenant.tenantId,
    to,
    subject: tidyPeriods(sanitizeInline(subject, SUBJECT_MAX)),
    body: text.toString(),
  };
}

/** The sponsor's name when the only recipient is that sponsor; otherwise null (a neutral greeting). */
function greetingName(to: string[], sponsors: Contact[] | undefined): string | null {
  if (to.length !== 1 || !sponsors) return null;
  const only = to[0]!.toLowerCase();
  const sponsor = sponsors.find((s) => typeof s.mail === 'string' && s.mail.trim().toLowerCase() === only);
  const name = sanitizeInline(sponsor?.displayName, NAME_MAX);
  return name === '' ? null : name;
}

function commonFacts(ctx: EmailContext, locale: EmailLocale, recipientSponsor: string | null): CommonFacts {
  const homeDomain = sanitizeInline(ctx.home.primaryDomain, DOMAIN_MAX) || null;
  const tenantDomain = sanitizeInline(ctx.tenant.defaultDomain, DOMAIN_MAX) || null;
  const senderAddress = sanitizeInline(ctx.sender.address, 254);
  const sponsorNames = (ctx.tenant.sponsors ?? [])
    .map((s) => sanitizeInline(s.displayName, NAME_MAX))
    .filter((name) => name !== '')
    .slice(0, MAX_SPONSOR_NAMES);
  return {
    senderName: sanitizeInline(ctx.sender.name, NAME_MAX) || senderAddress,
    senderAddress,
    homeName: sanitizeInline(ctx.home.name, NAME_MAX) || homeDomain || locale.homeFallback,
    homeDomain,
    homeTenantId: isGuid(ctx.home.tenantId) ? ctx.home.tenantId.toLowerCase() : null,
    tenantName: sanitizeInline(ctx.tenant.displayName, NAME_MAX) || tenantDomain || locale.tenantFallback,
    tenantDomain,
    tenantId: sanitizeInline(ctx.tenant.tenantId, ID_MAX),
    recipientSponsor,
    sponsorNames,
    entry: ctx.entry ?? null,
    entryConfidence: ctx.entryConfidence ?? null,
  };
}

function trustFacts(ctx: EmailContext, common: CommonFacts, locale: EmailLocale): TrustFacts {
  const classification = ctx.tenant.classification;
  const evidence = classification?.evidence;
  const rawTime = evidence?.timestamp ?? ctx.tenant.observedAt ?? null;
  const time = parseTime(rawTime);
  const aadsts = evidence?.aadsts;
  const verdict = classification?.verdict ?? null;
  const confidence = classification?.confidence ?? null;
  return {
    ...common,
    verdict,
    confidence,
    // A verdict that means "does not accept the home MFA" whose cause the silent answer may leave open.
    causeOpen: demandsOwnMfa(verdict) && confidence !== 'certain',
    aadsts: typeof aadsts === 'number' && Number.isInteger(aadsts) && aadsts > 0 ? aadsts : null,
    correlationId: sanitizeInline(evidence?.correlationId, ID_MAX) || null,
    traceId: sanitizeInline(evidence?.traceId, ID_MAX) || null,
    policyIds: (evidence?.policyIds ?? [])
      .map((id) => sanitizeInline(id, ID_MAX))
      .filter((id) => /^[A-Za-z0-9._-]+$/.test(id))
      .slice(0, MAX_POLICY_IDS),
    observedAt: time ? locale.formatUtc(time) : sanitizeInline(rawTime, ID_MAX) || null,
    observationIsOld: time !== null && ctx.now.getTime() - time.getTime() > OLD_OBSERVATION_MS,
    homeSessionMfa: typeof ctx.homeSecurity?.sessionMfa === 'boolean' ? ctx.homeSecurity.sessionMfa : null,
    homeMethods: homeMethodLabels(ctx.homeSecurity?.methods ?? null),
  };
}

/** The labels of the MFA method kinds registered at home, once each, in a fixed order; null when unknown. */
function homeMethodLabels(methods: readonly MethodType[] | null): string[] | null {
  if (!Array.isArray(methods)) return null;
  const labels = methods.filter((m) => !NOT_MFA.includes(m)).map(methodTypeLabel);
  return [...new Set(labels)].sort();
}

/** Reads an ISO-8601 time (MSAL's "2025-03-04 09:15:27Z" form included); null when it is not one. */
function parseTime(raw: string | null): Date | null {
  if (typeof raw !== 'string' || raw.length > 64) return null;
  const date = new Date(raw.trim().replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The opening of a trust request (MFA or devices): who asks, and what the organisation answered today, with the
 * facts its IT needs to find the sign-in in its logs.
 */
function writeWhoAndToday(
  text: TextBuilder,
  f: TrustFacts,
  ctx: EmailContext,
  locale: EmailLocale,
  words: Pick<EmailLocale['trustRequest'], 'opening' | 'headingWho' | 'headingToday' | 'today' | 'findInLogs'>,
  { withEntry, opening = true }: { withEntry: boolean; opening?: boolean },
): void {
  const labels = locale.fields;
  if (opening) {
    text.paragraph(words.opening(f));
    text.paragraph(locale.forwardNote);
  }

  text.heading(words.headingWho);
  text.field(labels.name, f.senderName);
  if (isValidEmailAddress(ctx.sender.address)) text.field(labels.address, f.senderAddress);
  text.field(labels.homeOrganisation, f.homeName);
  text.field(labels.homeTenantId, f.homeTenantId);
  text.field(labels.primaryDomain, f.homeDomain);
  text.blank();

  text.heading(words.headingToday);
  text.indented(words.today(f));
  text.field(labels.organisation, locale.organisationLine(f));
  text.field(labels.tenantId, f.tenantId);
  text.field(labels.errorCode, f.aadsts === null ? null : `AADSTS${f.aadsts}`);
  text.field(labels.correlationId, f.correlationId);
  text.field(labels.traceId, f.traceId);
  text.field(labels.timeUtc, f.observedAt);
  text.field(labels.policyIds, f.policyIds.length > 0 ? f.policyIds.join(', ') : null);
  if (withEntry)
    text.field(labels.authenticatorEntry, f.entry === null ? null : locale.entryLine(f.entry, f.entryConfidence));
  if (f.aadsts !== null || f.correlationId !== null) text.indented(words.findInLogs(f));
}

function writeTrustRequest(text: TextBuilder, f: TrustFacts, ctx: EmailContext, locale: EmailLocale): void {
  const words = locale.trustRequest;
  // Above the divider: the ask and the facts that answer an administrator's first objections, read in a minute.
  text.paragraph(words.opening(f));
  text.paragraph(locale.forwardNote);
  text.bulletSection(words.headingFacts, words.facts(f));
  text.line(words.detailsDivider);
  text.blank();
  writeWhoAndToday(text, f, ctx, locale, words, { withEntry: true, opening: false });
  if (f.observationIsOld) text.indented(words.oldObservation(f));
  text.blank();

  if (f.causeOpen) {
    text.heading(words.headingChecks);
    text.indented(words.checksIntro);
    text.steps(words.checks(f));
    text.blank();
  }

  text.heading(words.headingChange);
  text.indented(words.optionPartnerTitle(f));
  text.steps(words.optionPartnerSteps(f));
  text.blank();
  text.indented(words.optionDefaultTitle);
  text.steps(words.optionDefaultSteps(f));
  text.blank();

  writeCrossTenantChange(text, words, f, ctx, 'mfa', [
    words.graphKeepDeviceTrust,
    words.graphDefault(graphDefaultUrl()),
  ]);

  text.bulletSection(words.headingBefore, words.before(f));
  text.bulletSection(words.headingUndo, words.undo(f));
  text.indentedSection(words.headingVerify, words.verify(f));
  text.bulletSection(words.headingWhy(f), words.why(f));
}

/**
 * The same change to the home organisation's cross-tenant access entry with Microsoft Graph and with Graph
 * PowerShell, for the trust of `trust` (both trust emails); `keep` says after the Graph calls what else to send.
 */
function writeCrossTenantChange(
  text: TextBuilder,
  words: CrossTenantChangeWords,
  f: TrustFacts,
  ctx: EmailContext,
  trust: TrustKind,
  keep: readonly string[],
): void {
  text.heading(words.headingGraph);
  text.indented(words.graphIntro);
  text.indented(words.graphNewPartner(f));
  text.blank();
  text.code(graphCreatePartner(f.homeTenantId, trust));
  text.blank();
  text.indented(words.graphExistingPartner(f));
  text.blank();
  text.code(graphUpdatePartner(f.homeTenantId, trust));
  text.blank();
  for (const line of keep) text.indented(line);
  text.blank();

  text.indentedSection(words.headingPowerShell, words.powerShellIntro);
  const comments = { newEntry: words.powerShellNewComment, existingEntry: words.powerShellExistingComment };
  text.code(powerShellCommands(f.homeTenantId, ctx.tenant.tenantId, comments, trust));
  text.blank();
}

function writeDeviceTrust(text: TextBuilder, f: TrustFacts, ctx: EmailContext, locale: EmailLocale): void {
  const words = locale.deviceTrust;
  writeWhoAndToday(text, f, ctx, locale, words, { withEntry: false });
  text.blank();

  text.heading(words.headingChange);
  text.steps(words.steps(f));
  text.blank();

  writeCrossTenantChange(text, words, f, ctx, 'device', [words.graphKeepMfaTrust]);

  text.bulletSection(words.headingBefore, words.before(f));
  text.indentedSection(words.headingVerify, words.verify(f));
}

function writeAccount(text: TextBuilder, f: CommonFacts, locale: EmailLocale, heading: string, account: string): void {
  const labels = locale.fields;
  text.heading(heading);
  text.field(labels.name, f.senderName);
  text.field(labels.guestAccount, account);
  text.field(labels.organisation, locale.organisationLine(f));
  text.field(labels.tenantId, f.tenantId);
  text.field(labels.authenticatorEntry, f.entry === null ? null : locale.entryLine(f.entry, f.entryConfidence));
  text.blank();
}

function writeMfaReset(text: TextBuilder, f: CommonFacts, locale: EmailLocale, lostPhone: boolean): void {
  const words = locale.mfaReset;
  text.paragraph(words.opening(f, lostPhone));
  text.paragraph(locale.forwardNote);
  writeAccount(text, f, locale, words.headingAccount, words.guestAccount(f));
  text.heading(words.headingAdmin);
  text.indented(words.admin(f));
  text.indented(words.powerShellIntro);
  text.blank();
  text.code([powerShellResetMethods(words.upnPlaceholder)]);
  text.blank();
  text.indentedSection(words.headingIdentity, words.identity(f));
  text.indentedSection(words.headingAfter, words.after(f, securityInfoUrl(f.tenantId), lostPhone));
}

function writeRemoveGuest(text: TextBuilder, f: CommonFacts, locale: EmailLocale): void {
  const words = locale.removeGuest;
  text.paragraph(words.opening(f));
  text.paragraph(locale.forwardNote);
  writeAccount(text, f, locale, words.headingAccount, words.guestAccount(f));
  text.heading(words.headingLeave);
  for (const line of words.leave(f, organizationsUrl(f.tenantId))) text.indented(line);
  text.blank();
  text.indentedSection(words.headingAfter, words.after(f));
}

/**
 * Plain-text layout: paragraphs unwrapped (mail clients wrap them), headings on their own line, fields, steps
 * and bullets indented by two spaces, code by four. Every line it emits is one line: any line break or control
 * character that reached it is flattened, so layout cannot be forged from data.
 */
class TextBuilder {
  private readonly lines: string[] = [];

  line(text: string): void {
    // A name ending in "." before the sentence's own period ("Fabrikam, Inc..") reads as one period.
    this.lines.push(tidyPeriods(flatten(text)));
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  paragraph(text: string): void {
    this.line(text);
    this.blank();
  }

  heading(text: string): void {
    this.line(text);
  }

  indented(text: string): void {
    this.line(`  ${text}`);
  }

  /** A heading, its bullets and the blank line that ends the section. */
  bulletSection(heading: string, items: string[]): void {
    this.heading(heading);
    this.bullets(items);
    this.blank();
  }

  /** A heading, one indented paragraph and the blank line that ends the section. */
  indentedSection(heading: string, text: string): void {
    this.heading(heading);
    this.indented(text);
    this.blank();
  }

  field(label: string, value: string | null): void {
    if (value === null || value === '') return;
    this.line(`  ${label}: ${value}`);
  }

  steps(items: string[]): void {
    items.forEach((item, i) => this.line(`    ${i + 1}. ${item}`));
  }

  bullets(items: string[]): void {
    for (const item of items) this.line(`  - ${item}`);
  }

  code(lines: string[]): void {
    for (const l of lines) this.lines.push(l === '' ? '' : `    ${flatten(l)}`);
  }

  toString(): string {
    const end = this.lines[this.lines.length - 1] === '' ? this.lines.length - 1 : this.lines.length;
    return `${this.lines.slice(0, end).join('\n')}\n`;
  }
}

/** One line, no controls; keeps inner spacing of code and indentation intact. */
function flatten(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
