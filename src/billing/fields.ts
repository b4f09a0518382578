import { z } from 'zod';
import { isPrintable, isPrintableMultiline } from '../common/identifiers';

/**
 * Field schemas shared by the billing records. Text is trimmed; an optional
 * text sent blank is stored as null (a form clears a field by emptying it).
 * Control and invisible characters are refused: they would make two names that
 * look alike differ, and end up on printed invoices.
 */
const printable = isPrintable;

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required and must be text` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(printable, { error: `${label} may not contain control or invisible characters` });

export const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim()))
    .refine((t) => t === null || printable(t), {
      error: `${label} may not contain control or invisible characters`,
    })
    .optional();

/** Multi-line text (notes): line breaks allowed, other control characters not. */
export const optionalNote = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim()))
    .refine((t) => t === null || isPrintableMultiline(t), {
      error: `${label} may not contain control or invisible characters`,
    })
    .optional();

/** A related record, written as its Strapi documentId. */
export const documentRef = (label: string) =>
  z
    .string({ error: `${label} must be a documentId` })
    .trim()
    .min(1, { error: `${label} must be a documentId` })
    .max(64, { error: `${label} must be a documentId` })
    .regex(/^[A-Za-z0-9_-]+$/, { error: `${label} must be a documentId` });

/**
 * The code of a building or a billing point ("B1", "B1-APT-01", "PARK.12"):
 * uppercase letters, digits and . _ - (no lowercase, so two codes differing only
 * in case can't coexist on one database and collide on another).
 */
export const PLACE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]*$/;
export const placeCode = z
  .string({ error: 'Code is required and must be text' })
  .trim()
  .min(1, { error: 'Code is required' })
  .max(64, { error: 'Code must be at most 64 characters' })
  .regex(PLACE_CODE_PATTERN, {
    error:
      'Code may contain only uppercase letters, digits and . _ - and must start with a letter or digit (e.g. B1-APT-01)',
  });

export const bodyError = { error: 'The request body must be a JSON object' };

/** Drops the keys a partial update left out. */
export function definedOnly<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
