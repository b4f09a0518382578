/**
 * The languages documents are written in: the four of the Swiss market. A party
 * may name one; otherwise the issuer's default language applies.
 */
export const DOCUMENT_LANGUAGES = ['de', 'fr', 'it', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

export const isDocumentLanguage = (value: unknown): value is DocumentLanguage =>
  typeof value === 'string' && (DOCUMENT_LANGUAGES as readonly string[]).includes(value);

/** The locale numbers and dates are written in: Swiss conventions for de/fr/it. */
export const LOCALE_OF: Readonly<Record<DocumentLanguage, string>> = {
  de: 'de-CH',
  fr: 'fr-CH',
  it: 'it-CH',
  en: 'en-GB',
};
