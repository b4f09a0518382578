import { Dec } from '../../../src/charging/decimal';
import { paymentAmountProblem } from '../../../src/allocation/recorded-payments';

describe('the sign of a recorded payment', () => {
  it.each([
    ['payment', '250.00', null],
    ['refund', '-20.00', null],
    ['payment', '-5.00', 'payment-amount-negative'],
    ['refund', '5.00', 'payment-refund-positive'],
    ['payment', '0', 'payment-amount-zero'],
    ['refund', '-0.00', 'payment-amount-zero'],
    ['payment', '10.005', 'payment-amount-cents'],
  ] as const)('%s of %s → %s', (kind, amount, code) => {
    expect(paymentAmountProblem(kind, new Dec(amount))?.code ?? null).toBe(code);
  });
});
