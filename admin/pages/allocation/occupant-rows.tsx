import { useMemo } from 'react';
import { Typography } from '@strapi/design-system';
import { useBillingApi } from '../../api/billing-client';
import { useLoader } from '../../hooks/useLoader';
import type { Translate } from '../../utils/useT';
import { GROUPS } from './AdvancesPage';
import { allPages } from '../../api/all-pages';

/** A row an occupant owes or paid for a billing point and an advance group (an advance, a payment). */
type OccupantRow = { billingPointRef: string; partyRef: string; group: string };

/** The parties' display names, for the lists of advances and payments. */
export function usePartyNames() {
  const billing = useBillingApi();
  const parties = useLoader(() => allPages((page) => billing.parties.list(page)), [billing]);
  return useMemo(() => {
    const names = new Map((parties.data?.data ?? []).map((p) => [p.documentId, p.displayName]));
    return (id: string) => names.get(id) ?? id;
  }, [parties.data]);
}

/** The occupancies of a billing point (empty while none is chosen): who may owe or pay for it. */
export function usePointOccupancies(billingPoint: string) {
  const billing = useBillingApi();
  const { data } = useLoader(
    async () =>
      billingPoint
        ? (await allPages((page) => billing.billingPoints.occupancies(billingPoint, { ...page }))).data
        : [],
    [billing, billingPoint],
  );
  return data ?? [];
}

/** The name of an advance group: the default groups translated, a building's own as named. */
export const groupName = (t: Translate, code: string) => (GROUPS[code] ? t(GROUPS[code]) : code);

/** The billing point, party and group columns of a list of advances or payments. */
export function occupantColumns<R extends OccupantRow>(
  t: Translate,
  pointName: (id: string) => string,
  partyName: (id: string) => string,
) {
  const column = (header: string, text: (r: R) => string) => ({
    header,
    cell: (r: R) => <Typography>{text(r)}</Typography>,
    text,
  });
  return [
    column(t('allocation.billing-point', 'Billing point'), (r) => pointName(r.billingPointRef)),
    column(t('field.party', 'Party'), (r) => partyName(r.partyRef)),
    column(t('allocation.group', 'Cost group'), (r) => groupName(t, r.group)),
  ];
}
