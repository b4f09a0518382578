import type { MessageDescriptor } from 'react-intl';
import { useFormat } from '../../utils/format';
import { msg, useT } from '../../utils/useT';

/**
 * Display helpers for billing pages. Dates are calendar dates and money is
 * exact decimal text with its currency: both are formatted by the admin's
 * formatter (admin/utils/format.ts) in the interface language.
 */
export const BASE = '/plugins/utilities/billing';

export const KIND_LABELS: Record<string, MessageDescriptor> = {
  apartment: msg('billing.kind.apartment', 'Apartment'),
  villa: msg('billing.kind.villa', 'Villa'),
  commercial: msg('billing.kind.commercial', 'Commercial'),
  industrial: msg('billing.kind.industrial', 'Industrial'),
  parking: msg('billing.kind.parking', 'Parking'),
  other: msg('billing.kind.other', 'Other'),
};

/** formatDate / formatRange / formatMoney / kindLabel in the admin's language. */
export function useBillingFormat() {
  const fmt = useFormat();
  const t = useT();
  return {
    formatDate: (date: string | null | undefined, empty?: string) => fmt.date(date, empty),
    formatRange: (from: string, to: string | null) => fmt.dateRange(from, to),
    formatMoney: (...args: Parameters<typeof fmt.money>) => fmt.money(...args),
    kindLabel: (kind: string) => (KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind),
  };
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
