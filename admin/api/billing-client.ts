import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/**
 * The billing admin API (buildings, billing points, occupancies and moves,
 * coverage, meter installations, parties, RFID badges, rates, usage metrics),
 * typed and validated when responses arrive. Dates are calendar dates
 * (yyyy-MM-dd) in the building's time zone and stay text end to end; money is
 * exact decimal text with its ISO 4217 currency.
 */
const nullableText = z.string().nullable();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const stamps = { createdAt: z.string(), updatedAt: z.string() };

export const partyBriefSchema = z.object({
  documentId: z.string(),
  kind: z.string(),
  displayName: z.string(),
});
export type PartyBrief = z.infer<typeof partyBriefSchema>;
const codeBrief = z.object({ documentId: z.string(), code: z.string(), name: z.string() });
export type CodeBrief = z.infer<typeof codeBrief>;

export const addressSchema = z.object({
  line1: z.string(),
  line2: nullableText,
  postalCode: nullableText,
  city: nullableText,
  country: nullableText,
});
export type Address = z.infer<typeof addressSchema>;

export const buildingSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  address: addressSchema.nullable(),
  owner: partyBriefSchema.nullable(),
  timezone: z.string(),
  ...stamps,
});
export type Building = z.infer<typeof buildingSchema>;

export const BILLING_POINT_KINDS = [
  'apartment',
  'villa',
  'commercial',
  'industrial',
  'parking',
  'other',
] as const;

export const billingPointSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(BILLING_POINT_KINDS),
  building: codeBrief.extend({ timezone: z.string() }).nullable(),
  owner: partyBriefSchema.nullable(),
  vacancyBilledTo: partyBriefSchema.nullable(),
  active: z.boolean(),
  notes: nullableText,
  today: date,
  currentOccupant: z
    .object({
      occupancy: z.string(),
      party: partyBriefSchema.nullable(),
      entryDate: date,
      exitDate: date.nullable(),
    })
    .nullable(),
  ...stamps,
});
export type BillingPoint = z.infer<typeof billingPointSchema>;

export const partySchema = z.object({
  documentId: z.string(),
  kind: z.enum(['natural', 'legal']),
  displayName: z.string(),
  firstName: nullableText,
  lastName: nullableText,
  companyName: nullableText,
  email: nullableText,
  phone: nullableText,
  address: addressSchema.nullable(),
  member: z.number().nullable(),
  ...stamps,
});
export type Party = z.infer<typeof partySchema>;

export const occupancySchema = z.object({
  documentId: z.string(),
  billingPoint: codeBrief.nullable(),
  party: partyBriefSchema,
  entryDate: date,
  exitDate: date.nullable(),
  note: nullableText,
  ...stamps,
});
export type Occupancy = z.infer<typeof occupancySchema>;

export const moveResultSchema = z.object({
  ended: occupancySchema,
  started: occupancySchema.nullable(),
  createdParty: z.string().nullable(),
});

export const coverageSchema = z.object({
  billingPoint: codeBrief,
  timezone: z.string(),
  from: date,
  to: date,
  periods: z.array(
    z.object({
      from: date,
      to: date,
      days: z.number(),
      status: z.enum(['occupied', 'vacant']),
      billedTo: z.enum(['occupant', 'owner']),
      party: partyBriefSchema.nullable(),
      occupancy: z.string().nullable(),
    }),
  ),
});
export type Coverage = z.infer<typeof coverageSchema>;

export const installationSchema = z.object({
  documentId: z.string(),
  device: z
    .object({
      documentId: z.string(),
      meterNumber: z.string(),
      label: nullableText,
      unit: nullableText,
      active: z.boolean(),
      utilityType: codeBrief.extend({ displayOrder: z.number() }).nullable(),
      deviceType: codeBrief.nullable(),
    })
    .nullable(),
  billingPoint: codeBrief.nullable(),
  from: date,
  to: date.nullable(),
  ...stamps,
});
export type Installation = z.infer<typeof installationSchema>;

