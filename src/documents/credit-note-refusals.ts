import type { ErrorParams } from '../common/errors';

/**
 * Why a credit note is refused, as a stable code with named params beside the English
 * message (the admin words each code in its language, admin/api/credit-note-messages.ts,
 * and must say in English exactly what is written here: a unit test compares them).
 *
 * Lines are named by their index on the invoice, as the request names them. Params
 * ending in `Money` are amounts in `currency`, ending in `Value` decimals.
 */
type Params = Record<string, string | number>;
const refusals = {
  'credit-nothing-left': () => 'Everything on this invoice has already been credited',
  'credit-no-such-line': (p: Params) => `The invoice has no line ${p.line} (it has ${p.lines})`,
  'credit-line-twice': (p: Params) => `Line ${p.line} is named twice`,
  'credit-quantity-and-amount': () => 'Give a quantity or an amount, not both',
  'credit-line-bills-nothing': (p: Params) => `Line ${p.line} bills nothing: there is nothing to credit`,
  'credit-line-credited': (p: Params) => `Line ${p.line} has already been credited in full`,
  'credit-line-is-credit': (p: Params) =>
    `Line ${p.line} is itself a credit (feed-in, discount): it can only be credited whole`,
  'credit-quantity-invalid': () => 'The quantity must be a number above zero',
  'credit-line-no-quantity': (p: Params) => `Line ${p.line} has no quantity: credit an amount instead`,
  'credit-line-credited-by-amount': (p: Params) =>
    `Line ${p.line} was partly credited by amount: credit an amount instead`,
  'credit-quantity-too-large': (p: Params) =>
    `At most ${p.leftValue} remains to be credited on line ${p.line}`,
  'credit-amount-invalid': () => 'The amount must be a number above zero',
  'credit-amount-decimals': (p: Params) => `${p.currency} amounts have at most ${p.digits} decimals`,
  'credit-below-smallest-coin': () => 'This credits less than the smallest coin: nothing to credit',
  'credit-amount-too-large': (p: Params) =>
    `At most ${p.leftMoney} ${p.currency} remains to be credited on line ${p.line}`,
  'credit-not-above-zero': () => 'A credit note must credit more than zero',
  'credit-exceeds-invoice': (p: Params) =>
    `This credits ${p.grossMoney} ${p.currency}, but only ${p.leftMoney} ${p.currency} of the invoice remains uncredited`,
  'credit-invoice-draft': (p: Params) =>
    `Invoice ${p.invoice} is a draft: change or recompute its run instead of crediting it`,
  'credit-invoice-not-finalized': (p: Params) =>
    `Invoice ${p.invoice} is ${p.status}: only a finalized invoice is credited`,
  'credit-note-already-issued': (p: Params) =>
    `This credit note was already issued as ${p.number} (requestId ${p.requestId})`,
} satisfies Record<string, (p: Params) => string>;

export type CreditNoteRefusalCode = keyof typeof refusals;
export const CREDIT_NOTE_REFUSAL_CODES = Object.keys(refusals) as CreditNoteRefusalCode[];

/** A refusal's code, params and English message, ready for `invalid` / `conflict` and field problems. */
export function creditNoteRefusal(code: CreditNoteRefusalCode, params: Params = {}) {
  return { code, params: params as ErrorParams, message: refusals[code](params) };
}
