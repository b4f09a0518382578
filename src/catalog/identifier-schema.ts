import { z } from 'zod';
import { invalidField } from '../common/errors';
import { parseInput } from '../common/validate';

/**
 * An identifier schema says how readings of a utility type are identified
 * (by meter id, premise code …): `{ "fields": [{ "key": "meter_id", "label": "Meter ID" }] }`.
 * The admin form sends it as JSON text; API clients may send the object.
 */
export type IdentifierSchema = { fields: { key: string; label: string }[] };

const FIELD = 'identifierSchema';

const shape = z.strictObject(
  {
    fields: z
      .array(
        z.strictObject({
          key: z
            .string({ error: 'key is required and must be text' })
            .min(1, { error: 'key is required' })
            .max(64, { error: 'key must be at most 64 characters' })
            .regex(/^[A-Za-z][A-Za-z0-9_]*$/, {
              error: 'key must start with a letter and contain only letters, digits and underscores',
            }),
          label: z
            .string({ error: 'label is required and must be text' })
            .trim()
            .min(1, { error: 'label is required' })
            .max(255, { error: 'label must be at most 255 characters' }),
        }),
        { error: 'fields must be a list of { key, label }' },
      )
      .min(1, { error: 'fields must list at least one { key, label }' })
      .max(50, { error: 'fields may list at most 50 entries' }),
  },
  { error: 'must be an object of the form { "fields": [{ "key": …, "label": … }] }' },
);

export function parseIdentifierSchema(raw: unknown): IdentifierSchema | null {
  if (raw === undefined || raw === null) return null;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return null;
    if (raw.length > 20_000) throw invalidField(FIELD, 'Identifier schema must be at most 20000 characters');
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      throw invalidField(FIELD, `Identifier schema must be valid JSON (${(error as Error).message})`);
    }
  }
  let schema: IdentifierSchema;
  try {
    schema = parseInput(shape, value);
  } catch (error) {
    throw invalidField(FIELD, `Identifier schema ${(error as Error).message}`);
  }
  const seen = new Set<string>();
  for (const field of schema.fields) {
    if (seen.has(field.key))
      throw invalidField(FIELD, `Identifier schema: key "${field.key}" is listed twice; keys must be unique`);
    seen.add(field.key);
  }
  return schema;
}
