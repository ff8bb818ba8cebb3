/**
 * The inventory's five-second answer: one headline on what costs the user an Authenticator entry and what entries
 * can go, then one quieter line on the rest. The groups and each verdict's words are shared/verdicts.ts's.
 */
import type { InventorySummary } from '../../shared/selectors';
import { VERDICT_GROUPS, countedClauses, type VerdictKey } from '../../shared/verdicts';

/** The verdicts of one group (shared/verdicts.ts), in the table's order. */
const keysOf = (group: (typeof VERDICT_GROUPS)[number]['group']): readonly VerdictKey[] =>
  VERDICT_GROUPS.find((g) => g.group === group)?.keys ?? [];
const COSTING = keysOf('costs-entry');
const REST = [...keysOf('no-entry'), ...keysOf('other')];

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
  const costing = countedClauses(COSTING, { ...summary.counts, ...summary.costing });
  const removable = summary.removableEntries + summary.orphanedEntries;
  const entries = removable > 0 ? [`${removable} ${removable === 1 ? 'entry can' : 'entries can'} be removed`] : [];
  const denied =
    summary.answeredNoEntry > 0
      ? [
          `${summary.answeredNoEntry} ${summary.answeredNoEntry === 1 ? 'asks' : 'ask'} for its own MFA where you said you have no entry`,
        ]
      : [];
  const lead = costing.length > 0 ? [...costing, ...denied, ...entries] : [noCostLead(summary), ...denied, ...entries];
  const rest = countedClauses(REST, summary.counts);
  return {
    answer: `${lead.join('; ')}.`,
    rest: rest.length > 0 ? `${rest.join('; ')}.` : '',
  };
}
