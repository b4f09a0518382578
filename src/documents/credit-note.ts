import { z } from 'zod';
import { invalid, type FieldProblem } from '../common/errors';
import { bodyError, requiredText } from '../billing/fields';
import { Dec, parseDecimal, ZERO } from '../charging/decimal';
import { minorUnitDigits, moneyText, roundToMinorUnit } from '../charging/money';
import { creditNoteRefusal, type CreditNoteRefusalCode } from './credit-note-refusals';

/**
 * Credit notes: the correction of a finalized invoice (Swiss practice: the invoice
 * stays as issued, a credit note with its own number reverses all or part of it).
 *
 * What may be credited, per line of the invoice:
 *
 *   - the whole line (what is left of it): its remaining amount and remaining VAT,
 *     exactly — so crediting every line in full gives back the invoice's totals to
 *     the cent, however it was split before;
 *   - a quantity: `quantity × unitPrice`, rounded to the minor unit, at most the
 *     quantity not yet credited by quantity;
 *   - an amount (net): at most the amount not yet credited, in whole minor units.
 *
 * A partial credit's VAT is `amount × rate / 100` rounded half up, never more than
 * the line's VAT not yet credited; the credit that takes the rest of a line takes
 * the rest of its VAT. Lines that are themselves credits (feed-in, discounts: a
 * negative amount) are credited whole only. Over the whole invoice, what is
 * credited never exceeds what it billed (gross), and a credit note credits more
 * than zero. Totals are sums of the rounded line figures, like an invoice's.
 */

/** A line of the invoice as stored (the engine's line; only the money fields are read here). */
export type CreditableLine = Record<string, unknown> & {
  amount: string;
  vatRate: string;
  vatAmount: string;
  quantity?: string;
  unitPrice?: string;
};

/** A line of an earlier credit note of the same invoice. */
export type PriorCreditLine = { line: number; amount: string; vatAmount: string; quantity: string | null };

/** A line of the credit note: the invoice line it credits (copied, for the document) and what. */
export type CreditNoteLine = Record<string, unknown> & {
  vatRate: string;
  unitPrice?: string;
  /** Index of the invoice line. */
  line: number;
  credit: 'whole' | 'quantity' | 'amount';
  /** The credited quantity; null when credited by amount (or the rest after one). */
  quantity: string | null;
  amount: string;
  vatAmount: string;
};

export type CreditNoteTotals = {
  net: string;
  vat: string;
  gross: string;
  vatBreakdown: { vatRate: string; net: string; vat: string }[];
};

const MAX_LINES = 1000;
const numberText = z.union([z.string(), z.number()], { error: 'must be a decimal number such as "12.50"' });

/** POST /utilities/invoices/:id/credit-notes */
export const creditNoteRequestSchema = z.strictObject(
  {
    /**
     * Chosen by the client once per credit note it means to issue (the dialog, when
     * it opens): a second request with the same id is the same submit sent twice and
     * is refused (409), never a second credit note.
     */
    requestId: z
      .string({
        error: 'requestId is required: a client-chosen id of this credit note (8–64 letters, digits, - _)',
      })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, {
        error: 'requestId must be 8 to 64 letters, digits, - or _',
      }),
    reason: requiredText('Reason', 500),
    lines: z.union(
      [
        z.literal('all'),
        z
          .array(
            z.strictObject(
              {
                line: z
                  .number({ error: 'line must be the index of an invoice line' })
                  .int({ error: 'line must be the index of an invoice line' })
                  .min(0, { error: 'line must be the index of an invoice line' })
                  .max(1_000_000, { error: 'line must be the index of an invoice line' }),
                quantity: numberText.optional(),
                amount: numberText.optional(),
              },
              { error: 'Each line is an object {line, quantity?} or {line, amount?}' },
            ),
            { error: 'lines must be "all" or a list of {line, quantity?, amount?}' },
          )
          .min(1, { error: 'Choose at least one line to credit' })
          .max(MAX_LINES, { error: `At most ${MAX_LINES} lines` }),
      ],
      { error: 'lines must be "all" or a list of {line, quantity?, amount?}' },
    ),
  },
  bodyError,
);
export type CreditNoteRequest = z.output<typeof creditNoteRequestSchema>;

type Remaining = { amount: Dec; vat: Dec; quantity: Dec | null; byAmount: boolean };

const sum = (values: Dec[]) => values.reduce((a, b) => a.add(b), ZERO);

