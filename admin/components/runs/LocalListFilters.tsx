import { Field, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { SearchField } from '../SearchField';

/**
 * The filters above a list the page holds in full: a search box and, when the rows
 * have kinds (exception kinds, roles), a picker of one kind. Both write the URL.
 */
export function LocalListFilters(props: {
  search: { value: string; label: string; placeholder: string; onChange: (q: string) => void };
  kind?: {
    label: string;
    allLabel: string;
    value: string;
    options: Array<{ value: string; label: string }>;
    onChange: (kind: string) => void;
  };
}) {
  const { search, kind } = props;
  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap">
      <SearchField {...search} />
      {kind && (
        <Field.Root name="kind">
          <Field.Label>{kind.label}</Field.Label>
          <SingleSelect
            value={kind.value || 'all'}
            onChange={(v: string | number) => kind.onChange(v === 'all' ? '' : String(v))}
          >
            <SingleSelectOption value="all">{kind.allLabel}</SingleSelectOption>
            {kind.options.map((o) => (
              <SingleSelectOption key={o.value} value={o.value}>
                {o.label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      )}
    </Flex>
  );
}
