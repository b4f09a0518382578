import { isRealDate } from '../../common/time';
import { meterNumberProblem, registerProblem, unprintableProblem } from '../../common/identifiers';
import { parseDecimal } from '../decimal-value';
import type { WallTime } from '../local-time';
import { canonicalUnit } from './units';

/**
 * The records of AEMO's Meter Data File Format (MDFF): NEM12 interval data and
 * NEM13 accumulated (basic meter) data. Each parser checks one record's fields
 * and returns it typed, or says what is wrong with it. The order of records and
 * what they produce is nem12-format.ts's business.
 *
 *   100 header            100,VersionHeader,DateTime(12),FromParticipant,ToParticipant
 *   200 NMI data details  200,NMI,NMIConfiguration,RegisterID,NMISuffix,MDMDataStreamIdentifier,
 *                             MeterSerialNumber,UOM,IntervalLength,NextScheduledReadDate
 *   300 interval data     300,IntervalDate(8),IntervalValue1…N,QualityMethod,ReasonCode,
 *                             ReasonDescription,UpdateDateTime(14),MSATSLoadDateTime(14)
 *                             with N = 1440 / IntervalLength
 *   400 interval event    400,StartInterval,EndInterval,QualityMethod,ReasonCode,ReasonDescription
 *   500 B2B details       500,TransCode,RetServiceOrder,ReadDateTime,IndexRead
 *   250 basic meter data  250,NMI,NMIConfiguration,RegisterID,NMISuffix,MDMDataStreamIdentifier,
 *                             MeterSerialNumber,DirectionIndicator,
 *                             PreviousRegisterRead,PreviousRegisterReadDateTime,PreviousQualityMethod,
 *                             PreviousReasonCode,PreviousReasonDescription,
 *                             CurrentRegisterRead,CurrentRegisterReadDateTime,CurrentQualityMethod,
 *                             CurrentReasonCode,CurrentReasonDescription,
 *                             Quantity,UOM,NextScheduledReadDate,UpdateDateTime,MSATSLoadDateTime
 *   550 B2B details       550,PreviousTransCode,PreviousRetServiceOrder,CurrentTransCode,CurrentRetServiceOrder
 *   900 end of data       900
 */

export type RecordType = '100' | '200' | '300' | '400' | '500' | '250' | '550' | '900';
export const RECORD_TYPES: readonly RecordType[] = ['100', '200', '300', '400', '500', '250', '550', '900'];

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

/** Field counts including the record indicator; a 300's depends on the interval length. */
export const FIELD_COUNTS: Record<Exclude<RecordType, '300'>, number> = {
  '100': 5,
  '200': 10,
  '400': 6,
  '500': 5,
  '250': 23,
  '550': 5,
  '900': 1,
};
/** A 300 record has the indicator, the date, N values and five trailing fields. */
export const INTERVAL_RECORD_FIXED_FIELDS = 7;

export const RECORD_NAMES: Record<RecordType, string> = {
  '100': 'header',
  '200': 'NMI data details',
  '300': 'interval data',
  '400': 'interval event',
  '500': 'B2B details',
  '250': 'basic meter data',
  '550': 'B2B details',
  '900': 'end of data',
};

export type Parsed<T> = { ok: true; record: T } | { ok: false; error: string };

/** A: actual, E: estimated, F: final substitute, N: null (no data), S: substituted, V: variable (see the 400 records). */
export type QualityFlag = 'A' | 'E' | 'F' | 'N' | 'S' | 'V';
export interface QualityMethod {
  flag: QualityFlag;
  /** The two-digit substitution/estimation method, when given (F14 → "14"). */
  method?: string;
}

export const INTERVAL_LENGTHS = [1, 5, 10, 15, 30, 60] as const;

export interface HeaderRecord {
  version: 'NEM12' | 'NEM13';
  createdAt: WallTime;
  fromParticipant: string;
  toParticipant: string;
}

export interface NmiDataDetailsRecord {
  nmi: string;
  nmiConfiguration: string;
  registerId: string;
  nmiSuffix: string;
  mdmDataStreamId: string;
  meterSerialNumber: string;
  uom: string;
  intervalLength: number;
  nextScheduledReadDate: string;
}

