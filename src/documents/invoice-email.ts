import { z } from 'zod';
import { formatAmount, formatDate } from './document-format';
import type { DocumentLanguage } from './languages';

/**
 * The e-mail that carries an invoice's PDF: subject and plain-text body in the
 * party's language, in the wording a Swiss property manager writes. The PDF is
 * the document; the mail only says what it is, how much and by when.
 */
export type InvoiceEmailInput = {
  language: DocumentLanguage;
  number: string;
  issuerName: string | null;
  recipientName: string;
  gross: string;
  currency: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
};

const TEXTS: Record<
  DocumentLanguage,
  {
    subject: (number: string, issuer: string | null) => string;
    greeting: (name: string) => string;
    greetingAnonymous: string;
    body: (period: string, amount: string, due: string) => string;
    closing: string;
  }
> = {
  de: {
    subject: (n, issuer) => `Rechnung ${n}${issuer ? ` – ${issuer}` : ''}`,
    greeting: (name) => `Guten Tag ${name}`,
    greetingAnonymous: 'Guten Tag',
    body: (period, amount, due) =>
      `Im Anhang erhalten Sie Ihre Rechnung für die Abrechnungsperiode ${period} über ${amount}, zahlbar bis ${due}. Die Zahlungsangaben finden Sie auf der Rechnung.`,
    closing: 'Freundliche Grüsse',
  },
  fr: {
    subject: (n, issuer) => `Facture ${n}${issuer ? ` – ${issuer}` : ''}`,
    greeting: (name) => `Bonjour ${name},`,
    greetingAnonymous: 'Madame, Monsieur,',
    body: (period, amount, due) =>
      `Vous trouverez en annexe votre facture pour la période de décompte ${period}, d’un montant de ${amount}, payable jusqu’au ${due}. Les informations de paiement figurent sur la facture.`,
    closing: 'Meilleures salutations',
  },
  it: {
    subject: (n, issuer) => `Fattura ${n}${issuer ? ` – ${issuer}` : ''}`,
    greeting: (name) => `Buongiorno ${name},`,
    greetingAnonymous: 'Gentili signore e signori,',
    body: (period, amount, due) =>
      `In allegato trova la Sua fattura per il periodo di conteggio ${period}, di ${amount}, pagabile entro il ${due}. Le indicazioni per il pagamento figurano sulla fattura.`,
    closing: 'Cordiali saluti',
  },
  en: {
    subject: (n, issuer) => `Invoice ${n}${issuer ? ` – ${issuer}` : ''}`,
    greeting: (name) => `Dear ${name},`,
    greetingAnonymous: 'Dear Sir or Madam,',
    body: (period, amount, due) =>
      `Please find attached your invoice for the billing period ${period}, amounting to ${amount}, payable by ${due}. The payment details are on the invoice.`,
    closing: 'Kind regards',
  },
};

/** Subject and text of the invoice e-mail (the PDF goes as the attachment). */
export function invoiceEmail(input: InvoiceEmailInput): { subject: string; text: string } {
  const t = TEXTS[input.language];
  const period = `${formatDate(input.language, input.periodStart)} – ${formatDate(input.language, input.periodEnd)}`;
  const amount = `${input.currency} ${formatAmount(input.language, input.gross)}`;
  const lines = [
    input.recipientName ? t.greeting(input.recipientName) : t.greetingAnonymous,
    '',
    t.body(period, amount, formatDate(input.language, input.dueOn)),
    '',
    t.closing,
    ...(input.issuerName ? [input.issuerName] : []),
  ];
  return { subject: t.subject(input.number, input.issuerName), text: lines.join('\n') };
}

/**
 * Is this a recipient address a mail server will take? The RFC 5321 limits (local part
 * 64, whole address 254) plus zod's address shape. Also refuses line breaks and commas:
 * a stored value like "a@b.ch\r\nBcc: x@y" or "a@b.ch, x@y" must never add recipients.
 */
export function recipientProblem(address: unknown): string | null {
  if (typeof address !== 'string' || address.trim() === '') return 'no e-mail address';
  const text = address.trim();
  if (/[\r\n,;<>]/.test(text) || text.length > 254 || text.split('@')[0].length > 64)
    return `malformed e-mail address`;
  return z.email().safeParse(text).success ? null : 'malformed e-mail address';
}
