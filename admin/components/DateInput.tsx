import { DatePicker } from '@strapi/design-system';
import { useT } from '../utils/useT';

/** "2026-12-02" → that calendar day at local midnight, the day Strapi's picker shows. */
function toDate(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

/** The picked day as calendar-date text, read in local time so no zone shifts the day. */
function toText(date: Date | undefined): string {
  if (!date) return '';
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('-');
}

/**
 * Strapi's date picker for a calendar date kept as "yyyy-MM-dd" text: typed in the
 * admin's locale (02.12.2026 in German), picked from a calendar, legible in dark mode.
 * Use inside a `Field.Root`, whose label names it.
 */
export function DateInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useT();
  return (
    <DatePicker
      value={toDate(value)}
      onChange={(date: Date | undefined) => onChange(toText(date))}
      onClear={() => onChange('')}
      clearLabel={t('list.clear-date', 'Clear date')}
      locale={t.locale}
    />
  );
}
