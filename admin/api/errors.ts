import { isFetchError } from '@strapi/strapi/admin';

/**
 * What a page needs from a failed call: the server's message (written for a
 * person) and, per field, the first problem, so forms show errors inline.
 */
export type ApiFailure = {
  status?: number;
  name: string;
  message: string;
  fieldErrors: Record<string, string>;
};

export function toApiFailure(error: unknown): ApiFailure {
  if (isFetchError(error) && error.response?.data?.error) {
    const body = error.response.data.error as {
      status?: number;
      name: string;
      message: string;
      details?: { errors?: { path: string[]; message: string }[] };
    };
    const fieldErrors: Record<string, string> = {};
    for (const problem of body.details?.errors ?? []) {
      const field = problem.path?.[0];
      if (field && !fieldErrors[field]) fieldErrors[field] = problem.message;
    }
    return { status: body.status ?? error.status, name: body.name, message: body.message, fieldErrors };
  }
  return {
    name: 'Error',
    message: error instanceof Error ? error.message : 'Something went wrong',
    fieldErrors: {},
  };
}
