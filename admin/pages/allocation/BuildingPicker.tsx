import { Box } from '@strapi/design-system';
import { useQueryParams } from '@strapi/strapi/admin';
import { BuildingCombobox } from '../../components/record-pickers';
import { useT } from '../../utils/useT';

/**
 * The building the allocation pages show (cost items, keys, schemes, advances),
 * kept in the URL (`?building=…`) so moving between them, a reload or a shared
 * link keep the same building.
 */
export function useBuildingChoice(): [string, (documentId: string) => void] {
  const [{ query }, setQuery] = useQueryParams<{ building?: string }>();
  const building = typeof query.building === 'string' ? query.building : '';
  return [building, (documentId: string) => setQuery({ building: documentId })];
}

export function BuildingPicker(props: { value: string; onChange: (documentId: string) => void }) {
  const t = useT();
  return (
    <Box paddingBottom={4}>
      <BuildingCombobox
        value={props.value || null}
        placeholder={t('allocation.pick-building', 'Choose a building')}
        onChange={(documentId) => props.onChange(documentId ?? '')}
      />
    </Box>
  );
}
