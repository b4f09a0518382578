/**
 * Domain errors. The rules in src/ say *what* went wrong; server/http maps the
 * kind to an HTTP status and the Strapi error body. Keeping the status out of
 * here lets the same rules run in jobs and scripts.
 */
export type FieldProblem = { path: string[]; message: string };

export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'too-large';

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
  }
}

/** 400 with one or more field problems, shaped like Strapi's own validation errors. */
export function invalid(message: string, errors: FieldProblem[] = []): DomainError {
  return new DomainError('invalid', message, {
    errors: errors.map((e) => ({ ...e, name: 'ValidationError' })),
  });
}

export function invalidField(field: string, message: string): DomainError {
  return invalid(message, [{ path: [field], message }]);
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not-found', `${what} "${id}" was not found`, { id });
}

export function conflict(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('conflict', message, details);
}
