/**
 * Sentence tidying for text built from partner data: a name that ends in a period ("Fabrikam, Inc.") followed by
 * the sentence's own period must read "Fabrikam, Inc." once, not "Fabrikam, Inc..". An ellipsis ("…" or "...")
 * is left alone.
 */
export function tidyPeriods(text: string): string {
  return text.replace(/(?<!\.)\.\.(?!\.)/g, '.');
}
