import { DateTime } from 'luxon';
import { readCommonUtcTime, readPlainIsoTime } from './plain-iso-time';
import { accept, kindOf, refuse, shown, type FieldResult } from './field-value';

/**
 * The two times of a usage record (guide, "Use Data"):
 *
 * - Dtu, the UTC time the use was recorded; the server stamps it when absent.
 * - Dt (DtDevice), the device's own local time, "optionally supplied by the device
 *   if it can". Its zone is unknown — a meter in a cellar rarely knows its time zone —
 *   so it is never converted: we keep the text the device sent and the wall-clock
 *   time read from it, and nobody pretends it is an instant.
 *
 * Accepted notations: ISO 8601 (with or without offset), SQL style
 * "2021-06-12 14:31:00", and the guide's spreadsheet style "12-jun-2021 14:31"
 * (`d-MMM-yyyy H:mm`, month name in any case, optional seconds, or a date alone).
 * Parsing is Luxon with explicit formats: `Date.parse` accepts different things on
 * different engines and guesses the zone, which is exactly what must not happen here.
 * The everyday ISO shape is read first by plain-iso-time.ts (the same reading, checked
 * against Luxon's, without a Luxon object per row of a large upload).
 */
export const TIME_TEXT_MAX_LENGTH = 64;
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 9999;

/** Wall-clock format used for local times and for spreadsheet dates handed on as text. */
export const WALL_CLOCK_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS";

const GUIDE_FORMATS = [
  'd-MMM-yyyy H:mm',
  'd-MMM-yyyy H:mm:ss',
  'd-MMMM-yyyy H:mm',
  'd-MMMM-yyyy H:mm:ss',
  'd-MMM-yyyy',
  'd-MMMM-yyyy',
];

const EXAMPLE = 'like 2021-06-12T14:31:00Z or 12-jun-2021 14:31';

type Zoning = { zone: 'utc'; setZone: boolean };

/** A time read from text: the instant (offset applied, or the text read as UTC) and the wall clock as written. */
type ReadTime = { instantMs: number; wallClock: string; wallYear: number };

/** Every accepted notation through Luxon; kept whole so the plain ISO reader can be checked against it. */
export function parseTimeTextWithLuxon(text: string, zoning: Zoning): DateTime | null {
  const options = { ...zoning, locale: 'en-US' };
  const iso = DateTime.fromISO(text, options);
  if (iso.isValid) return iso;
  const sql = DateTime.fromSQL(text, options);
  if (sql.isValid) return sql;
  for (const format of GUIDE_FORMATS) {
    const parsed = DateTime.fromFormat(text, format, options);
    if (parsed.isValid) return parsed;
  }
  return null;
}

function parseTimeText(text: string): ReadTime | null {
  const plain = readPlainIsoTime(text);
  if (plain) {
    const instantMs = plain.wallClockMs - (plain.offsetMinutes ?? 0) * 60_000;
    return { instantMs, wallClock: plain.wallClock, wallYear: Number(plain.wallClock.slice(0, 4)) };
  }
  // setZone keeps the written offset, so the wall clock is the one in the text.
  const time = parseTimeTextWithLuxon(text, { zone: 'utc', setZone: true });
  if (!time) return null;
  return { instantMs: time.toMillis(), wallClock: time.toFormat(WALL_CLOCK_FORMAT), wallYear: time.year };
}

const utcYearOf = (ms: number) => new Date(ms).getUTCFullYear();

/** `yearOf` picks the year the range check applies to: the UTC instant's (Dtu) or the wall clock's (Dt). */
function readTimeText(
  value: unknown,
  yearOf: (time: ReadTime) => number,
): FieldResult<{ text: string; time: ReadTime } | null> {
  if (value === undefined || value === null) return accept(null);
  if (Array.isArray(value))
    return refuse('must be a single value, not a list (was it given more than once?)');
  if (typeof value !== 'string')
    return refuse(`must be a date and time written as text ${EXAMPLE}, not ${kindOf(value)}`);
  const text = value.trim();
  if (text === '') return refuse(`is empty; leave the field out or send a date and time ${EXAMPLE}`);
  if (text.length > TIME_TEXT_MAX_LENGTH)
    return refuse(`is too long to be a date and time (${text.length} characters)`);
  const time = parseTimeText(text);
  if (!time) return refuse(`must be a date and time ${EXAMPLE} (got ${shown(text)})`);
  const year = yearOf(time);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    return refuse(`is outside the years ${EARLIEST_YEAR}–${LATEST_YEAR} (got ${shown(text)})`);
  }
  return accept({ text, time });
}

