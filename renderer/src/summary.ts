/**
 * Counting for the inventory's summary strip and its one-sentence summary. Pure: the strip, its filters and
 * the sentence all come from the same numbers, so they cannot disagree.
 */
import { VERDICTS, type AuthenticatorEntry, type TenantRecord, type Verdict } from '../../shared/model';

/** A verdict, or `unchecked` for a tenant that has no classification yet. */
export type VerdictKey = Verdict | 'unchecked';

/** Every key the summary strip and the verdict filter know, in the order the user sees them. */
export const VERDICT_KEYS: readonly VerdictKey[] = [
  'separate-mfa',
  'registration-required',
  'stronger-method',
  'home-mfa-trusted',
  'no-mfa-required',
  'blocked',
  'not-a-guest',
  'needs-sign-in',
  'error',
  'unchecked',
];

export interface InventorySummary {
  /** Guest tenants counted (the home tenant is not one of them). */
  total: number;
  counts: Record<VerdictKey, number>;
  /** Tenants whose methods could be removed (leftover registration). */
  leftover: number;
  orphanedEntries: number;
  removableEntries: number;
}

/** The key a tenant is counted and filtered under. */
export function verdictKeyOf(tenant: Pick<TenantRecord, 'classification'>): VerdictKey {
  return tenant.classification?.verdict ?? 'unchecked';
}

/** Counts the guest tenants per verdict and the entries that can go. The home tenant is left out. */
export function summarize(
  tenants: readonly TenantRecord[],
  entries: readonly AuthenticatorEntry[] = [],
): InventorySummary {
  const counts = Object.fromEntries([...VERDICTS, 'unchecked'].map((k) => [k, 0])) as Record<VerdictKey, number>;
  let total = 0;
  let leftover = 0;
  for (const tenant of tenants) {
    if (tenant.isHome) continue;
    total += 1;
    counts[verdictKeyOf(tenant)] += 1;
    if (tenant.classification?.leftoverRegistration) leftover += 1;
  }
  return {
    total,
    counts,
    leftover,
    orphanedEntries: entries.filter((e) => e.status === 'orphaned').length,
    removableEntries: entries.filter((e) => e.status === 'removable').length,
  };
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * One plain sentence, e.g. "3 organisations make you keep a separate Authenticator entry; 5 accept your home
 * MFA; 1 entry is orphaned." Parts with a zero count are left out; the first part about organisations carries
 * the noun, the later ones only the number.
 */
export function summarySentence(summary: InventorySummary): string {
  if (summary.total === 0) return 'No organisations yet.';
  const c = summary.counts;
  const orgParts: [number, (n: number) => string][] = [
    [c['separate-mfa'], (n) => `${plural(n, 'makes', 'make')} you keep a separate Authenticator entry`],
    [c['registration-required'], () => 'will make you register MFA at the next sign-in'],
    [c['stronger-method'], (n) => `${plural(n, 'needs', 'need')} a stronger method`],
    [c['home-mfa-trusted'], (n) => `${plural(n, 'accepts', 'accept')} your home MFA`],
    [c['no-mfa-required'], (n) => `${plural(n, "doesn't", "don't")} ask for MFA`],
    [c.blocked, (n) => `${plural(n, 'blocks', 'block')} your sign-in`],
    [
      summary.orphanedEntries === 0 ? c['not-a-guest'] : 0,
      (n) => `no longer ${plural(n, 'has', 'have')} you as a guest`,
    ],
    [c['needs-sign-in'], (n) => `${plural(n, 'needs', 'need')} a sign-in to tell`],
    [c.error, () => 'could not be checked'],
    [c.unchecked, (n) => `${plural(n, 'is', 'are')} not checked yet`],
  ];
  const parts: string[] = [];
  for (const [n, words] of orgParts) {
    if (n === 0) continue;
    const noun = parts.length === 0 ? ` ${plural(n, 'organisation', 'organisations')}` : '';
    parts.push(`${n}${noun} ${words(n)}`);
  }
  if (summary.orphanedEntries > 0) {
    const n = summary.orphanedEntries;
    parts.push(`${n} ${plural(n, 'entry is', 'entries are')} orphaned`);
  }
  if (summary.removableEntries > 0) {
    const n = summary.removableEntries;
    parts.push(`${n} ${plural(n, 'entry', 'entries')} can be removed`);
  }
  return `${parts.join('; ')}.`;
}
