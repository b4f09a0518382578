/**
 * Display helpers for billing pages. Dates are calendar dates: they are shown
 * for their own day (formatted in UTC, so the viewer's time zone can't shift
 * them). Money is exact decimal text shown with its ISO currency code, padded to
 * the currency's minor unit but never rounded — a unit price of 0.2534 CHF
 * stays 0.2534.
 */
export const BASE = '/plugins/utilities/billing';

export function formatDate(date: string | null | undefined, empty = '—'): string {
  if (!date) return empty;
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function formatRange(from: string, to: string | null): string {
  return to ? `${formatDate(from)} – ${formatDate(to)}` : `since ${formatDate(from)}`;
}

const minorDigits = new Map<string, number>();
function minorUnitDigits(currency: string): number {
  if (!minorDigits.has(currency)) {
    let digits = 2;
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      // unknown code: keep 2
    }
    minorDigits.set(currency, digits);
  }
  return minorDigits.get(currency)!;
}

export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace(/^[+-]/, '').split('.');
  const digits = Math.max(minorUnitDigits(currency), fraction.length);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  const text = digits > 0 ? `${grouped}.${fraction.padEnd(digits, '0')}` : grouped;
  return `${currency} ${negative ? '-' : ''}${text}`;
}

/** Today's date in an IANA zone, as yyyy-MM-dd. */
export function todayIn(timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The day after a yyyy-MM-dd date. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The first day of the month after the given date. */
export function firstOfNextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

export const KIND_LABELS: Record<string, string> = {
  apartment: 'Apartment',
  villa: 'Villa',
  commercial: 'Commercial',
  industrial: 'Industrial',
  parking: 'Parking',
  other: 'Other',
};