export interface IntervalDataRecord {
  date: WallTime;
  /** The N values exactly as written; each is checked when it becomes a reading. */
  values: string[];
  quality: QualityMethod;
  reasonCode: string;
  reasonDescription: string;
}

export interface IntervalEventRecord {
  startInterval: number;
  endInterval: number;
  quality: QualityMethod;
  reasonCode: string;
  reasonDescription: string;
}

export interface RegisterRead {
  value: string;
  readAt: WallTime;
  quality: QualityMethod;
}

export interface BasicMeterDataRecord {
  nmi: string;
  nmiConfiguration: string;
  registerId: string;
  nmiSuffix: string;
  mdmDataStreamId: string;
  meterSerialNumber: string;
  directionIndicator: string;
  /** Absent when the file gives no previous read (e.g. a new meter). */
  previous: RegisterRead | null;
  current: RegisterRead;
  quantity: string;
  uom: string;
}

/** Splits a record line. MDFF fields never contain commas or quotes; stray spaces are trimmed. */
export function splitRecord(line: string): string[] {
  return line.split(',').map((field) => field.trim());
}

export function checkFieldCount(type: Exclude<RecordType, '300'>, fields: string[]): string | null {
  const expected = FIELD_COUNTS[type];
  if (fields.length === expected) return null;
  return `A ${type} (${RECORD_NAMES[type]}) record has ${expected} field${expected === 1 ? '' : 's'}, this one has ${fields.length}`;
}

export function parseHeaderRecord(fields: string[]): Parsed<HeaderRecord> & { version?: string } {
  const version = (fields[1] ?? '').toUpperCase();
  if (version !== 'NEM12' && version !== 'NEM13') {
    return {
      ok: false,
      error: `The 100 header declares version "${fields[1] ?? ''}"; this format reads NEM12 and NEM13 files`,
      version,
    };
  }
  const count = checkFieldCount('100', fields);
  if (count) return { ok: false, error: count, version };
  const createdAt = parseDateTime(fields[2], 12);
  if (!createdAt.ok) return { ok: false, error: `The header's file date: ${createdAt.error}`, version };
  return {
    ok: true,
    record: { version, createdAt: createdAt.record, fromParticipant: fields[3], toParticipant: fields[4] },
    version,
  };
}

export function parseNmiDataDetails(fields: string[]): Parsed<NmiDataDetailsRecord> {
  const count = checkFieldCount('200', fields);
  if (count) return { ok: false, error: count };
  const [
    ,
    nmi,
    nmiConfiguration,
    registerId,
    nmiSuffix,
    mdmDataStreamId,
    meterSerialNumber,
    uom,
    length,
    nextRead,
  ] = fields;
  const nmiProblem = checkNmi(nmi);
  if (nmiProblem) return { ok: false, error: nmiProblem };
  const suffixProblem = checkSuffix(nmiSuffix);
  if (suffixProblem) return { ok: false, error: suffixProblem };
  const serialProblem = checkSerial(meterSerialNumber);
  if (serialProblem) return { ok: false, error: serialProblem };
  if (uom === '') return { ok: false, error: 'The unit of measure (UOM) is empty' };
  const intervalLength = Number(length);
  if (!/^\d{1,4}$/.test(length) || !(INTERVAL_LENGTHS as readonly number[]).includes(intervalLength)) {
    return {
      ok: false,
      error: `The interval length "${length}" is not one of ${INTERVAL_LENGTHS.join(', ')} minutes`,
    };
  }
  return {
    ok: true,
    record: {
      nmi: nmi.toUpperCase(),
      nmiConfiguration,
      registerId,
      nmiSuffix: nmiSuffix.toUpperCase(),
      mdmDataStreamId,
      meterSerialNumber,
      uom: canonicalUnit(uom),
      intervalLength,
      nextScheduledReadDate: nextRead,
    },
  };
}

