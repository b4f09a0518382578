import fc from 'fast-check';
import { DomainError } from '../../../src/common/errors';
import { Dec, ZERO } from '../../../src/charging/decimal';
import {
  creditNoteLines,
  creditNoteRequestSchema,
  remainderCreditNote,
  remainingOfLines,
  type CreditableLine,
  type CreditNoteRequest,
  type PriorCreditLine,
} from '../../../src/documents/credit-note';
import { partyStatement } from '../../../src/documents/party-statement';

const line = (quantity: string, unitPrice: string, amount: string, vatRate: string, vatAmount: string) =>
  ({ kind: 'consumption', quantity, unitPrice, amount, vatRate, vatAmount }) as CreditableLine;

/**
 * The invoice of the worked example (CHF):
 *   0  water      62 m³ × 3.00 = 186.00, VAT 8.1 % = 15.066 → 15.07
 *   1  fixed fee   1 month × 30 =  30.00, VAT 8.1 % =  2.43
 *   2  heating    10 × 1.55     =  15.50, VAT 2.6 % =  0.403 → 0.40
 *   net 231.50, VAT 17.90, gross 249.40
 */
const INVOICE = {
  currency: 'CHF',
  lines: [
    line('62', '3.00', '186.00', '8.1', '15.07'),
    line('1', '30.00', '30.00', '8.1', '2.43'),
    line('10', '1.55', '15.50', '2.6', '0.40'),
  ],
};
const asPrior = (lines: { line: number; amount: string; vatAmount: string; quantity: string | null }[]) =>
  lines.map(({ line, amount, vatAmount, quantity }) => ({ line, amount, vatAmount, quantity }));

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { kind: error.kind, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('credit note: worked example', () => {
  test('a partial credit note, then the rest: together exactly the invoice', () => {
    // 1st: 10 m³ of water = 10 × 3.00 = 30.00, VAT 30.00 × 8.1 % = 2.43;
    //      5.05 of heating, VAT 5.05 × 2.6 % = 0.1313 → 0.13.
    //      net 35.05, VAT 2.56, gross 37.61.
    const first = creditNoteLines(
      INVOICE,
      [],
      [
        { line: 0, quantity: '10' },
        { line: 2, amount: '5.05' },
      ],
    );
    expect(first.lines.map((l) => [l.line, l.credit, l.quantity, l.amount, l.vatAmount])).toEqual([
      [0, 'quantity', '10', '30.00', '2.43'],
      [2, 'amount', null, '5.05', '0.13'],
    ]);
    expect(first.totals).toEqual({
      net: '35.05',
      vat: '2.56',
      gross: '37.61',
      vatBreakdown: [
        { vatRate: '2.6', net: '5.05', vat: '0.13' },
        { vatRate: '8.1', net: '30.00', vat: '2.43' },
      ],
    });

    // 2nd, "all": what is left of each line, VAT included, to the cent:
    //   water 186.00 − 30.00 = 156.00, VAT 15.07 − 2.43 = 12.64, 52 m³ left;
    //   fixed fee 30.00, VAT 2.43; heating 15.50 − 5.05 = 10.45, VAT 0.40 − 0.13 = 0.27
    //   (credited by amount before: no quantity).
    //   net 196.45, VAT 15.34, gross 211.79; 37.61 + 211.79 = 249.40, the invoice.
    const prior = asPrior(first.lines);
    const rest = creditNoteLines(INVOICE, prior, 'all');
    expect(rest.lines.map((l) => [l.line, l.credit, l.quantity, l.amount, l.vatAmount])).toEqual([
      [0, 'whole', '52', '156.00', '12.64'],
      [1, 'whole', '1', '30.00', '2.43'],
      [2, 'whole', null, '10.45', '0.27'],
    ]);
    expect([rest.totals.net, rest.totals.vat, rest.totals.gross]).toEqual(['196.45', '15.34', '211.79']);

    // A third finds nothing left.
    const all = [...prior, ...asPrior(rest.lines)];
    expect(refusal(() => creditNoteLines(INVOICE, all, 'all')).message).toMatch(/already been credited/);
    expect(refusal(() => creditNoteLines(INVOICE, all, [{ line: 1 }])).message).toMatch(
      /Line 1 has already been credited in full/,
    );
  });

  test('partial VAT never takes more than the line has; the rest takes the rest', () => {
    // A line of 0.14 at 8.1 %: VAT 0.01134 → 0.01. Crediting 0.07 rounds 0.00567 up to
    // 0.01, the whole VAT; the second 0.07 is the rest and takes the VAT left: 0.00.
    const tiny = { currency: 'CHF', lines: [line('1', '0.14', '0.14', '8.1', '0.01')] };
    const a = creditNoteLines(tiny, [], [{ line: 0, amount: '0.07' }]);
    expect(a.lines[0].vatAmount).toBe('0.01');
    const b = creditNoteLines(tiny, asPrior(a.lines), [{ line: 0, amount: '0.07' }]);
    expect([b.lines[0].amount, b.lines[0].vatAmount]).toEqual(['0.07', '0.00']);
  });

  test('a negative line (feed-in) is credited whole only, and never beyond the invoice', () => {
    // 100.00 + 8.10 VAT consumption, −12.00 − 0.97 VAT feed-in: gross 95.13.
    const withFeedIn = {
      currency: 'CHF',
      lines: [line('100', '1.00', '100.00', '8.1', '8.10'), line('12', '-1.00', '-12.00', '8.1', '-0.97')],
    };
    // The consumption line alone would credit 108.10 of an invoice of 95.13.
    expect(refusal(() => creditNoteLines(withFeedIn, [], [{ line: 0 }])).message).toBe(
      'This credits 108.10 CHF, but only 95.13 CHF of the invoice remains uncredited',
    );
    expect(refusal(() => creditNoteLines(withFeedIn, [], [{ line: 1, amount: '1' }])).message).toMatch(
      /itself a credit/,
    );
    // All of it: 100.00 − 12.00 = 88.00 net, 8.10 − 0.97 = 7.13 VAT, 95.13 gross.
    const all = creditNoteLines(withFeedIn, [], 'all');
    expect([all.totals.net, all.totals.vat, all.totals.gross]).toEqual(['88.00', '7.13', '95.13']);
  });

  test.each([
    [
      [{ line: 0, quantity: '63' }],
      ['lines', '0', 'quantity'],
      'At most 62 remains to be credited on line 0',
    ],
    [
      [{ line: 0, amount: '186.01' }],
      ['lines', '0', 'amount'],
      'At most 186.00 CHF remains to be credited on line 0',
    ],
    [[{ line: 0, amount: '10.005' }], ['lines', '0', 'amount'], 'CHF amounts have at most 2 decimals'],
    [[{ line: 0, quantity: '-1' }], ['lines', '0', 'quantity'], 'The quantity must be a number above zero'],
    [[{ line: 0, amount: '0' }], ['lines', '0', 'amount'], 'The amount must be a number above zero'],
    [[{ line: 0, amount: '1e3' }], ['lines', '0', 'amount'], 'The amount must be a number above zero'],
    [[{ line: 7 }], ['lines', '0', 'line'], 'The invoice has no line 7 (it has 3)'],
    [[{ line: 1 }, { line: 1 }], ['lines', '1', 'line'], 'Line 1 is named twice'],
    [[{ line: 0, quantity: '1', amount: '1' }], ['lines', '0'], 'Give a quantity or an amount, not both'],
  ])('refused: %j', (lines, path, message) => {
    const error = refusal(() => creditNoteLines(INVOICE, [], lines));
    expect(error.kind).toBe('invalid');
    expect(error.details.errors).toEqual([expect.objectContaining({ path, message })]);
  });

  test('the request: requestId, reason and lines are required and checked', () => {
    const ok = { requestId: 'a1b2c3d4', reason: 'Zähler falsch abgelesen', lines: 'all' };
    expect(creditNoteRequestSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, requestId: undefined },
      { ...ok, requestId: 'short' },
      { ...ok, requestId: 'a1b2c3d4\n' },
      { ...ok, reason: '' },
      { ...ok, reason: 'x\u0000' },
      { ...ok, lines: [] },
      { ...ok, lines: 'some' },
      { ...ok, lines: [{ line: -1 }] },
      { ...ok, lines: [{ line: 0.5 }] },
      { ...ok, lines: [{ line: 0, price: '1' }] },
      { ...ok, extra: true },
    ])
      expect(creditNoteRequestSchema.safeParse(bad).success).toBe(false);
  });
});

