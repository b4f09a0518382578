import type { MessageDescriptor } from 'react-intl';
import { msg } from '../utils/useT';

/**
 * Why the server refused a credit note, by its code (src/documents/credit-note-refusals.ts):
 * the English text is the server's, word for word (a unit test compares them); a code
 * not listed here falls back to the server's message. Lines are named by their index on
 * the invoice, as the request names them.
 */
export const CREDIT_NOTE_MESSAGES: Record<string, MessageDescriptor> = {
  'credit-nothing-left': msg(
    'error.credit-nothing-left',
    'Everything on this invoice has already been credited',
  ),
  'credit-no-such-line': msg('error.credit-no-such-line', 'The invoice has no line {line} (it has {lines})'),
  'credit-line-twice': msg('error.credit-line-twice', 'Line {line} is named twice'),
  'credit-quantity-and-amount': msg(
    'error.credit-quantity-and-amount',
    'Give a quantity or an amount, not both',
  ),
  'credit-line-bills-nothing': msg(
    'error.credit-line-bills-nothing',
    'Line {line} bills nothing: there is nothing to credit',
  ),
  'credit-line-credited': msg('error.credit-line-credited', 'Line {line} has already been credited in full'),
  'credit-line-is-credit': msg(
    'error.credit-line-is-credit',
    'Line {line} is itself a credit (feed-in, discount): it can only be credited whole',
  ),
  'credit-quantity-invalid': msg('error.credit-quantity-invalid', 'The quantity must be a number above zero'),
  'credit-line-no-quantity': msg(
    'error.credit-line-no-quantity',
    'Line {line} has no quantity: credit an amount instead',
  ),
  'credit-line-credited-by-amount': msg(
    'error.credit-line-credited-by-amount',
    'Line {line} was partly credited by amount: credit an amount instead',
  ),
  'credit-quantity-too-large': msg(
    'error.credit-quantity-too-large',
    'At most {leftValue} remains to be credited on line {line}',
  ),
  'credit-amount-invalid': msg('error.credit-amount-invalid', 'The amount must be a number above zero'),
  'credit-amount-decimals': msg(
    'error.credit-amount-decimals',
    '{currency} amounts have at most {digits} decimals',
  ),
  'credit-below-smallest-coin': msg(
    'error.credit-below-smallest-coin',
    'This credits less than the smallest coin: nothing to credit',
  ),
  'credit-amount-too-large': msg(
    'error.credit-amount-too-large',
    'At most {leftMoney} {currency} remains to be credited on line {line}',
  ),
  'credit-not-above-zero': msg('error.credit-not-above-zero', 'A credit note must credit more than zero'),
  'credit-exceeds-invoice': msg(
    'error.credit-exceeds-invoice',
    'This credits {grossMoney} {currency}, but only {leftMoney} {currency} of the invoice remains uncredited',
  ),
  'credit-invoice-draft': msg(
    'error.credit-invoice-draft',
    'Invoice {invoice} is a draft: change or recompute its run instead of crediting it',
  ),
  'credit-invoice-not-finalized': msg(
    'error.credit-invoice-not-finalized',
    'Invoice {invoice} is {status}: only a finalized invoice is credited',
  ),
  'credit-note-already-issued': msg(
    'error.credit-note-already-issued',
    'This credit note was already issued as {number} (requestId {requestId})',
  ),
};
