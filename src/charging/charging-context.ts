import type { Span } from './consumption';
import type { ExceptionCollector } from './exceptions';
import type {
  ParsedChargingInput,
  ParsedMeter,
  ParsedRate,
  ParsedUsageMetric,
  RateTarget,
} from './input-schema';
import type { MeasuredPart } from './consumption';
import type { ResponsibilityRun } from './occupancy-split';
import { rateRuns, type RateRun } from './rate-resolution';
import { chargingSegments, type ChargingSegment } from './segments';
import { targetKey } from './input-schema';
import { dayIndexOf, dayStarts, startOfDay } from './time-zone';
import type { Dec } from './decimal';
import type { PartyRole } from './types';
import type { BandQuantity } from './tariffs/band-split';
import type { DemandInterval } from './tariffs/demand';

/**
 * What every step of one billing point's charge shares: the period as days
 * and instants, who is responsible when, the rate runs per utility or metric,
 * and where exceptions go. Built once per billing point.
 */
export class ChargingContext {
  readonly firstDay: number;
  readonly lastDay: number;
  readonly zone: string;
  /** starts[i] = first moment of day firstDay + i; the last element is the end of the period. */
  readonly starts: number[];
  readonly period: Span;
  private readonly segmentCache = new Map<string, ChargingSegment[]>();
  private readonly rateRunCache = new Map<string, RateRun[]>();

  constructor(
    readonly input: ParsedChargingInput,
    readonly responsibility: readonly ResponsibilityRun[],
    readonly exceptions: ExceptionCollector,
  ) {
    this.firstDay = input.periodStartDay;
    this.lastDay = input.periodEndDay;
    this.zone = input.timeZone;
    this.starts = dayStarts(this.zone, this.firstDay, this.lastDay);
    this.period = { start: this.starts[0], end: this.starts[this.starts.length - 1] };
  }

  /** First moment of any day (cached for the period's days). */
  dayStart(day: number): number {
    const i = day - this.firstDay;
    return i >= 0 && i < this.starts.length ? this.starts[i] : startOfDay(this.zone, day);
  }

  /** The day number of an instant inside the period, else null. */
  dayOf(instant: number): number | null {
    const i = dayIndexOf(this.starts, instant);
    return i < 0 ? null : this.firstDay + i;
  }

  rateRuns(target: RateTarget): RateRun[] {
    const key = targetKey(target);
    let runs = this.rateRunCache.get(key);
    if (!runs) {
      const { billingPoint, rates } = this.input;
      runs = rateRuns(
        rates,
        { target, billingPointId: billingPoint.id, buildingId: billingPoint.buildingId },
        this.firstDay,
        this.lastDay,
      );
      this.rateRunCache.set(key, runs);
    }
    return runs;
  }

  /** The period cut wherever the responsible party or the target's rate changes; without a target, no rate. */
  segments(target: RateTarget | null): ChargingSegment[] {
    const key = target ? targetKey(target) : '';
    let segments = this.segmentCache.get(key);
    if (!segments) {
      const runs: RateRun[] = target
        ? this.rateRuns(target)
        : [{ fromDay: this.firstDay, toDay: this.lastDay, resolution: { kind: 'none' } }];
      segments = chargingSegments(this.responsibility, runs);
      this.segmentCache.set(key, segments);
    }
    return segments;
  }
}

/** How a party came to owe a piece: as the one answerable for the billing point, or as a badge holder. */
export type Ladder = 'occupancy' | 'badge';

/** A priced quantity before it is cut into tiers and turned into lines. */
interface PieceBase {
  partyId: string;
  role: PartyRole;
  ladder: Ladder;
  target: RateTarget;
  rate: ParsedRate;
  fromDay: number;
  toDay: number;
  quantity: Dec;
  /** Order on the party's tier ladder and in the invoice. */
  order: readonly (string | number)[];
}

export interface ConsumptionPiece extends PieceBase {
  kind: 'consumption';
  meter: ParsedMeter;
  register: string;
  part: MeasuredPart;
  /** The quantity per time-of-use band (sums exactly to quantity); null when the rate has no band prices. */
  bands: BandQuantity[] | null;
  /** The part's intervals, for a demand price; null otherwise. */
  intervals: DemandInterval[] | null;
}

export interface UsagePiece extends PieceBase {
  kind: 'usage';
  metric: ParsedUsageMetric;
  deviceId: string;
  badges: string[];
  recordCount: number;
}

export type QuantityPiece = ConsumptionPiece | UsagePiece;

export interface FeePiece {
  kind: 'fixed-fee';
  partyId: string;
  role: PartyRole;
  target: RateTarget;
  rate: ParsedRate;
  fromDay: number;
  toDay: number;
}

export function compareOrder(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
