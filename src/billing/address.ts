import { z } from 'zod';
import { optionalText, requiredText } from './fields';

/**
 * A postal address, as printed on an invoice. Country is the ISO 3166-1 alpha-2
 * code ("CH"), so a statement can be formatted per country later.
 */
export type Address = {
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
};

export const addressSchema = z
  .strictObject(
    {
      line1: requiredText('Address line 1', 255),
      line2: optionalText('Address line 2', 255),
      postalCode: optionalText('Postal code', 20),
      city: optionalText('City', 120),
      country: z
        .string({ error: 'Country must be a two-letter ISO 3166 code such as CH' })
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, { error: 'Country must be a two-letter ISO 3166 code such as CH' })
        .nullable()
        .optional(),
    },
    { error: 'Address must be an object with line1, line2, postalCode, city and country' },
  )
  .transform((a): Address => ({
    line1: a.line1,
    line2: a.line2 ?? null,
    postalCode: a.postalCode ?? null,
    city: a.city ?? null,
    country: a.country ?? null,
  }));

export const optionalAddress = addressSchema.nullable().optional();

/** One line for lists: "Rue du Lac 5, 1003 Lausanne". */
export function addressLine(address: Address | null | undefined): string {
  if (!address) return '';
  const place = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, address.line2, place, address.country].filter(Boolean).join(', ');
}
