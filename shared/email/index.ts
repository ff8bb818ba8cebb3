/** Request emails: composing, recipients, the mailto hand-off and the locales. Pure; used by main and renderer. */
export { composeEmail, defaultRecipients, type EmailContext } from './compose';
export { buildMailto, DEFAULT_MAILTO_MAX, type MailtoLink } from './mailto';
export { checkRecipients, isValidEmailAddress, type RecipientCheck } from './address';
export {
  suggestRecipients,
  type BatchRecipients,
  type EmailBatchPlan,
  type RecipientSource,
  type RecipientSuggestion,
} from './recipients';
export type { CommonFacts, EmailLocale, TrustFacts } from './locale';
export { en } from './locales/en';
export { tidyPeriods } from './text';