/**
 * Dtu → an ISO 8601 UTC instant ("2021-06-12T14:31:00.000Z"). A time without an
 * offset is read as UTC, because that is what this field is; an offset, when given,
 * is honoured and the instant converted.
 */
export function readUtcTime(value: unknown): FieldResult<string | null> {
  // The commonest shapes first, by hand (plain-iso-time.ts); it declines rather than refuses.
  const common = typeof value === 'string' ? readCommonUtcTime(value) : null;
  if (common !== null) {
    const year = Number(common.slice(0, 4));
    if (year >= EARLIEST_YEAR && year <= LATEST_YEAR) return accept(common);
  }
  const read = readTimeText(value, (time) => utcYearOf(time.instantMs));
  if (!read.ok || read.value === null) return read as FieldResult<null>;
  return accept(new Date(read.value.time.instantMs).toISOString());
}

export type DeviceTime = {
  /** Exactly what the device sent (trimmed), kept for audits and disputes. */
  text: string;
  /** The wall-clock time in it, ISO 8601 without offset ("2021-06-12T14:31:00.000"). */
  local: string;
};

/**
 * Dt → the device's wall-clock time. An offset in the text ("…+02:00") is kept in
 * `text` but not applied: the wall clock the device showed is what Dt records.
 */
export function readDeviceTime(value: unknown): FieldResult<DeviceTime | null> {
  const read = readTimeText(value, (time) => time.wallYear);
  if (!read.ok || read.value === null) return read as FieldResult<null>;
  return accept({ text: read.value.text, local: read.value.time.wallClock });
}

/**
 * The server's stamp for a record without Dtu: ISO 8601 in UTC with milliseconds, as Luxon's
 * `toUTC().toISO()` writes it for the server's clock, without building a DateTime on every
 * device POST (1.7 % of its CPU profile).
 */
export function utcStamp(now: Date): string {
  return now.toISOString();
}

// ---------------------------------------------------------------------------
// Excel dates

const MS_PER_DAY = 86_400_000;
/** Serial of 1970-01-01 in the 1900 date system (days since 1899-12-30, see below). */
const UNIX_EPOCH_SERIAL_1900 = 25569;
/** The 1904 date system (old Mac Excel) counts from 1904-01-01: 1462 days later. */
const DATE_1904_OFFSET_DAYS = 1462;
/** Serial 60 is Lotus 1-2-3's phantom 29-Feb-1900, kept by Excel; from 61 on, days since 1899-12-30 are exact. */
const FIRST_EXACT_SERIAL_1900 = 61;
/** 9999-12-31, Excel's last date. */
const LAST_SERIAL_1900 = 2_958_465;

/**
 * An Excel date serial (days since 1899-12-30 plus a fraction of a day) → its
 * wall-clock text, or null when it is not a date Excel itself can show. Excel
 * serials have no time zone: they are the wall-clock time typed into the cell.
 * The time is rounded to the millisecond to absorb the binary fraction
 * (14:31 is stored as 0.604861111…).
 */
export function excelSerialToWallClock(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const serial1900 = date1904 ? serial + DATE_1904_OFFSET_DAYS : serial;
  if (serial1900 < FIRST_EXACT_SERIAL_1900 || serial1900 > LAST_SERIAL_1900 + 1) return null;
  const ms = Math.round((serial1900 - UNIX_EPOCH_SERIAL_1900) * MS_PER_DAY);
  // "yyyy-MM-ddTHH:mm:ss.SSS" for the years 1900–9999 checked above, without a Luxon object per cell.
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * exceljs turns a date-formatted cell into a JS Date whose UTC fields are the
 * wall-clock time typed into the cell (it computes `(serial − 25569) × 86400000`).
 * Reading the UTC fields back gives that wall clock, independent of the server's zone.
 */
export function excelDateToWallClock(date: Date): string | null {
  const time = DateTime.fromJSDate(date, { zone: 'utc' });
  return time.isValid ? time.toFormat(WALL_CLOCK_FORMAT) : null;
}
