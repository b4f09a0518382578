import type { Readable } from 'node:stream';
import { parseDecimal } from '../decimal-value';
import {
  defineFormat,
  fatal,
  inBatches,
  rejectedRow,
  type MeterReadingRecord,
  type ParsedRow,
} from '../format';
import { LocalTimeConverter, formatWallTime, resolveTimeZone } from '../local-time';
import { splitLines } from '../text/lines';
import { openText, type OpenedText } from '../text/open-text';
import { nem12OptionFields, nem12OptionsSchema, type Nem12Options } from './nem12-options';
import {
  checkFieldCount,
  isRecordType,
  parseBasicMeterData,
  parseHeaderRecord,
  parseIntervalData,
  parseIntervalEvent,
  parseNmiDataDetails,
  splitRecord,
  type IntervalDataRecord,
  type NmiDataDetailsRecord,
  type QualityFlag,
  type RegisterRead,
} from './records';

/**
 * The `nem12` format: AEMO MDFF files, NEM12 (interval data) and NEM13
 * (accumulated register reads) in one parser; the 100 header says which.
 *
 * - Each 300 interval value becomes an `interval` reading stamped at the END of
 *   its interval in market time (interval 1 of 2024-01-01 with 30-minute
 *   intervals ends 2024-01-01 00:30 +10:00 = 2023-12-31T14:30Z), with the unit
 *   of its 200 record and the quality flag of the 300 — or, when the 300 says V,
 *   of the 400 record covering that interval.
 * - Each 250 record becomes up to two `cumulative` readings: the previous and
 *   the current register read, at their own date-times.
 * - The meter number is the 200/250's meter serial (the NMI when it is blank),
 *   or the NMI (option `meterKey`); the register is the NMI suffix.
 *
 * A malformed record is one rejected row with its line number and record type,
 * and the rest of the file still loads: wrong field counts, unknown record
 * types, interval counts that do not fit the interval length, a 300 before any
 * 200 (or after a rejected one), 400s that do not follow a V-quality 300,
 * missing 100 header or 900 end, impossible dates, non-numbers. A file that does
 * not start like MDFF at all is one fatal outcome. Readings are produced as the
 * file streams; only one 300 record (waiting for its 400s) is held at a time.
 */
export const nem12Format = defineFormat<Nem12Options>({
  id: 'nem12',
  label: 'NEM12 / NEM13 (AEMO MDFF)',
  description: 'Australian Meter Data File Format: NEM12 interval data and NEM13 accumulated register reads.',
  optionsSchema: nem12OptionsSchema,
  optionFields: nem12OptionFields,
  // One line holds a day of one meter's readings: the per-row cost is small beside a line's.
  parse: (stream, options, context) => inBatches(parseNem12(stream, options, context), 1000),
});

/** A 1-minute 300 record is about 20 KB; anything far longer is not a record. */
export const NEM12_MAX_LINE_BYTES = 256 * 1024;

interface StreamContext {
  line: number;
  details: NmiDataDetailsRecord;
}

interface PendingDay {
  line: number;
  raw: string;
  stream: StreamContext;
  record: IntervalDataRecord;
  /** Per-interval quality from 400 records (index 0 = interval 1), when the 300 says V. */
  eventQuality: (QualityFlag | undefined)[] | null;
}

async function* parseNem12(
  stream: Readable,
  options: Nem12Options,
  _context: unknown,
): AsyncGenerator<ParsedRow> {
  const zone = resolveTimeZone(options.timeZone);
  if (!zone) {
    stream.destroy();
    yield fatal(`The market time zone "${options.timeZone}" is not a known IANA time zone`);
    return;
  }
  const opened = await openText(stream, { encoding: 'utf-8' });
  if (opened.kind === 'fatal') {
    yield fatal(opened.error);
    return;
  }
  if (opened.kind === 'empty') {
    yield fatal('The file is empty');
    return;
  }
  try {
    yield* readRecords(opened, options, new LocalTimeConverter(zone, 'earlier'));
  } finally {
    await opened.close();
  }
}

