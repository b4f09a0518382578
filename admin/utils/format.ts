import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { useT, type Translate } from './useT';

/**
 * Dates, times, numbers and money in the admin's interface language — the one
 * place the plugin's pages format them. The plugin's first market is Swiss, so
 * German, French and Italian take their Swiss conventions (de-CH writes
 * 1\'234.50, fr-CH 1 234,50); English keeps the admin's own.
 *
 * Calendar dates (yyyy-MM-dd: entry dates, rate validity, charge periods) name a
 * day, not an instant: they are formatted in UTC so no viewer's zone can shift
 * them. Instants (pulls, imports) are formatted in the zone the data belongs to
 * when it has one (a building's), else the browser's, and say which.
 */
export function formatLocale(locale: string): string {
  const language = locale.split('-')[0];
  return ['de', 'fr', 'it'].includes(language) && !locale.includes('-') ? `${language}-CH` : locale;
}

export type Formatter = ReturnType<typeof makeFormatter>;

export function makeFormatter(locale: string, t: Translate) {
  const tag = formatLocale(locale);
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const minorDigits = new Map<string, number>();
  const minorUnitDigits = (currency: string): number => {
    if (!minorDigits.has(currency)) {
      let digits = 2;
      try {
        digits =
          new Intl.NumberFormat(tag, { style: 'currency', currency }).resolvedOptions()
            .maximumFractionDigits ?? 2;
      } catch {
        // an unknown currency code: two decimals
      }
      minorDigits.set(currency, digits);
    }
    return minorDigits.get(currency)!;
  };

  const self = {
    locale: tag,

    /** A calendar date "2026-12-02" → "2 Dec 2026" / "02.12.2026"; "—" when absent. */
    date(date: string | null | undefined, empty = '—'): string {
      if (!date) return empty;
      const [y, m, d] = date.slice(0, 10).split('-').map(Number);
      if (!y || !m || !d) return date;
      return dateFormat.format(new Date(Date.UTC(y, m - 1, d)));
    },

    /** "1 Jan 2026 – 31 Jan 2026", or "since 1 Jan 2026" when open-ended. */
    dateRange(from: string, to: string | null | undefined): string {
      return to
        ? t('format.date-range', '{from} – {to}', { from: self.date(from), to: self.date(to) })
        : t('format.since', 'since {from}', { from: self.date(from) });
    },

    /** An instant, in `timeZone` when the data has one (else the browser's), with the zone named. */
    dateTime(iso: string | null | undefined, timeZone?: string | null): string {
      if (!iso) return '—';
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      // dateStyle/timeStyle can't be combined with timeZoneName (Intl throws): the zone is appended.
      const text = new Intl.DateTimeFormat(tag, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: timeZone ?? undefined,
      }).format(date);
      return timeZone ? `${text} (${timeZone})` : text;
    },

    /** A day or month bucket ("2024-01-05", "2024-01") as a short label. */
    period(period: string, kind: 'day' | 'month', long = false): string {
      const [y, m, d] = period.split('-').map(Number);
      const options: Intl.DateTimeFormatOptions =
        kind === 'day'
          ? {
              day: 'numeric',
              month: 'short',
              timeZone: 'UTC',
              ...(long ? { year: 'numeric', weekday: 'short' } : {}),
            }
          : { month: 'short', year: 'numeric', timeZone: 'UTC' };
      return new Intl.DateTimeFormat(tag, options).format(new Date(Date.UTC(y, (m || 1) - 1, d || 1)));
    },

    /** A quantity: exact decimal text or a number, at most `digits` decimals. */
    number(value: number | string | null | undefined, digits = 3): string {
      if (value === null || value === undefined || value === '') return '—';
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      return new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(n);
    },

    /**
     * Money with its currency, padded to the currency's minor unit but never
     * rounded: a unit price of 0.2534 CHF stays 0.2534.
     */
    money(amount: string | null | undefined, currency: string): string {
      if (amount === null || amount === undefined || amount === '') return '—';
      const fraction = amount.split('.')[1] ?? '';
      const digits = Math.min(20, Math.max(minorUnitDigits(currency), fraction.length));
      try {
        return new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(Number(amount));
      } catch {
        return `${currency} ${amount}`;
      }
    },

    /** A file size: "512 B", "1.5 MB". */
    size(bytes: number): string {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
      let value = bytes;
      let unit = 0;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
      }
      return new Intl.NumberFormat(tag, {
        style: 'unit',
        unit: units[unit],
        unitDisplay: 'short',
        maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
      }).format(value);
    },
  };
  return self;
}

/** The formatter for the admin's current language. */
export function useFormat(): Formatter {
  const { locale } = useIntl();
  const t = useT();
  return useMemo(() => makeFormatter(locale, t), [locale, t]);
}

/**
 * Decimal text as typed → the API's decimal text. Swiss and European users type
 * a decimal comma ("3,25") and may group thousands with an apostrophe or a space
 * ("1\'234,5"); the API takes "3.25". English input is passed on as typed, so
 * "1,234" there is not mistaken for 1.234.
 */
export function parseDecimalInput(text: string, locale: string): string {
  const trimmed = text.trim().replace(/[\s\u00a0\u202f'\u2019]/g, '');
  if (locale.split('-')[0] === 'en') return trimmed;
  // "1.234,5" (grouping point, decimal comma) or "3,25": the last comma is the decimal sign.
  if (/^[+-]?[\d.]*,\d*$/.test(trimmed)) return trimmed.replace(/\./g, '').replace(',', '.');
  return trimmed;
}
