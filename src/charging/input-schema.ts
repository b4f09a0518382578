import { z } from 'zod';
import { parseInput } from '../common/validate';
import { parseCalendarDate } from './calendar';
import { Dec, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, ONE, parseDecimal, parseInt64 } from './decimal';
import { parseInstant } from './instant';
import { CURRENCY_PATTERN } from './money';
import { isValidTimeZone } from './time-zone';
import { BAND_PATTERN } from './tariffs/schema-parts';
import { parseRateTariff } from './tariffs/rate-tariff';
import {
  USAGE_AGGREGATIONS,
  USAGE_FIELDS,
  type ChargingInput,
  type RateInput,
  type UsageField,
} from './types';

/**
 * The charging input, validated once. Parsing turns text into what the rules
 * compute with: dates into day numbers, instants into epoch milliseconds,
 * decimals into Dec. Anything malformed is refused with a DomainError naming
 * the field (e.g. "readings.12.value: …"), never a crash further in.
 *
 * Unknown keys are ignored rather than refused: readings and usage records
 * come straight from database rows that carry more columns than charging needs.
 */

const MAX_ID_LENGTH = 200;
/** Five years: long enough for any charge period, short enough to refuse a typo like 2204-01-01. */
export const MAX_PERIOD_DAYS = 1830;

const id = (what: string) =>
  z
    .string({ error: `${what} is required and must be text` })
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_ID_LENGTH, { error: `${what} must be at most ${MAX_ID_LENGTH} characters` });

const nullableId = (what: string) =>
  id(what)
    .nullish()
    .transform((value) => value ?? null);

const calendarDate = (what: string) =>
  z.string({ error: `${what} must be a date (yyyy-MM-dd)` }).transform((text, ctx) => {
    const day = parseCalendarDate(text);
    if (day === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a real date written yyyy-MM-dd, got "${text.slice(0, 40)}"`,
      });
      return z.NEVER;
    }
    return day;
  });

const nullableCalendarDate = (what: string) => calendarDate(what).nullable();

const instant = (what: string) =>
  z
    .union([z.string(), z.number(), z.date()], {
      error: `${what} must be an ISO 8601 instant, a Date or epoch milliseconds`,
    })
    .transform((value, ctx) => {
      const ms = parseInstant(value);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be an ISO 8601 instant with a zone ("2024-06-01T00:00:00Z"), a valid Date or whole epoch milliseconds`,
        });
        return z.NEVER;
      }
      return ms;
    });

export type DecimalCheck = (value: Dec) => string | null;

/** A decimal as text or number, parsed exactly (parseDecimal), with an optional check. Shared by every input schema. */
export const decimal = (what: string, check?: DecimalCheck) =>
  z.union([z.string(), z.number()], { error: `${what} must be a decimal number` }).transform((value, ctx) => {
    const parsed = parseDecimal(value);
    if (parsed === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a plain decimal number such as 12.5, with at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`,
      });
      return z.NEVER;
    }
    const problem = check?.(parsed);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
      return z.NEVER;
    }
    return parsed;
  });

export const nonNegative: DecimalCheck = (v) => (v.isNegative() ? 'must not be negative' : null);
export const positive: DecimalCheck = (v) =>
  v.isPositive() && !v.isZero() ? null : 'must be greater than 0';
const percentage: DecimalCheck = (v) =>
  v.isNegative() || v.greaterThan(100) ? 'must be a percentage between 0 and 100' : null;

const counter = (what: string) =>
  z
    .union([z.string(), z.number(), z.bigint()], { error: `${what} must be a 64-bit integer` })
    .nullish()
    .transform((value, ctx) => {
      if (value === null || value === undefined) return null;
      const parsed = parseInt64(value);
      if (parsed === null) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be a whole number within the 64-bit range (send large values as text)`,
        });
        return z.NEVER;
      }
      return parsed;
    });

// ───────────────────────────── meters and readings ─────────────────────────────

const installationSchema = z
  .object(
    { from: calendarDate('Installation from'), to: nullableCalendarDate('Installation to') },
    { error: 'Each installation must be an object with from and to' },
  )
  .transform((value, ctx) => {
    if (value.to !== null && value.to < value.from) {
      ctx.addIssue({ code: 'custom', message: 'Installation "to" must not be before "from"', path: ['to'] });
      return z.NEVER;
    }
    return { fromDay: value.from, toDay: value.to };
  });

