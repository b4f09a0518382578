import { z } from 'zod';
import {
  parseDecimal,
  decimalText,
  MAX_FRACTION_DIGITS,
  MAX_INTEGER_DIGITS,
  type Dec,
} from '../charging/decimal';
import { parseRates, type RateTarget } from '../charging/input-schema';
import { resolveRate, type RateResolution } from '../charging/rate-resolution';
import type { RateInput as ChargingRateInput, RateScope } from '../charging/types';
import { conflict, DomainError, invalid, invalidField } from '../common/errors';
import { parseInput } from '../common/validate';
import { calendarDate, optionalDate, previousDay, type CalendarDate } from './dates';
import { describeRange, firstOverlap, type DateRange } from './date-range';
import { bodyError, documentRef, optionalText } from './fields';
import { parseTariffCalendar, type TariffCalendarInput } from '../charging/tariffs/tariff-calendar';
import { parseTariffRate, tariffRateFields, type TariffRate } from '../charging/tariffs/tariff-rate';

/**
 * A rate: the price of a utility type's readings or of a usage metric's usage,
 * for everyone (scope default), one building or one billing point, valid from
 * a date to a date (both included; open-ended when `validTo` is null). Prices
 * are exact decimal text; graduated tiers, when set, replace the unit price and
 * bound quantities per month; the fixed fee is per month; VAT is a percentage
 * ("8.1" = 8.1 %); the currency is an ISO 4217 code.
 *
 * Within one target and scope (e.g. ELECTRICITY for building B1), validities
 * never overlap, so exactly one rate answers for a day. Changing prices is
 * adding a rate valid from a date: the open-ended rate before it closes the day
 * before, automatically. Which rate applies to a billing point is resolved most
 * specific first — billing point, building, default (src/charging/rate-resolution.ts).
 */
export const RATE_SCOPES = ['default', 'building', 'billing-point'] as const satisfies readonly RateScope[];
export const RATE_TARGET_KINDS = ['utility-type', 'usage-metric'] as const;
export type RateTargetKind = (typeof RATE_TARGET_KINDS)[number];

export type RateTier = { upTo: string | null; unitPrice: string };

/** A price component as stored: canonical decimal text; exactly one of unitPrice and bandPrices. */
export type RateComponentRecord = {
  name: string;
  unitPrice: string | null;
  bandPrices: Record<string, string> | null;
  vatRate: string;
  fixedFeePerMonth: string | null;
};

/** A rate as stored: scalar references (documentIds), decimals as canonical text. */
export type RateRecord = {
  targetKind: RateTargetKind;
  targetRef: string;
  scope: RateScope;
  /** The building or billing point documentId; '' for the default scope (so the unique index sees it). */
  scopeRef: string;
  validFrom: CalendarDate;
  validTo: CalendarDate | null;
  /** null when tiers set the price. */
  unitPrice: string | null;
  tiers: RateTier[] | null;
  fixedFeePerMonth: string | null;
  vatRate: string;
  currency: string;
  name: string | null;
  /** Code of the tariff calendar band prices refer to (codes are permanent). */
  tariffCalendar: string | null;
  bandPrices: Record<string, string> | null;
  components: RateComponentRecord[] | null;
  demandPricePerKw: string | null;
  demandBands: string[] | null;
};

export type StoredRate = RateRecord & { id: string };

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

type Check = (v: Dec) => string | null;
const nonNegative: Check = (v) => (v.isNegative() ? 'must not be negative' : null);
const positive: Check = (v) => (v.isPositive() && !v.isZero() ? null : 'must be greater than 0');
const percentage: Check = (v) =>
  v.isNegative() || v.greaterThan(100) ? 'must be a percentage between 0 and 100 (8.1 means 8.1 %)' : null;

/** Exact decimal text in, canonical decimal text out ("0.2500" → "0.25"); JSON numbers are accepted as typed. */
const decimal = (label: string, check: Check) =>
  z
    .union([z.string(), z.number()], { error: `${label} must be a decimal number such as 0.25` })
    .transform((raw, ctx) => {
      const value = parseDecimal(raw);
      if (value === null) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be a plain decimal number such as 0.25, with at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`,
        });
        return z.NEVER;
      }
      const problem = check(value);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${label} ${problem}` });
        return z.NEVER;
      }
      return decimalText(value);
    });

