import { useMemo } from 'react';
import { useBillingApi } from '../../api/billing-client';
import { useLoader } from '../../hooks/useLoader';
import { allPages } from '../../api/all-pages';

/**
 * "code name" of the buildings and billing points a run can be scoped to, by
 * documentId, so a run says which one it covers. The run form picks its scope with
 * the server-search comboboxes; these names are for the runs list and detail.
 */
export function useScopeNames() {
  const billing = useBillingApi();
  const buildings = useLoader(
    () => allPages((page) => billing.buildings.list({ sort: 'code:asc', ...page })),
    [billing],
  );
  const points = useLoader(
    () => allPages((page) => billing.billingPoints.list({ sort: 'code:asc', ...page })),
    [billing],
  );
  return useMemo(() => {
    const label = (x: { documentId: string; code: string; name: string }) => ({
      id: x.documentId,
      label: `${x.code} ${x.name}`,
    });
    const buildingOptions = (buildings.data?.data ?? []).map(label);
    const pointOptions = (points.data?.data ?? []).map(label);
    const names = new Map([...buildingOptions, ...pointOptions].map((o) => [o.id, o.label]));
    return { buildingOptions, pointOptions, name: (id: string) => names.get(id) };
  }, [buildings.data, points.data]);
}
