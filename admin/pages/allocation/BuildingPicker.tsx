import { Box, Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useQueryParams } from '@strapi/strapi/admin';
import { useBillingApi } from '../../api/billing-client';
import { useLoader } from '../../hooks/useLoader';
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
  const billing = useBillingApi();
  const t = useT();
  const buildings = useLoader(() => billing.buildings.list({ pageSize: 100, sort: 'code:asc' }), [billing]);
  return (
    <Box paddingBottom={4}>
      <Field.Root name="building">
        <Field.Label>{t('field.building', 'Building')}</Field.Label>
        <SingleSelect
          value={props.value}
          placeholder={t('allocation.pick-building', 'Choose a building')}
          onChange={(v: string | number) => props.onChange(String(v))}
        >
          {(buildings.data?.data ?? []).map((b) => (
            <SingleSelectOption key={b.documentId} value={b.documentId}>
              {`${b.code} ${b.name}`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </Box>
  );
}
