import { DateTime } from 'luxon';
import { parseTariffCalendar, type TariffCalendarInput } from '../../../../src/charging/tariffs';

export const ZONE = 'Europe/Zurich';

/** The common Swiss HT/NT calendar: HT Mon–Fri 07:00–20:00 and Sat 07:00–13:00, NT otherwise, Zurich holidays. */
export const swissInput: TariffCalendarInput = {
  code: 'EKZ-HTNT',
  windows: [
    { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
    { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
  ],
  defaultBand: 'NT',
  holidayRegion: 'CH-ZH',
};
export const swiss = parseTariffCalendar(swissInput);

/** Epoch ms of a local Zurich wall-clock time "yyyy-MM-dd HH:mm". */
export function local(text: string): number {
  return DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toMillis();
}

export const utc = (text: string): number => Date.parse(text);