describe('voiding a finalized run: the remainder credit note', () => {
  test('takes back what earlier credit notes left, to the cent; nothing when nothing is left', () => {
    // Nothing credited yet: the whole invoice, net 231.50, VAT 17.90, gross 249.40.
    const whole = remainderCreditNote(INVOICE, [])!;
    expect(whole.lines.map((l) => [l.line, l.credit, l.quantity, l.amount, l.vatAmount])).toEqual([
      [0, 'whole', '62', '186.00', '15.07'],
      [1, 'whole', '1', '30.00', '2.43'],
      [2, 'whole', '10', '15.50', '0.40'],
    ]);
    expect([whole.totals.net, whole.totals.vat, whole.totals.gross]).toEqual(['231.50', '17.90', '249.40']);

    // After the partial credit note of the worked example (10 m³ of water, 5.05 of heating;
    // gross 37.61): 249.40 − 37.61 = 211.79, line by line as "all" computes it above.
    const first = creditNoteLines(
      INVOICE,
      [],
      [
        { line: 0, quantity: '10' },
        { line: 2, amount: '5.05' },
      ],
    );
    const rest = remainderCreditNote(INVOICE, asPrior(first.lines))!;
    expect(rest.lines.map((l) => [l.line, l.quantity, l.amount, l.vatAmount])).toEqual([
      [0, '52', '156.00', '12.64'],
      [1, '1', '30.00', '2.43'],
      [2, null, '10.45', '0.27'],
    ]);
    expect(rest.totals.gross).toBe('211.79');

    // Credited in full before: nothing to take back.
    expect(remainderCreditNote(INVOICE, asPrior(whole.lines))).toBeNull();
  });

  test('an invoice that was a credit to the party (feed-in) is taken back too, below zero', () => {
    // Feed-in 100 kWh × −0.12 = −12.00, VAT 8.1 % = −0.972 → −0.97; fixed fee 5.00, VAT 0.41.
    // net −7.00, VAT −0.56, gross −7.56: a credit note asked for refuses this, voiding does not.
    const feedIn = {
      currency: 'CHF',
      lines: [line('100', '-0.12', '-12.00', '8.1', '-0.97'), line('1', '5.00', '5.00', '8.1', '0.41')],
    };
    expect(refusal(() => creditNoteLines(feedIn, [], 'all')).message).toMatch(/more than zero/);
    const back = remainderCreditNote(feedIn, [])!;
    expect([back.totals.net, back.totals.vat, back.totals.gross]).toEqual(['-7.00', '-0.56', '-7.56']);
  });
});

