import { useMemo } from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import { getTrad } from './getTrad';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/**
 * A message described where there is no hook (tables of labels, column lists):
 * formatted later with `t(descriptor)`. The literal id and English text are what
 * the catalogue check (tests/unit/admin/i18n.test.ts) reads.
 */
export const msg = (id: string, defaultMessage: string): MessageDescriptor => ({
  id: getTrad(id),
  defaultMessage,
});

export type Translate = {
  (id: string, defaultMessage: string, values?: MessageValues): string;
  (descriptor: MessageDescriptor, values?: MessageValues): string;
  /** The admin's interface language ("en", "de" …). */
  locale: string;
};

/**
 * react-intl's formatMessage with the plugin prefix: `t('billing.parties.title', 'Parties')`
 * looks up "utilities.billing.parties.title" in the admin's language and falls
 * back to the English default.
 */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => {
    function t(first: string | MessageDescriptor, second?: string | MessageValues, third?: MessageValues) {
      if (typeof first === 'string') {
        const defaultMessage = typeof second === 'string' ? second : first;
        return intl.formatMessage({ id: getTrad(first), defaultMessage }, third);
      }
      return intl.formatMessage(first, typeof second === 'object' ? second : undefined);
    }
    return Object.assign(t, { locale: intl.locale });
  }, [intl]);
}
