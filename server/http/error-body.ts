import type { Context } from 'koa';

/**
 * Answers with Strapi's error body, `{ data: null, error: { status, name, message, details } }`,
 * from a middleware that runs before Strapi's own (which would format a thrown error).
 */
export function answerError(
  ctx: Context,
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

/** 400 with one field problem, shaped like Strapi's validation errors. */
export function answerInvalidField(
  ctx: Context,
  message: string,
  path: string[],
  coded: { code: string; params?: Record<string, string | number> } = { code: 'validation' },
): void {
  answerError(ctx, 400, 'ValidationError', message, {
    ...coded,
    errors: [{ path, message, code: coded.code, name: 'ValidationError' }],
  });
}
