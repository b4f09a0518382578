import { Dec } from './decimal';

/**
 * Money rounding. The rule, applied everywhere a bill shows money:
 *
 *   every line's amount and every line's VAT amount is rounded, on its own, to
 *   the currency's minor unit (cents for CHF/EUR, whole yen for JPY, fils for
 *   KWD), half away from zero ("commercial rounding": 0.125 → 0.13). Invoice
 *   totals are the sums of those rounded line figures, never a rounding of the
 *   unrounded sum, so a reader adding up the printed lines gets the printed total.
 *
 * Swiss cash rounding to 0.05 is a payment concern and is not applied here.
 */
const MINOR_UNIT_EXCEPTIONS: Readonly<Record<string, number>> = {
  // ISO 4217 currencies without the usual two decimals.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Digits after the decimal point in the currency's minor unit (ISO 4217); 2 unless listed. */
export function minorUnitDigits(currency: string): number {
  return MINOR_UNIT_EXCEPTIONS[currency] ?? 2;
}

/** Rounds an amount to the currency's minor unit, half away from zero. */
export function roundToMinorUnit(amount: Dec, currency: string): Dec {
  return amount.toDecimalPlaces(minorUnitDigits(currency), Dec.ROUND_HALF_UP);
}

/** The money text of an already rounded amount, with all its minor-unit digits ("12.50"). */
export function moneyText(amount: Dec, currency: string): string {
  return amount.toFixed(minorUnitDigits(currency), Dec.ROUND_HALF_UP);
}

/** amount = quantity × unit price, rounded to the minor unit. */
export function lineAmount(quantity: Dec, unitPrice: Dec, currency: string): Dec {
  return roundToMinorUnit(quantity.mul(unitPrice), currency);
}

/** VAT of one (already rounded) line amount; vatRate is a percentage (8.1 means 8.1 %). */
export function lineVat(amount: Dec, vatRatePercent: Dec, currency: string): Dec {
  return roundToMinorUnit(amount.mul(vatRatePercent).div(100), currency);
}