const tier = z.strictObject(
  {
    upTo: decimal('Tier upper bound', positive).nullable(),
    unitPrice: decimal('Tier unit price', nonNegative),
  },
  { error: 'Each tier must be an object with upTo (null for the last) and unitPrice' },
);

const currency = z
  .string({ error: 'Currency must be a three-letter ISO 4217 code such as CHF' })
  .trim()
  .refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), {
    error: 'Currency must be a three-letter ISO 4217 code such as CHF or EUR',
  });

const fields = {
  utilityType: documentRef('Utility type').nullable().optional(),
  usageMetric: documentRef('Usage metric').nullable().optional(),
  scope: z.enum(RATE_SCOPES, { error: 'Scope must be "default", "building" or "billing-point"' }),
  building: documentRef('Building').nullable().optional(),
  billingPoint: documentRef('Billing point').nullable().optional(),
  validFrom: calendarDate('Valid from'),
  validTo: optionalDate('Valid to'),
  unitPrice: decimal('Unit price', nonNegative).nullable().optional(),
  tiers: z
    .array(tier, { error: 'Tiers must be a list of { upTo, unitPrice }' })
    .max(50, { error: 'At most 50 tiers' })
    .nullable()
    .optional(),
  fixedFeePerMonth: decimal('Fixed fee per month', nonNegative).nullable().optional(),
  vatRate: decimal('VAT rate', percentage),
  currency,
  name: optionalText('Name', 255),
  // Checked as a whole against the calendar by the tariff rules (src/charging/tariffs/tariff-rate.ts).
  tariffCalendar: z
    .string({ error: 'Tariff calendar must be a calendar code' })
    .trim()
    .max(64, { error: 'Tariff calendar must be a calendar code' })
    .nullable()
    .optional(),
  bandPrices: z.unknown().optional(),
  components: z.unknown().optional(),
  demandPricePerKw: z.unknown().optional(),
  demandBands: z.unknown().optional(),
};

type Parsed = z.output<z.ZodObject<typeof fields>>;

function fail(field: string, message: string): never {
  throw invalid(message, [{ path: [field], message }]);
}

function checkPrices(p: {
  unitPrice: string | null;
  tiers: RateTier[] | null;
  bandPrices: unknown;
  components: unknown;
}) {
  if (p.tiers !== null && p.tiers.length === 0)
    fail('tiers', 'Tiers must have at least one tier, or be null');
  if (p.tiers && p.unitPrice !== null)
    fail('unitPrice', 'A rate with tiers takes its prices from them; leave unitPrice out (or null)');
  const priced = p.tiers || given(p.bandPrices) || given(p.components);
  if (!priced && p.unitPrice === null)
    fail('unitPrice', 'Unit price is required (or graduated tiers, band prices or components)');
  const tiers = p.tiers ?? [];
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if (last && t.upTo !== null) fail('tiers', 'The last tier must have no upper bound (upTo null)');
    if (!last && t.upTo === null) fail('tiers', 'Only the last tier may be open-ended');
    if (i > 0 && t.upTo !== null && !parseDecimal(t.upTo)!.greaterThan(parseDecimal(tiers[i - 1].upTo!)!)) {
      fail('tiers', 'Tier upper bounds must increase from one tier to the next');
    }
  });
}

const given = (value: unknown) => value !== null && value !== undefined;
const blankToNull = <T>(value: T | null | undefined): T | null =>
  value === undefined || value === null || (typeof value === 'string' && value === '') ? null : value;

/** The time-of-use part in canonical text, from what the tariff rules accepted. */
function tariffRecord(rate: TariffRate | null, p: Parsed) {
  const prices = (list: { band: string; price: Dec }[] | null) =>
    list ? Object.fromEntries(list.map(({ band, price }) => [band, decimalText(price)])) : null;
  const named = rate?.components.filter((c) => c.name !== null) ?? [];
  return {
    bandPrices:
      rate && named.length === 0 && given(p.bandPrices) ? prices(rate.components[0].bandPrices) : null,
    components: named.length
      ? named.map((c) => ({
          name: c.name!,
          unitPrice: c.unitPrice && !c.bandPrices ? decimalText(c.unitPrice) : null,
          bandPrices: prices(c.bandPrices),
          vatRate: decimalText(c.vatRate),
          fixedFeePerMonth: c.fixedFeePerMonth ? decimalText(c.fixedFeePerMonth) : null,
        }))
      : null,
    demandPricePerKw: rate?.demand ? decimalText(rate.demand.pricePerKw) : null,
    demandBands: rate?.demand?.bands ?? null,
  };
}

