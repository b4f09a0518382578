/**
 * The charging domain's boundary types: what the server hands the invoice
 * builder (ChargingInput) and what it gets back (ChargingResult). Numbers that
 * are money, readings or counters travel as decimal text so nothing passes
 * through binary floating point; the builder validates the input once
 * (input-schema.ts) and refuses malformed data with a DomainError naming the field.
 */

import type { ChargingExceptionCode, ExceptionParams } from './exception-codes';
import type { RateComponentInput } from './tariffs/tariff-rate';
import type { TariffCalendarInput } from './tariffs/tariff-calendar';

export type { RateComponentInput, TariffCalendarInput };

/** A calendar date, yyyy-MM-dd, in the building's time zone. Ranges of dates include both ends. */
export type CalendarDate = string;

/** A moment: ISO 8601 text with "Z" or an offset, a Date, or whole epoch milliseconds. */
export type InstantInput = string | Date | number;

/** A decimal number as plain text ("12.345", exact — prefer it) or a finite JS number. */
export type DecimalInput = string | number;

/** A 64-bit integer counter: text, bigint, or a JS number only if it is a safe integer. */
export type CounterInput = string | bigint | number;

/** cumulative: a register read (the meter's running total). interval: the consumption of the interval ending at readingAt (e.g. NEM12). */
export type ReadingKind = 'cumulative' | 'interval';

export type RateScope = 'default' | 'building' | 'billing-point';