const meterSchema = z
  .object(
    {
      id: id('Meter id'),
      meterNumber: id('Meter number'),
      utilityType: nullableId('Utility type'),
      unit: z.string({ error: 'Unit must be text' }).max(32, { error: 'Unit must be at most 32 characters' }),
      multiplier: decimal('Multiplier', positive).nullish(),
      rolloverAt: decimal('Rollover value', positive).nullish(),
      registers: z.array(id('Register'), { error: 'Registers must be a list' }).max(64),
      intervalMinutes: z
        .number({ error: 'Interval minutes must be a number' })
        .int({ error: 'Interval minutes must be whole' })
        .min(1, { error: 'Interval minutes must be at least 1' })
        .max(1440 * 31, { error: 'Interval minutes is too large' })
        .nullish(),
      installations: z.array(installationSchema, { error: 'Installations must be a list' }),
      registerBands: z
        .record(
          id('Register'),
          z.string({ error: 'A register band must be a band code such as HT' }).regex(BAND_PATTERN, {
            error: 'A register band must be a band code of 1–16 letters, digits, "-" or "_" (e.g. HT)',
          }),
          { error: 'Register bands must be an object of register → band, e.g. {"1.8.1":"HT"}' },
        )
        .nullish(),
    },
    { error: 'Each meter must be an object' },
  )
  .transform((meter) => ({
    id: meter.id,
    meterNumber: meter.meterNumber,
    utilityType: meter.utilityType,
    unit: meter.unit,
    multiplier: meter.multiplier ?? ONE,
    rolloverAt: meter.rolloverAt ?? null,
    registers: [...new Set(meter.registers)].sort(),
    intervalMs: meter.intervalMinutes ? meter.intervalMinutes * 60_000 : null,
    installations: [...meter.installations].sort((a, b) => a.fromDay - b.fromDay),
    registerBands:
      meter.registerBands && Object.keys(meter.registerBands).length ? meter.registerBands : null,
  }));

const readingSchema = z.object(
  {
    meterNumber: id('Meter number'),
    register: id('Register'),
    readingAt: instant('Reading time'),
    value: decimal('Reading value'),
    kind: z.enum(['cumulative', 'interval'], { error: 'Reading kind must be "cumulative" or "interval"' }),
  },
  { error: 'Each reading must be an object' },
);
type ParsedReadingRow = z.output<typeof readingSchema>;

/**
 * Readings are the bulk of the input (a million in a large run), so well-formed
 * ones take a hand-written path that accepts exactly what readingSchema
 * accepts, about five times faster. Anything it does not accept goes through
 * readingSchema itself, so the error a person sees is the schema's.
 */
function fastReading(item: unknown): ParsedReadingRow | null {
  if (typeof item !== 'object' || item === null) return null;
  const { meterNumber, register, readingAt, value, kind } = item as Record<string, unknown>;
  if (!isId(meterNumber) || !isId(register) || (kind !== 'cumulative' && kind !== 'interval')) return null;
  const at = parseInstant(readingAt);
  const parsed = at === null ? null : parseDecimal(value);
  return parsed === null ? null : { meterNumber, register, readingAt: at!, value: parsed, kind };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

const readingsSchema = z.array(z.unknown(), { error: 'Readings must be a list' }).transform((items, ctx) => {
  const rows: ParsedReadingRow[] = new Array<ParsedReadingRow>(items.length);
  for (let i = 0; i < items.length; i++) {
    const fast = fastReading(items[i]);
    if (fast) {
      rows[i] = fast;
      continue;
    }
    const checked = readingSchema.safeParse(items[i]);
    if (checked.success) {
      rows[i] = checked.data;
      continue;
    }
    for (const issue of checked.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: [i, ...issue.path] });
    }
    return z.NEVER;
  }
  return rows;
});

// ───────────────────────────── occupancy, badges ─────────────────────────────

