import { z } from 'zod';
import type { FormatOptionField } from '../format';
import { isValidTimeZone } from '../local-time';

/**
 * Options of the `nem12` format. NEM time is Australian Eastern Standard Time
 * all year round (UTC+10, no daylight saving): Australia/Brisbane is exactly
 * that, whatever the channel's own time zone says.
 */
export interface Nem12Options {
  /** Which identifier becomes the reading's meter number: the meter serial (NMI when blank) or the NMI. */
  meterKey: 'serial' | 'nmi';
  timeZone: string;
  /** Intervals with quality N (null: no data) are skipped unless this is on. */
  includeNullIntervals: boolean;
}

export const NEM12_DEFAULT_TIME_ZONE = 'Australia/Brisbane';

export const nem12OptionsSchema = z.strictObject({
  meterKey: z.enum(['serial', 'nmi'], { error: 'meterKey is "serial" or "nmi"' }).default('serial'),
  timeZone: z
    .string()
    .trim()
    .default(NEM12_DEFAULT_TIME_ZONE)
    .refine(isValidTimeZone, { error: 'Not a known IANA time zone (NEM time is Australia/Brisbane)' }),
  includeNullIntervals: z.boolean().default(false),
}) satisfies z.ZodType<Nem12Options, unknown>;

export const nem12OptionFields: FormatOptionField[] = [
  {
    key: 'meterKey',
    label: 'Match meters by',
    type: 'select',
    default: 'serial',
    options: [
      { value: 'serial', label: 'Meter serial number (NMI when the serial is blank)' },
      { value: 'nmi', label: 'NMI' },
    ],
    help: 'The register is the NMI suffix (E1, B1, Q1 …) either way.',
  },
  {
    key: 'timeZone',
    label: 'Market time zone',
    type: 'string',
    default: NEM12_DEFAULT_TIME_ZONE,
    help: 'NEM files are in market time, UTC+10 without daylight saving (Australia/Brisbane). Interval readings are stamped at the end of each interval.',
  },
  {
    key: 'includeNullIntervals',
    label: 'Keep null intervals (quality N)',
    type: 'boolean',
    default: false,
    help: 'Quality N means no data: by default such intervals are skipped rather than stored as a value.',
  },
];
