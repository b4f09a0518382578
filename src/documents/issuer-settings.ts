import { z } from 'zod';
import { bodyError, optionalNote, optionalText } from '../billing/fields';
import { DOCUMENT_LANGUAGES } from './languages';
import { patternLengthProblem } from './document-number';
import { checkIban } from './payment-references';

/**
 * The issuer settings (Settings → Utilities → Billing documents): the default
 * issuer and a building's override. The limits are the QR-bill's (Swiss
 * Implementation Guidelines QR-bill, structured address "S"): name 70, street 70,
 * building number 16, postal code 16, town 35 characters, country ISO 3166 — a
 * value the payment part could not carry is refused here, not at printing.
 */
export const ISSUER_LIMITS = { name: 70, street: 70, buildingNumber: 16, postalCode: 16, town: 35 } as const;

export const issuerAddressSchema = z.strictObject(
  {
    street: optionalText('Street', ISSUER_LIMITS.street),
    buildingNumber: optionalText('Building number', ISSUER_LIMITS.buildingNumber),
    postalCode: z
      .string({ error: 'Postal code is required' })
      .trim()
      .min(1, { error: 'Postal code is required' })
      .max(ISSUER_LIMITS.postalCode, {
        error: `Postal code must be at most ${ISSUER_LIMITS.postalCode} characters`,
      }),
    town: z
      .string({ error: 'Town is required' })
      .trim()
      .min(1, { error: 'Town is required' })
      .max(ISSUER_LIMITS.town, { error: `Town must be at most ${ISSUER_LIMITS.town} characters` }),
    country: z
      .string({ error: 'Country must be a two-letter ISO 3166 code such as CH' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, { error: 'Country must be a two-letter ISO 3166 code such as CH' }),
  },
  { error: 'Address must be an object with street, buildingNumber, postalCode, town and country' },
);
export type IssuerAddress = z.output<typeof issuerAddressSchema>;

const iban = z
  .string({ error: 'IBAN must be text' })
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const check = checkIban(v);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.reason });
      return z.NEVER;
    }
    return check.iban;
  })
  .optional();

const pattern = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .nullable()
    .transform((v, ctx) => {
      if (v === null || v.trim() === '') return null;
      const problem = patternLengthProblem(v.trim());
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return v.trim();
    })
    .optional();

/** A Swiss VAT number (CHE-123.456.789 MWST / TVA / IVA) or a foreign one as printed. */
const vatNumber = optionalText('VAT number', 40).refine(
  (v) => !v || !/^CHE/i.test(v) || /^CHE-\d{3}\.\d{3}\.\d{3}( (MWST|TVA|IVA|VAT))?$/.test(v),
  { error: 'A Swiss VAT number is written CHE-123.456.789 MWST (or TVA, IVA)' },
);

const fields = {
  name: optionalText('Name', ISSUER_LIMITS.name),
  address: issuerAddressSchema.nullable().optional(),
  vatNumber,
  logoFileId: z
    .number({ error: 'Logo must be the id of a media library file, or null' })
    .int({ error: 'Logo must be the id of a media library file, or null' })
    .positive({ error: 'Logo must be the id of a media library file, or null' })
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .optional(),
  iban,
  paymentTermsDays: z
    .number({ error: 'Payment terms must be a whole number of days (0–365)' })
    .int({ error: 'Payment terms must be a whole number of days (0–365)' })
    .min(0, { error: 'Payment terms must be a whole number of days (0–365)' })
    .max(365, { error: 'Payment terms must be a whole number of days (0–365)' })
    .nullable()
    .optional(),
  footer: optionalNote('Footer', 500),
  defaultLanguage: z
    .enum(DOCUMENT_LANGUAGES, { error: 'Default language must be one of de, fr, it, en' })
    .nullable()
    .optional(),
  invoiceNumberPattern: pattern('Invoice number pattern'),
  creditNoteNumberPattern: pattern('Credit note number pattern'),
};

/** A whole issuer (PUT): fields left out are cleared; the building override's empty fields fall back to the default. */
export const issuerSettingsSchema = z.strictObject(fields, bodyError);
export type IssuerSettingsInput = z.output<typeof issuerSettingsSchema>;