const occupancySchema = z
  .object(
    {
      id: nullableId('Occupancy id'),
      partyId: id('Party'),
      entryDate: calendarDate('Entry date'),
      exitDate: nullableCalendarDate('Exit date'),
    },
    { error: 'Each occupancy must be an object' },
  )
  .transform((value, ctx) => {
    if (value.exitDate !== null && value.exitDate < value.entryDate) {
      ctx.addIssue({
        code: 'custom',
        message: 'Exit date must not be before the entry date',
        path: ['exitDate'],
      });
      return z.NEVER;
    }
    return { id: value.id, partyId: value.partyId, entryDay: value.entryDate, exitDay: value.exitDate };
  });

/** RFID UIDs are hex; readers differ in case and separators, so "04:a2:19" and "04A219" are one badge. */
export function normalizeBadgeUid(uid: string): string {
  return uid.replace(/[\s:-]/g, '').toUpperCase();
}

const badgeSchema = z
  .object(
    {
      uid: id('Badge UID'),
      partyId: id('Badge party'),
      active: z.boolean({ error: 'Badge active must be true or false' }),
      validFrom: nullableCalendarDate('Badge valid from'),
      validTo: nullableCalendarDate('Badge valid to'),
    },
    { error: 'Each badge must be an object' },
  )
  .transform((badge, ctx) => {
    if (badge.validFrom !== null && badge.validTo !== null && badge.validTo < badge.validFrom) {
      ctx.addIssue({
        code: 'custom',
        message: 'Badge "valid to" must not be before "valid from"',
        path: ['validTo'],
      });
      return z.NEVER;
    }
    return {
      uid: normalizeBadgeUid(badge.uid),
      partyId: badge.partyId,
      active: badge.active,
      fromDay: badge.validFrom,
      toDay: badge.validTo,
    };
  });

// ───────────────────────────── rates ─────────────────────────────

/** What a rate prices: a utility type's readings or a usage metric's records. */
export type RateTarget = { kind: 'utility'; code: string } | { kind: 'metric'; code: string };

export function targetKey(target: RateTarget): string {
  return `${target.kind}:${target.code}`;
}

const tierSchema = z.object(
  {
    upTo: decimal('Tier upper bound', positive).nullable(),
    unitPrice: decimal('Tier unit price', nonNegative),
  },
  { error: 'Each tier must be an object with upTo and unitPrice' },
);

export const rateSchema = z
  .object(
    {
      id: id('Rate id'),
      utilityType: nullableId('Rate utility type'),
      usageMetric: nullableId('Rate usage metric'),
      scope: z.enum(['default', 'building', 'billing-point'], {
        error: 'Rate scope must be "default", "building" or "billing-point"',
      }),
      buildingId: nullableId('Rate building'),
      billingPointId: nullableId('Rate billing point'),
      validFrom: calendarDate('Rate valid from'),
      validTo: nullableCalendarDate('Rate valid to'),
      unitPrice: decimal('Unit price', nonNegative),
      tiers: z.array(tierSchema, { error: 'Tiers must be a list' }).max(50).nullish(),
      fixedFeePerMonth: decimal('Fixed fee per month', nonNegative).nullish(),
      vatRate: decimal('VAT rate', percentage),
      currency: z.string({ error: 'Currency must be text' }).regex(CURRENCY_PATTERN, {
        error: 'Currency must be a three-letter ISO 4217 code such as CHF',
      }),
      // The time-of-use part is checked as a whole against its calendar (tariffs/rate-tariff.ts).
      tariffCalendar: z.unknown().optional(),
      bandPrices: z.unknown().optional(),
      components: z.unknown().optional(),
      demandPricePerKw: z.unknown().optional(),
      demandBands: z.unknown().optional(),
    },
    { error: 'Each rate must be an object' },
  )
  .transform((rate, ctx) => {
    const fail = (message: string, path: string) => {
      ctx.addIssue({ code: 'custom', message, path: [path] });
      return z.NEVER;
    };
    if ((rate.utilityType === null) === (rate.usageMetric === null)) {
      return fail('A rate prices exactly one of a utility type or a usage metric', 'utilityType');
    }
    if (rate.scope === 'building' && rate.buildingId === null)
      return fail('A building rate needs its building', 'buildingId');
    if (rate.scope === 'billing-point' && rate.billingPointId === null) {
      return fail('A billing-point rate needs its billing point', 'billingPointId');
    }
    if (rate.validTo !== null && rate.validTo < rate.validFrom)
      return fail('"Valid to" must not be before "valid from"', 'validTo');
    const tiers = rate.tiers ?? [];
    for (let i = 0; i < tiers.length; i++) {
      const upTo = tiers[i].upTo;
      const last = i === tiers.length - 1;
      if (last && upTo !== null) return fail('The last tier must have no upper bound (upTo null)', 'tiers');
      if (!last && upTo === null) return fail('Only the last tier may be open-ended', 'tiers');
      if (i > 0 && upTo !== null && !upTo.greaterThan(tiers[i - 1].upTo!)) {
        return fail('Tier upper bounds must increase from one tier to the next', 'tiers');
      }
    }
    const target: RateTarget =
      rate.utilityType !== null
        ? { kind: 'utility', code: rate.utilityType }
        : { kind: 'metric', code: rate.usageMetric! };
    const tariff = parseRateTariff(rate, target.kind, tiers.length > 0);
    if (!tariff.ok) {
      for (const problem of tariff.problems) ctx.addIssue({ code: 'custom', ...problem });
      return z.NEVER;
    }
    return {
      id: rate.id,
      target,
      scope: rate.scope,
      buildingId: rate.scope === 'building' ? rate.buildingId : null,
      billingPointId: rate.scope === 'billing-point' ? rate.billingPointId : null,
      fromDay: rate.validFrom,
      toDay: rate.validTo,
      unitPrice: rate.unitPrice,
      tiers,
      fixedFeePerMonth:
        rate.fixedFeePerMonth && !rate.fixedFeePerMonth.isZero() ? rate.fixedFeePerMonth : null,
      vatRate: rate.vatRate,
      currency: rate.currency,
      tariff: tariff.tariff,
    };
  });

