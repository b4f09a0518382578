import { z } from 'zod';
import { USAGE_AGGREGATIONS, USAGE_FIELDS } from '../charging/types';
import { codeSchema, CODE_IMMUTABLE_MESSAGE } from '../catalog/code';
import { invalidField } from '../common/errors';
import { parseInput } from '../common/validate';
import { readEventGroup, readIdentifier, ID_MAX_LENGTH } from '../usage/identifiers';
import { bodyError, definedOnly, optionalText, requiredText } from './fields';

/**
 * A usage metric says which usage records a rate prices and how they add up:
 * the records of an eGroup (and, when set, one eId), one numeric field
 * (intCounter … intCounter5, temperature) and an aggregation — count (number of
 * records), sum, delta (growth of a cumulative counter), max or latest — in a
 * unit ("cycle", "kWh"). E.g. LAUNDRY_CYCLES: eGroup "laundry", count, "cycle".
 */
export type UsageMetricInput = {
  code: string;
  name: string;
  eGroup: string;
  eId: string | null;
  field: (typeof USAGE_FIELDS)[number];
  aggregation: (typeof USAGE_AGGREGATIONS)[number];
  unit: string;
  description: string | null;
};

const eGroupField = (required: boolean) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined && !required) return undefined;
      const read = readEventGroup(value);
      if (!read.ok) {
        ctx.addIssue({ code: 'custom', message: `eGroup ${read.message}` });
        return z.NEVER;
      }
      return read.value;
    });

const eId = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return value === undefined ? undefined : null;
    const read = readIdentifier(value, { required: false, max: ID_MAX_LENGTH });
    if (!read.ok) {
      ctx.addIssue({ code: 'custom', message: `eId ${read.message}` });
      return z.NEVER;
    }
    return read.value;
  });

const fields = {
  code: codeSchema,
  name: requiredText('Name', 255),
  eGroup: eGroupField(true),
  eId,
  field: z.enum(USAGE_FIELDS, { error: `Field must be one of ${USAGE_FIELDS.join(', ')}` }).optional(),
  aggregation: z.enum(USAGE_AGGREGATIONS, {
    error: `Aggregation must be one of ${USAGE_AGGREGATIONS.join(', ')}`,
  }),
  unit: requiredText('Unit', 16),
  description: optionalText('Description', 2000),
};

export const usageMetricCreateSchema = z.strictObject(fields, bodyError);
export const usageMetricUpdateSchema = z.strictObject(
  {
    ...fields,
    code: codeSchema.optional(),
    name: fields.name.optional(),
    eGroup: eGroupField(false),
    aggregation: fields.aggregation.optional(),
    unit: fields.unit.optional(),
  },
  bodyError,
);

export function parseUsageMetricCreate(body: unknown): UsageMetricInput {
  const p = parseInput(usageMetricCreateSchema, body);
  return {
    code: p.code,
    name: p.name,
    eGroup: p.eGroup as string,
    eId: p.eId ?? null,
    field: p.field ?? 'intCounter',
    aggregation: p.aggregation,
    unit: p.unit,
    description: p.description ?? null,
  };
}

export function parseUsageMetricUpdate(body: unknown, storedCode: string): Partial<UsageMetricInput> {
  const p = parseInput(usageMetricUpdateSchema, body);
  if (p.code !== undefined && p.code !== storedCode) throw invalidField('code', CODE_IMMUTABLE_MESSAGE);
  const { code: _code, ...patch } = p;
  return definedOnly(patch);
}
