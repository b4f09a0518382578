import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createIntl, type MessageDescriptor } from 'react-intl';
import { getTrad, prefixPluginTranslations } from '../../admin/utils/getTrad';
import type { MessageValues, Translate } from '../../admin/utils/useT';

/** An admin catalogue as shipped (admin/translations/<locale>.json). */
export const catalogue = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(__dirname, '../../admin/translations', `${locale}.json`), 'utf8'));

/** What useT gives a page inside the admin, built from react-intl and the real catalogue. */
export function translator(locale: string): Translate {
  const intl = createIntl({ locale, messages: prefixPluginTranslations(catalogue(locale)) });
  function t(first: string | MessageDescriptor, second?: string | MessageValues, third?: MessageValues) {
    if (typeof first === 'string')
      return intl.formatMessage(
        { id: getTrad(first), defaultMessage: typeof second === 'string' ? second : first },
        third,
      );
    return intl.formatMessage(first, typeof second === 'object' ? second : undefined);
  }
  return Object.assign(t, { locale });
}
