/**
 * Which changes of a tenant's verdict between two checks the user cares about, in words, and how many
 * desktop notifications they make. Pure: main/watch/ feeds it the record before and after each check.
 *
 * Told: an organisation starts accepting the home MFA (the entry kept for it can go), starts demanding its own
 * MFA, registration or a stronger method, blocks the sign-in, or drops the guest account. Not told: a check that
 * failed (network, throttling, timeout: the verdict is `error`, which says nothing about the tenant), a first
 * check (nothing to compare with), an unchanged verdict, and changes to "no MFA asked" or "sign-in needed",
 * which ask nothing new of the user. Registering MFA where registration was required (registration-required →
 * separate-mfa) is the user's own doing, not news.
 */
import type { TenantRecord, Verdict } from './model';
import { decisiveVerdict, VERDICT_RULES, type ChangeKind } from './verdicts';

/** One change worth telling, as the "What changed" list and the notifications show it. */
export interface VerdictChange {
  /** `<accountId>|<tenantId>|<at>`: unique per check. */
  id: string;
  kind: ChangeKind;
  accountId: string;
  tenantId: string;
  organisation: string;
  from: Verdict;
  to: Verdict;
  /** When the check that saw the change ran (the observation time). */
  at: string;
  /** One line: what changed. */
  title: string;
  /** One sentence: what it means for the user. */
  body: string;
}

/** Up to this many changes at once make one notification each; more make a single summary notification. */
export const NOTIFICATION_GROUP_THRESHOLD = 3;

/** The "What changed" list keeps at most this many changes, newest first. */
export const CHANGES_KEPT = 100;

type RecordView = Pick<
  TenantRecord,
  'accountId' | 'tenantId' | 'displayName' | 'defaultDomain' | 'isHome' | 'classification' | 'history' | 'observedAt'
>;

function kindOf(from: Verdict, to: Verdict): ChangeKind | null {
  // Registering MFA where registration was required is the user's own doing, not news.
  if (from === 'registration-required' && to === 'separate-mfa') return null;
  return VERDICT_RULES[to].changeKind;
}

/** Whether the user kept (or may have kept) an Authenticator entry for this tenant. */
function hadEntry(before: RecordView, after: RecordView, from: Verdict): boolean {
  const entry = VERDICT_RULES[from].entry;
  return (
    entry === 'own-entry' ||
    entry === 'stronger-method' ||
    after.classification?.leftoverRegistration === true ||
    before.history.some((h) => h.verdict === 'separate-mfa' || h.leftoverRegistration)
  );
}

function words(kind: ChangeKind, organisation: string, entry: boolean): { title: string; body: string } {
  switch (kind) {
    case 'trusts-home-mfa':
      return {
        title: `${organisation} now accepts your home MFA`,
        body: entry
          ? 'Your Authenticator entry for it can most likely go.'
          : 'You need no Authenticator entry for it: the MFA you do at home is enough.',
      };
    case 'demands-own-mfa':
      return {
        title: `${organisation} now demands its own MFA`,
        body: 'Your home MFA is no longer enough there: you need an Authenticator entry for it.',
      };
    case 'demands-registration':
      return {
        title: `${organisation} now asks you to register MFA`,
        body: 'At your next sign-in there you will have to set up an MFA method for it.',
      };
    case 'demands-stronger-method':
      return {
        title: `${organisation} now asks for a stronger method`,
        body: 'Your home MFA is not strong enough there any more (for example, it asks for a passkey).',
      };
    case 'blocks':
      return {
        title: `${organisation} now blocks your sign-in`,
        body: 'A policy there blocks you; this is not about MFA. Your contact there can tell you why.',
      };
    case 'guest-removed':
      return {
        title: `Your guest account in ${organisation} is gone`,
        body: entry
          ? 'You can no longer sign in there, and your Authenticator entry for it can go.'
          : 'You can no longer sign in there as a guest.',
      };
  }
}

/**
 * The change between the record before a check and after it, or null when there is none worth telling
 * (see the file comment). `before` is undefined for a tenant seen for the first time.
 */
export function detectChange(before: RecordView | undefined, after: RecordView): VerdictChange | null {
  if (!before || after.isHome) return null;
  const to = after.classification?.verdict ?? null;
  if (to === null || to === 'error') return null;
  const from = decisiveVerdict(before);
  if (from === null || from === to) return null;
  const kind = kindOf(from, to);
  if (!kind) return null;
  const organisation = after.displayName || after.defaultDomain || after.tenantId;
  const at = after.observedAt ?? after.history.at(-1)?.at ?? '';
  return {
    id: `${after.accountId}|${after.tenantId}|${at}`,
    kind,
    accountId: after.accountId,
    tenantId: after.tenantId,
    organisation,
    from,
    to,
    at,
    ...words(kind, organisation, hadEntry(before, after, from)),
  };
}

/** What one desktop notification says and what clicking it opens. */
export interface NotificationSpec {
  title: string;
  body: string;
  /** One tenant, or the "What changed" list for a summary. */
  opens: { kind: 'tenant'; accountId: string; tenantId: string } | { kind: 'changes' };
}

/**
 * The notifications for changes seen together (one scan): one per change up to `threshold`, else one summary
 * naming the first few and opening the "What changed" list.
 */
export function notificationsFor(
  changes: readonly VerdictChange[],
  threshold: number = NOTIFICATION_GROUP_THRESHOLD,
): NotificationSpec[] {
  if (changes.length === 0) return [];
  if (changes.length <= threshold) {
    return changes.map((c) => ({
      title: c.title,
      body: c.body,
      opens: { kind: 'tenant', accountId: c.accountId, tenantId: c.tenantId },
    }));
  }
  const named = changes.slice(0, threshold).map((c) => c.title);
  const rest = changes.length - named.length;
  return [
    {
      title: `${changes.length} organisations changed what they ask of you`,
      body: `${named.join('; ')}; and ${rest} more. Open the app to see what changed.`,
      opens: { kind: 'changes' },
    },
  ];
}
