import { Dec, ZERO } from '../decimal';
import { lineAmount, lineVat } from '../money';
import type { BandQuantity } from './band-split';
import type { RateComponent, TariffRate } from './tariff-rate';

/**
 * A metered quantity priced by a rate's components: one line per component,
 * or per component and band when the component prices by band. Each line is
 * rounded on its own (money.ts), so the statement's component totals are sums
 * of printed lines.
 */

export interface ComponentLine {
  /** null for a rate without components. */
  component: string | null;
  /** null when the component has one unit price for every band. */
  band: string | null;
  quantity: Dec;
  unitPrice: Dec;
  amount: Dec;
  vatRate: Dec;
  vatAmount: Dec;
}

/**
 * Prices a quantity. `bands` is the quantity split into bands (sums exactly to
 * quantity), or null when it cannot be split — then every component must have
 * a single unit price (the caller reports the meter otherwise, see register-bands.ts).
 */
export function componentLines(
  rate: TariffRate,
  quantity: Dec,
  bands: readonly BandQuantity[] | null,
  currency: string,
): ComponentLine[] {
  const lines: ComponentLine[] = [];
  for (const component of rate.components) {
    if (component.bandPrices === null) {
      lines.push(priced(component, null, quantity, component.unitPrice ?? ZERO, currency));
      continue;
    }
    if (bands === null)
      throw new Error(`Component ${component.name ?? '(rate)'} prices by band but the quantity has no bands`);
    for (const { band, quantity: bandQuantity } of bands) {
      const price = component.bandPrices.find((p) => p.band === band);
      // parseTariffRate made every calendar band priced; a band outside the calendar cannot arise.
      if (!price) throw new Error(`Band ${band} has no price`);
      lines.push(priced(component, band, bandQuantity, price.price, currency));
    }
  }
  return lines;
}

function priced(
  component: RateComponent,
  band: string | null,
  quantity: Dec,
  unitPrice: Dec,
  currency: string,
): ComponentLine {
  const amount = lineAmount(quantity, unitPrice, currency);
  return {
    component: component.name,
    band,
    quantity,
    unitPrice,
    amount,
    vatRate: component.vatRate,
    vatAmount: lineVat(amount, component.vatRate, currency),
  };
}

/** Each component's fixed monthly fee for a month fraction (pro-rata.ts), one line per component that has one. */
export function componentFeeLines(rate: TariffRate, monthFraction: Dec, currency: string): ComponentLine[] {
  return rate.components
    .filter((c) => c.fixedFeePerMonth !== null)
    .map((c) => priced(c, null, monthFraction, c.fixedFeePerMonth as Dec, currency));
}

export interface ComponentTotal {
  component: string | null;
  net: Dec;
  vat: Dec;
  gross: Dec;
}

/** The statement's totals by component, in order of first appearance: sums of the rounded lines. */
export function totalsByComponent(
  lines: readonly { component: string | null; amount: Dec; vatAmount: Dec }[],
): ComponentTotal[] {
  const totals = new Map<string | null, ComponentTotal>();
  for (const line of lines) {
    const total = totals.get(line.component) ?? {
      component: line.component,
      net: ZERO,
      vat: ZERO,
      gross: ZERO,
    };
    total.net = total.net.plus(line.amount);
    total.vat = total.vat.plus(line.vatAmount);
    total.gross = total.net.plus(total.vat);
    totals.set(line.component, total);
  }
  return [...totals.values()];
}

export const sumAmounts = (lines: readonly { amount: Dec }[]): Dec =>
  lines.reduce((s, l) => s.plus(l.amount), new Dec(0));
