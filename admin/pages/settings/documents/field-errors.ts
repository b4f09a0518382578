import { isFetchError } from '@strapi/strapi/admin';
import type { MessageDescriptor } from 'react-intl';
import { toApiFailure, type ApiFailure } from '../../../api/errors';
import { msg, type Translate } from '../../../utils/useT';

/**
 * The rules of the billing-documents forms that zod cannot name by an issue code
 * (an IBAN's check digits, a number pattern's tokens, a Swiss VAT number's form):
 * the server says them in English (`code: "custom"`). English shows the server's
 * precise sentence; other languages show the rule of that field in their words.
 */
const RULES: Record<string, MessageDescriptor> = {
  iban: msg(
    'documents.rule.iban',
    'Not a valid IBAN: check the country code, the length and the check digits (a Swiss IBAN has 21 characters).',
  ),
  invoiceNumberPattern: msg(
    'documents.rule.pattern',
    'Use exactly one {year4} or {year2} and one {seq} or {seqN} (n = 1–12); between them only letters, digits and - _ / .',
  ),
  creditNoteNumberPattern: msg(
    'documents.rule.pattern',
    'Use exactly one {year4} or {year2} and one {seq} or {seqN} (n = 1–12); between them only letters, digits and - _ / .',
  ),
  vatNumber: msg(
    'documents.rule.vat-number',
    'A Swiss VAT number is written CHE-123.456.789 MWST (or TVA, IVA).',
  ),
  logoFileId: msg('documents.rule.logo', 'The logo must be a PNG or JPEG image from the media library.'),
  host: msg('documents.rule.host', 'Enter a host name (smtp.example.ch) or an IP address.'),
  fromAddress: msg('documents.rule.email', 'Enter an e-mail address such as rechnungen@example.ch.'),
  replyTo: msg('documents.rule.email', 'Enter an e-mail address such as rechnungen@example.ch.'),
};

/** A pattern's tokens, passed as values: braces in a message are ICU arguments. */
export const PATTERN_TOKENS = { year4: '{YYYY}', year2: '{YY}', seq: '{SEQ}', seqN: '{SEQ:n}' };

type Problem = { path?: string[]; code?: string };

/** A failed save of these forms: the API failure with the custom rules worded per field. */
export function documentsFailure(error: unknown, t: Translate): ApiFailure {
  const failure = toApiFailure(error, t);
  if (t.locale.startsWith('en') || !isFetchError(error)) return failure;
  const body = error.response?.data?.error as { details?: { errors?: Problem[] } } | undefined;
  const fieldErrors = { ...failure.fieldErrors };
  for (const problem of body?.details?.errors ?? []) {
    const field = problem.path?.[problem.path.length - 1];
    const rule = field ? RULES[field] : undefined;
    if (!rule || !problem.path || (problem.code && problem.code !== 'custom')) continue;
    const text = t(rule, PATTERN_TOKENS);
    fieldErrors[problem.path.join('.')] = text;
  }
  return { ...failure, fieldErrors };
}
