import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  calendarRecordOf,
  parseCalendarRecord,
  weekSummary,
  type TariffCalendarRecord,
} from '../../../src/charging/tariffs';
import { ratesBrokenByCalendar } from '../../../src/billing/rate';
import { conflict } from '../../../src/common/errors';
import { getService } from '../../plugin';
import { codedRecords } from '../common/coded-records';

type Stored = TariffCalendarRecord & { documentId: string; createdAt: string; updatedAt: string };

const toDto = (row: Stored) => {
  const record = calendarRecordOf(row);
  return {
    documentId: row.documentId,
    ...record,
    week: weekSummary(record),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
};

/**
 * Tariff calendars (time-of-use bands). Guarded by the rates actions: a
 * calendar is part of how a rate prices, so whoever may change prices may
 * change when they apply.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = codedRecords<TariffCalendarRecord, Stored, ReturnType<typeof toDto>>(strapi, {
    uid: UID.tariffCalendar,
    label: 'Tariff calendar',
    toDto,
    parseCreate: (body) => parseCalendarRecord(body),
    parseUpdate: (body, storedCode) => parseCalendarRecord(body, storedCode),
    sortable: ['code', 'name', 'createdAt', 'updatedAt'],
    defaultSort: [{ field: 'code', direction: 'asc' }],
    searchFields: ['code', 'name'],
  });
  return {
    ...records,
    /**
     * A new schedule may not drop a band a rate prices, nor add one a rate has
     * no price for: 409 naming each such rate (change the rates first, or give
     * them a new calendar).
     */
    update: (documentId: string, body: unknown) =>
      records.update(documentId, body, async (stored, patch) => {
        const next = { ...calendarRecordOf(stored), ...patch };
        const broken = ratesBrokenByCalendar(
          await getService(strapi, 'rates').pricedByCalendar(stored.code),
          next,
        );
        if (broken.length > 0) {
          throw conflict(
            `Tariff calendar ${stored.code} prices rates that the new schedule would break: ${broken
              .map(
                (b) =>
                  `rate ${b.rateId} (${b.name ? `${b.name}, ` : ''}valid from ${b.validFrom}): ${b.problem}`,
              )
              .join('; ')}. Change those rates first.`,
            { rates: broken },
            'calendar-breaks-rates',
            {
              calendar: stored.code,
              // Named as a person knows them: "Smart meter tariff HT/NT (2018-01-01)".
              rates: broken.map((b) => `${b.name ?? b.rateId} (${b.validFrom})`).join(', '),
            },
          );
        }
      }),
    // Calendars have no "active" flag: the shared list must not filter on one.
    list: (query: Record<string, unknown>) => records.list({ ...query, active: undefined }),
  };
};
