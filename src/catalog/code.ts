import { z } from 'zod';

/**
 * The permanent code of a catalog record (utility type, device type, channel):
 * uppercase letters, digits and underscores, at most 64 characters. Codes are
 * never trimmed or upper-cased for the user: "water" is refused, not silently
 * turned into "WATER", because a code is a key other systems will quote.
 */
export const CODE_PATTERN = /^[A-Z0-9_]+$/;
export const CODE_MAX_LENGTH = 64;

export const codeSchema = z
  .string({ error: 'Code is required and must be text' })
  .min(1, { error: 'Code is required' })
  .max(CODE_MAX_LENGTH, { error: `Code must be at most ${CODE_MAX_LENGTH} characters` })
  .regex(CODE_PATTERN, {
    error: 'Code may contain only uppercase letters, digits and underscores (e.g. WATER)',
  });

export const CODE_IMMUTABLE_MESSAGE = "The code can't be changed once saved";