export function parseIntervalData(fields: string[], intervalLength: number): Parsed<IntervalDataRecord> {
  const expected = 1440 / intervalLength;
  const count = fields.length - INTERVAL_RECORD_FIXED_FIELDS;
  if (count !== expected) {
    return {
      ok: false,
      error:
        `The 300 record has ${Math.max(count, 0)} interval value${count === 1 ? '' : 's'}, but with ${intervalLength}-minute ` +
        `intervals a day has ${expected} (a 300 record has ${expected + INTERVAL_RECORD_FIXED_FIELDS} fields, this one has ${fields.length})`,
    };
  }
  const date = parseDate8(fields[1]);
  if (!date.ok) return { ok: false, error: `The interval date: ${date.error}` };
  const tail = 2 + expected;
  const quality = parseQualityMethod(fields[tail]);
  if (!quality.ok) return quality;
  return {
    ok: true,
    record: {
      date: date.record,
      values: fields.slice(2, tail),
      quality: quality.record,
      reasonCode: fields[tail + 1],
      reasonDescription: fields[tail + 2],
    },
  };
}

export function parseIntervalEvent(fields: string[], intervalCount: number): Parsed<IntervalEventRecord> {
  const count = checkFieldCount('400', fields);
  if (count) return { ok: false, error: count };
  const [, start, end, qualityText, reasonCode, reasonDescription] = fields;
  const startInterval = Number(start);
  const endInterval = Number(end);
  if (!/^\d{1,4}$/.test(start) || !/^\d{1,4}$/.test(end)) {
    return { ok: false, error: `The interval range "${start}" to "${end}" is not two interval numbers` };
  }
  if (startInterval < 1 || endInterval > intervalCount || startInterval > endInterval) {
    return { ok: false, error: `The interval range ${start}–${end} is not within 1–${intervalCount}` };
  }
  const quality = parseQualityMethod(qualityText);
  if (!quality.ok) return quality;
  if (quality.record.flag === 'V')
    return { ok: false, error: 'A 400 record cannot have quality V: it sets the quality of its intervals' };
  return {
    ok: true,
    record: { startInterval, endInterval, quality: quality.record, reasonCode, reasonDescription },
  };
}

export function parseBasicMeterData(fields: string[]): Parsed<BasicMeterDataRecord> {
  const count = checkFieldCount('250', fields);
  if (count) return { ok: false, error: count };
  const [
    ,
    nmi,
    nmiConfiguration,
    registerId,
    nmiSuffix,
    mdmDataStreamId,
    meterSerialNumber,
    directionIndicator,
  ] = fields;
  const nmiProblem = checkNmi(nmi);
  if (nmiProblem) return { ok: false, error: nmiProblem };
  const suffixProblem = checkSuffix(nmiSuffix);
  if (suffixProblem) return { ok: false, error: suffixProblem };
  const serialProblem = checkSerial(meterSerialNumber);
  if (serialProblem) return { ok: false, error: serialProblem };
  const uom = fields[19];
  if (uom === '') return { ok: false, error: 'The unit of measure (UOM) is empty' };

  let previous: RegisterRead | null = null;
  if (fields[8] !== '' || fields[9] !== '') {
    const read = parseRegisterRead(fields[8], fields[9], fields[10], 'previous');
    if (!read.ok) return read;
    previous = read.record;
  }
  const current = parseRegisterRead(fields[13], fields[14], fields[15], 'current');
  if (!current.ok) return current;
  return {
    ok: true,
    record: {
      nmi: nmi.toUpperCase(),
      nmiConfiguration,
      registerId,
      nmiSuffix: nmiSuffix.toUpperCase(),
      mdmDataStreamId,
      meterSerialNumber,
      directionIndicator,
      previous,
      current: current.record,
      quantity: fields[18],
      uom: canonicalUnit(uom),
    },
  };
}