export const USAGE_FIELDS = [
  'intCounter',
  'intCounter2',
  'intCounter3',
  'intCounter4',
  'intCounter5',
  'temperature',
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

/**
 * count: number of records; sum: Σ field; delta: growth of a cumulative counter
 * (per device, each record's value minus the device's previous record);
 * max: largest value; latest: value of the last record.
 */
export const USAGE_AGGREGATIONS = ['count', 'sum', 'delta', 'max', 'latest'] as const;
export type UsageAggregation = (typeof USAGE_AGGREGATIONS)[number];

// ───────────────────────────── input ─────────────────────────────

/** A meter's stay at the billing point: from and to are dates, both included; to null = still installed. */
export interface MeterInstallationInput {
  from: CalendarDate;
  to: CalendarDate | null;
}

export interface MeterInput {
  /** The device's documentId. */
  id: string;
  /** Readings and usage records (their deviceId) refer to the meter by this number. */
  meterNumber: string;
  /** Utility type code (WATER, ELECTRICITY…) whose rates price this meter; null when untagged. */
  utilityType: string | null;
  /** Unit of the quantity billed (m³, kWh…). */
  unit: string;
  /** Quantity = register delta × multiplier (e.g. a current-transformer ratio). Default 1. */
  multiplier?: DecimalInput | null;
  /** The count at which a cumulative register wraps back to 0 (100000 for a 5-digit register). */
  rolloverAt?: DecimalInput | null;
  /** Registers billed from readings (e.g. ["1.8.0"]). Empty for a device that only posts usage records. */
  registers: string[];
  /**
   * Interval length of interval readings in minutes (15, 30…). When absent it is
   * inferred as the shortest spacing between the register's readings.
   */
  intervalMinutes?: number | null;
  /** Installations at this billing point (history; a meter may be removed and come back). */
  installations: MeterInstallationInput[];
  /**
   * Cumulative registers that count one time-of-use band each, e.g. { "1.8.1": "HT", "1.8.2": "NT" }
   * (which OBIS register is HT differs by operator, so it is configured, never assumed).
   */
  registerBands?: Record<string, string> | null;
}

/**
 * A meter reading. The builder needs, per register, the reads inside the period
 * plus the last read before it and the first read after it (interpolation at
 * the boundaries uses them).
 */
export interface ReadingInput {
  meterNumber: string;
  register: string;
  readingAt: InstantInput;
  value: DecimalInput;
  kind: ReadingKind;
}

export interface OccupancyInput {
  id?: string | null;
  partyId: string;
  entryDate: CalendarDate;
  /** The last day occupied; null while the occupancy is open. */
  exitDate: CalendarDate | null;
}

/** One step of a graduated price: quantities up to `upTo` (per month) at `unitPrice`; the last step has upTo null. */
export interface RateTierInput {
  upTo: DecimalInput | null;
  unitPrice: DecimalInput;
}

export interface RateInput {
  id: string;
  /** Exactly one of utilityType (prices readings) and usageMetric (prices usage records). */
  utilityType?: string | null;
  usageMetric?: string | null;
  scope: RateScope;
  /** Set for scope "building". */
  buildingId?: string | null;
  /** Set for scope "billing-point". */
  billingPointId?: string | null;
  validFrom: CalendarDate;
  validTo: CalendarDate | null;
  /** Price per unit when there are no tiers. */
  unitPrice: DecimalInput;
  /** Graduated tiers; when present they replace unitPrice. Bounds are quantities per month. */
  tiers?: RateTierInput[] | null;
  fixedFeePerMonth?: DecimalInput | null;
  /** VAT as a percentage: "8.1" means 8.1 %. */
  vatRate: DecimalInput;
  /** ISO 4217 code, e.g. CHF. */
  currency: string;
  /** Time-of-use calendar the band prices refer to (tariffs/tariff-calendar.ts). */
  tariffCalendar?: TariffCalendarInput | null;
  /** Price per band, e.g. { HT: "0.30", NT: "0.20" }; needs tariffCalendar. */
  bandPrices?: Record<string, DecimalInput> | null;
  /** Price components (energy, grid usage, levies); when set they replace unitPrice and bandPrices. */
  components?: RateComponentInput[] | null;
  /** Price per kW of each month's peak interval (tariffs/demand.ts). */
  demandPricePerKw?: DecimalInput | null;
  /** Only intervals starting in these bands count for the peak; null = all. */
  demandBands?: string[] | null;
}

export interface UsageMetricInput {
  code: string;
  eGroup: string;
  /** When set, only records of this eId count; when null, every eId of the eGroup. */
  eId?: string | null;
  field: UsageField;
  aggregation: UsageAggregation;
  unit: string;
}

/**
 * A usage record. For delta metrics the builder also needs each device's last
 * record before the period (its baseline).
 */
export interface UsageRecordInput {
  eGroup: string;
  eId: string;
  /** The device's identifier as posted; matched against MeterInput.meterNumber. */
  deviceId: string;
  eventRef?: string | null;
  /** When the use was recorded (UTC). */
  dtu: InstantInput;
  intCounter?: CounterInput | null;
  intCounter2?: CounterInput | null;
  intCounter3?: CounterInput | null;
  intCounter4?: CounterInput | null;
  intCounter5?: CounterInput | null;
  temperature?: DecimalInput | null;
  /** RFID badge UID presented with the use (charging station, laundry). */
  badge?: string | null;
}

export interface RfidBadgeInput {
  uid: string;
  partyId: string;
  active: boolean;
  validFrom: CalendarDate | null;
  validTo: CalendarDate | null;
}

export interface BillingPointInput {
  id: string;
  buildingId: string | null;
  /** Who pays for vacant days. */
  ownerPartyId: string;
}

export interface ChargingInput {
  /** First and last day charged, both included, in the building's time zone. */
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  /** The building's IANA time zone, e.g. Europe/Zurich. */
  timeZone: string;
  billingPoint: BillingPointInput;
  meters: MeterInput[];
  readings: ReadingInput[];
  occupancies: OccupancyInput[];
  /** Every rate that may apply (any scope); the builder picks the most specific valid one per day. */
  rates: RateInput[];
  usageMetrics?: UsageMetricInput[];
  usageRecords?: UsageRecordInput[];
  badges?: RfidBadgeInput[];
}

// ───────────────────────────── output ─────────────────────────────

/** A register value at a boundary of a line. */
export interface ReadRef {
  /** ISO 8601 UTC. */
  at: string;
  /** The register as it reads (after a rollover it is the wrapped value). */
  value: string;
  /** True when interpolated between two real reads. */
  estimated: boolean;
}

/** The tier a line's quantity falls in; bounds are the ones used for this party and period (already pro rata). */
export interface TierRef {
  /** 1-based. */
  index: number;
  from: string;
  to: string | null;
}

/** Who the party is to the billing point, for this line. */
export type PartyRole = 'occupant' | 'owner' | 'badge-holder';

interface LineBase {
  /** The days the line covers, both included. */
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  days: number;
  partyRole: PartyRole;
  quantity: string;
  unit: string;
  rateId: string;
  rateScope: RateScope;
  tier: TierRef | null;
  unitPrice: string;
  /** quantity × unitPrice, rounded to the currency's minor unit. */
  amount: string;
  /** Percentage. */
  vatRate: string;
  /** amount × vatRate / 100, rounded to the minor unit. */
  vatAmount: string;
  currency: string;
  /** The rate's price component this line bills (energy, grid usage…); absent for a rate without components. */
  component?: string;
  /** The time-of-use band this line's quantity was used in (HT, NT…); absent when not priced by band. */
  band?: string;
}

export interface ConsumptionLine extends LineBase {
  kind: 'consumption';
  utilityType: string;
  meterId: string;
  meterNumber: string;
  register: string;
  readingKind: ReadingKind;
  /** Cumulative registers: the reads the quantity is computed from; null for interval data. */
  from: ReadRef | null;
  to: ReadRef | null;
  /** Interval data: how many intervals were summed; null for cumulative registers. */
  intervalCount: number | null;
  /** How many times the register wrapped between from and to. */
  rollovers: number;
  multiplier: string;
  /** The quantity of the whole metered segment; differs from quantity when the segment spans tiers. */
  meteredQuantity: string;
}

export interface UsageLine extends LineBase {
  kind: 'usage';
  usageMetric: string;
  eGroup: string;
  eId: string | null;
  field: UsageField;
  aggregation: UsageAggregation;
  deviceId: string;
  /** Badges the records were presented with (sorted). */
  badges: string[];
  recordCount: number;
  meteredQuantity: string;
}

export interface FixedFeeLine extends LineBase {
  kind: 'fixed-fee';
  utilityType: string | null;
  usageMetric: string | null;
  feePerMonth: string;
  /** How the month fraction in quantity is made: days of each calendar month covered. */
  proRata: { month: string; days: number; daysInMonth: number }[];
}

/** A demand charge: a month's highest average power of one meter's intervals, priced per kW. */
export interface DemandLine extends LineBase {
  kind: 'demand';
  utilityType: string;
  meterId: string;
  meterNumber: string;
  register: string;
  /** yyyy-MM, local. */
  month: string;
  /** The peak interval's start, ISO 8601 UTC, and as local wall-clock time (yyyy-MM-dd HH:mm). */
  peakStart: string;
  peakStartLocal: string;
  intervalMinutes: number;
  /** The peak interval's consumption (the kW figure is this × 60 / intervalMinutes). */
  peakQuantity: string;
}

/**
 * A self-consumption community's energy (src/community/community-lines.ts): the
 * member's solar share at the internal solar price, its grid share at the grid
 * rate (per band and component), a LEG's grid-usage lines on the locally consumed
 * share and their discount, and the owner's feed-in credit.
 */
export type CommunityEnergy = 'solar' | 'grid' | 'local-grid-usage' | 'leg-discount' | 'feed-in';

export interface CommunityLine extends LineBase {
  kind: 'community';
  utilityType: string;
  /** The community's documentId and code. */
  communityId: string;
  community: string;
  energy: CommunityEnergy;
  /**
   * True on the one line per energy and band whose quantity is the energy itself; a grid
   * rate with components prices the same kWh once per component, and the statement must
   * count them once. False for the LEG's grid-usage and discount lines (they re-price solar kWh).
   */
  metered: boolean;
}

export type InvoiceLine = ConsumptionLine | UsageLine | FixedFeeLine | DemandLine | CommunityLine;

export interface VatBreakdownRow {
  vatRate: string;
  net: string;
  vat: string;
}

export interface InvoiceTotals {
  /** Σ line amounts. */
  net: string;
  /** Σ line VAT amounts. */
  vat: string;
  gross: string;
  vatBreakdown: VatBreakdownRow[];
  /** Per price component, in order of first appearance; present when some line names a component. */
  byComponent?: ComponentTotalRow[];
}

export interface ComponentTotalRow {
  component: string;
  net: string;
  vat: string;
  gross: string;
}

/** One party's bill for one billing point over the period, in one currency. */
export interface Invoice {
  partyId: string;
  billingPointId: string;
  currency: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  roles: PartyRole[];
  lines: InvoiceLine[];
  totals: InvoiceTotals;
}

export const CHARGING_EXCEPTION_KINDS = [
  'missing-read',
  'negative-consumption',
  'invalid-read',
  'no-rate',
  'ambiguous-rate',
  'overlapping-occupancies',
  'overlapping-installations',
  'unknown-badge',
  'ambiguous-badge',
  'negative-delta',
  'conflicting-usage-records',
  'needs-band-data',
  'needs-interval-data',
] as const;
export type ChargingExceptionKind = (typeof CHARGING_EXCEPTION_KINDS)[number];

/**
 * Something a person must look at before the bill is final. Whatever an
 * exception concerns is left out of the invoices (nothing is guessed).
 */
export type ChargingException = {
  kind: ChargingExceptionKind;
  /** What the message says, for the admin to translate (src/charging/exception-codes.ts). */
  code: ChargingExceptionCode;
  params: ExceptionParams;
  message: string;
  billingPointId: string;
  meterNumber?: string;
  register?: string;
  utilityType?: string;
  usageMetric?: string;
  deviceId?: string;
  partyId?: string;
  badge?: string;
  /** The instant concerned (ISO 8601 UTC). */
  at?: string;
  /** The days concerned. */
  fromDate?: CalendarDate;
  toDate?: CalendarDate;
};

export interface ChargingResult {
  billingPointId: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  timeZone: string;
  /** Sorted by party, then currency. */
  invoices: Invoice[];
  exceptions: ChargingException[];
}