function toRecord(p: Parsed, calendar: TariffCalendarInput | null): RateRecord {
  const utility = p.utilityType ?? null;
  const metric = p.usageMetric ?? null;
  if ((utility === null) === (metric === null))
    fail('utilityType', 'A rate prices exactly one of a utility type or a usage metric');
  const building = p.building ?? null;
  const billingPoint = p.billingPoint ?? null;
  let scopeRef = '';
  if (p.scope === 'building') {
    if (!building) fail('building', 'A building rate needs its building');
    if (billingPoint) fail('billingPoint', 'A building rate has no billing point');
    scopeRef = building;
  } else if (p.scope === 'billing-point') {
    if (!billingPoint) fail('billingPoint', 'A billing-point rate needs its billing point');
    if (building) fail('building', 'A billing-point rate has no building (the billing point says which)');
    scopeRef = billingPoint;
  } else if (building || billingPoint) {
    fail(
      building ? 'building' : 'billingPoint',
      'A default rate applies everywhere; it has no building or billing point',
    );
  }
  const validTo = p.validTo ?? null;
  if (validTo !== null && validTo < p.validFrom)
    fail('validTo', `Valid to (${validTo}) must not be before valid from (${p.validFrom})`);
  const tariffCalendar = blankToNull(p.tariffCalendar);
  if (tariffCalendar !== null && (!calendar || calendar.code !== tariffCalendar))
    fail('tariffCalendar', `Tariff calendar "${tariffCalendar}" does not exist`);
  const tariffInput = {
    bandPrices: blankToNull(p.bandPrices),
    components: Array.isArray(p.components) && p.components.length === 0 ? null : blankToNull(p.components),
    demandPricePerKw: blankToNull(p.demandPricePerKw),
    demandBands:
      Array.isArray(p.demandBands) && p.demandBands.length === 0 ? null : blankToNull(p.demandBands),
  };
  checkPrices({ unitPrice: p.unitPrice ?? null, tiers: p.tiers ?? null, ...tariffInput });
  const anyTariff = Object.values(tariffInput).some(given);
  const tariff = anyTariff
    ? parseTariffRate(tariffInput, tariffCalendar ? parseTariffCalendar(calendar) : null, {
        unitPrice: parseDecimal(p.unitPrice ?? '0')!,
        vatRate: parseDecimal(p.vatRate)!,
        hasTiers: Boolean(p.tiers?.length),
      })
    : null;
  const record: RateRecord = {
    targetKind: utility !== null ? 'utility-type' : 'usage-metric',
    targetRef: (utility ?? metric)!,
    scope: p.scope,
    scopeRef,
    validFrom: p.validFrom,
    validTo,
    unitPrice: p.unitPrice ?? null,
    tiers: p.tiers ?? null,
    fixedFeePerMonth:
      p.fixedFeePerMonth && parseDecimal(p.fixedFeePerMonth)!.isZero() ? null : (p.fixedFeePerMonth ?? null),
    vatRate: p.vatRate,
    currency: p.currency,
    name: p.name ?? null,
    tariffCalendar,
    ...tariffRecord(tariff, { ...p, ...tariffInput }),
  };
  // Whatever is stored must be a rate the charging rules accept.
  parseRates([toChargingRate({ ...record, id: 'new' }, calendar)]);
  return record;
}

export const rateCreateSchema = z.strictObject(fields, bodyError);

/**
 * The rate body as the OpenAPI description shows it. The tariff fields pass the
 * body check untyped and are validated against the rate's calendar once it is
 * loaded (parseTariffRate); the description shows their real shape.
 */
export const rateCreateBodySchema = rateCreateSchema.extend(tariffRateFields);

/** Every field optional: what an update may send. */
export const rateUpdateSchema = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, (s as z.ZodType).optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
  bodyError,
);

/** An update body as the OpenAPI description shows it (see rateCreateBodySchema). */
export const rateUpdateBodySchema = rateUpdateSchema.extend(tariffRateFields);

