import { formatDay } from './calendar';
import {
  ChargingContext,
  compareOrder,
  type ConsumptionPiece,
  type FeePiece,
  type QuantityPiece,
} from './charging-context';
import type { BoundaryRead } from './consumption';
import { Dec, ZERO, decimalText } from './decimal';
import { ExceptionCollector } from './exceptions';
import { feePieces } from './fixed-fees';
import { formatInstant } from './instant';
import {
  parseChargingInput,
  targetKey,
  type ParsedChargingInput,
  type ParsedRate,
  type RateTarget,
} from './input-schema';
import { meterPieces } from './meter-charges';
import { lineAmount, lineVat, moneyText } from './money';
import { responsibilityRuns } from './occupancy-split';
import { monthFraction, monthShares, type MonthShare } from './pro-rata';
import { sliceIntoTiers, tierBands, type TierBand } from './tiers';
import type {
  ChargingInput,
  ChargingResult,
  Invoice,
  InvoiceLine,
  PartyRole,
  ReadRef,
  TierRef,
  VatBreakdownRow,
} from './types';
import { usageCharges } from './usage-charges';
import { componentFeeLines, componentLines, totalsByComponent } from './tariffs/component-lines';
import { demandLines } from './tariffs/demand';

/**
 * The invoice builder: one billing point, one period → one invoice per
 * (party, currency) and the exceptions a person must look at.
 *
 *  1. who answers for each day (occupancies, vacancy → owner);
 *  2. meter readings → consumption per charging segment (party × rate);
 *  3. usage records → aggregated usage per party, device and segment;
 *  4. each party's quantities climb the rate's tiers; each slice is a line;
 *  5. fixed monthly fees, pro rata by days;
 *  6. amounts and VAT rounded per line (money.ts); totals are sums of lines.
 *
 * Deterministic: everything is walked in a canonical order that does not
 * depend on the order of the input arrays, and no clock or randomness is read.
 */
export function buildInvoices(input: ChargingInput): ChargingResult {
  return chargeBillingPoint(parseChargingInput(input));
}

/** The builder for input that has already been through parseChargingInput. */
export function chargeBillingPoint(input: ParsedChargingInput): ChargingResult {
  const { billingPoint, timeZone } = input;
  const exceptions = new ExceptionCollector(billingPoint.id, timeZone);
  const result = (invoices: Invoice[]): ChargingResult => ({
    billingPointId: billingPoint.id,
    periodStart: formatDay(input.periodStartDay),
    periodEnd: formatDay(input.periodEndDay),
    timeZone,
    invoices,
    exceptions: exceptions.list,
  });

  const responsibility = responsibilityRuns(
    input.occupancies,
    billingPoint.ownerPartyId,
    input.periodStartDay,
    input.periodEndDay,
  );
  if (!responsibility.ok) {
    for (const [a, b] of responsibility.overlaps) {
      const span = (o: typeof a) =>
        `${formatDay(o.entryDay)} – ${o.exitDay === null ? 'open' : formatDay(o.exitDay)}`;
      exceptions.add(
        'overlapping-occupancies',
        'occupancies-overlap',
        {
          firstParty: a.partyId,
          firstFromDate: formatDay(a.entryDay),
          firstToDate: a.exitDay === null ? 'open' : formatDay(a.exitDay),
          secondParty: b.partyId,
          secondFromDate: formatDay(b.entryDay),
          secondToDate: b.exitDay === null ? 'open' : formatDay(b.exitDay),
        },
        `Occupancies of party ${a.partyId} (${span(a)}) and party ${b.partyId} (${span(b)}) overlap; the billing point was not charged`,
        { partyId: b.partyId, fromDate: formatDay(b.entryDay) },
      );
    }
    return result([]);
  }

  const ctx = new ChargingContext(input, responsibility.runs, exceptions);
  const consumption = meterPieces(ctx);
  const usage = usageCharges(ctx);
  const fees = feePieces(ctx, usage.reportingDevices);
  const lines = [...priceQuantities(ctx, [...consumption, ...usage.pieces]), ...fees.flatMap(feeLines)];
  return result(assembleInvoices(ctx, lines));
}

/** A line plus where it sorts in its invoice and whose invoice it goes to. */
interface PlacedLine {
  partyId: string;
  order: (string | number)[];
  line: InvoiceLine;
  money: LineMoney;
}

/** A line's money as numbers, so totals need not re-read the line's text. */
interface LineMoney {
  amount: Dec;
  vat: Dec;
  vatRate: Dec;
}

