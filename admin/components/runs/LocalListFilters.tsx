import { Box, Field, Flex, Searchbar, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useT } from '../../utils/useT';

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
  const t = useT();
  const { search, kind } = props;
  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap">
      <Box minWidth="28rem">
        <Searchbar
          name="q"
          value={search.value}
          onClear={() => search.onChange('')}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => search.onChange(e.target.value)}
          clearLabel={t('list.clear-search', 'Clear')}
          placeholder={search.placeholder}
        >
          {search.label}
        </Searchbar>
      </Box>
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
