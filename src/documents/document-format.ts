import { LOCALE_OF, type DocumentLanguage } from './languages';

/**
 * Numbers, money and dates on a document, in the party's locale (de-CH writes
 * 1’234.50, fr-CH 1 234,50 …). Amounts arrive as exact decimal text from the
 * charging engine and are formatted as text (Intl's exact-decimal string input),
 * never through a binary double.
 */
export function formatAmount(language: DocumentLanguage, value: string, fractionDigits = 2): string {
  // Cast: Intl formats a decimal string exactly (ES2023 StringNumericLiteral); the ES2022 lib types only number.
  return printable(
    new Intl.NumberFormat(LOCALE_OF[language], {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    }).format(value as unknown as number),
  );
}

/**
 * fr-CH groups digits with a narrow no-break space (U+202F), which the PDF's
 * standard fonts (WinAnsi) cannot show: it becomes an ordinary no-break space.
 */
const printable = (text: string) => text.replace(/\u202f/g, '\u00a0');

/** A quantity or price: as many decimals as it has (up to 6), at least `min`. */
export function formatQuantity(language: DocumentLanguage, value: string, min = 0): string {
  // Cast: Intl formats a decimal string exactly (ES2023 StringNumericLiteral); the ES2022 lib types only number.
  return printable(
    new Intl.NumberFormat(LOCALE_OF[language], {
      minimumFractionDigits: min,
      maximumFractionDigits: 6,
    }).format(value as unknown as number),
  );
}

/** A calendar date (YYYY-MM-DD) in the locale's numeric style, e.g. 31.01.2026. */
export function formatDate(language: DocumentLanguage, isoDate: string): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** A month (YYYY-MM) as a short name, for the chart's axis. */
export function formatMonthShort(language: DocumentLanguage, month: string): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], { month: 'short', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** The local date of an instant (a read's time) in the building's time zone, e.g. 01.01.2023. */
export function formatLocalDate(language: DocumentLanguage, instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone,
  }).format(new Date(instant));
}
