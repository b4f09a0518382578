import { DateTime } from 'luxon';
import { invalid } from '../common/errors';
import { daysInMonth, fractionMillis, offsetMinutes, scanIso8601 } from '../common/time';
import {
  LocalTimeConverter,
  resolveTimeZone,
  wallTimeOf,
  type AmbiguousTimePolicy,
  type WallTime,
} from './local-time';

/**
 * Timestamps in meter files → UTC instants. A list of accepted formats is tried
 * in order; the first one whose shape fits the text decides. A format is one of
 *
 * - `iso`: ISO 8601 ("2024-03-31T14:30:00", "2024-03-31 14:30", "2024-03-31",
 *   with optional seconds, fractions and an offset "Z" / "+02:00");
 * - `excel-serial`: days since 1899-12-30 with a fraction for the time (45382.5);
 * - `unix-seconds`, `unix-milliseconds`: instants since 1970-01-01 UTC;
 * - anything else: a Luxon format ("dd.MM.yyyy HH:mm", "d-MMM-yyyy HH:mm");
 *   month names are English and matched case-insensitively ("12-jun-2021").
 *
 * A timestamp without an offset is wall-clock time in the channel's zone (see
 * local-time.ts for daylight-saving gaps and overlaps); one with an offset is an
 * instant and the zone does not matter. `Date.parse` is never used: it guesses.
 */

export const TIMESTAMP_KEYWORDS = ['iso', 'excel-serial', 'unix-seconds', 'unix-milliseconds'] as const;
export const DEFAULT_TIMESTAMP_FORMATS = ['iso'];

export interface TimestampParserOptions {
  formats: string[];
  timeZone: string;
  ambiguous?: AmbiguousTimePolicy;
}

export type TimestampResult = { ok: true; date: Date } | { ok: false; error: string };
export type TimestampParser = (text: string) => TimestampResult;

/** What one format makes of a text: nothing (shape does not fit), an instant, a wall time, or an error. */
type Reading = null | { epochMs: number } | { wall: WallTime } | { error: string };
type FormatReader = (text: string) => Reading;

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
const MIN_EPOCH = Date.UTC(MIN_YEAR, 0, 1) - 14 * 3_600_000;
const MAX_EPOCH = Date.UTC(MAX_YEAR + 1, 0, 1) + 14 * 3_600_000;
const MAX_TEXT = 100;

export function createTimestampParser(options: TimestampParserOptions): TimestampParser {
  const zone = resolveTimeZone(options.timeZone);
  if (!zone)
    throw invalid(`"${options.timeZone}" is not a known time zone (use an IANA name such as Europe/Zurich)`);
  if (options.formats.length === 0) throw invalid('At least one timestamp format is needed');
  const converter = new LocalTimeConverter(zone, options.ambiguous ?? 'earlier');
  const readers = options.formats.map(compileFormat);
  const expected = describeFormats(options.formats);

  return (text) => {
    const trimmed = text.trim();
    if (trimmed === '') return { ok: false, error: 'The timestamp is empty' };
    if (trimmed.length > MAX_TEXT)
      return { ok: false, error: `"${trimmed.slice(0, 40)}…" is not a timestamp (too long)` };
    let firstError: string | null = null;
    for (const read of readers) {
      const reading = read(trimmed);
      if (reading === null) continue;
      if ('error' in reading) {
        firstError ??= reading.error;
        continue;
      }
      if ('wall' in reading) {
        const { wall } = reading;
        if (wall.year < MIN_YEAR || wall.year > MAX_YEAR) {
          firstError ??= `"${trimmed}" is outside the years ${MIN_YEAR}–${MAX_YEAR}`;
          continue;
        }
        const utc = converter.toUtc(wall);
        if (!utc.ok) return { ok: false, error: `"${trimmed}" ${utc.error}` };
        return { ok: true, date: new Date(utc.epochMs) };
      }
      if (reading.epochMs < MIN_EPOCH || reading.epochMs > MAX_EPOCH || !Number.isFinite(reading.epochMs)) {
        firstError ??= `"${trimmed}" is outside the years ${MIN_YEAR}–${MAX_YEAR}`;
        continue;
      }
      return { ok: true, date: new Date(reading.epochMs) };
    }
    return {
      ok: false,
      error: firstError ?? `"${trimmed}" is not a timestamp in the expected format (${expected})`,
    };
  };
}

/** Checks a format list once, when a channel is saved; returns the problem or null. */
export function checkTimestampFormat(format: string): string | null {
  if ((TIMESTAMP_KEYWORDS as readonly string[]).includes(format)) return null;
  const tokens = formatTokens(format);
  if (!/[yY]/.test(tokens)) return `Timestamp format "${format}" has no year (use yyyy)`;
  if (!/[MLo]/.test(tokens) && !/W/.test(tokens))
    return `Timestamp format "${format}" has no month (use MM or MMM)`;
  return null;
}