/** What is left to credit of each invoice line after the earlier credit notes. */
export function remainingOfLines(
  lines: readonly CreditableLine[],
  prior: readonly PriorCreditLine[],
): Remaining[] {
  return lines.map((line, index) => {
    const mine = prior.filter((p) => p.line === index);
    const byQuantity = mine.filter((p) => p.quantity !== null).map((p) => new Dec(p.quantity!));
    return {
      amount: new Dec(line.amount).sub(sum(mine.map((p) => new Dec(p.amount)))),
      vat: new Dec(line.vatAmount).sub(sum(mine.map((p) => new Dec(p.vatAmount)))),
      quantity: line.quantity === undefined ? null : new Dec(line.quantity).sub(sum(byQuantity)),
      byAmount: mine.some((p) => p.quantity === null),
    };
  });
}

/** The invoice's gross minus what its earlier credit notes credited. */
const remainingGross = (lines: readonly CreditableLine[], prior: readonly PriorCreditLine[]) =>
  sum(lines.map((l) => new Dec(l.amount).add(l.vatAmount))).sub(
    sum(prior.map((p) => new Dec(p.amount).add(p.vatAmount))),
  );

/** A credit of what is left of invoice line `index`, amount and VAT exactly. */
const wholeCredit = (
  line: CreditableLine,
  index: number,
  left: Remaining,
  currency: string,
): CreditNoteLine => ({
  ...line,
  line: index,
  credit: 'whole',
  quantity: !left.byAmount && left.quantity ? left.quantity.toFixed() : null,
  amount: moneyText(left.amount, currency),
  vatAmount: moneyText(left.vat, currency),
});

/**
 * The credit note that takes back everything of `invoice` its earlier credit notes
 * left (voiding its finalized run): every line with something left, whole. Unlike a
 * credit note asked for, its total may be zero or below — an invoice whose gross was
 * a credit to the party (feed-in) is taken back too — so it is null only when
 * nothing at all is left on any line.
 */
export function remainderCreditNote(
  invoice: { currency: string; lines: readonly CreditableLine[] },
  prior: readonly PriorCreditLine[],
): { lines: CreditNoteLine[]; totals: CreditNoteTotals } | null {
  const lines = remainingOfLines(invoice.lines, prior).flatMap((left, index) =>
    left.amount.isZero() && left.vat.isZero()
      ? []
      : [wholeCredit(invoice.lines[index], index, left, invoice.currency)],
  );
  return lines.length ? { lines, totals: creditNoteTotals(lines, invoice.currency) } : null;
}

/**
 * The lines and totals of a credit note of `invoice`, given its earlier credit
 * notes' lines; a 400 naming each refused line (`lines.<i>.amount` …) otherwise.
 */