// ───────────────────────────── usage ─────────────────────────────

const usageMetricSchema = z.object(
  {
    code: id('Usage metric code'),
    eGroup: id('Usage metric eGroup'),
    eId: nullableId('Usage metric eId'),
    field: z.enum(USAGE_FIELDS, { error: `Usage metric field must be one of ${USAGE_FIELDS.join(', ')}` }),
    aggregation: z.enum(USAGE_AGGREGATIONS, {
      error: `Usage metric aggregation must be one of ${USAGE_AGGREGATIONS.join(', ')}`,
    }),
    unit: z.string({ error: 'Usage metric unit must be text' }).max(32),
  },
  { error: 'Each usage metric must be an object' },
);

const usageRecordSchema = z
  .object(
    {
      eGroup: id('eGroup'),
      eId: z.string({ error: 'eId must be text' }).max(MAX_ID_LENGTH),
      deviceId: id('Device id'),
      eventRef: z.string().max(MAX_ID_LENGTH).nullish(),
      dtu: instant('dtu'),
      intCounter: counter('intCounter'),
      intCounter2: counter('intCounter2'),
      intCounter3: counter('intCounter3'),
      intCounter4: counter('intCounter4'),
      intCounter5: counter('intCounter5'),
      temperature: decimal('Temperature').nullish(),
      badge: z.string({ error: 'Badge must be text' }).max(MAX_ID_LENGTH).nullish(),
    },
    { error: 'Each usage record must be an object' },
  )
  .transform((record) => {
    const values: Record<UsageField, Dec | null> = {
      intCounter: record.intCounter,
      intCounter2: record.intCounter2,
      intCounter3: record.intCounter3,
      intCounter4: record.intCounter4,
      intCounter5: record.intCounter5,
      temperature: record.temperature ?? null,
    };
    const badge = record.badge ? normalizeBadgeUid(record.badge) : '';
    return {
      eGroup: record.eGroup,
      eId: record.eId,
      deviceId: record.deviceId,
      eventRef: record.eventRef ? record.eventRef : null,
      at: record.dtu,
      values,
      badge: badge === '' ? null : badge,
    };
  });

// ───────────────────────────── the whole input ─────────────────────────────

