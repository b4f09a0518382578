import fc from 'fast-check';
import { emailSettingsSchema } from '../../../src/documents/email-settings';
import { invoiceEmail, recipientProblem } from '../../../src/documents/invoice-email';
import { DOCUMENT_LANGUAGES } from '../../../src/documents/languages';

const base = {
  number: '2026-000123',
  issuerName: 'Immo Seefeld AG',
  recipientName: 'Anna Amsler',
  gross: '1234.5',
  currency: 'CHF',
  dueOn: '2026-02-28',
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
};

describe('the invoice e-mail', () => {
  test('in each language: subject with the number, amount and dates in that locale', () => {
    const de = invoiceEmail({ ...base, language: 'de' });
    expect(de.subject).toBe('Rechnung 2026-000123 – Immo Seefeld AG');
    // de-CH groups thousands with an apostrophe, two decimals: 1234.5 → 1'234.50.
    expect(de.text).toContain("CHF 1'234.50");
    expect(de.text).toContain('01.01.2026 – 31.01.2026');
    expect(de.text).toContain('zahlbar bis 28.02.2026');
    expect(de.text.startsWith('Guten Tag Anna Amsler')).toBe(true);
    const fr = invoiceEmail({ ...base, language: 'fr' });
    expect(fr.subject).toBe('Facture 2026-000123 – Immo Seefeld AG');
    // fr-CH: 1 234,50 (a no-break space groups the thousands).
    expect(fr.text).toContain('CHF 1\u00a0234,50');
    expect(fr.text).toContain('payable jusqu’au 28.02.2026');
    expect(invoiceEmail({ ...base, language: 'it' }).subject).toBe('Fattura 2026-000123 – Immo Seefeld AG');
    expect(invoiceEmail({ ...base, language: 'en' }).subject).toBe('Invoice 2026-000123 – Immo Seefeld AG');
  });

  test('without a recipient name or issuer: a formal greeting, a subject with the number only', () => {
    const mail = invoiceEmail({ ...base, language: 'fr', recipientName: '', issuerName: null });
    expect(mail.subject).toBe('Facture 2026-000123');
    expect(mail.text.split('\n')[0]).toBe('Madame, Monsieur,');
  });

  test('property: every language names the number and the amount, on no header-breaking line', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DOCUMENT_LANGUAGES),
        fc.integer({ min: 0, max: 99_999_999 }),
        (language, cents) => {
          const gross = (cents / 100).toFixed(2);
          const mail = invoiceEmail({ ...base, language, gross });
          expect(mail.subject).toContain(base.number);
          expect(mail.subject).not.toMatch(/[\r\n]/);
          expect(mail.text).toContain(base.currency);
        },
      ),
    );
  });
});

describe('recipient addresses', () => {
  test.each([
    ['anna@example.ch', null],
    ['  anna@example.ch ', null],
    ['', 'no e-mail address'],
    [null, 'no e-mail address'],
    ['anna at example', 'malformed e-mail address'],
    ['anna@example.ch\r\nBcc: x@evil.test', 'malformed e-mail address'],
    ['anna@example.ch, x@evil.test', 'malformed e-mail address'],
    ['Anna <anna@example.ch>', 'malformed e-mail address'],
    [`${'a'.repeat(65)}@example.ch`, 'malformed e-mail address'],
    [`a@${'b'.repeat(250)}.ch`, 'malformed e-mail address'],
  ])('%j → %j', (address, problem) => {
    expect(recipientProblem(address)).toBe(problem);
  });
});

describe('SMTP settings', () => {
  const valid = { enabled: true, host: 'smtp.example.ch', fromAddress: 'rechnungen@example.ch' };
  test('off needs nothing else; on needs a host and a sender', () => {
    expect(emailSettingsSchema.safeParse({ enabled: false }).success).toBe(true);
    expect(emailSettingsSchema.safeParse(valid).success).toBe(true);
    expect(emailSettingsSchema.safeParse({ ...valid, host: null }).success).toBe(false);
    expect(emailSettingsSchema.safeParse({ ...valid, fromAddress: null }).success).toBe(false);
  });
  test.each([
    { port: 0 },
    { port: 1.5 },
    { host: 'smtp.example.ch:25' },
    { host: 'smtp example' },
    { replyTo: 'not-an-address' },
    { password: 'x'.repeat(513) },
    { fromName: 'Immo\u0000AG' },
    { extra: true },
  ])('refuses %j', (patch) => {
    expect(emailSettingsSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});
