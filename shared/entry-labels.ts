/**
 * The words for each Authenticator entry status, its basis and the user's answers: one home for them, so the
 * entries view, the drawer, the checklist, the exports, the headless runner and the emails say the same.
 */
import type { ChecklistPhase, EntryAnswer, EntryBasis, EntryStatus } from './model';

export interface EntryText {
  /** Badge, filter and export label. */
  label: string;
  /** What the status means for the guest, one sentence (tooltips, exports, docs). */
  meaning: string;
  /** How the UI colours it (never colour alone: the label goes with it). */
  tone: 'brand' | 'warning' | 'success' | 'danger' | 'informative' | 'subtle';
}

export const ENTRY_TEXT: Readonly<Record<EntryStatus, EntryText>> = {
  'in-use': {
    label: 'In use',
    meaning: 'This organisation demands its own MFA and you have registered there: you need this entry.',
    tone: 'brand',
  },
  'will-be-needed': {
    label: 'Will be needed',
    meaning: 'This organisation will make you register an MFA method with it at your next sign-in there.',
    tone: 'warning',
  },
  'not-needed': {
    label: 'Not needed',
    meaning: 'This organisation has only ever accepted your home MFA or asked for none: you need no entry for it.',
    tone: 'success',
  },
  leftover: {
    label: 'Leftover',
    meaning:
      'This organisation once demanded its own MFA and now accepts your home MFA: the entry can go (remove the method on its Security info page, then delete the entry).',
    tone: 'success',
  },
  orphaned: {
    label: 'Orphaned',
    meaning:
      'Your guest account there is gone while the organisation had demanded its own MFA: the entry is dead weight, and nobody there will reset it.',
    tone: 'danger',
  },
  unknown: {
    label: 'Unknown',
    meaning: 'Nothing the app has seen tells whether you have an entry for this organisation.',
    tone: 'informative',
  },
};

export function entryLabel(status: EntryStatus): string {
  return ENTRY_TEXT[status].label;
}

/** How an entry's word is known, as a short label beside it. */
export const ENTRY_BASIS_LABEL: Readonly<Record<EntryBasis, string>> = {
  graph: 'Methods read',
  you: 'You said so',
  inferred: 'Inferred',
};

/** The choices of "I have this entry in Authenticator". */
export const ENTRY_ANSWER_LABEL: Readonly<Record<EntryAnswer, string>> = {
  yes: 'Yes',
  no: 'No',
  unsure: 'Not sure',
};

/** The question the answers belong to. */
export const ENTRY_QUESTION = 'I have this entry in Authenticator';

/** The headings of a checklist item's two groups of steps. */
export const PHASE_HEADING: Readonly<Record<ChecklistPhase, string>> = {
  before: 'Before you wipe the old phone',
  after: 'After you set up the new phone',
};

/**
 * What Microsoft documents about Authenticator backup for work or school accounts, printed above the checklist
 * ("Back up and recover account credentials in the Authenticator app",
 * https://support.microsoft.com/en-us/account-billing/back-up-and-recover-account-credentials-in-the-authenticator-app-bb939936-7a8d-4e88-bc43-49bc1a700a40;
 * its earlier text in MicrosoftDocs/azure-docs, articles/active-directory/user-help/user-help-auth-app-backup-recovery.md).
 * The checklist view and its PDF show the same sentences (docs/entries.md).
 */
export const BACKUP_FACTS: readonly string[] = [
  'Authenticator backup needs a personal Microsoft account as its recovery account (and iCloud on an iPhone), and restores only to the same kind of phone: an iPhone backup cannot be restored on Android, nor the reverse.',
  'A backup brings work or school accounts back by name only: each must be signed in again on the new phone, and for one that uses notifications the organisation gives a new QR code to scan (on its Security info page). So every organisation below needs its own steps, backup or not.',
];
