import { Box, Searchbar } from '@strapi/design-system';
import { useT } from '../utils/useT';

/** A list's search box: `onChange` gets each typed text, and "" when cleared. */
export function SearchField(props: {
  value: string;
  label: string;
  placeholder: string;
  onChange: (text: string) => void;
}) {
  const t = useT();
  return (
    <Box minWidth="28rem">
      <Searchbar
        name="q"
        value={props.value}
        onClear={() => props.onChange('')}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        clearLabel={t('list.clear-search', 'Clear')}
        placeholder={props.placeholder}
      >
        {props.label}
      </Searchbar>
    </Box>
  );
}
