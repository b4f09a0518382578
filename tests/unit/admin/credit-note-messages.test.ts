import { createIntl } from 'react-intl';
import { CREDIT_NOTE_MESSAGES } from '../../../admin/api/credit-note-messages';
import { describeErrorBody, type ErrorBody } from '../../../admin/api/error-messages';
import { DomainError, type FieldProblem } from '../../../src/common/errors';
import {
  creditNoteLines,
  type CreditableLine,
  type PriorCreditLine,
} from '../../../src/documents/credit-note';
import { CREDIT_NOTE_REFUSAL_CODES, creditNoteRefusal } from '../../../src/documents/credit-note-refusals';
import { translator } from '../../helpers/admin-intl';

/**
 * A credit note's refusals carry a code and params beside their English message; the
 * admin words each code in its language. The English catalogue must say exactly what
 * the server says — checked on refusals creditNoteLines really gives — and the other
 * languages put amounts in their own format.
 */
const line = (quantity: string, unitPrice: string, amount: string, vatRate: string, vatAmount: string) =>
  ({ kind: 'consumption', quantity, unitPrice, amount, vatRate, vatAmount }) as CreditableLine;

// Water 62 m³ × 3.00 = 186.00 (VAT 15.07), fixed fee 30.00 (VAT 2.43), a feed-in credit −12.00 (VAT −0.97).
const INVOICE = {
  currency: 'CHF',
  lines: [
    line('62', '3.00', '186.00', '8.1', '15.07'),
    line('1', '30.00', '30.00', '8.1', '2.43'),
    line('12', '-1.00', '-12.00', '8.1', '-0.97'),
    line('0', '5.00', '0.00', '8.1', '0.00'),
  ],
};
const credited = [{ line: 1, amount: '30.00', vatAmount: '2.43', quantity: '1' }];

/** The error creditNoteLines throws for these lines (after the fee was credited in full). */
function refused(
  lines: Parameters<typeof creditNoteLines>[2],
  prior: PriorCreditLine[] = credited,
): DomainError {
  try {
    creditNoteLines(INVOICE, prior, lines);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const refusals = [
  refused([{ line: 9 }]),
  refused([{ line: 0 }, { line: 0 }]),
  refused([{ line: 0, quantity: '1', amount: '1' }]),
  refused([{ line: 3 }]),
  refused([{ line: 1 }]),
  refused([{ line: 2, amount: '1' }]),
  refused([{ line: 0, quantity: '-1' }]),
  refused([{ line: 0, quantity: '63' }]),
  refused([{ line: 0, amount: '0' }]),
  refused([{ line: 0, amount: '10.005' }]),
  refused([{ line: 0, amount: '186.01' }]),
  refused([{ line: 2 }]),
  refused([{ line: 0 }]),
  refused(
    [{ line: 0 }],
    [
      { line: 0, amount: '186.00', vatAmount: '15.07', quantity: null },
      { line: 1, amount: '30.00', vatAmount: '2.43', quantity: null },
    ],
  ),
  refused('all', [
    { line: 0, amount: '186.00', vatAmount: '15.07', quantity: null },
    { line: 1, amount: '30.00', vatAmount: '2.43', quantity: null },
    { line: 2, amount: '-12.00', vatAmount: '-0.97', quantity: null },
  ]),
];
const problems = refusals.flatMap((e) => e.details.errors as FieldProblem[]);

const english = (code: string, params: Record<string, string | number | boolean | null> = {}) =>
  createIntl({ locale: 'en', messages: {} }).formatMessage(CREDIT_NOTE_MESSAGES[code], params);

test('every code the server can give has a message in the admin, and no other', () => {
  expect(Object.keys(CREDIT_NOTE_MESSAGES).sort()).toEqual([...CREDIT_NOTE_REFUSAL_CODES].sort());
});

test('the scenarios reach many different codes (so the next test checks something)', () => {
  expect(new Set(problems.map((p) => p.code)).size).toBeGreaterThanOrEqual(10);
});

test.each(problems.map((p) => [p.code ?? 'no code', p] as const))(
  'the English catalogue says what the server says: %s',
  (code, problem) => {
    expect(english(code, problem.params)).toBe(problem.message);
  },
);

test('the error carries its first problem’s code and params', () => {
  for (const error of refusals) {
    const [first] = error.details.errors as FieldProblem[];
    expect(error.details).toMatchObject({ code: first.code, params: first.params ?? {} });
    expect(error.message).toBe(english(first.code!, first.params));
  }
});

test.each(CREDIT_NOTE_REFUSAL_CODES.map((c) => [c]))(
  'with any params, English is the server’s: %s',
  (code) => {
    const params = {
      line: 3,
      lines: 5,
      leftValue: '2.5',
      leftMoney: '12.50',
      grossMoney: '20.00',
      currency: 'CHF',
      digits: 2,
      invoice: 'inv-1',
      status: 'void',
      number: 'CN-2026-000001',
      requestId: 'req-12345',
    };
    const refusal = creditNoteRefusal(code, params);
    expect(english(code, refusal.params)).toBe(refusal.message);
  },
);

/** The 400 as the admin receives it (what server/http makes of the DomainError). */
const body = (error: DomainError): ErrorBody => ({
  status: 400,
  name: 'ValidationError',
  message: error.message,
  details: error.details,
});

test('German and French word the refusal and its field, amounts with their decimal sign', () => {
  const tooMuch = refused([{ line: 0, amount: '186.01' }]);
  const de = describeErrorBody(body(tooMuch), translator('de'));
  expect(de.message).toBe('Auf Position 0 können höchstens noch 186,00 CHF gutgeschrieben werden');
  expect(de.fieldErrors.lines).toBe(de.message);
  // Billed 220.53 gross, the fee's 32.43 credited: 188.10 is left, the water line is 201.07.
  const exceeds = refused([{ line: 0 }]);
  expect(describeErrorBody(body(exceeds), translator('fr')).message).toBe(
    'Cela crédite 201,07 CHF, mais il ne reste que 188,10 CHF de la facture à créditer',
  );
  const conflict = creditNoteRefusal('credit-invoice-not-finalized', { invoice: 'inv-1', status: 'void' });
  expect(
    describeErrorBody(
      { status: 409, name: 'ConflictError', message: conflict.message, details: conflict },
      translator('it'),
    ).message,
  ).toBe('La fattura inv-1 è annullata: solo una fattura finalizzata può essere accreditata');
});

test('an unknown code keeps the server’s message', () => {
  const res = describeErrorBody(
    {
      status: 400,
      name: 'ValidationError',
      message: 'Something newer',
      details: {
        code: 'credit-from-a-newer-server',
        errors: [{ path: ['lines'], message: 'Something newer' }],
      },
    },
    translator('de'),
  );
  expect(res.fieldErrors.lines).toBe('Something newer');
});
