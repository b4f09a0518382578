import { Dec, ZERO } from '../charging/decimal';
import { apportion, sumOf } from '../common/apportion';
import { apportionWh, kWhOf, whOf, type Wh } from './watt-hours';

/** Energy is split on the watt-hour grid: every part is a whole number of Wh. */
export const KWH_STEP = new Dec('0.001');

/**
 * How the solar energy consumed inside the community is shared in one interval.
 * - proportional (the default in Swiss practice): each consumer gets the
 *   self-consumed energy in proportion to its consumption;
 * - fixed shares: each consumer is entitled to a fixed share of production up
 *   to its own consumption; what a consumer cannot use goes to those with
 *   demand left, in proportion to their shares (or, when none of them holds a
 *   share, to their remaining demand).
 */
export type SplitMethod =
  | { readonly kind: 'proportional' }
  | { readonly kind: 'fixed-shares'; readonly shares: ReadonlyMap<string, Dec> };

export interface Demand {
  readonly id: string;
  /** This interval's consumption in kWh, ≥ 0 and on the Wh grid. */
  readonly kWh: Dec;
}

export interface SolarPart {
  readonly id: string;
  readonly solar: Dec;
  readonly grid: Dec;
}

export interface IntervalSplit {
  /** S = min(P, ΣC): the production consumed inside the community. */
  readonly selfConsumed: Dec;
  /** P − S: fed into the grid. */
  readonly exported: Dec;
  /** One part per demand, in the demands' order; solar + grid = consumption exactly. */
  readonly parts: readonly SolarPart[];
}

/**
 * Splits one interval: production P among the consumers' demands Cᵢ.
 * S = min(P, ΣCᵢ); sᵢ by the method, rounded to whole Wh by largest remainder
 * so that Σsᵢ = S exactly and 0 ≤ sᵢ ≤ Cᵢ; gridᵢ = Cᵢ − sᵢ; export = P − S.
 * Consumer ids must be distinct.
 */
export function splitSolar(production: Dec, demands: readonly Demand[], method: SplitMethod): IntervalSplit {
  const totalDemand = sumOf(demands.map((d) => d.kWh));
  const selfConsumed = Dec.min(production, totalDemand);
  const inWh = method.kind === 'proportional' ? proportionalWh(selfConsumed, demands) : null;
  if (inWh) {
    return {
      selfConsumed,
      exported: production.sub(selfConsumed),
      parts: demands.map((d, i) => ({ id: d.id, solar: inWh[i], grid: d.kWh.sub(inWh[i]) })),
    };
  }
  const exact = selfConsumed.isZero()
    ? demands.map(() => ZERO)
    : method.kind === 'proportional'
      ? demands.map((d) => selfConsumed.mul(d.kWh).div(totalDemand))
      : fillByShares(production, demands, method.shares);
  // Rounding ties go to the earlier consumer in a canonical (id) order, so the
  // same interval gives the same parts whatever order the consumers came in.
  const canonical = demands.map((_, i) => i).sort((a, b) => (demands[a].id < demands[b].id ? -1 : 1));
  const rounded = apportion(
    selfConsumed,
    canonical.map((i) => exact[i]),
    KWH_STEP,
  );
  const solar: Dec[] = [];
  canonical.forEach((i, k) => (solar[i] = rounded[k]));
  return {
    selfConsumed,
    exported: production.sub(selfConsumed),
    parts: demands.map((d, i) => ({ id: d.id, solar: solar[i], grid: d.kWh.sub(solar[i]) })),
  };
}

/**
 * The proportional split on whole watt-hours, exactly: sᵢ = ⌊S·Cᵢ / ΣC⌋, and the
 * Wh left go to the largest remainders (S·Cᵢ mod ΣC, integers — so equal
 * remainders are equal, and the tie goes to the smaller id as documented; with
 * decimal quotients a repeating fraction is cut at a different digit for a
 * larger Cᵢ, which broke ties by accident). Null when a value is off the Wh
 * grid (the decimal path below then runs).
 */
function proportionalWh(selfConsumed: Dec, demands: readonly Demand[]): Dec[] | null {
  const s = whOf(selfConsumed);
  const c = demands.map((d) => whOf(d.kWh));
  if (s === null || c.some((v) => v === null || v < 0n)) return null;
  return splitProportionalWh(s, demands, c as Wh[]).map(kWhOf);
}

/** The proportional split of S Wh among consumers of Cᵢ Wh (S ≤ ΣC), ties to the smaller id. */
export const splitProportionalWh = (
  selfConsumed: Wh,
  consumers: readonly { readonly id: string }[],
  wh: readonly Wh[],
): Wh[] => apportionWh(selfConsumed, wh, (a, b) => (consumers[a].id < consumers[b].id ? -1 : 1));

/**
 * Water-filling: offer what is left of production to everyone with demand
 * left, by their weights; whoever is offered at least its remaining demand
 * takes exactly that and drops out, and the rest is offered again. Each round
 * either satisfies somebody or hands out everything, so it ends within n
 * rounds, with Σ = min(P, ΣC) exactly (before rounding).
 */
function fillByShares(production: Dec, demands: readonly Demand[], shares: ReadonlyMap<string, Dec>): Dec[] {
  const given = demands.map(() => ZERO);
  let left = production;
  let open = demands.map((_, i) => i).filter((i) => demands[i].kWh.gt(ZERO));
  while (left.gt(ZERO) && open.length > 0) {
    const remaining = (i: number) => demands[i].kWh.sub(given[i]);
    const byShare = open.map((i) => shares.get(demands[i].id) ?? ZERO);
    const weights = sumOf(byShare).gt(ZERO) ? byShare : open.map(remaining);
    const weightSum = sumOf(weights);
    const offers = open.map((_, k) => left.mul(weights[k]).div(weightSum));
    const satisfied = open.filter((i, k) => offers[k].gte(remaining(i)));
    if (satisfied.length === 0) {
      open.forEach((i, k) => (given[i] = given[i].add(offers[k])));
      break;
    }
    for (const i of satisfied) {
      left = left.sub(remaining(i));
      given[i] = demands[i].kWh;
    }
    open = open.filter((i) => !satisfied.includes(i));
  }
  return given;
}
