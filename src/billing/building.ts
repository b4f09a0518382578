import { z } from 'zod';
import { parseInput } from '../common/validate';
import { optionalAddress, type Address } from './address';
import { isValidTimeZone } from './dates';
import { bodyError, definedOnly, documentRef, placeCode, requiredText } from './fields';

/**
 * A building: the place billing points belong to. Its IANA time zone decides
 * which calendar day an instant (a reading, a usage) falls on for every
 * billing point in it; a new building takes the plugin's default zone and
 * keeps it, so changing the default later never moves existing dates. The
 * owner party answers for vacant billing points that have no owner of their own.
 */
export type BuildingInput = {
  code: string;
  name: string;
  address: Address | null;
  owner: string | null;
  timezone: string;
  /** The main meters (device documentIds) the sum check compares with the sub-meters. */
  mainMeters: string[];
};

const timezone = z
  .string({ error: 'Time zone must be an IANA zone such as Europe/Zurich' })
  .trim()
  .refine(isValidTimeZone, { error: 'Time zone must be an IANA zone such as Europe/Zurich' });

const fields = {
  code: placeCode,
  name: requiredText('Name', 255),
  address: optionalAddress,
  owner: documentRef('Owner').nullable().optional(),
  timezone: timezone.optional(),
  mainMeters: z
    .array(documentRef('Main meter'), { error: 'mainMeters must be a list of device documentIds' })
    .max(20, { error: 'at most 20 main meters' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'a main meter is listed twice' })
    .optional(),
};

const createSchema = z.strictObject(fields, bodyError);
const updateSchema = z.strictObject(
  { ...fields, code: placeCode.optional(), name: requiredText('Name', 255).optional() },
  bodyError,
);

export function parseBuildingCreate(body: unknown, defaultTimezone: string): BuildingInput {
  const p = parseInput(createSchema, body);
  return {
    code: p.code,
    name: p.name,
    address: p.address ?? null,
    owner: p.owner ?? null,
    timezone: p.timezone ?? defaultTimezone,
    mainMeters: p.mainMeters ?? [],
  };
}

export function parseBuildingUpdate(body: unknown): Partial<BuildingInput> {
  return definedOnly(parseInput(updateSchema, body));
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as buildingCreateSchema, updateSchema as buildingUpdateSchema };
