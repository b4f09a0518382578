/**
 * A time-of-use calendar (src/charging/tariffs/tariff-calendar.ts): windows
 * `{ band, days, from, to }` in local time, a default band, and holidays
 * treated as Sundays (a date-holidays region such as CH-ZH and/or explicit
 * dates). Stored as validated; the code is permanent, like the catalog's.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_tariff_calendars',
    info: { singularName: 'tariff-calendar', pluralName: 'tariff-calendars', displayName: 'Tariff calendar' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, unique: true, maxLength: 64 },
      name: { type: 'string', maxLength: 255 },
      windows: { type: 'json' },
      defaultBand: { type: 'string', maxLength: 16 },
      holidayRegion: { type: 'string', maxLength: 8 },
      holidayDates: { type: 'json' },
    },
  },
};
