import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import {
  calendarRecordOf,
  parseCalendarRecord,
  weekSummary,
  type TariffCalendarRecord,
} from '../../../src/charging/tariffs';
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
    // Calendars have no "active" flag: the shared list must not filter on one.
    list: (query: Record<string, unknown>) => records.list({ ...query, active: undefined }),
  };
};
