import { isFetchError } from '@strapi/strapi/admin';
import type { Translate } from '../utils/useT';
import { describeErrorBody, type ApiFailure, type ErrorBody } from './error-messages';

export { problemText, type ApiFailure } from './error-messages';

/**
 * What a page needs from a failed call: a message in the admin's language and,
 * per field, the first problem, so forms show errors inline
 * (see error-messages.ts for how codes and fields are worded).
 */
export function toApiFailure(error: unknown, t: Translate): ApiFailure {
  if (isFetchError(error) && error.response?.data?.error) {
    const failure = describeErrorBody(error.response.data.error as ErrorBody, t);
    return { ...failure, status: failure.status ?? error.status };
  }
  return {
    name: 'Error',
    message: error instanceof Error ? error.message : t('error.unknown', 'Something went wrong'),
    fieldErrors: {},
  };
}
