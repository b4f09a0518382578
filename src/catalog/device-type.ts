import { z } from 'zod';
import { isPrintable, isPrintableMultiline } from '../common/identifiers';
import { codeSchema, CODE_IMMUTABLE_MESSAGE } from './code';
import { invalidField } from '../common/errors';
import { parseInput } from '../common/validate';

/** A device type: a model of meter (e.g. "Water meter, Kamstrup flowIQ"). */
export type DeviceTypeInput = {
  code: string;
  name: string;
  manufacturer: string | null;
  description: string | null;
  active: boolean;
};

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim()))
    .refine((v) => v === null || isPrintableMultiline(v), {
      error: `${label} may not contain control or invisible characters`,
    })
    .optional();

const name = z
  .string({ error: 'Name is required and must be text' })
  .trim()
  .min(1, { error: 'Name is required' })
  .max(255, { error: 'Name must be at most 255 characters' })
  .refine(isPrintable, { error: 'Name may not contain control or invisible characters' });

const fields = {
  code: codeSchema,
  name,
  manufacturer: optionalText('Manufacturer', 255),
  description: optionalText('Description', 5000),
  active: z.boolean({ error: 'Active must be true or false' }).optional(),
};

const createSchema = z.strictObject(fields, { error: 'The request body must be a JSON object' });
const updateSchema = z.strictObject(
  { ...fields, code: codeSchema.optional(), name: name.optional() },
  { error: 'The request body must be a JSON object' },
);

export function parseDeviceTypeCreate(body: unknown): DeviceTypeInput {
  const parsed = parseInput(createSchema, body);
  return {
    code: parsed.code,
    name: parsed.name,
    manufacturer: parsed.manufacturer ?? null,
    description: parsed.description ?? null,
    active: parsed.active ?? true,
  };
}

export function parseDeviceTypeUpdate(body: unknown, storedCode: string): Partial<DeviceTypeInput> {
  const parsed = parseInput(updateSchema, body);
  if (parsed.code !== undefined && parsed.code !== storedCode)
    throw invalidField('code', CODE_IMMUTABLE_MESSAGE);
  const { code: _code, ...patch } = parsed;
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as deviceTypeCreateSchema, updateSchema as deviceTypeUpdateSchema };
