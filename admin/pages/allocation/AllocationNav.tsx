import { Flex, Link as DSLink } from '@strapi/design-system';
import { Link, useLocation } from 'react-router-dom';
import type { Translate } from '../../utils/useT';

export const ALLOCATION_BASE = '/plugins/utilities/allocation';

/**
 * The cost allocation pages: the settlements, and what a settlement is computed
 * from — a building's cost items, keys, meter figures, schemes, advance
 * payments and the payments received. The chosen building (`?building=`) goes along from page to page.
 */
export function AllocationNav({ t }: { t: Translate }) {
  const { search } = useLocation();
  const building = new URLSearchParams(search).get('building');
  const keep = building ? `?building=${encodeURIComponent(building)}` : '';
  const links = [
    { to: ALLOCATION_BASE, label: t('allocation.runs.title', 'Settlements of charges') },
    { to: `${ALLOCATION_BASE}/costs${keep}`, label: t('allocation.costs.title', 'Cost items') },
    { to: `${ALLOCATION_BASE}/keys${keep}`, label: t('allocation.keys.title', 'Allocation keys') },
    {
      to: `${ALLOCATION_BASE}/meter-figures${keep}`,
      label: t('allocation.measurements.title', 'Meter figures'),
    },
    { to: `${ALLOCATION_BASE}/schemes${keep}`, label: t('allocation.schemes.title', 'Allocation schemes') },
    { to: `${ALLOCATION_BASE}/advances${keep}`, label: t('allocation.advances', 'Advance payments') },
    { to: `${ALLOCATION_BASE}/payments${keep}`, label: t('allocation.payments.title', 'Payments received') },
  ];
  return (
    <Flex gap={4} wrap="wrap">
      {links.map((link) => (
        <DSLink key={link.to} tag={Link} to={link.to}>
          {link.label}
        </DSLink>
      ))}
    </Flex>
  );
}
