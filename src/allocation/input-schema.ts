import { z } from 'zod';
import { parseInput } from '../common/validate';
import { Dec, ZERO } from '../charging/decimal';
import { CURRENCY_PATTERN, minorUnitDigits } from '../charging/money';
import { MAX_PERIOD_DAYS } from '../charging/input-schema';
import { formatDay } from '../charging/calendar';
import type { ParsedOccupancy } from '../charging/input-schema';
import { DEFAULT_CATEGORIES, DEFAULT_SCHEMES, type CategoryDefinition } from './defaults';
import { ALLOCATION_KEYS, MEASURED_KEYS, type AllocationKey, type MeasuredKey } from './keys';
import {
  calendarDate,
  decimal,
  firstDuplicate,
  id,
  nonNegative,
  optionalText,
  percentage,
  positive,
  vatPercentage,
} from './fields';

/**
 * The input of one annual settlement of a building, validated once. Anything
 * the rules cannot share fairly is refused here with the field named: a cost
 * outside the period, a negative cost outside a credit category, a scheme
 * whose shares do not make 100 %, a heated area of 0, a meter figure outside
 * the period. Keys that sum to zero are found by the engine (they depend on
 * which billing points a scheme covers) and refused there, also as a 400.
 */

const categorySchema = z.object(
  {
    code: id('Category code'),
    name: id('Category name'),
    group: id('Category group'),
    credit: z.boolean({ error: 'Credit must be true or false' }).default(false),
  },
  { error: 'Each category must be an object' },
);

const schemeSchema = z.object(
  {
    category: id('Scheme category'),
    parts: z
      .array(
        z.object(
          {
            key: z.enum(ALLOCATION_KEYS, { error: `Key must be one of ${ALLOCATION_KEYS.join(', ')}` }),
            percent: decimal('Share', percentage),
          },
          { error: 'Each scheme part must be an object with key and percent' },
        ),
        { error: 'Scheme parts must be a list' },
      )
      .min(1, { error: 'A scheme needs at least one part' }),
  },
  { error: 'Each scheme must be an object' },
);

const costItemSchema = z.object(
  {
    id: id('Cost item id'),
    category: id('Cost category'),
    amount: decimal('Amount'),
    vatRatePercent: decimal('VAT rate', vatPercentage).nullish(),
    date: calendarDate('Cost date'),
    supplier: optionalText('Supplier', 200),
    note: optionalText('Note', 2000),
  },
  { error: 'Each cost item must be an object' },
);

const occupancySchema = z.object(
  {
    id: id('Occupancy id')
      .nullish()
      .transform((v) => v ?? null),
    partyId: id('Party'),
    entryDate: calendarDate('Entry date'),
    exitDate: calendarDate('Exit date')
      .nullish()
      .transform((v) => v ?? null),
  },
  { error: 'Each occupancy must be an object' },
);

const billingPointSchema = z.object(
  {
    id: id('Billing point id'),
    /** The point's code (DL-02): the canonical order of the points, so cent ties go by code. */
    code: optionalText('Billing point code', 64),
    name: optionalText('Billing point name', 200),
    ownerPartyId: id('Owner party'),
    heatedArea: decimal('Heated area', positive),
    valueQuota: decimal('Value quota', nonNegative).nullish(),
    persons: decimal('Persons', nonNegative).nullish(),
    units: decimal('Units', nonNegative).nullish(),
    occupancies: z.array(occupancySchema, { error: 'Occupancies must be a list' }).default([]),
  },
  { error: 'Each billing point must be an object' },
);

const measurementSchema = z.object(
  {
    billingPointId: id('Billing point of the measurement'),
    key: z.enum(MEASURED_KEYS, { error: `Measured key must be one of ${MEASURED_KEYS.join(', ')}` }),
    from: calendarDate('Measured from'),
    to: calendarDate('Measured to'),
    consumption: decimal('Consumption', nonNegative),
    meterNumber: optionalText('Meter number', 200),
  },
  { error: 'Each measurement must be an object' },
);

const advanceSchema = z.object(
  {
    billingPointId: id('Billing point of the advance'),
    partyId: id('Party of the advance'),
    group: id('Advance group'),
    monthlyAmount: decimal('Monthly advance', nonNegative),
    from: calendarDate('Advance from'),
    to: calendarDate('Advance to')
      .nullish()
      .transform((v) => v ?? null),
  },
  { error: 'Each advance must be an object' },
);

const paymentSchema = z.object(
  {
    billingPointId: id('Billing point of the payment'),
    partyId: id('Party of the payment'),
    group: id('Payment group'),
    amount: decimal('Payment amount'),
    date: calendarDate('Payment date'),
  },
  { error: 'Each payment must be an object' },
);