export function creditNoteLines(
  invoice: { currency: string; lines: readonly CreditableLine[] },
  prior: readonly PriorCreditLine[],
  request: CreditNoteRequest['lines'],
): { lines: CreditNoteLine[]; totals: CreditNoteTotals } {
  const { currency } = invoice;
  const digits = minorUnitDigits(currency);
  const remaining = remainingOfLines(invoice.lines, prior);
  const problems: FieldProblem[] = [];
  const problem = (
    path: (string | number)[],
    code: CreditNoteRefusalCode,
    params: Record<string, string | number> = {},
  ) => problems.push({ path: ['lines', ...path.map(String)], ...creditNoteRefusal(code, params) });
  /** A refusal of the whole request, at `lines`, carrying its code as the error's. */
  const refuse = (code: CreditNoteRefusalCode, params: Record<string, string | number> = {}) => {
    const r = creditNoteRefusal(code, params);
    return invalid(r.message, [{ path: ['lines'], ...r }], r.code, r.params);
  };
  const wanted: { line: number; quantity?: string | number; amount?: string | number }[] =
    request === 'all'
      ? remaining.flatMap((r, line) => (r.amount.isZero() && r.vat.isZero() ? [] : [{ line }]))
      : request;
  if (request === 'all' && wanted.length === 0) throw refuse('credit-nothing-left');

  const seen = new Set<number>();
  const out: CreditNoteLine[] = [];
  wanted.forEach((want, i) => {
    const { line: index } = want;
    const { quantity: quantityIn, amount: amountIn } = want;
    const line = invoice.lines[index];
    if (!line)
      return problem([i, 'line'], 'credit-no-such-line', { line: index, lines: invoice.lines.length });
    if (seen.has(index)) return problem([i, 'line'], 'credit-line-twice', { line: index });
    seen.add(index);
    const left = remaining[index];
    if (quantityIn !== undefined && amountIn !== undefined) return problem([i], 'credit-quantity-and-amount');
    if (new Dec(line.amount).isZero() && new Dec(line.vatAmount).isZero())
      return problem([i, 'line'], 'credit-line-bills-nothing', { line: index });
    if (left.amount.isZero() && left.vat.isZero())
      return problem([i, 'line'], 'credit-line-credited', { line: index });
    const rate = new Dec(line.vatRate);

    if (quantityIn === undefined && amountIn === undefined) {
      out.push(wholeCredit(line, index, left, currency));
      return;
    }
    if (new Dec(line.amount).lte(0)) return problem([i], 'credit-line-is-credit', { line: index });

    let amount: Dec;
    let quantity: Dec | null = null;
    if (quantityIn !== undefined) {
      const q = parseDecimal(quantityIn);
      if (!q || q.lte(0)) return problem([i, 'quantity'], 'credit-quantity-invalid');
      if (left.quantity === null || line.unitPrice === undefined)
        return problem([i, 'quantity'], 'credit-line-no-quantity', { line: index });
      if (left.byAmount) return problem([i, 'quantity'], 'credit-line-credited-by-amount', { line: index });
      if (q.gt(left.quantity))
        return problem([i, 'quantity'], 'credit-quantity-too-large', {
          line: index,
          leftValue: left.quantity.toFixed(),
        });
      quantity = q;
      amount = q.eq(left.quantity) ? left.amount : roundToMinorUnit(q.mul(line.unitPrice), currency);
    } else {
      const a = parseDecimal(amountIn);
      if (!a || a.lte(0)) return problem([i, 'amount'], 'credit-amount-invalid');
      if (a.decimalPlaces() > digits)
        return problem([i, 'amount'], 'credit-amount-decimals', { currency, digits });
      amount = a;
    }
    if (amount.isZero()) return problem([i], 'credit-below-smallest-coin');
    if (amount.gt(left.amount))
      return problem([i, quantity ? 'quantity' : 'amount'], 'credit-amount-too-large', {
        line: index,
        leftMoney: moneyText(left.amount, currency),
        currency,
      });
    const rest = amount.eq(left.amount);
    const vat = rest ? left.vat : Dec.min(roundToMinorUnit(amount.mul(rate).div(100), currency), left.vat);
    out.push({
      ...line,
      line: index,
      credit: quantity ? 'quantity' : 'amount',
      quantity: quantity ? quantity.toFixed() : null,
      amount: moneyText(amount, currency),
      vatAmount: moneyText(vat, currency),
    });
  });
  if (problems.length) throw invalid(problems[0].message, problems, problems[0].code, problems[0].params);

  const totals = creditNoteTotals(out, currency);
  const gross = new Dec(totals.gross);
  if (gross.lte(0)) throw refuse('credit-not-above-zero');
  const left = remainingGross(invoice.lines, prior);
  if (gross.gt(left))
    throw refuse('credit-exceeds-invoice', {
      grossMoney: moneyText(gross, currency),
      leftMoney: moneyText(Dec.max(left, ZERO), currency),
      currency,
    });
  return { lines: out, totals };
}

/** A credit note's totals: sums of its rounded lines, and per VAT rate. */
export function creditNoteTotals(
  lines: readonly { amount: string; vatAmount: string; vatRate: string }[],
  currency: string,
): CreditNoteTotals {
  const byRate = new Map<string, { rate: Dec; net: Dec; vat: Dec }>();
  let net = ZERO;
  let vat = ZERO;
  for (const line of lines) {
    net = net.add(line.amount);
    vat = vat.add(line.vatAmount);
    const rate = new Dec(line.vatRate);
    const row = byRate.get(rate.toFixed()) ?? { rate, net: ZERO, vat: ZERO };
    row.net = row.net.add(line.amount);
    row.vat = row.vat.add(line.vatAmount);
    byRate.set(rate.toFixed(), row);
  }
  return {
    net: moneyText(net, currency),
    vat: moneyText(vat, currency),
    gross: moneyText(net.add(vat), currency),
    vatBreakdown: [...byRate.values()]
      .sort((a, b) => a.rate.comparedTo(b.rate))
      .map((r) => ({
        vatRate: r.rate.toFixed(),
        net: moneyText(r.net, currency),
        vat: moneyText(r.vat, currency),
      })),
  };
}

/** What an invoice's credit notes credited in all (gross), and what remains (never below zero). */
export function creditedSoFar(invoiceGross: string, creditNoteGross: readonly string[], currency: string) {
  const credited = sum(creditNoteGross.map((g) => new Dec(g)));
  return {
    credited: moneyText(credited, currency),
    remaining: moneyText(Dec.max(new Dec(invoiceGross).sub(credited), ZERO), currency),
  };
}
