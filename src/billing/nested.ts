import { z } from 'zod';
import { DomainError, type FieldProblem } from '../common/errors';

/**
 * Runs a schema (and an optional follow-up rule) on a nested value from inside
 * another schema, reporting its problems under the nested path — so
 * "newOccupant.party.lastName: Last name is required" reaches the client, not a
 * bare "Invalid input" from a union.
 */
export function parseNested<S extends z.ZodType, R>(
  schema: S,
  value: unknown,
  ctx: z.RefinementCtx,
  then: (parsed: z.output<S>) => R,
): R | typeof z.NEVER {
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          ctx.addIssue({ code: 'custom', message: `Unknown field "${key}"`, path: [...issue.path, key] });
      } else ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  }
  try {
    return then(result.data);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    const problems = (error.details.errors as FieldProblem[] | undefined) ?? [];
    if (problems.length === 0) ctx.addIssue({ code: 'custom', message: error.message });
    for (const p of problems) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
    return z.NEVER;
  }
}