export const allocationInputSchema = z
  .object(
    {
      currency: z.string({ error: 'Currency is required' }).regex(CURRENCY_PATTERN, {
        error: 'Currency must be a three-letter ISO 4217 code such as CHF',
      }),
      periodStart: calendarDate('Period start'),
      periodEnd: calendarDate('Period end'),
      estimateMissingMeters: z
        .boolean({ error: 'estimateMissingMeters must be true or false' })
        .default(false),
      advanceBasis: z
        .enum(['due', 'paid'], { error: 'Advance basis must be "due" or "paid"' })
        .default('due'),
      advanceRoundingStep: decimal('Advance rounding step', positive).nullish(),
      categories: z.array(categorySchema, { error: 'Categories must be a list' }).nullish(),
      schemes: z.array(schemeSchema, { error: 'Schemes must be a list' }).default([]),
      costItems: z.array(costItemSchema, { error: 'Cost items must be a list' }),
      billingPoints: z
        .array(billingPointSchema, { error: 'Billing points must be a list' })
        .min(1, { error: 'A settlement needs at least one billing point' }),
      measurements: z.array(measurementSchema, { error: 'Measurements must be a list' }).default([]),
      advances: z.array(advanceSchema, { error: 'Advances must be a list' }).default([]),
      payments: z.array(paymentSchema, { error: 'Payments must be a list' }).default([]),
    },
    { error: 'The settlement input must be an object' },
  )
  .transform((input, ctx) => {
    const fail = (message: string, path: (string | number)[]) => {
      ctx.addIssue({ code: 'custom', message, path });
      return z.NEVER;
    };
    const { periodStart, periodEnd, currency } = input;
    if (periodEnd < periodStart) return fail('Period end must not be before period start', ['periodEnd']);
    if (periodEnd - periodStart + 1 > MAX_PERIOD_DAYS)
      return fail(`A settlement period may span at most ${MAX_PERIOD_DAYS} days`, ['periodEnd']);
    const inPeriod = (day: number) => day >= periodStart && day <= periodEnd;
    const period = `${formatDay(periodStart)} … ${formatDay(periodEnd)}`;
    const digits = minorUnitDigits(currency);
    const wholeMinorUnits = (value: Dec) => value.decimalPlaces() <= digits;

    // Categories: the defaults, each replaced by a given category of the same code, plus new ones.
    const categories = new Map<string, CategoryDefinition>(DEFAULT_CATEGORIES.map((c) => [c.code, c]));
    const given = input.categories ?? [];
    const dupCategory = firstDuplicate(given.map((c) => c.code));
    if (dupCategory >= 0)
      return fail(`Category "${given[dupCategory].code}" appears twice`, ['categories', dupCategory]);
    for (const category of given) categories.set(category.code, category);
    const groups = new Set([...categories.values()].map((c) => c.group));

    // Schemes: the default of a default category unless the building set its own.
    const schemes = new Map<string, { key: AllocationKey; percent: Dec }[]>();
    for (const [code, parts] of Object.entries(DEFAULT_SCHEMES))
      schemes.set(
        code,
        parts.map((p) => ({ key: p.key, percent: new Dec(p.percent) })),
      );
    const dupScheme = firstDuplicate(input.schemes.map((s) => s.category));
    if (dupScheme >= 0)
      return fail(`Category "${input.schemes[dupScheme].category}" has two schemes`, ['schemes', dupScheme]);
    for (const [i, scheme] of input.schemes.entries()) {
      if (!categories.has(scheme.category))
        return fail(`Scheme names category "${scheme.category}", which does not exist`, [
          'schemes',
          i,
          'category',
        ]);
      const dupKey = firstDuplicate(scheme.parts.map((p) => p.key));
      if (dupKey >= 0)
        return fail(`Key "${scheme.parts[dupKey].key}" appears twice in the scheme of "${scheme.category}"`, [
          'schemes',
          i,
          'parts',
          dupKey,
        ]);
      const sum = scheme.parts.reduce((s, p) => s.add(p.percent), ZERO);
      if (!sum.eq(100))
        return fail(
          `The shares of the scheme of "${scheme.category}" add up to ${sum.toFixed()} %, not 100 %`,
          ['schemes', i, 'parts'],
        );
      schemes.set(scheme.category, scheme.parts);
    }

    const dupItem = firstDuplicate(input.costItems.map((c) => c.id));
    if (dupItem >= 0)
      return fail(`Cost item "${input.costItems[dupItem].id}" appears twice`, ['costItems', dupItem]);
    for (const [i, item] of input.costItems.entries()) {
      const category = categories.get(item.category);
      if (!category)
        return fail(`Cost category "${item.category}" does not exist`, ['costItems', i, 'category']);
      if (!schemes.has(item.category))
        return fail(`Category "${item.category}" has costs but no allocation scheme`, [
          'costItems',
          i,
          'category',
        ]);
      if (item.amount.isNegative() && !category.credit)
        return fail(
          `A negative amount is a credit and belongs in a credit category; "${item.category}" is not one`,
          ['costItems', i, 'amount'],
        );
      if (!wholeMinorUnits(item.amount))
        return fail(`Amount must be a whole number of ${currency} minor units (${digits} decimals)`, [
          'costItems',
          i,
          'amount',
        ]);
      if (!inPeriod(item.date))
        return fail(`Cost dated ${formatDay(item.date)} lies outside the period ${period}`, [
          'costItems',
          i,
          'date',
        ]);
    }

    const dupPoint = firstDuplicate(input.billingPoints.map((b) => b.id));
    if (dupPoint >= 0)
      return fail(`Billing point "${input.billingPoints[dupPoint].id}" appears twice`, [
        'billingPoints',
        dupPoint,
      ]);
    const pointIds = new Set(input.billingPoints.map((b) => b.id));
    const billingPoints = [];
    for (const [i, point] of input.billingPoints.entries()) {
      const occupancies: ParsedOccupancy[] = [];
      for (const [j, o] of point.occupancies.entries()) {
        if (o.exitDate !== null && o.exitDate < o.entryDate)
          return fail('Exit date must not be before the entry date', [
            'billingPoints',
            i,
            'occupancies',
            j,
            'exitDate',
          ]);
        occupancies.push({ id: o.id, partyId: o.partyId, entryDay: o.entryDate, exitDay: o.exitDate });
      }
      billingPoints.push({
        id: point.id,
        code: point.code ?? point.id,
        name: point.name,
        ownerPartyId: point.ownerPartyId,
        keys: {
          area: point.heatedArea,
          'value-quota': point.valueQuota ?? ZERO,
          persons: point.persons ?? ZERO,
          units: point.units ?? new Dec(1),
        },
        occupancies,
      });
    }

    const measurements: {
      billingPointId: string;
      key: MeasuredKey;
      fromDay: number;
      toDay: number;
      consumption: Dec;
      meterNumber: string | null;
    }[] = [];
    for (const [i, m] of input.measurements.entries()) {
      const path = ['measurements', i];
      if (!pointIds.has(m.billingPointId))
        return fail(`Billing point "${m.billingPointId}" is not in this settlement`, [
          ...path,
          'billingPointId',
        ]);
      if (m.to < m.from) return fail('Measured to must not be before measured from', [...path, 'to']);
      if (!inPeriod(m.from) || !inPeriod(m.to))
        return fail(`A measurement must lie inside the period ${period}`, [...path, 'from']);
      const clash = measurements.find(
        (o) =>
          o.billingPointId === m.billingPointId && o.key === m.key && o.fromDay <= m.to && m.from <= o.toDay,
      );
      if (clash)
        return fail(`Two ${m.key} measurements of "${m.billingPointId}" cover the same days`, [
          ...path,
          'from',
        ]);
      measurements.push({
        billingPointId: m.billingPointId,
        key: m.key,
        fromDay: m.from,
        toDay: m.to,
        consumption: m.consumption,
        meterNumber: m.meterNumber,
      });
    }

    for (const [i, a] of input.advances.entries()) {
      const path = ['advances', i];
      if (!pointIds.has(a.billingPointId))
        return fail(`Billing point "${a.billingPointId}" is not in this settlement`, [
          ...path,
          'billingPointId',
        ]);
      if (!groups.has(a.group))
        return fail(`Advance group "${a.group}" is not the group of any category`, [...path, 'group']);
      if (a.to !== null && a.to < a.from)
        return fail('Advance to must not be before advance from', [...path, 'to']);
      if (!wholeMinorUnits(a.monthlyAmount))
        return fail(`Monthly advance must be a whole number of ${currency} minor units`, [
          ...path,
          'monthlyAmount',
        ]);
    }
    for (const [i, p] of input.payments.entries()) {
      const path = ['payments', i];
      if (!pointIds.has(p.billingPointId))
        return fail(`Billing point "${p.billingPointId}" is not in this settlement`, [
          ...path,
          'billingPointId',
        ]);
      if (!groups.has(p.group))
        return fail(`Payment group "${p.group}" is not the group of any category`, [...path, 'group']);
      if (!wholeMinorUnits(p.amount))
        return fail(`Payment amount must be a whole number of ${currency} minor units`, [...path, 'amount']);
    }

    return {
      currency,
      periodStartDay: periodStart,
      periodEndDay: periodEnd,
      estimateMissingMeters: input.estimateMissingMeters,
      advanceBasis: input.advanceBasis,
      advanceRoundingStep: input.advanceRoundingStep ?? new Dec(1).div(new Dec(10).pow(digits)),
      categories: [...categories.values()],
      schemes,
      costItems: input.costItems,
      billingPoints,
      measurements,
      advances: input.advances.map((a) => ({
        billingPointId: a.billingPointId,
        partyId: a.partyId,
        group: a.group,
        monthlyAmount: a.monthlyAmount,
        fromDay: a.from,
        toDay: a.to,
      })),
      payments: input.payments,
    };
  });

export type AllocationInput = z.input<typeof allocationInputSchema>;
export type ParsedAllocationInput = z.output<typeof allocationInputSchema>;
export type ParsedAllocationPoint = ParsedAllocationInput['billingPoints'][number];
export type ParsedMeasurement = ParsedAllocationInput['measurements'][number];
export type ParsedAdvance = ParsedAllocationInput['advances'][number];
export type ParsedCostItem = ParsedAllocationInput['costItems'][number];

/** Validates a settlement input; throws a 400-style DomainError naming the first bad field. */
export function parseAllocationInput(input: unknown): ParsedAllocationInput {
  return parseInput(allocationInputSchema, input);
}
