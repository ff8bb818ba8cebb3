/**
 * The inventory's five-second answer: one headline on what costs the user an Authenticator entry and what entries
 * can go, then one quieter line on the rest. The verdicts fall into three groups, shown apart in the summary:
 * those that cost an entry, those that need none, and the rest (refusals, gone, not yet known).
 */
import type { Verdict } from '../../shared/model';
import type { InventorySummary } from '../../shared/selectors';
import type { VerdictKey } from '../../shared/verdicts';

export type VerdictGroup = 'costs-entry' | 'no-entry' | 'other';

export const VERDICT_GROUPS: readonly { group: VerdictGroup; label: string; keys: readonly VerdictKey[] }[] = [
  {
    group: 'costs-entry',
    label: 'Cost you an entry',
    keys: ['separate-mfa', 'registration-required', 'stronger-method'],
  },
  { group: 'no-entry', label: 'Need no entry', keys: ['home-mfa-trusted', 'no-mfa-required'] },
  { group: 'other', label: 'Other', keys: ['blocked', 'not-a-guest', 'needs-sign-in', 'error', 'unchecked'] },
];

const COSTING: readonly [Verdict, string, string][] = [
  ['separate-mfa', 'makes you keep its own Authenticator entry', 'make you keep their own Authenticator entry'],
  ['registration-required', 'will ask you to register', 'will ask you to register'],
  ['stronger-method', 'asks for a stronger method', 'ask for a stronger method'],
];

const REST: readonly [VerdictKey, string, string][] = [
  ['home-mfa-trusted', 'accepts your home MFA', 'accept your home MFA'],
  ['no-mfa-required', "doesn't ask for MFA", "don't ask for MFA"],
  ['blocked', 'blocks your sign-in', 'block your sign-in'],
  ['not-a-guest', 'no longer has you as a guest', 'no longer have you as a guest'],
  ['needs-sign-in', 'needs a sign-in to tell', 'need a sign-in to tell'],
  ['error', 'could not be checked', 'could not be checked'],
  ['unchecked', 'is not checked yet', 'are not checked yet'],
];

function clauses(rows: readonly [VerdictKey, string, string][], counts: Record<VerdictKey, number>): string[] {
  const out: string[] = [];
  for (const [key, one, many] of rows) {
    const n = counts[key];
    if (n === 0) continue;
    const noun = out.length === 0 ? (n === 1 ? ' organisation' : ' organisations') : '';
    out.push(`${n}${noun} ${n === 1 ? one : many}`);
  }
  return out;
}

export interface Headline {
  /** What costs an entry and what entries can go: "3 organisations make you keep their own Authenticator entry; 1 entry can be removed." */
  answer: string;
  /** The rest, quieter: "2 accept your home MFA; 3 block your sign-in." Empty when there is none. */
  rest: string;
}

/**
 * The headline never gives an all-clear the checks do not support: with nothing costing an entry it says what is
 * unchecked ("0 of 13 checked"), undecided (the home sign-in carried no MFA) or could not be told (failed, needs a
 * sign-in); only when every organisation answered does it say none makes you keep an entry.
 */
function noCostLead(summary: InventorySummary): string {
  const { total, counts } = summary;
  const checked = total - counts.unchecked;
  if (checked === 0) return `0 of ${total} ${total === 1 ? 'organisation' : 'organisations'} checked yet`;
  if (summary.homeWithoutMfa) {
    return 'Your home sign-in carried no MFA, so the app cannot yet tell which organisations accept it: sign in at home with MFA and scan again';
  }
  const untold = counts.unchecked + counts.error + counts['needs-sign-in'];
  if (untold > 0) {
    const none =
      checked === 1
        ? 'The one organisation checked so far does not make'
        : `None of the ${checked} organisations checked so far makes`;
    return `${none} you keep its own Authenticator entry; ${untold} of ${total} could not be told yet`;
  }
  return 'No organisation makes you keep its own Authenticator entry, as far as the checks show';
}

export function inventoryHeadline(summary: InventorySummary): Headline {
  if (summary.total === 0) return { answer: 'No organisations yet.', rest: '' };
  const costing = clauses(COSTING, { ...summary.counts, ...summary.costing });
  const removable = summary.removableEntries + summary.orphanedEntries;
  const entries = removable > 0 ? [`${removable} ${removable === 1 ? 'entry can' : 'entries can'} be removed`] : [];
  const denied =
    summary.answeredNoEntry > 0
      ? [
          `${summary.answeredNoEntry} ${summary.answeredNoEntry === 1 ? 'asks' : 'ask'} for its own MFA where you said you have no entry`,
        ]
      : [];
  const lead = costing.length > 0 ? [...costing, ...denied, ...entries] : [noCostLead(summary), ...denied, ...entries];
  const rest = clauses(REST, summary.counts);
  return {
    answer: `${lead.join('; ')}.`,
    rest: rest.length > 0 ? `${rest.join('; ')}.` : '',
  };
}