/** Utility types before usage metrics, each by code. */
function targetOrder(target: RateTarget): (string | number)[] {
  return [target.kind === 'utility' ? 0 : 1, target.code];
}

function priceQuantities(ctx: ChargingContext, pieces: readonly QuantityPiece[]): PlacedLine[] {
  const ladders = new Map<string, QuantityPiece[]>();
  for (const piece of pieces) {
    const key = JSON.stringify([piece.partyId, targetKey(piece.target), piece.ladder]);
    const ladder = ladders.get(key);
    if (ladder) ladder.push(piece);
    else ladders.set(key, [piece]);
  }
  const fractions = new Map<string, Dec>();
  const periodFraction = monthFraction(monthShares(ctx.firstDay, ctx.lastDay));
  const partyFraction = (partyId: string): Dec => {
    let fraction = fractions.get(partyId);
    if (!fraction) {
      const shares: MonthShare[] = ctx.responsibility
        .filter((run) => run.partyId === partyId)
        .flatMap((run) => monthShares(run.fromDay, run.toDay));
      // A party with no days here (only a badge holder) climbs a whole-period ladder.
      fraction = shares.length > 0 ? monthFraction(shares) : periodFraction;
      fractions.set(partyId, fraction);
    }
    return fraction;
  };

  const placed: PlacedLine[] = [];
  for (const key of [...ladders.keys()].sort()) {
    const ladder = ladders.get(key)!.sort((a, b) => compareOrder(a.order, b.order));
    const fraction = ladder[0].ladder === 'badge' ? periodFraction : partyFraction(ladder[0].partyId);
    const bandsByRate = new Map<string, TierBand[]>();
    let offset = ZERO;
    for (const piece of ladder) {
      let bands = bandsByRate.get(piece.rate.id);
      if (!bands) {
        bands = tierBands(piece.rate.tiers, fraction);
        bandsByRate.set(piece.rate.id, bands);
      }
      if (piece.rate.tariff?.byComponents) {
        placed.push(...componentPricedLines(piece));
        offset = offset.add(piece.quantity);
        continue;
      }
      for (const slice of sliceIntoTiers(offset, piece.quantity, bands, piece.rate.unitPrice)) {
        const tier: TierRef | null = slice.tier && {
          index: slice.tier.index,
          from: decimalText(slice.tier.from),
          to: slice.tier.to === null ? null : decimalText(slice.tier.to),
        };
        placed.push(quantityLine(piece, slice.quantity, slice.unitPrice, tier));
      }
      offset = offset.add(piece.quantity);
    }
  }
  for (const piece of pieces) if (piece.kind === 'consumption') placed.push(...demandCharges(ctx, piece));
  return placed;
}

/** A quantity priced by the rate's components (and bands): one line per component and band. */
function componentPricedLines(piece: QuantityPiece): PlacedLine[] {
  const tariff = piece.rate.tariff!;
  const bands = piece.kind === 'consumption' ? piece.bands : null;
  return componentLines(tariff.rate, piece.quantity, bands, piece.rate.currency).map((line, index) =>
    quantityLine(piece, line.quantity, line.unitPrice, null, {
      vatRate: line.vatRate,
      component: line.component,
      band: line.band,
      index,
    }),
  );
}

/** The demand charge of a consumption piece: one line per local month, at the month's peak interval. */
function demandCharges(ctx: ChargingContext, piece: ConsumptionPiece): PlacedLine[] {
  const tariff = piece.rate.tariff;
  if (!tariff?.rate.demand || !piece.intervals || piece.intervals.length === 0) return [];
  const { meter, rate } = piece;
  return demandLines(piece.intervals, tariff.rate.demand, tariff.calendar, ctx.zone, rate.currency).map(
    (demand) => {
      const money = { amount: demand.amount, vat: demand.vatAmount, vatRate: demand.vatRate };
      return {
        partyId: piece.partyId,
        order: [
          ...targetOrder(piece.target),
          1,
          demand.month,
          meter.meterNumber,
          piece.register,
          piece.fromDay,
        ],
        money,
        line: {
          kind: 'demand',
          utilityType: piece.target.code,
          meterId: meter.id,
          meterNumber: meter.meterNumber,
          register: piece.register,
          month: demand.month,
          peakStart: demand.peakStart,
          peakStartLocal: demand.peakStartLocal,
          intervalMinutes: demand.intervalMinutes,
          peakQuantity: decimalText(demand.peakQuantity),
          ...days(piece.fromDay, piece.toDay),
          partyRole: piece.role,
          quantity: decimalText(demand.peakKw),
          unit: 'kW',
          rateId: rate.id,
          rateScope: rate.scope,
          tier: null,
          unitPrice: decimalText(demand.unitPrice),
          amount: moneyText(demand.amount, rate.currency),
          vatRate: decimalText(demand.vatRate),
          vatAmount: moneyText(demand.vatAmount, rate.currency),
          currency: rate.currency,
        },
      };
    },
  );
}

