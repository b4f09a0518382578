import type { Context } from 'koa';
import { DomainError, type DomainErrorKind } from '../../src/common/errors';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
};

/**
 * Wraps a controller action: a DomainError from the rules becomes the Strapi error
 * body `{ data: null, error: { status, name, message, details } }` with its status.
 * Anything else propagates to Strapi's error middleware (a real 500, logged).
 */
export function action(handler: (ctx: Context) => Promise<void>) {
  return async (ctx: Context) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = STATUS[error.kind];
      ctx.status = status;
      ctx.body = {
        data: null,
        error: { status, name: error.errorName, message: error.message, details: error.details },
      };
    }
  };
}

/** The parsed JSON body. Strapi's body parser leaves `{}` for an empty body. */
export const bodyOf = (ctx: Context): unknown => (ctx.request as { body?: unknown }).body;

/**
 * A path parameter of the route (`:id`, `:occupancyId` …). koa-router hands every one
 * over as text, but koa types `ctx.params` as any; this is where it gets its type.
 */
export const pathParam = (ctx: Context, name: string): string => {
  const value = (ctx.params as Record<string, unknown> | undefined)?.[name];
  // No identifier holds a NUL ("%00" decoded), and PostgreSQL refuses one in a text
  // parameter with an error: such a path names nothing, so it is answered as unknown.
  return typeof value === 'string' && !value.includes('\u0000') ? value : '';
};

/** The signed-in admin user (ctx.state.user) with the fields an audit line names. */
export type AdminUser = {
  id?: number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
};

/** ctx.state.user for an admin route; undefined where no user is attached. */
export const adminUserOf = (ctx: Context): AdminUser | undefined =>
  (ctx.state as { user?: AdminUser } | undefined)?.user;