describe('credit note: invariants', () => {
  const RATES = ['0', '2.6', '3.8', '8.1'];
  const invoiceLine = fc
    .tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(...RATES))
    .map(([q, cents, rate]) => {
      const price = new Dec(cents).div(100);
      const amount = price.mul(q);
      const vat = amount.mul(rate).div(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
      return line(String(q), price.toFixed(2), amount.toFixed(2), rate, vat.toFixed(2));
    });
  const want = fc.record({
    line: fc.integer({ min: 0, max: 5 }),
    how: fc.constantFrom('whole', 'quantity', 'amount'),
    value: fc.integer({ min: -5, max: 60_000 }),
  });
  const requests = fc.array(fc.array(want, { minLength: 1, maxLength: 4 }), { maxLength: 8 });

  test('credited parts never exceed a line or the invoice, and crediting the rest gives the invoice exactly', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(invoiceLine, { minLength: 1, maxLength: 5 }), requests, (lines, reqs) => {
        const invoice = { currency: 'CHF', lines };
        const prior: PriorCreditLine[] = [];
        const check = () => {
          const left = remainingOfLines(lines, prior);
          left.forEach((l) => {
            expect(l.amount.gte(0) && l.vat.gte(0)).toBe(true);
            expect(l.quantity === null || l.quantity.gte(0)).toBe(true);
          });
        };
        for (const req of reqs) {
          const body: CreditNoteRequest['lines'] = req.map((w) =>
            w.how === 'whole'
              ? { line: w.line }
              : w.how === 'quantity'
                ? { line: w.line, quantity: String(w.value % 600) }
                : { line: w.line, amount: new Dec(w.value).div(100).toFixed(2) },
          );
          try {
            const note = creditNoteLines(invoice, prior, body);
            expect(new Dec(note.totals.gross).gt(0)).toBe(true);
            prior.push(...asPrior(note.lines));
            seen.accepted++;
          } catch (error) {
            if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
            seen.refused++;
          }
          check();
        }
        const left = remainingOfLines(lines, prior);
        if (left.some((l) => !l.amount.isZero() || !l.vat.isZero()))
          prior.push(...asPrior(creditNoteLines(invoice, prior, 'all').lines));
        lines.forEach((l, i) => {
          const mine = prior.filter((p) => p.line === i);
          const amount = mine.reduce((s, p) => s.add(p.amount), ZERO);
          const vat = mine.reduce((s, p) => s.add(p.vatAmount), ZERO);
          expect(amount.toFixed(2)).toBe(l.amount);
          expect(vat.toFixed(2)).toBe(l.vatAmount);
        });
      }),
      { numRuns: 300 },
    );
    // The generator both issues credit notes and provokes refusals.
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});

describe('party statement', () => {
  test('invoices add, credit notes subtract, per currency, in date order', () => {
    const { entries, balances } = partyStatement([
      {
        kind: 'credit-note',
        documentId: 'c1',
        number: 'CN-2026-000001',
        issuedOn: '2026-02-10',
        currency: 'CHF',
        gross: '37.61',
      },
      {
        kind: 'invoice',
        documentId: 'i2',
        number: '2026-000002',
        issuedOn: '2026-02-01',
        currency: 'CHF',
        gross: '100.00',
      },
      {
        kind: 'invoice',
        documentId: 'i1',
        number: '2026-000001',
        issuedOn: '2026-01-01',
        currency: 'CHF',
        gross: '249.40',
      },
      {
        kind: 'invoice',
        documentId: 'e1',
        number: '2026-000003',
        issuedOn: '2026-01-15',
        currency: 'EUR',
        gross: '10.00',
      },
    ]);
    // 249.40 + 100.00 − 37.61 = 311.79 CHF; 10.00 EUR.
    expect(entries.map((e) => [e.documentId, e.signed, e.balance])).toEqual([
      ['i1', '249.40', '249.40'],
      ['e1', '10.00', '10.00'],
      ['i2', '100.00', '349.40'],
      ['c1', '-37.61', '311.79'],
    ]);
    expect(balances).toEqual([
      { currency: 'CHF', balance: '311.79' },
      { currency: 'EUR', balance: '10.00' },
    ]);
  });
});