function compileFormat(format: string): FormatReader {
  switch (format) {
    case 'iso':
      return readIso;
    case 'excel-serial':
      return readExcelSerial;
    case 'unix-seconds':
      return (text) =>
        /^-?\d{1,12}(?:\.\d{1,9})?$/.test(text) ? { epochMs: Math.round(Number(text) * 1000) } : null;
    case 'unix-milliseconds':
      return (text) => (/^-?\d{1,15}$/.test(text) ? { epochMs: Number(text) } : null);
    default:
      return luxonReader(format);
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The usual ISO 8601 shapes by hand (fast, precise errors); the rare ones (week dates, basic format) through Luxon. */
function readIso(text: string): Reading {
  const parts = scanIso8601(text);
  // At most nanoseconds; longer fractions are Luxon's to judge.
  if (!parts || (parts.fraction !== null && parts.fraction.length > 9)) return readIsoWithLuxon(text);
  const { year, month, day, hour, minute } = parts;
  const second = parts.second ?? 0;
  const millisecond = fractionMillis(parts.fraction);

  if (year < MIN_YEAR || year > MAX_YEAR)
    return { error: `"${text}" is outside the years ${MIN_YEAR}–${MAX_YEAR}` };
  if (month < 1 || month > 12) return { error: `"${text}" is not a real date: there is no month ${month}` };
  const monthDays = daysInMonth(year, month);
  if (day < 1 || day > monthDays) {
    return { error: `"${text}" is not a real date: ${MONTHS[month - 1]} ${year} has ${monthDays} days` };
  }
  const endOfDay = hour === 24 && minute === 0 && second === 0 && millisecond === 0;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) {
    return { error: `"${text}" is not a real time of day` };
  }
  // ISO 8601 allows 24:00 for the end of a day: the next day's 00:00 (Date.UTC rolls it over).
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offset = parts.offset;
  if (offset !== null) {
    const minutes = offsetMinutes(offset, 18);
    if (minutes === null) return { error: `"${text}" has an impossible UTC offset "${offset}"` };
    return { epochMs: wallMs - minutes * 60_000 };
  }
  return {
    wall: endOfDay ? wallTimeOf(wallMs) : { year, month, day, hour, minute, second, millisecond },
  };
}

function readIsoWithLuxon(text: string): Reading {
  if (!/^[+-]?\d{4}/.test(text)) return null;
  const dt = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  if (!dt.isValid) {
    return dt.invalidReason === 'unit out of range'
      ? { error: `"${text}" is not a real date or time` }
      : null;
  }
  const hasOffset = /T/i.test(text) && /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text);
  return hasOffset ? { epochMs: dt.toMillis() } : { wall: wallOf(dt) };
}

/** Excel's day count, in the zone's wall-clock time (that is what a spreadsheet shows). */
function readExcelSerial(text: string): Reading {
  if (!/^\d{1,7}(?:\.\d+)?$/.test(text)) return null;
  const serial = Number(text);
  // Excel's 1900 calendar wrongly has a 29 February 1900 (serial 60); earlier serials are off by one day.
  if (serial < 61 || serial > 2958465)
    return { error: `"${text}" is outside the Excel date range this import accepts (1900-03-01 onwards)` };
  const seconds = Math.round((serial - 25569) * 86400);
  return { wall: wallTimeOf(seconds * 1000) };
}

function luxonReader(format: string): FormatReader {
  const parser = DateTime.buildFormatParser(format, { locale: 'en-US' });
  const hasOffset = /[Zz]/.test(formatTokens(format));
  return (text) => {
    const dt = DateTime.fromFormatParser(text, parser, { zone: 'utc', setZone: hasOffset });
    if (!dt.isValid) {
      if (dt.invalidReason === 'unit out of range') {
        return { error: `"${text}" is not a real date or time (${dt.invalidExplanation ?? 'out of range'})` };
      }
      return null;
    }
    return hasOffset ? { epochMs: dt.toMillis() } : { wall: wallOf(dt) };
  };
}

function wallOf(dt: DateTime): WallTime {
  return {
    year: dt.year,
    month: dt.month,
    day: dt.day,
    hour: dt.hour,
    minute: dt.minute,
    second: dt.second,
    millisecond: dt.millisecond,
  };
}

/** A Luxon format with its quoted literals removed, leaving the tokens. */
function formatTokens(format: string): string {
  return format.replace(/'[^']*'/g, '');
}

export function describeFormats(formats: string[]): string {
  return formats
    .map((f) => {
      switch (f) {
        case 'iso':
          return 'ISO 8601, e.g. 2024-03-31T14:30:00';
        case 'excel-serial':
          return 'an Excel date number, e.g. 45382.604';
        case 'unix-seconds':
          return 'Unix seconds';
        case 'unix-milliseconds':
          return 'Unix milliseconds';
        default:
          return `"${f}"`;
      }
    })
    .join(' or ');
}