/** What a component line adds to a quantity line: its own VAT rate, its names, its place after the piece. */
interface ComponentPart {
  vatRate: Dec;
  component: string | null;
  band: string | null;
  index: number;
}

const componentFields = (part: ComponentPart | undefined) => ({
  ...(part?.component ? { component: part.component } : {}),
  ...(part?.band ? { band: part.band } : {}),
});

function priced(rate: ParsedRate, quantity: Dec, unitPrice: Dec, vatRate: Dec = rate.vatRate) {
  const amount = lineAmount(quantity, unitPrice, rate.currency);
  const vat = lineVat(amount, vatRate, rate.currency);
  return {
    money: { amount, vat, vatRate },
    rateId: rate.id,
    rateScope: rate.scope,
    unitPrice: decimalText(unitPrice),
    amount: moneyText(amount, rate.currency),
    vatRate: decimalText(vatRate),
    vatAmount: moneyText(vat, rate.currency),
    currency: rate.currency,
  };
}

function days(fromDay: number, toDay: number) {
  return { periodStart: formatDay(fromDay), periodEnd: formatDay(toDay), days: toDay - fromDay + 1 };
}

function readRef(read: BoundaryRead | null): ReadRef | null {
  return read && { at: formatInstant(read.at), value: decimalText(read.display), estimated: read.estimated };
}

function quantityLine(
  piece: QuantityPiece,
  quantity: Dec,
  unitPrice: Dec,
  tier: TierRef | null,
  priceComponent?: ComponentPart,
): PlacedLine {
  const order = [
    ...targetOrder(piece.target),
    0,
    ...piece.order,
    tier?.index ?? 0,
    priceComponent?.index ?? 0,
  ];
  const {
    money,
    rateId,
    rateScope,
    amount,
    vatRate,
    vatAmount,
    currency,
    unitPrice: price,
  } = priced(piece.rate, quantity, unitPrice, priceComponent?.vatRate);
  if (piece.kind === 'consumption') {
    const { meter, part } = piece;
    return {
      partyId: piece.partyId,
      order,
      money,
      line: {
        kind: 'consumption',
        utilityType: piece.target.code,
        meterId: meter.id,
        meterNumber: meter.meterNumber,
        register: piece.register,
        readingKind: part.from ? 'cumulative' : 'interval',
        ...days(piece.fromDay, piece.toDay),
        partyRole: piece.role,
        from: readRef(part.from),
        to: readRef(part.to),
        intervalCount: part.intervalCount,
        rollovers: part.rollovers,
        multiplier: decimalText(meter.multiplier),
        meteredQuantity: decimalText(piece.quantity),
        quantity: decimalText(quantity),
        unit: meter.unit,
        rateId,
        rateScope,
        tier,
        unitPrice: price,
        amount,
        vatRate,
        vatAmount,
        currency,
        ...componentFields(priceComponent),
      },
    };
  }
  const { metric } = piece;
  return {
    partyId: piece.partyId,
    order,
    money,
    line: {
      kind: 'usage',
      usageMetric: metric.code,
      eGroup: metric.eGroup,
      eId: metric.eId,
      field: metric.field,
      aggregation: metric.aggregation,
      deviceId: piece.deviceId,
      badges: piece.badges,
      recordCount: piece.recordCount,
      ...days(piece.fromDay, piece.toDay),
      partyRole: piece.role,
      meteredQuantity: decimalText(piece.quantity),
      quantity: decimalText(quantity),
      unit: metric.unit,
      rateId,
      rateScope,
      tier,
      unitPrice: price,
      amount,
      vatRate,
      vatAmount,
      currency,
      ...componentFields(priceComponent),
    },
  };
}

/** Decimal places of a fee line's month fraction; the amount is computed from this shown figure. */
export const MONTH_FRACTION_DECIMALS = 6;

/**
 * A fee piece's lines: the rate's own fixed fee, then each component's fixed
 * monthly fee, all on the same month fraction.
 */
