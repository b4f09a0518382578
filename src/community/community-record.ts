import { z } from 'zod';
import { bodyError, documentRef, optionalNote, placeCode, requiredText } from '../billing/fields';
import { parseCalendarDate } from '../charging/calendar';
import { decimal, nonNegative } from '../charging/input-schema';
import { BAND_PATTERN } from '../charging/tariffs/schema-parts';
import { meterNumberProblem, registerProblem } from '../common/identifiers';
import { parseInput } from '../common/validate';
import { priceCapBreaches, type PriceCapMethod } from './price-cap';

/**
 * A self-consumption community as an editor saves it (admin API body), validated
 * once here. ZEV: one building's flats behind one grid connection; vZEV (since
 * 2025): neighbouring connections sharing a producer, still with connection
 * meters; LEG (from 2026): members across a municipality who use the public grid,
 * so no connection meter and a grid-fee discount on the locally consumed share.
 */
export const COMMUNITY_KINDS = ['ZEV', 'vZEV', 'LEG'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];
export const ALLOCATION_METHODS = ['proportional', 'fixed-shares'] as const;
export const COMMON_CONSUMPTION = ['owner', 'pro-rata'] as const;
/** Interval lengths that tile an hour (and so every local day, DST included). */
export const INTERVAL_MINUTES = [5, 10, 15, 30, 60] as const;
/** The band a price without time-of-use bands is given under (EnV art. 16 compares band by band). */
export const ALL_BANDS = '*';

const MAX_MEMBERS = 2000;
const MAX_METERS = 50;
const MAX_PRICES = 50;

const dateText = (what: string) =>
  z.string({ error: `${what} must be a date (yyyy-MM-dd)` }).refine((t) => parseCalendarDate(t) !== null, {
    error: `${what} must be a real date written yyyy-MM-dd`,
  });

const meterNumber = z
  .string({ error: 'meterNumber is required and must be text' })
  .superRefine((text, ctx) => {
    const problem = meterNumberProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `The meter number ${problem}` });
  });

const register = z.string({ error: 'register is required and must be text' }).superRefine((text, ctx) => {
  const problem = registerProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: `The register ${problem}` });
});

/** One series of interval readings: a meter and one of its registers (OBIS 1.8.x import, 2.8.x export). */
const series = z.strictObject(
  { meterNumber, register },
  { error: 'A meter must be { meterNumber, register }' },
);
export type SeriesRef = z.output<typeof series>;

const seriesList = (what: string) =>
  z
    .array(series, { error: `${what} must be a list of { meterNumber, register }` })
    .max(MAX_METERS, { error: `${what} may list at most ${MAX_METERS} meters` })
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((s, i) => {
        const key = `${s.meterNumber}\u0000${s.register}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${s.meterNumber} ${s.register} is listed twice`,
          });
        seen.add(key);
      });
    });

const member = z
  .strictObject(
    {
      billingPoint: documentRef('billingPoint'),
      entryDate: dateText('entryDate'),
      exitDate: dateText('exitDate')
        .nullish()
        .transform((v) => v ?? null),
      share: decimal('share', nonNegative)
        .nullish()
        .transform((v) => v ?? null),
    },
    { error: 'A member must be { billingPoint, entryDate, exitDate, share }' },
  )
  .refine((m) => m.exitDate === null || m.exitDate >= m.entryDate, {
    path: ['exitDate'],
    error: 'exitDate must not be before entryDate',
  });
export type MemberInput = z.output<typeof member>;

const bandPrice = z.strictObject(
  {
    band: z.string({ error: 'band must be text' }).refine((b) => b === ALL_BANDS || BAND_PATTERN.test(b), {
      error: `band must be a band code such as HT, or "${ALL_BANDS}" for every band`,
    }),
    price: decimal('price', nonNegative),
  },
  { error: 'A price must be { band, price } (CHF per kWh)' },
);

const bandPrices = (what: string) =>
  z
    .array(bandPrice, { error: `${what} must be a list of { band, price }` })
    .max(MAX_PRICES, { error: `${what} may list at most ${MAX_PRICES} prices` })
    .superRefine((list, ctx) => {
      const bands = list.map((p) => p.band);
      bands.forEach((b, i) => {
        if (bands.indexOf(b) !== i)
          ctx.addIssue({ code: 'custom', path: [i, 'band'], message: `Band ${b} is priced twice` });
      });
    });

const standardPrice = z
  .strictObject(
    {
      from: dateText('from'),
      to: dateText('to')
        .nullish()
        .transform((v) => v ?? null),
      prices: bandPrices('prices').min(1, { error: 'prices must price at least one band' }),
    },
    { error: 'A standard product period must be { from, to, prices }' },
  )
  .refine((p) => p.to === null || p.to >= p.from, { path: ['to'], error: 'to must not be before from' });

const priceCap = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('flat') }),
    z.strictObject({ method: z.literal('cost'), costPerKWh: decimal('costPerKWh', nonNegative) }),
  ],
  { error: 'priceCap must be { method: "flat" } or { method: "cost", costPerKWh }' },
);

