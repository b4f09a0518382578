import { z } from 'zod';
import { invalid, type FieldProblem } from './errors';

/**
 * Parses untrusted input once, at the boundary. A failure becomes one 400 whose
 * message names the first offending field and whose details list every problem.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(toProblems);
  const first = problems[0];
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  throw invalid(`${where}${first.message}`, problems);
}

function toProblems(issue: z.core.$ZodIssue): FieldProblem[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `Unknown field "${key}"`,
      code: issue.code,
    }));
  }
  // zod's issue code travels with the English message so a client can word the problem itself.
  return [{ path, message: issue.message, code: issue.code }];
}

/** A JSON body must be an object: arrays, strings and null are refused up front. */
export const bodyObject = z.record(z.string(), z.unknown(), {
  error: 'The request body must be a JSON object',
});