function feeLines(piece: FeePiece): PlacedLine[] {
  const shares = monthShares(piece.fromDay, piece.toDay);
  const fraction = monthFraction(shares).toDecimalPlaces(MONTH_FRACTION_DECIMALS, Dec.ROUND_HALF_UP);
  const fees: { fee: Dec; vatRate: Dec; component: string | null }[] = [];
  if (piece.rate.fixedFeePerMonth)
    fees.push({ fee: piece.rate.fixedFeePerMonth, vatRate: piece.rate.vatRate, component: null });
  if (piece.rate.tariff) {
    for (const line of componentFeeLines(piece.rate.tariff.rate, fraction, piece.rate.currency))
      fees.push({ fee: line.unitPrice, vatRate: line.vatRate, component: line.component });
  }
  return fees.map(({ fee, vatRate: rateVat, component }, index) => {
    const { money, rateId, rateScope, unitPrice, amount, vatRate, vatAmount, currency } = priced(
      piece.rate,
      fraction,
      fee,
      rateVat,
    );
    return {
      partyId: piece.partyId,
      money,
      order: [...targetOrder(piece.target), 2, piece.fromDay, index],
      line: {
        kind: 'fixed-fee',
        utilityType: piece.target.kind === 'utility' ? piece.target.code : null,
        usageMetric: piece.target.kind === 'metric' ? piece.target.code : null,
        ...days(piece.fromDay, piece.toDay),
        partyRole: piece.role,
        feePerMonth: decimalText(fee),
        proRata: shares,
        quantity: decimalText(fraction),
        unit: 'month',
        rateId,
        rateScope,
        tier: null,
        unitPrice,
        amount,
        vatRate,
        vatAmount,
        currency,
        ...(component ? { component } : {}),
      },
    };
  });
}

function assembleInvoices(ctx: ChargingContext, placed: readonly PlacedLine[]): Invoice[] {
  const byInvoice = new Map<string, PlacedLine[]>();
  for (const entry of placed) {
    const key = JSON.stringify([entry.partyId, entry.line.currency]);
    const list = byInvoice.get(key);
    if (list) list.push(entry);
    else byInvoice.set(key, [entry]);
  }
  const invoices: Invoice[] = [];
  for (const key of [...byInvoice.keys()].sort()) {
    const [partyId, currency] = JSON.parse(key) as [string, string];
    const entries = byInvoice.get(key)!.sort((a, b) => compareOrder(a.order, b.order));
    const lines = entries.map((entry) => entry.line);
    invoices.push({
      partyId,
      billingPointId: ctx.input.billingPoint.id,
      currency,
      periodStart: formatDay(ctx.firstDay),
      periodEnd: formatDay(ctx.lastDay),
      roles: [...new Set<PartyRole>(lines.map((line) => line.partyRole))].sort(),
      lines,
      totals: sumTotals(
        entries.map((entry) => ({ ...entry.money, component: entry.line.component })),
        currency,
      ),
    });
  }
  return invoices;
}

/** An invoice's totals from its lines (for code holding lines, e.g. after editing a draft). */
export function totalsOf(lines: readonly InvoiceLine[], currency: string): Invoice['totals'] {
  return sumTotals(
    lines.map((line) => ({
      amount: new Dec(line.amount),
      vat: new Dec(line.vatAmount),
      vatRate: new Dec(line.vatRate),
      component: line.component,
    })),
    currency,
  );
}

/** Totals are sums of the rounded line figures — never a rounding of unrounded sums. */
function sumTotals(
  lines: readonly (LineMoney & { component?: string })[],
  currency: string,
): Invoice['totals'] {
  let net = ZERO;
  let vat = ZERO;
  const byRate = new Map<string, { rate: Dec; net: Dec; vat: Dec }>();
  for (const line of lines) {
    net = net.add(line.amount);
    vat = vat.add(line.vat);
    const key = line.vatRate.toFixed();
    const row = byRate.get(key) ?? { rate: line.vatRate, net: ZERO, vat: ZERO };
    row.net = row.net.add(line.amount);
    row.vat = row.vat.add(line.vat);
    byRate.set(key, row);
  }
  const vatBreakdown: VatBreakdownRow[] = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map((row) => ({
      vatRate: decimalText(row.rate),
      net: moneyText(row.net, currency),
      vat: moneyText(row.vat, currency),
    }));
  const byComponent = totalsByComponent(
    lines
      .filter((line) => line.component)
      .map((line) => ({ component: line.component!, amount: line.amount, vatAmount: line.vat })),
  ).map((total) => ({
    component: total.component!,
    net: moneyText(total.net, currency),
    vat: moneyText(total.vat, currency),
    gross: moneyText(total.gross, currency),
  }));
  return {
    net: moneyText(net, currency),
    vat: moneyText(vat, currency),
    gross: moneyText(net.add(vat), currency),
    vatBreakdown,
    ...(byComponent.length ? { byComponent } : {}),
  };
}