async function* readRecords(
  opened: OpenedText,
  options: Nem12Options,
  clock: LocalTimeConverter,
): AsyncGenerator<ParsedRow> {
  let version: 'NEM12' | 'NEM13' | null = null;
  let sawRecord = false;
  let sawHeader = false;
  let endLine: number | null = null;
  let lastLine = 0;
  /** The 200 record the next 300s belong to; `rejected` remembers a bad one so its 300s are not misfiled. */
  let current: StreamContext | { line: number; rejected: true } | null = null;
  let pending: PendingDay | null = null;

  try {
    for await (const line of splitLines(opened.chunks, NEM12_MAX_LINE_BYTES)) {
      lastLine = line.number;
      if (line.tooLong) {
        if (pending) yield* flushDay(pending, options, clock);
        pending = null;
        yield rejectedRow(
          line.number,
          line.head,
          `The line is ${line.length} bytes long, more than the ${NEM12_MAX_LINE_BYTES / 1024} KB a NEM12 record can be; it was skipped`,
          recordTypeOf(line.head),
        );
        continue;
      }
      const text = line.text;
      if (text.trim() === '') continue;
      const fields = splitRecord(text);
      const type = fields[0];
      const reject = (error: string, recordType: string = type) =>
        rejectedRow(line.number, text, error, recordType);

      if (!sawRecord) {
        sawRecord = true;
        if (!isRecordType(type)) {
          yield fatal(
            `This is not a NEM12/NEM13 file: it should start with a 100 header record, but line ${line.number} starts with "${clip(type)}"`,
            line.number,
          );
          return;
        }
        if (type !== '100') {
          version = type === '250' || type === '550' ? 'NEM13' : 'NEM12';
          yield rejectedRow(
            line.number,
            text,
            `The file has no 100 header record (it starts with a ${type} record); it was read as ${version}. ` +
              'Check that the file is complete.',
            '100',
          );
        }
      }

      if (type !== '400' && pending) {
        yield* flushDay(pending, options, clock);
        pending = null;
      }
      if (endLine !== null) {
        yield reject(`A record after the 900 end record on line ${endLine}: the file has data after its end`);
        continue;
      }
      if (!isRecordType(type)) {
        yield reject(
          `Unknown record type "${clip(type)}": NEM12/NEM13 records are 100, 200, 300, 400, 500, 250, 550 and 900`,
        );
        continue;
      }

      switch (type) {
        case '100': {
          if (sawHeader || version !== null) {
            yield reject('A second 100 header record: a file has one, on its first line');
            continue;
          }
          sawHeader = true;
          const header = parseHeaderRecord(fields);
          if (header.version !== 'NEM12' && header.version !== 'NEM13') {
            yield fatal(header.ok ? 'Unsupported version' : header.error, line.number);
            return;
          }
          version = header.version;
          if (!header.ok) yield reject(header.error);
          continue;
        }
        case '200': {
          if (version === 'NEM13') {
            yield reject('A 200 record (interval data details) in a NEM13 file: NEM13 carries 250 records');
            continue;
          }
          const details = parseNmiDataDetails(fields);
          if (!details.ok) {
            current = { line: line.number, rejected: true };
            yield reject(details.error);
            continue;
          }
          current = { line: line.number, details: details.record };
          continue;
        }
        case '300': {
          if (version === 'NEM13') {
            yield reject('A 300 record (interval data) in a NEM13 file: NEM13 carries 250 records');
            continue;
          }
          if (current === null) {
            yield reject(
              'A 300 record before any 200 record: the file does not say which meter and register it belongs to',
            );
            continue;
          }
          if ('rejected' in current) {
            yield reject(
              `This 300 record belongs to the 200 record on line ${current.line}, which was rejected`,
            );
            continue;
          }
          const day = parseIntervalData(fields, current.details.intervalLength);
          if (!day.ok) {
            yield reject(day.error);
            continue;
          }
          pending = {
            line: line.number,
            raw: text,
            stream: current,
            record: day.record,
            eventQuality: day.record.quality.flag === 'V' ? new Array(day.record.values.length) : null,
          };
          continue;
        }
        case '400': {
          if (!pending) {
            yield reject('A 400 record (interval event) that does not follow a 300 record');
            continue;
          }
          if (!pending.eventQuality) {
            yield reject(
              `A 400 record after a 300 record (line ${pending.line}) whose quality is ${pending.record.quality.flag}, not V: ` +
                'only a V-quality day takes its qualities from 400 records',
            );
            continue;
          }
          const event = parseIntervalEvent(fields, pending.record.values.length);
          if (!event.ok) {
            yield reject(event.error);
            continue;
          }
          const { startInterval, endInterval, quality } = event.record;
          const overlap = pending.eventQuality
            .slice(startInterval - 1, endInterval)
            .some((q) => q !== undefined);
          if (overlap) {
            yield reject(
              `The intervals ${startInterval}–${endInterval} overlap an earlier 400 record of the same day`,
            );
            continue;
          }
          pending.eventQuality.fill(quality.flag, startInterval - 1, endInterval);
          continue;
        }
        case '250': {
          if (version === 'NEM12') {
            yield reject('A 250 record (basic meter data) in a NEM12 file: NEM12 carries 200/300 records');
            continue;
          }
          const basic = parseBasicMeterData(fields);
          if (!basic.ok) {
            yield reject(basic.error);
            continue;
          }
          const r = basic.record;
          const meterNumber = meterNumberOf(options, r.nmi, r.meterSerialNumber);
          const reads: RegisterRead[] = r.previous ? [r.previous, r.current] : [r.current];
          const readings: MeterReadingRecord[] = [];
          let problem: string | null = null;
          for (const read of reads) {
            const at = clock.toUtc(read.readAt);
            if (!at.ok) {
              problem = `The register read at ${formatWallTime(read.readAt)} ${at.error}`;
              break;
            }
            readings.push({
              meterNumber,
              register: r.nmiSuffix,
              readingAt: new Date(at.epochMs),
              value: read.value,
              readingKind: 'cumulative',
              unit: r.uom,
              quality: read.quality.flag,
              nmi: r.nmi,
            });
          }
          if (problem) {
            yield reject(problem);
            continue;
          }
          for (const reading of readings) yield { kind: 'reading', line: line.number, reading };
          continue;
        }
        case '500':
        case '550':
        case '900': {
          // B2B details carry service-order references, not readings: checked, not used.
          const count = checkFieldCount(type, fields);
          if (count) yield reject(count);
          if (type === '900') endLine = line.number;
          continue;
        }
      }
    }
  } catch (error) {
    if (pending) yield* flushDay(pending, options, clock);
    yield fatal(
      `The file could not be read to the end: ${error instanceof Error ? error.message : String(error)}`,
      lastLine + 1,
    );
    return;
  }

  if (pending) yield* flushDay(pending, options, clock);
  if (endLine === null && sawRecord) {
    yield rejectedRow(
      lastLine,
      '',
      'The file ends without a 900 end record: it may have been cut off in transfer. The records before were read.',
      '900',
    );
  }
}

