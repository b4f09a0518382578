/**
 * Domain errors. The rules in src/ say *what* went wrong; server/http maps the
 * kind to an HTTP status and the Strapi error body. Keeping the status out of
 * here lets the same rules run in jobs and scripts.
 *
 * Beside its English message an error may carry a stable `code` and its
 * `params` in `details` (`{ code: 'not-found', params: { entity: 'channel', id } }`):
 * the admin translates the codes it knows and shows the message otherwise, so
 * the message text can change without breaking a translation and vice versa.
 */
export type ErrorParams = Record<string, string | number | boolean | null>;

/** A field problem; `code` (zod's issue code, e.g. too_small) lets a client word it itself. */
export type FieldProblem = { path: string[]; message: string; code?: string; params?: ErrorParams };

/** `{ code, params }` for an error's details (params left out when there are none). */
export const coded = (code: string, params?: ErrorParams) => (params ? { code, params } : { code });

export type DomainErrorKind =
  'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'too-large' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The Strapi-style error name shown to API clients. */
    readonly errorName = defaultName(kind),
  ) {
    super(message);
    this.name = errorName;
  }
}

function defaultName(kind: DomainErrorKind): string {
  switch (kind) {
    case 'invalid':
      return 'ValidationError';
    case 'not-found':
      return 'NotFoundError';
    case 'conflict':
      return 'ConflictError';
    case 'forbidden':
      return 'ForbiddenError';
    case 'too-large':
      return 'PayloadTooLargeError';
    case 'unavailable':
      return 'ServiceUnavailableError';
  }
}

/**
 * 503: the work could not be done now (the database did not answer) and nothing of it is
 * half-done; `retryAfterSeconds` becomes the Retry-After header.
 */
export function unavailable(
  message: string,
  retryAfterSeconds: number,
  code: string,
  params?: ErrorParams,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError('unavailable', message, { ...coded(code, params), retryAfterSeconds, ...details });
}

/** 400 with one or more field problems, shaped like Strapi's own validation errors. */
export function invalid(
  message: string,
  errors: FieldProblem[] = [],
  code = 'validation',
  params?: ErrorParams,
): DomainError {
  return new DomainError('invalid', message, {
    ...coded(code, params),
    errors: errors.map((e) => ({ ...e, name: 'ValidationError' })),
  });
}

export function invalidField(field: string, message: string): DomainError {
  return invalid(message, [{ path: [field], message }]);
}

/** "Billing point" → params.entity "billing-point", a key the admin names in its language. */
export function notFound(what: string, id: string): DomainError {
  const entity = what.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return new DomainError('not-found', `${what} "${id}" was not found`, {
    id,
    ...coded('not-found', { entity, id }),
  });
}

export function conflict(
  message: string,
  details: Record<string, unknown> = {},
  code = 'conflict',
  params?: ErrorParams,
): DomainError {
  return new DomainError('conflict', message, { ...coded(code, params), ...details });
}