export const chargingInputSchema = z
  .object(
    {
      periodStart: calendarDate('Period start'),
      periodEnd: calendarDate('Period end'),
      timeZone: z.string({ error: 'Time zone is required' }).refine(isValidTimeZone, {
        error: 'Time zone must be an IANA zone such as Europe/Zurich',
      }),
      billingPoint: z.object(
        {
          id: id('Billing point id'),
          buildingId: nullableId('Building id'),
          ownerPartyId: id('Owner party'),
        },
        { error: 'Billing point is required' },
      ),
      meters: z.array(meterSchema, { error: 'Meters must be a list' }),
      readings: readingsSchema,
      occupancies: z.array(occupancySchema, { error: 'Occupancies must be a list' }),
      rates: z.array(rateSchema, { error: 'Rates must be a list' }),
      usageMetrics: z.array(usageMetricSchema, { error: 'Usage metrics must be a list' }).nullish(),
      usageRecords: z.array(usageRecordSchema, { error: 'Usage records must be a list' }).nullish(),
      badges: z.array(badgeSchema, { error: 'Badges must be a list' }).nullish(),
    },
    { error: 'The charging input must be an object' },
  )
  .transform((input, ctx) => {
    if (input.periodEnd < input.periodStart) {
      ctx.addIssue({
        code: 'custom',
        message: 'Period end must not be before period start',
        path: ['periodEnd'],
      });
      return z.NEVER;
    }
    if (input.periodEnd - input.periodStart + 1 > MAX_PERIOD_DAYS) {
      ctx.addIssue({
        code: 'custom',
        message: `A charge period may span at most ${MAX_PERIOD_DAYS} days`,
        path: ['periodEnd'],
      });
      return z.NEVER;
    }
    const duplicate = (values: string[]) => values.find((value, i) => values.indexOf(value) !== i);
    const checks: [string, string[], string][] = [
      ['meters', input.meters.map((m) => m.meterNumber), 'Meter number'],
      ['meters', input.meters.map((m) => m.id), 'Meter id'],
      ['rates', input.rates.map((r) => r.id), 'Rate id'],
      ['usageMetrics', (input.usageMetrics ?? []).map((m) => m.code), 'Usage metric code'],
    ];
    for (const [path, values, what] of checks) {
      const dup = duplicate(values);
      if (dup !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${what} "${dup}" appears twice`, path: [path] });
        return z.NEVER;
      }
    }
    return {
      periodStartDay: input.periodStart,
      periodEndDay: input.periodEnd,
      timeZone: input.timeZone,
      billingPoint: input.billingPoint,
      meters: input.meters,
      readings: input.readings,
      occupancies: input.occupancies,
      rates: input.rates,
      usageMetrics: input.usageMetrics ?? [],
      usageRecords: input.usageRecords ?? [],
      badges: input.badges ?? [],
    };
  });

export type ParsedChargingInput = z.output<typeof chargingInputSchema>;
export type ParsedMeter = ParsedChargingInput['meters'][number];
export type ParsedInstallation = ParsedMeter['installations'][number];
export type ParsedReading = ParsedChargingInput['readings'][number];
export type ParsedOccupancy = ParsedChargingInput['occupancies'][number];
export type ParsedRate = z.output<typeof rateSchema>;
export type ParsedTier = ParsedRate['tiers'][number];
export type ParsedUsageMetric = ParsedChargingInput['usageMetrics'][number];
export type ParsedUsageRecord = ParsedChargingInput['usageRecords'][number];
export type ParsedBadge = ParsedChargingInput['badges'][number];

/** Validates and normalizes a charging input; throws a 400-style DomainError naming the first bad field. */
export function parseChargingInput(input: unknown): ParsedChargingInput {
  return parseInput(chargingInputSchema, input);
}

/** Validates rates on their own (for the rate editor and GET /rates/effective). */
export function parseRates(rates: unknown): ParsedRate[] {
  return parseInput(z.array(rateSchema, { error: 'Rates must be a list' }), rates);
}

// The hand-written input types in types.ts and this schema must describe the same thing.
type Assignable<From, To> = From extends To ? true : false;
const inputTypesMatchSchema: Assignable<ChargingInput, z.input<typeof chargingInputSchema>> = true;
const rateTypesMatchSchema: Assignable<RateInput, z.input<typeof rateSchema>> = true;
void inputTypesMatchSchema;
void rateTypesMatchSchema;
