import { z } from 'zod';
import { parseInput } from '../common/validate';

/**
 * The activation matrix: which device types may measure which utility type.
 * A PUT names the full wanted set for one utility type; only the difference is
 * applied, so repeating a PUT changes nothing.
 */
export type ActivationRequest = { deviceTypeIds: string[]; proceed: boolean };

const schema = z.strictObject(
  {
    deviceTypeIds: z
      .array(z.string({ error: 'each device type id must be a documentId' }).trim().min(1).max(64), {
        error: 'deviceTypeIds must be a list of device type documentIds',
      })
      .max(1000, { error: 'deviceTypeIds may list at most 1000 device types' }),
    proceed: z.boolean({ error: 'proceed must be true or false' }).optional(),
  },
  { error: 'The request body must be a JSON object' },
);

export function parseActivationRequest(body: unknown): ActivationRequest {
  const parsed = parseInput(schema, body);
  return { deviceTypeIds: [...new Set(parsed.deviceTypeIds)], proceed: parsed.proceed ?? false };
}

export function activationDiff(current: readonly string[], wanted: readonly string[]) {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    toAdd: [...want].filter((id) => !have.has(id)),
    toRemove: [...have].filter((id) => !want.has(id)),
  };
}

export const ACTIVATION_UPDATED_MESSAGE = 'Utility device links updated';

/** The request schemas, for the OpenAPI description (server/openapi). */
export { schema as activationSchema };