function parseRegisterRead(
  valueText: string,
  dateText: string,
  qualityText: string,
  which: string,
): Parsed<RegisterRead> {
  const value = parseDecimal(valueText);
  if (!value.ok) return { ok: false, error: `The ${which} register read: ${value.error}` };
  if (value.negative)
    return {
      ok: false,
      error: `The ${which} register read ${value.value} is negative: a register read cannot be`,
    };
  const readAt = parseDateTime(dateText, 14);
  if (!readAt.ok) return { ok: false, error: `The ${which} register read's date: ${readAt.error}` };
  const quality = parseQualityMethod(qualityText);
  if (!quality.ok) return { ok: false, error: `The ${which} register read's quality: ${quality.error}` };
  if (quality.record.flag === 'V')
    return { ok: false, error: `The ${which} register read cannot have quality V` };
  return { ok: true, record: { value: value.value, readAt: readAt.record, quality: quality.record } };
}

export function parseQualityMethod(text: string): Parsed<QualityMethod> {
  const m = /^([AEFNSV])(\d{2})?$/i.exec(text ?? '');
  if (!m) {
    return {
      ok: false,
      error: `The quality "${text ?? ''}" is not a quality flag (A, E, F, N, S or V, optionally followed by a two-digit method, e.g. F14)`,
    };
  }
  const quality: QualityMethod = { flag: m[1].toUpperCase() as QualityFlag };
  if (m[2] !== undefined) quality.method = m[2];
  return { ok: true, record: quality };
}

/**
 * NMIs are 10 characters, letters and digits (the 11th, a checksum, is not part of MDFF).
 * The shared rules (src/common/identifiers.ts) come first, so an invisible character is
 * named as such, as in every other format, rather than shown inside the value.
 */
function checkNmi(nmi: string): string | null {
  if (nmi === '') return 'The NMI is empty';
  const unprintable = unprintableProblem(nmi);
  if (unprintable) return `The NMI ${unprintable}`;
  if (!/^[A-Za-z0-9]{10}$/.test(nmi)) return `The NMI "${nmi}" is not 10 letters or digits`;
  return null;
}

/** The suffix becomes the reading's register: the shared register rule, then MDFF's two characters. */
function checkSuffix(suffix: string): string | null {
  const shared = suffix === '' ? null : registerProblem(suffix);
  if (shared) return `The NMI suffix ${shared}`;
  if (!/^[A-Za-z0-9]{2}$/.test(suffix))
    return `The NMI suffix "${suffix}" is not two letters or digits (e.g. E1, B1, Q1, 11)`;
  return null;
}

/** The meter serial becomes the reading's meter number (unless blank): the shared meter-number rule. */
function checkSerial(serial: string): string | null {
  const problem = serial === '' ? null : meterNumberProblem(serial);
  return problem ? `The meter serial number ${problem}` : null;
}

/** CCYYMMDD. */
export function parseDate8(text: string): Parsed<WallTime> {
  if (!/^\d{8}$/.test(text ?? ''))
    return { ok: false, error: `"${text ?? ''}" is not a date in the form CCYYMMDD` };
  return checkedWallTime(
    text,
    Number(text.slice(0, 4)),
    Number(text.slice(4, 6)),
    Number(text.slice(6, 8)),
    0,
    0,
    0,
  );
}

const DIGITS_12 = /^\d{12}$/;
const DIGITS_14 = /^\d{14}$/;

/** CCYYMMDDhhmm (12) or CCYYMMDDhhmmss (14). */
export function parseDateTime(text: string, digits: 12 | 14): Parsed<WallTime> {
  const shape = digits === 12 ? 'CCYYMMDDhhmm' : 'CCYYMMDDhhmmss';
  if (!(digits === 12 ? DIGITS_12 : DIGITS_14).test(text ?? ''))
    return { ok: false, error: `"${text ?? ''}" is not a date and time in the form ${shape}` };
  const n = (from: number, to: number) => Number(text.slice(from, to));
  return checkedWallTime(text, n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), digits === 14 ? n(12, 14) : 0);
}

function checkedWallTime(
  text: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Parsed<WallTime> {
  if (year < 1900 || year > 2199 || !isRealDate(year, month, day)) {
    return { ok: false, error: `"${text}" is not a real date` };
  }
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, error: `"${text}" is not a real time of day` };
  return { ok: true, record: { year, month, day, hour, minute, second, millisecond: 0 } };
}
