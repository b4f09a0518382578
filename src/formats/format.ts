import type { Readable } from 'node:stream';
import { z } from 'zod';
import { parseInput } from '../common/validate';

/**
 * The format SDK: what a meter-file format is and what it hands back.
 *
 * A format turns the bytes of one file into a stream of row outcomes. It never
 * touches the database and never throws on bad input: every problem becomes an
 * outcome a person can act on (a rejected row with its line number, or one fatal
 * outcome when the file as a whole cannot be read). Matching rows to meters,
 * de-duplicating and bulk-writing belong to the ingestion pipeline.
 */

/** A register read (the meter's running total) or the consumption of one interval. */
export type ReadingKind = 'cumulative' | 'interval';

export interface MeterReadingRecord {
  /** The meter's number (serial) as the file spells it, trimmed. */
  meterNumber: string;
  /** The register of the meter this value belongs to (e.g. "1.8.0", "E1"). */
  register: string;
  /**
   * The instant of the reading, UTC. For interval data it is the END of the
   * interval, so the value is the consumption of (readingAt - length, readingAt].
   */
  readingAt: Date;
  /**
   * The value as an exact decimal string in canonical form ("-12.5", "0.001",
   * "6342.8"): never a JS number, so 0.1 + 0.2 problems cannot creep in.
   */
  value: string;
  readingKind: ReadingKind;
  unit?: string;
  /** A short quality flag, e.g. NEM12's A (actual), E (estimated), S (substituted). */
  quality?: string;
  /** Australian National Metering Identifier, when the file carries one. */
  nmi?: string;
}

export interface ReadingRow {
  kind: 'reading';
  /** 1-based line of the file the reading came from (where its record starts). */
  line: number;
  reading: MeterReadingRecord;
}

export interface RejectedRow {
  kind: 'rejected';
  line: number;
  /** The record type for record-structured formats (NEM12 "300"). */
  recordType?: string;
  /** The offending text, cut to {@link RAW_TEXT_LIMIT} characters. */
  raw: string;
  /** Why, in words a person can act on. */
  error: string;
}

export interface FatalOutcome {
  kind: 'fatal';
  /** Why the file cannot be read (further). Always the last outcome of a parse. */
  error: string;
  /** The line where reading stopped, when it stopped part-way. */
  line?: number;
}

export type ParsedRow = ReadingRow | RejectedRow | FatalOutcome;

/** Facts about the channel and the file that are not format options. */
export interface FormatContext {
  /**
   * The channel's IANA time zone ("Europe/Zurich"): local timestamps without an
   * offset are read in it. Formats with a fixed market time (NEM12) may ignore it.
   */
  timeZone: string;
  /** For messages only. */
  fileName?: string;
}

/** One field of the admin form that edits a format's options. */
export interface FormatOptionField {
  key: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'select';
  /** The choices of a select. */
  options?: { value: string; label: string }[];
  default?: string | number | boolean;
  help?: string;
}

export interface MeterFileFormat<TOptions = unknown> {
  /** Stable id stored in channel configs: lowercase letters, digits and dashes. */
  id: string;
  label: string;
  description?: string;
  /** Validates (and defaults) the options stored in a channel's config. */
  optionsSchema: z.ZodType<TOptions>;
  /** The same options described for the admin form. */
  optionFields: FormatOptionField[];
  /**
   * Reads the file, its rows in file order, in batches (a read chunk's rows at a time,
   * never the whole file: a yield per row costs an async generator's promises per row,
   * each through Strapi's async-context hooks). The returned iterable pulls from
   * `stream` as it is consumed (backpressure); stopping early destroys the stream.
   * Options must come from {@link parseFormatOptions}.
   */
  parse(stream: Readable, options: TOptions, context: FormatContext): AsyncIterable<ParsedRow[]>;
}

// The registry stores formats of different option types side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMeterFileFormat = MeterFileFormat<any>;

export const FORMAT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Identity helper that keeps the option type inferred from the schema. */
export function defineFormat<TOptions>(format: MeterFileFormat<TOptions>): MeterFileFormat<TOptions> {
  return format;
}

/**
 * Validates a channel's stored options for a format; a failure is a 400-style
 * DomainError naming the offending option.
 */
export function parseFormatOptions<TOptions>(format: MeterFileFormat<TOptions>, input: unknown): TOptions {
  return parseInput(format.optionsSchema, input ?? {});
}

/** Rejected rows quote at most this many characters of the offending text. */
export const RAW_TEXT_LIMIT = 500;

export function truncateRaw(text: string): string {
  return text.length <= RAW_TEXT_LIMIT ? text : `${text.slice(0, RAW_TEXT_LIMIT - 1)}…`;
}

export function rejectedRow(line: number, raw: string, error: string, recordType?: string): RejectedRow {
  const row: RejectedRow = { kind: 'rejected', line, raw: truncateRaw(raw), error };
  if (recordType !== undefined) row.recordType = recordType;
  return row;
}

export function fatal(error: string, line?: number): FatalOutcome {
  return line === undefined ? { kind: 'fatal', error } : { kind: 'fatal', error, line };
}

/** Rows produced one at a time, handed on `size` at a time (the last batch may be shorter). */
export async function* inBatches(rows: AsyncIterable<ParsedRow>, size: number): AsyncGenerator<ParsedRow[]> {
  const batch: ParsedRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) yield batch.splice(0);
  }
  if (batch.length) yield batch;
}