const fields = {
  code: placeCode,
  name: requiredText('Name', 255),
  kind: z.enum(COMMUNITY_KINDS, { error: `kind must be one of ${COMMUNITY_KINDS.join(', ')}` }),
  building: documentRef('building')
    .nullish()
    .transform((v) => v ?? null),
  intervalMinutes: z
    .number({ error: `intervalMinutes must be one of ${INTERVAL_MINUTES.join(', ')}` })
    .refine((m) => (INTERVAL_MINUTES as readonly number[]).includes(m), {
      error: `intervalMinutes must be one of ${INTERVAL_MINUTES.join(', ')}`,
    })
    .default(15),
  members: z
    .array(member, { error: 'members must be a list' })
    .max(MAX_MEMBERS, { error: `A community may have at most ${MAX_MEMBERS} member entries` })
    .default([]),
  productionMeters: seriesList('productionMeters').default([]),
  connection: z
    .strictObject(
      { import: seriesList('connection.import'), export: seriesList('connection.export') },
      { error: 'connection must be { import: [...], export: [...] }' },
    )
    .nullish()
    .transform((v) => v ?? null),
  allocationMethod: z
    .enum(ALLOCATION_METHODS, { error: `allocationMethod must be one of ${ALLOCATION_METHODS.join(', ')}` })
    .default('proportional'),
  commonConsumption: z
    .enum(COMMON_CONSUMPTION, { error: `commonConsumption must be one of ${COMMON_CONSUMPTION.join(', ')}` })
    .default('owner'),
  solarPrices: bandPrices('solarPrices').default([]),
  gridRate: documentRef('gridRate')
    .nullish()
    .transform((v) => v ?? null),
  feedInCredit: decimal('feedInCredit', nonNegative)
    .nullish()
    .transform((v) => v ?? null),
  exportRecipient: documentRef('exportRecipient')
    .nullish()
    .transform((v) => v ?? null),
  priceCap: priceCap.default({ method: 'flat' }),
  standardPrices: z
    .array(standardPrice, { error: 'standardPrices must be a list of { from, to, prices }' })
    .max(MAX_PRICES, { error: `standardPrices may list at most ${MAX_PRICES} periods` })
    .default([]),
  legDiscountPercent: decimal('legDiscountPercent', (v) =>
    v.isNegative() || v.greaterThan(100) ? 'must be a percentage between 0 and 100' : null,
  )
    .nullish()
    .transform((v) => v ?? null),
  notes: optionalNote('Notes', 5000),
};

const overlaps = (a: { from: string; to: string | null }, b: { from: string; to: string | null }) =>
  (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);

export const communitySchema = z.strictObject(fields, bodyError).superRefine((c, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (c.kind === 'LEG') {
    if (c.connection) issue(['connection'], 'A LEG uses the public grid: it has no connection meter');
  } else {
    if (!c.building) issue(['building'], `A ${c.kind} belongs to a building`);
    if (c.legDiscountPercent !== null) issue(['legDiscountPercent'], 'Only a LEG has a grid-fee discount');
  }
  // A flat may leave and join again, but never be two members at once: its energy would count twice.
  c.members.forEach((m, i) => {
    const clash = c.members.findIndex(
      (o, j) =>
        j < i &&
        o.billingPoint === m.billingPoint &&
        overlaps({ from: o.entryDate, to: o.exitDate }, { from: m.entryDate, to: m.exitDate }),
    );
    if (clash >= 0)
      issue(
        ['members', i],
        `Billing point ${m.billingPoint} is already a member on these dates (entry ${clash + 1})`,
      );
  });
  if (c.allocationMethod === 'fixed-shares') {
    c.members.forEach((m, i) => {
      if (m.share === null)
        issue(['members', i, 'share'], 'The fixed-shares method needs a share for every member');
    });
  }
  c.standardPrices.forEach((p, i) => {
    const clash = c.standardPrices.findIndex((o, j) => j < i && overlaps(o, p));
    if (clash >= 0) issue(['standardPrices', i], `This period overlaps period ${clash + 1}`);
  });
});

export type CommunityInput = z.output<typeof communitySchema>;

export function parseCommunity(body: unknown): CommunityInput {
  return parseInput(communitySchema, body);
}

export function priceCapMethodOf(cap: CommunityInput['priceCap']): PriceCapMethod {
  return cap.method === 'flat' ? { kind: 'flat' } : { kind: 'cost', costPerKWh: cap.costPerKWh };
}

/** A warning of a saved community: the solar price above the EnV art. 16 cap in one standard-product period. */
export interface PriceCapWarning {
  readonly code: 'solar-price-above-cap' | 'solar-price-unchecked';
  readonly band: string;
  readonly period: { readonly from: string; readonly to: string | null };
  readonly price: string | null;
  readonly cap: string | null;
  readonly message: string;
}

/**
 * Saving warns, it does not refuse: the standard product changes every January and an
 * editor must be able to save the new one before lowering the solar price. The charge run
 * refuses to bill above the cap (see docs/charging-rules.md).
 */
export function priceCapWarnings(c: Pick<CommunityInput, 'solarPrices' | 'standardPrices' | 'priceCap'>) {
  const warnings: PriceCapWarning[] = [];
  const solar = new Map(c.solarPrices.map((p) => [p.band, p.price]));
  if (solar.size === 0) return warnings;
  const method = priceCapMethodOf(c.priceCap);
  for (const period of c.standardPrices) {
    const standard = new Map(period.prices.map((p) => [p.band, p.price]));
    const { breaches, unchecked } = priceCapBreaches(solar, standard, method);
    const when = `${period.from} – ${period.to ?? '…'}`;
    for (const b of breaches)
      warnings.push({
        code: 'solar-price-above-cap',
        band: b.band,
        period: { from: period.from, to: period.to },
        price: b.price.toFixed(),
        cap: b.cap.toFixed(),
        message: `The solar price ${b.price.toFixed()} (band ${b.band}) is above the EnV art. 16 cap of ${b.cap.toFixed()} for ${when}; a charge run will refuse it`,
      });
    for (const band of unchecked)
      warnings.push({
        code: 'solar-price-unchecked',
        band,
        period: { from: period.from, to: period.to },
        price: solar.get(band)?.toFixed() ?? null,
        cap: null,
        message: `The standard product of ${when} does not price band ${band}: its solar price cannot be checked against the cap`,
      });
  }
  return warnings;
}
