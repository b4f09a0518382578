import { DateTime } from 'luxon';
import type { ChargingInput, MeterInput, RateInput, ReadingInput } from '../../../src/charging';

/** Shared builders for the charging tests: small, explicit, no hidden defaults that matter. */
export const ZONE = 'Europe/Zurich';

/** ISO UTC instant of a local wall-clock time in ZONE, e.g. local('2024-06-16') = 2024-06-15T22:00:00.000Z. */
export function local(text: string, zone = ZONE): string {
  const dt = DateTime.fromISO(text, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${text}`);
  return dt.toUTC().toISO();
}

export function meter(overrides: Partial<MeterInput> = {}): MeterInput {
  return {
    id: 'dev-w1',
    meterNumber: 'W-1',
    utilityType: 'WATER',
    unit: 'm3',
    registers: ['1'],
    installations: [{ from: '2020-01-01', to: null }],
    ...overrides,
  };
}

export function reads(
  meterNumber: string,
  register: string,
  points: [string, string][],
  kind: ReadingInput['kind'] = 'cumulative',
): ReadingInput[] {
  return points.map(([at, value]) => ({ meterNumber, register, readingAt: local(at), value, kind }));
}

export function rate(overrides: Partial<RateInput> = {}): RateInput {
  return {
    id: 'r-water',
    utilityType: 'WATER',
    scope: 'default',
    validFrom: '2020-01-01',
    validTo: null,
    unitPrice: '2.00',
    vatRate: '8.1',
    currency: 'CHF',
    ...overrides,
  };
}

export function input(overrides: Partial<ChargingInput> = {}): ChargingInput {
  return {
    periodStart: '2024-06-01',
    periodEnd: '2024-06-30',
    timeZone: ZONE,
    billingPoint: { id: 'bp-1', buildingId: 'b-1', ownerPartyId: 'owner' },
    meters: [meter()],
    readings: reads('W-1', '1', [
      ['2024-06-01T00:00', '1000'],
      ['2024-07-01T00:00', '1090'],
    ]),
    occupancies: [],
    rates: [rate()],
    ...overrides,
  };
}
