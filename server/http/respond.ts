import type { Context } from 'koa';
import { databaseOutage, outageReason } from '../../src/common/db-outage';
import { DomainError, unavailable, type DomainErrorKind } from '../../src/common/errors';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unavailable: 503,
};

/** How long a client is asked to wait when the database did not answer a request. */
const OUTAGE_RETRY_AFTER_SECONDS = 10;

/**
 * Wraps a controller action: a DomainError from the rules becomes the Strapi error
 * body `{ data: null, error: { status, name, message, details } }` with its status.
 * A lost or refused database connection is a 503 with Retry-After: the request did nothing
 * the database kept half (its writes are transactions) and may be sent again.
 * Anything else propagates to Strapi's error middleware (a real 500, logged).
 */
export function action(handler: (ctx: Context) => Promise<void>) {
  return async (ctx: Context) => {
    try {
      await handler(ctx);
    } catch (thrown) {
      const outage = thrown instanceof DomainError ? null : databaseOutage(thrown);
      const error = outage
        ? unavailable(
            `The database did not answer (${outageReason(outage)}); send the request again in a moment`,
            OUTAGE_RETRY_AFTER_SECONDS,
            'database-unavailable',
          )
        : thrown;
      if (!(error instanceof DomainError)) throw error;
      const status = STATUS[error.kind];
      const retryAfter = (error.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (status === 503 && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
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