/** One 300 record (with its 400s) → its interval readings, and rejections for the intervals that cannot be read. */
function* flushDay(day: PendingDay, options: Nem12Options, clock: LocalTimeConverter): Generator<ParsedRow> {
  const { details } = day.stream;
  const { record } = day;
  const lengthMs = details.intervalLength * 60_000;
  const start = clock.toUtc(record.date);
  if (!start.ok) {
    yield rejectedRow(day.line, day.raw, `The interval date's midnight ${start.error}`, '300');
    return;
  }
  const meterNumber = meterNumberOf(options, details.nmi, details.meterSerialNumber);
  const uncovered: number[] = [];

  for (let i = 0; i < record.values.length; i++) {
    const flag = day.eventQuality ? day.eventQuality[i] : record.quality.flag;
    if (flag === undefined) {
      uncovered.push(i + 1);
      continue;
    }
    if (flag === 'N' && !options.includeNullIntervals) continue;
    const value = parseDecimal(record.values[i]);
    if (!value.ok || value.negative) {
      const why = value.ok
        ? `${value.value} is negative: interval energy is never negative (export has its own register)`
        : value.error;
      yield rejectedRow(
        day.line,
        day.raw,
        `Interval ${i + 1} (ending ${endOfInterval(i + 1, details.intervalLength)}): ${why}`,
        '300',
      );
      continue;
    }
    yield {
      kind: 'reading',
      line: day.line,
      reading: {
        meterNumber,
        register: details.nmiSuffix,
        readingAt: new Date(start.epochMs + (i + 1) * lengthMs),
        value: value.value,
        readingKind: 'interval',
        unit: details.uom,
        quality: flag,
        nmi: details.nmi,
      },
    };
  }

  for (const [from, to] of ranges(uncovered)) {
    yield rejectedRow(
      day.line,
      day.raw,
      `${from === to ? `Interval ${from} has` : `Intervals ${from}–${to} have`} no quality: the 300 record's quality is V ` +
        '(variable), but no 400 record covers ' +
        (from === to ? 'it' : 'them'),
      '300',
    );
  }
}

function meterNumberOf(options: Nem12Options, nmi: string, serial: string): string {
  return options.meterKey === 'nmi' || serial === '' ? nmi : serial;
}

function endOfInterval(interval: number, lengthMinutes: number): string {
  const minutes = interval * lengthMinutes;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function ranges(sorted: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

function recordTypeOf(text: string): string | undefined {
  const type = text.slice(0, text.indexOf(','));
  return isRecordType(type) ? type : undefined;
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 17)}…` : text;
}
