import type { Dec } from '../charging/decimal';

/**
 * The sign rule of a recorded payment: money received is a positive payment,
 * money paid back is a refund with a negative amount (so the paid total of a
 * party is the plain sum). A zero moves nothing and is refused; amounts are
 * whole cents.
 */
export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

export interface PaymentAmountProblem {
  code: string;
  message: string;
}

export function paymentAmountProblem(kind: PaymentKind, amount: Dec): PaymentAmountProblem | null {
  if (amount.decimalPlaces() > 2)
    return { code: 'payment-amount-cents', message: 'amount must be a whole number of cents' };
  if (amount.isZero()) return { code: 'payment-amount-zero', message: 'amount must not be 0' };
  if (kind === 'payment' && amount.isNegative())
    return {
      code: 'payment-amount-negative',
      message: 'A negative amount is money paid back: record it as a refund',
    };
  if (kind === 'refund' && !amount.isNegative())
    return {
      code: 'payment-refund-positive',
      message: 'A refund is money paid back: its amount is negative',
    };
  return null;
}