/**
 * The calendar code a body names (before it is validated): the service loads
 * that calendar and hands it to parseRateCreate / parseRateUpdate.
 */
export function calendarCodeOf(body: unknown, stored?: RateRecord): string | null {
  const named =
    typeof body === 'object' && body !== null
      ? (body as { tariffCalendar?: unknown }).tariffCalendar
      : undefined;
  if (named === undefined) return stored?.tariffCalendar ?? null;
  return typeof named === 'string' && named.trim() ? named.trim() : null;
}

export function parseRateCreate(body: unknown, calendar: TariffCalendarInput | null = null): RateRecord {
  return toRecord(parseInput(rateCreateSchema, body), calendar);
}

/**
 * A partial update. What a rate prices and where (target and scope) don't
 * change — that is another rate; validity and prices do.
 */
export function parseRateUpdate(
  body: unknown,
  stored: RateRecord,
  calendar: TariffCalendarInput | null = null,
): RateRecord {
  const p = parseInput(rateUpdateSchema, body);
  const current = toBody(stored);
  for (const key of ['utilityType', 'usageMetric', 'scope', 'building', 'billingPoint'] as const) {
    if (p[key] !== undefined && (p[key] ?? null) !== (current[key] ?? null)) {
      throw invalidField(
        key,
        'What a rate prices and where (utility type or usage metric, scope) can’t change; add a new rate instead',
      );
    }
  }
  const merged = {
    ...current,
    ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
  };
  // Setting tiers clears the unit price and the reverse, so an editor can switch between them in one step.
  if (p.tiers && p.unitPrice === undefined) merged.unitPrice = null;
  if (p.unitPrice && p.tiers === undefined) merged.tiers = null;
  return toRecord(merged, calendar);
}

/** The API body of a stored rate (scope references by name). */
function toBody(r: RateRecord): Parsed {
  return {
    utilityType: r.targetKind === 'utility-type' ? r.targetRef : null,
    usageMetric: r.targetKind === 'usage-metric' ? r.targetRef : null,
    scope: r.scope,
    building: r.scope === 'building' ? r.scopeRef : null,
    billingPoint: r.scope === 'billing-point' ? r.scopeRef : null,
    validFrom: r.validFrom,
    validTo: r.validTo,
    unitPrice: r.unitPrice,
    tiers: r.tiers,
    fixedFeePerMonth: r.fixedFeePerMonth,
    vatRate: r.vatRate,
    currency: r.currency,
    name: r.name,
    tariffCalendar: r.tariffCalendar,
    bandPrices: r.bandPrices,
    components: r.components,
    demandPricePerKw: r.demandPricePerKw,
    demandBands: r.demandBands,
  };
}

export const rateRange = (r: Pick<RateRecord, 'validFrom' | 'validTo'>): DateRange => ({
  from: r.validFrom,
  to: r.validTo,
});

/** "ELECTRICITY for building B1" style group key: rates of one group never overlap. */
export const rateGroupKey = (r: Pick<RateRecord, 'targetKind' | 'targetRef' | 'scope' | 'scopeRef'>) =>
  `${r.targetKind}:${r.targetRef}:${r.scope}:${r.scopeRef}`;

function overlapConflict(clash: StoredRate, candidate: Pick<RateRecord, 'validFrom' | 'validTo'>) {
  return conflict(
    `Another rate for the same ${clash.targetKind === 'utility-type' ? 'utility type' : 'usage metric'} and scope is valid ${describeRange(
      rateRange(clash),
    )}, which overlaps ${describeRange(rateRange(candidate))}. Only one rate may apply on a day; change its dates or these.`,
    { conflicting: { documentId: clash.id, validFrom: clash.validFrom, validTo: clash.validTo } },
  );
}

/** Throws 409 when the candidate's validity shares a day with another rate of its group. */
export function assertNoRateOverlap(
  group: readonly StoredRate[],
  candidate: Pick<RateRecord, 'validFrom' | 'validTo'>,
  exceptId?: string | null,
) {
  const clash = firstOverlap(group, rateRange, rateRange(candidate), exceptId);
  if (clash) throw overlapConflict(clash, candidate);
}

