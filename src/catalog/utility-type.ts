import { z } from 'zod';
import { isPrintable, isPrintableMultiline } from '../common/identifiers';
import { codeSchema, CODE_IMMUTABLE_MESSAGE } from './code';
import { invalidField } from '../common/errors';
import { parseInput } from '../common/validate';
import { parseIdentifierSchema, type IdentifierSchema } from './identifier-schema';

/** A utility type: the category of metered service (WATER, ELECTRICITY …). */
export type UtilityTypeInput = {
  code: string;
  name: string;
  description: string | null;
  identifierSchema: IdentifierSchema | null;
  displayOrder: number;
  active: boolean;
};

const name = z
  .string({ error: 'Name is required and must be text' })
  .trim()
  .min(1, { error: 'Name is required' })
  .max(255, { error: 'Name must be at most 255 characters' })
  .refine(isPrintable, { error: 'Name may not contain control or invisible characters' });

const description = z
  .string({ error: 'Description must be text' })
  .max(5000, { error: 'Description must be at most 5000 characters' })
  .nullable()
  .transform((v) => (v === null || v.trim() === '' ? null : v))
  .refine((v) => v === null || isPrintableMultiline(v), {
    error: 'Description may not contain control or invisible characters (line breaks are fine)',
  });

const displayOrder = z
  .number({ error: 'Display order must be a whole number' })
  .int({ error: 'Display order must be a whole number' })
  .min(-1_000_000, { error: 'Display order must be at least -1000000' })
  .max(1_000_000, { error: 'Display order must be at most 1000000' });

const active = z.boolean({ error: 'Active must be true or false' });

const fields = {
  code: codeSchema,
  name,
  description: description.optional(),
  identifierSchema: z.unknown().optional(),
  displayOrder: displayOrder.optional(),
  active: active.optional(),
};

const createSchema = z.strictObject(fields, { error: 'The request body must be a JSON object' });
const updateSchema = z.strictObject(
  { ...fields, code: codeSchema.optional(), name: name.optional() },
  { error: 'The request body must be a JSON object' },
);

export function parseUtilityTypeCreate(body: unknown): UtilityTypeInput {
  const parsed = parseInput(createSchema, body);
  return {
    code: parsed.code,
    name: parsed.name,
    description: parsed.description ?? null,
    identifierSchema: parseIdentifierSchema(parsed.identifierSchema),
    displayOrder: parsed.displayOrder ?? 0,
    active: parsed.active ?? true,
  };
}

/**
 * An update is partial: only the fields sent change. Sending the code is allowed
 * (forms send the whole record) as long as it is the stored one.
 */
export function parseUtilityTypeUpdate(body: unknown, storedCode: string): Partial<UtilityTypeInput> {
  const parsed = parseInput(updateSchema, body);
  if (parsed.code !== undefined && parsed.code !== storedCode)
    throw invalidField('code', CODE_IMMUTABLE_MESSAGE);
  const patch: Partial<UtilityTypeInput> = {};
  if (parsed.name !== undefined) patch.name = parsed.name;
  if (parsed.description !== undefined) patch.description = parsed.description;
  if ('identifierSchema' in parsed) patch.identifierSchema = parseIdentifierSchema(parsed.identifierSchema);
  if (parsed.displayOrder !== undefined) patch.displayOrder = parsed.displayOrder;
  if (parsed.active !== undefined) patch.active = parsed.active;
  return patch;
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as utilityTypeCreateSchema, updateSchema as utilityTypeUpdateSchema };
