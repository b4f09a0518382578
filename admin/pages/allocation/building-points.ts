import { useBillingApi, type BillingPoint } from '../../api/billing-client';
import { useLoader } from '../../hooks/useLoader';
import { allPages } from '../../api/all-pages';

/** The billing points of the chosen building (for names in a list and the choice in a form). */
export function useBuildingPoints(building: string) {
  const billing = useBillingApi();
  const { data } = useLoader(
    async () =>
      building
        ? (await allPages((page) => billing.billingPoints.list({ building, sort: 'code:asc', ...page }))).data
        : [],
    [billing, building],
  );
  const points: BillingPoint[] = data ?? [];
  const name = (documentId: string) => {
    const point = points.find((p) => p.documentId === documentId);
    return point ? `${point.code} ${point.name}` : documentId;
  };
  return { points, name };
}

/** An empty page while no building is chosen. */
export const NO_ROWS = {
  data: [],
  meta: { pagination: { page: 1, pageSize: 50, pageCount: 0, total: 0 } },
};