export const deviceOptionSchema = z.object({
  documentId: z.string(),
  meterNumber: z.string(),
  label: nullableText,
  utilityType: codeBrief.nullable(),
  active: z.boolean(),
  /** Where it measures today (absent from a server before 0.3). */
  installedAt: z
    .object({
      billingPoint: z.object({ documentId: z.string(), code: z.string(), name: z.string() }),
      building: z.string().nullable(),
    })
    .nullish(),
});
export type DeviceOption = z.infer<typeof deviceOptionSchema>;

export const badgeSchema = z.object({
  documentId: z.string(),
  uid: z.string(),
  party: partyBriefSchema.nullable(),
  active: z.boolean(),
  validFrom: date.nullable(),
  validTo: date.nullable(),
  label: nullableText,
  ...stamps,
});
export type Badge = z.infer<typeof badgeSchema>;

export const badgeLookupSchema = z.object({
  uid: z.string(),
  date,
  party: partyBriefSchema.nullable(),
  badge: badgeSchema,
});

const tierSchema = z.object({ upTo: z.string().nullable(), unitPrice: z.string() });
export type Tier = z.infer<typeof tierSchema>;

export const rateSchema = z.object({
  documentId: z.string(),
  utilityType: codeBrief.nullable(),
  usageMetric: codeBrief.nullable(),
  scope: z.enum(['default', 'building', 'billing-point']),
  building: codeBrief.extend({ timezone: z.string() }).nullable(),
  billingPoint: codeBrief.nullable(),
  validFrom: date,
  validTo: date.nullable(),
  unitPrice: z.string().nullable(),
  tiers: z.array(tierSchema).nullable(),
  fixedFeePerMonth: z.string().nullable(),
  vatRate: z.string(),
  currency: z.string(),
  name: nullableText,
  tariffCalendar: z.string().nullable().optional(),
  bandPrices: z.record(z.string(), z.string()).nullable().optional(),
  components: z
    .array(
      z.object({
        name: z.string(),
        unitPrice: z.string().nullable(),
        bandPrices: z.record(z.string(), z.string()).nullable(),
        vatRate: z.string(),
        fixedFeePerMonth: z.string().nullable(),
      }),
    )
    .nullable()
    .optional(),
  demandPricePerKw: z.string().nullable().optional(),
  demandBands: z.array(z.string()).nullable().optional(),
  ...stamps,
});
export type Rate = z.infer<typeof rateSchema>;

const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

