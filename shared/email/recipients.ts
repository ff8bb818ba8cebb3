/**
 * Who a request email to one organisation could go to, for the batch dialog (docs/emails.md, "Recipients").
 * The app knows an address only from what it read or what the user typed: the recipients remembered for the
 * organisation, the guest's sponsors (Graph `/me/sponsors`, read only where the organisation gave the app a token;
 * groups and objects a guest may not read come without an address), the organisation's technical contacts (where a
 * guest may read them) and addresses the user remembered for another organisation with the same domain. Entra
 * makes whoever invites a guest its sponsor unless the inviter names others
 * (https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/external-id/b2b-sponsors.md), so the inviter is
 * usually among the sponsors; the only other way to read who invited a guest is Graph's beta `invitedBy`
 * (https://learn.microsoft.com/graph/api/user-list-invitedby?view=graph-rest-beta), which the app does not call.
 * Pure; no address is invented.
 */
import type { EmailKind, TenantRecord } from '../model';
import { checkRecipients } from './address';
import { defaultRecipients } from './compose';

export type RecipientSource = 'remembered' | 'sponsor' | 'technical-contact' | 'same-domain';

export interface RecipientSuggestion {
  address: string;
  source: RecipientSource;
  /** The person's or group's name, where the app read one. */
  name: string | null;
}

/** One organisation of a batch, with the recipients the app proposes and why. */
export interface BatchRecipients {
  tenantId: string;
  displayName: string;
  domain: string;
  /** The proposed `To:`: remembered recipients, else the sponsors, else the technical contacts; may be empty. */
  to: string[];
  /** Every address the app knows for this organisation, the proposed ones first. */
  suggestions: RecipientSuggestion[];
  /** Sponsors the app cannot write to (no address: a group, or a person a guest may not look up). */
  unaddressedSponsors: string[];
  /** When no address is known: why not, and what would find one. Null when there are suggestions. */
  note: string | null;
}

/** The organisations a batch of one kind of email goes to. */
export interface EmailBatchPlan {
  kind: EmailKind;
  tenants: BatchRecipients[];
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function tenantDomains(tenant: TenantRecord): string[] {
  return [tenant.defaultDomain, ...tenant.domains].map((d) => d.trim().toLowerCase()).filter((d) => d !== '');
}

/** Whether the address belongs to one of the domains (the domain itself or a subdomain of it). */
function inDomains(address: string, domains: readonly string[]): boolean {
  const domain = domainOf(address);
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/**
 * The recipients to suggest for one organisation. `others` are the other stored tenants (any account): an address
 * the user remembered there counts for this organisation when it is in one of this organisation's domains.
 */
export function suggestRecipients(tenant: TenantRecord, others: readonly TenantRecord[]): BatchRecipients {
  const suggestions: RecipientSuggestion[] = [];
  const seen = new Set<string>();
  const add = (address: string, source: RecipientSource, name: string | null) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    suggestions.push({ address, source, name });
  };
  for (const address of checkRecipients(tenant.recipients ?? []).valid) add(address, 'remembered', null);
  const unaddressedSponsors: string[] = [];
  for (const sponsor of tenant.sponsors ?? []) {
    const valid = checkRecipients(sponsor.mail === null ? [] : [sponsor.mail]).valid[0];
    if (valid) add(valid, 'sponsor', sponsor.displayName || null);
    else unaddressedSponsors.push(sponsor.displayName || 'A sponsor');
  }
  for (const address of checkRecipients(tenant.technicalContacts ?? []).valid) add(address, 'technical-contact', null);
  const domains = tenantDomains(tenant);
  if (domains.length > 0) {
    for (const other of others) {
      if (other.accountId === tenant.accountId && other.tenantId === tenant.tenantId) continue;
      for (const address of checkRecipients(other.recipients ?? []).valid) {
        if (inDomains(address, domains)) add(address, 'same-domain', null);
      }
    }
  }
  const to = defaultRecipients(tenant);
  // The proposed ones first, in the order they are proposed.
  const proposed = new Set(to.map((a) => a.toLowerCase()));
  suggestions.sort(
    (a, b) => Number(proposed.has(b.address.toLowerCase())) - Number(proposed.has(a.address.toLowerCase())),
  );
  return {
    tenantId: tenant.tenantId,
    displayName: tenant.displayName,
    domain: tenant.defaultDomain,
    to,
    suggestions,
    unaddressedSponsors,
    note: suggestions.length > 0 ? null : noAddressNote(tenant, unaddressedSponsors),
  };
}

/** Whom to ask for an address when the app knows none (it never guesses one). */
function whomToAsk(org: string): string {
  return `Ask the person who invited you, the help desk named in the invitation email, or ${org}'s IT; or address it in your mail app.`;
}

function noAddressNote(tenant: TenantRecord, unaddressed: readonly string[]): string {
  const org = tenant.displayName || 'this organisation';
  if (unaddressed.length > 0) {
    return `Your sponsors there (${unaddressed.join(', ')}) have no e-mail address the app can read: a group, or someone a guest may not look up. ${whomToAsk(org)}`;
  }
  // A token answer carries `amr`; a refusal (an MFA demand, a block) gives the app no token to read anything with.
  const hadToken = tenant.classification?.evidence.amr !== null && tenant.classification?.evidence.amr !== undefined;
  if (!hadToken) {
    return `${tenant.displayName || 'This organisation'} gave the app no token at its check, so it could not read who your sponsors there are ("Sign in to find sponsors" or "Sign in to this tenant" reads them). ${whomToAsk(org)}`;
  }
  return `${tenant.displayName || 'This organisation'} names no sponsor for you and no contact a guest may read. ${whomToAsk(org)}`;
}