/**
 * "Change prices": adding a rate to its group. The open-ended rate that
 * started before the new one closes the day before it; any other overlap is a
 * 409 (a closed rate is never shortened silently).
 */
export function planRateCreate(
  group: readonly StoredRate[],
  candidate: RateRecord,
): { close: { id: string; validTo: CalendarDate } | null } {
  const open = group
    .filter((r) => r.validTo === null && r.validFrom < candidate.validFrom)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  const close = open ? { id: open.id, validTo: previousDay(candidate.validFrom) } : null;
  const after = group.map((r) => (close && r.id === close.id ? { ...r, validTo: close.validTo } : r));
  assertNoRateOverlap(after, candidate);
  return { close };
}

/**
 * The rate in the shape the charging rules read (target and scope by
 * documentId). With its calendar (null: it has none) the time-of-use part comes
 * along; without (undefined) only what resolving which rate applies needs.
 */
export function toChargingRate(rate: StoredRate, calendar?: TariffCalendarInput | null): ChargingRateInput {
  const tariff =
    calendar === undefined
      ? {}
      : {
          tariffCalendar: calendar,
          bandPrices: rate.bandPrices,
          components: rate.components,
          demandPricePerKw: rate.demandPricePerKw,
          demandBands: rate.demandBands,
        };
  return {
    ...tariff,
    id: rate.id,
    utilityType: rate.targetKind === 'utility-type' ? rate.targetRef : null,
    usageMetric: rate.targetKind === 'usage-metric' ? rate.targetRef : null,
    scope: rate.scope,
    buildingId: rate.scope === 'building' ? rate.scopeRef : null,
    billingPointId: rate.scope === 'billing-point' ? rate.scopeRef : null,
    validFrom: rate.validFrom,
    validTo: rate.validTo,
    unitPrice: rate.unitPrice ?? '0',
    tiers: rate.tiers,
    fixedFeePerMonth: rate.fixedFeePerMonth,
    vatRate: rate.vatRate,
    currency: rate.currency,
  };
}

export type EffectiveRate =
  | { kind: 'found'; rate: StoredRate }
  | { kind: 'none' }
  | { kind: 'ambiguous'; scope: RateScope; candidates: StoredRate[] };

/** The rate that prices a target at a billing point on a date: billing point, else building, else default. */
export function effectiveRate(
  rates: readonly StoredRate[],
  query: {
    targetKind: RateTargetKind;
    targetRef: string;
    billingPointId: string;
    buildingId: string | null;
    date: CalendarDate;
  },
): EffectiveRate {
  const byId = new Map(rates.map((r) => [r.id, r]));
  const target: RateTarget = {
    kind: query.targetKind === 'utility-type' ? 'utility' : 'metric',
    code: query.targetRef,
  };
  const resolution: RateResolution = resolveRate(parseRates(rates.map((r) => toChargingRate(r))), {
    target,
    billingPointId: query.billingPointId,
    buildingId: query.buildingId,
    date: query.date,
  });
  if (resolution.kind === 'found') return { kind: 'found', rate: byId.get(resolution.rate.id)! };
  if (resolution.kind === 'ambiguous')
    return {
      kind: 'ambiguous',
      scope: resolution.scope,
      candidates: resolution.candidates.map((c) => byId.get(c.id)!),
    };
  return { kind: 'none' };
}

/** A rate a calendar change would leave unpriced or mispriced, and why. */
export interface RateBrokenByCalendar {
  rateId: string;
  name: string | null;
  validFrom: string;
  problem: string;
}

/**
 * The rates (priced by this calendar) that the calendar's new schedule would
 * break: a band they price that the calendar no longer has, or a new band
 * they have no price for. Each rate is re-checked by the same rules a rate
 * save runs, so a calendar can never drift out of what its rates say.
 */
export function ratesBrokenByCalendar(
  rates: readonly StoredRate[],
  calendar: TariffCalendarInput,
): RateBrokenByCalendar[] {
  const broken: RateBrokenByCalendar[] = [];
  for (const rate of rates) {
    try {
      parseRateUpdate({}, rate, calendar);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const problems = (error.details.errors as { message: string }[] | undefined) ?? [];
      broken.push({
        rateId: rate.id,
        name: rate.name,
        validFrom: rate.validFrom,
        problem: problems[0]?.message ?? error.message,
      });
    }
  }
  return broken;
}