/** A time-of-use calendar: windows in local time, a default band, public holidays as Sundays. */
export const tariffCalendarSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string().nullable(),
  windows: z.array(
    z.object({ band: z.string(), days: z.array(weekdaySchema), from: z.string(), to: z.string() }),
  ),
  defaultBand: z.string().nullable(),
  holidayRegion: z.string().nullable(),
  holidayDates: z.array(z.string()),
  week: z.array(
    z.object({
      day: weekdaySchema,
      spans: z.array(z.object({ band: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
  ...stamps,
});
export type TariffCalendar = z.infer<typeof tariffCalendarSchema>;

/** Every band a calendar can yield (its windows' and its default band), sorted. */
export const calendarBands = (c: Pick<TariffCalendar, 'week'>) =>
  [...new Set(c.week.flatMap((d) => d.spans.map((s) => s.band)))].sort();

export const effectiveRatesSchema = z.object({
  billingPoint: codeBrief,
  date,
  rates: z.array(
    z.object({
      target: z.object({
        kind: z.enum(['utility-type', 'usage-metric']),
        documentId: z.string(),
        code: z.string(),
        name: z.string(),
      }),
      scope: z.enum(['default', 'building', 'billing-point']),
      rate: rateSchema,
    }),
  ),
});
export type EffectiveRates = z.infer<typeof effectiveRatesSchema>;

export const usageMetricSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  eGroup: z.string(),
  eId: nullableText,
  field: z.string(),
  aggregation: z.string(),
  unit: z.string(),
  description: nullableText,
  ...stamps,
});
export type UsageMetric = z.infer<typeof usageMetricSchema>;

export const utilityTypeOptionSchema = codeBrief.extend({ active: z.boolean() });

type Params = Record<string, string | number | undefined>;
type Body = Record<string, unknown>;

export function useBillingApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(() => {
    const clean = (params: Params) =>
      Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    const crud = <T extends z.ZodType>(path: string, schema: T) => {
      type Item = z.output<T>;
      const item = (data: unknown) => (one(schema).parse(data) as { data: Item }).data;
      return {
        list: async (params: Params = {}) =>
          listOf(schema).parse((await get(`/utilities/${path}`, { params: clean(params) })).data),
        get: async (id: string) => item((await get(`/utilities/${path}/${id}`)).data),
        create: async (body: Body) => item((await post(`/utilities/${path}`, body)).data),
        update: async (id: string, body: Body) => item((await put(`/utilities/${path}/${id}`, body)).data),
        remove: async (id: string) => {
          await del(`/utilities/${path}/${id}`);
        },
      };
    };
    return {
      buildings: crud('buildings', buildingSchema),
      parties: crud('parties', partySchema),
      badges: {
        ...crud('rfid-badges', badgeSchema),
        lookup: async (uid: string, at?: string) =>
          one(badgeLookupSchema).parse(
            (await get('/utilities/rfid-badges/lookup', { params: clean({ uid, at }) })).data,
          ).data,
      },
      usageMetrics: crud('usage-metrics', usageMetricSchema),
      tariffCalendars: crud('tariff-calendars', tariffCalendarSchema),
      billingPoints: {
        ...crud('billing-points', billingPointSchema),
        occupancies: async (id: string, params: Params = {}) =>
          listOf(occupancySchema).parse(
            (await get(`/utilities/billing-points/${id}/occupancies`, { params: clean(params) })).data,
          ),
        addOccupancy: async (id: string, body: Body) =>
          one(occupancySchema).parse((await post(`/utilities/billing-points/${id}/occupancies`, body)).data)
            .data,
        updateOccupancy: async (id: string, occupancyId: string, body: Body) =>
          one(occupancySchema).parse(
            (await put(`/utilities/billing-points/${id}/occupancies/${occupancyId}`, body)).data,
          ).data,
        removeOccupancy: async (id: string, occupancyId: string) => {
          await del(`/utilities/billing-points/${id}/occupancies/${occupancyId}`);
        },
        move: async (id: string, body: Body) =>
          one(moveResultSchema).parse((await post(`/utilities/billing-points/${id}/move`, body)).data).data,
        coverage: async (id: string, from: string, to: string) =>
          one(coverageSchema).parse(
            (await get(`/utilities/billing-points/${id}/coverage`, { params: { from, to } })).data,
          ).data,
        meters: async (id: string, at?: string) =>
          z
            .object({ data: z.array(installationSchema) })
            .parse((await get(`/utilities/billing-points/${id}/meters`, { params: clean({ at }) })).data)
            .data,
        addMeter: async (id: string, body: Body) =>
          one(installationSchema).parse((await post(`/utilities/billing-points/${id}/meters`, body)).data)
            .data,
        updateMeter: async (id: string, installationId: string, body: Body) =>
          one(installationSchema).parse(
            (await put(`/utilities/billing-points/${id}/meters/${installationId}`, body)).data,
          ).data,
        removeMeter: async (id: string, installationId: string) => {
          await del(`/utilities/billing-points/${id}/meters/${installationId}`);
        },
      },
      rates: {
        ...crud('rates', rateSchema),
        /** "Change prices": the new rate and the rates it closed. */
        create: async (body: Body) =>
          z
            .object({
              data: rateSchema,
              meta: z.object({ closed: z.array(z.object({ documentId: z.string(), validTo: date })) }),
            })
            .parse((await post('/utilities/rates', body)).data),
        effectiveAll: async (billingPoint: string, at?: string) =>
          one(effectiveRatesSchema).parse(
            (await get('/utilities/rates/effective', { params: clean({ billingPoint, at }) })).data,
          ).data,
      },
      /** Meters to install (needs devices.read; the page says so when it is missing). */
      devices: async (q: string) =>
        listOf(deviceOptionSchema).parse(
          (await get('/utilities/devices', { params: clean({ q, pageSize: 50 }) })).data,
        ).data,
      utilityTypes: async () =>
        listOf(utilityTypeOptionSchema).parse(
          (await get('/utilities/utility-types', { params: { pageSize: 100 } })).data,
        ).data,
    };
  }, [get, post, put, del]);
}

export type BillingApi = ReturnType<typeof useBillingApi>;
