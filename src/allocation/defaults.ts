import type { AllocationKey } from './keys';

/**
 * The default cost categories and how each is shared, following Swiss
 * practice (VEWA): heating costs — the energy, the heating system's
 * electricity and its maintenance — 30 % by heated area and 70 % by heat
 * meter; hot water 100 % by hot-water meter; common electricity and
 * caretaking by value quota (‰); water/sewage and anything else by heated
 * area. A building may replace any of these per period.
 *
 * Categories belong to an advance group: tenants pay one monthly advance for
 * heating and hot water and one for the other operating costs, so advances
 * are set against the costs of their group.
 */
export interface CategoryDefinition {
  code: string;
  name: string;
  /** The advance group whose advances pay for this category. */
  group: string;
  /** Only a credit category may hold negative items (refunds, insurance payouts). */
  credit: boolean;
}

export interface SchemePart {
  key: AllocationKey;
  /** Percentage of the category's cost shared by this key. */
  percent: string;
}

export const HEATING_GROUP = 'heating';
export const OPERATING_GROUP = 'operating';

export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  { code: 'heating-energy', name: 'Heating energy', group: HEATING_GROUP, credit: false },
  { code: 'heating-electricity', name: 'Heating electricity', group: HEATING_GROUP, credit: false },
  { code: 'maintenance', name: 'Heating maintenance', group: HEATING_GROUP, credit: false },
  { code: 'hot-water', name: 'Hot water', group: HEATING_GROUP, credit: false },
  { code: 'common-electricity', name: 'Common electricity', group: OPERATING_GROUP, credit: false },
  { code: 'water-sewage', name: 'Water and sewage', group: OPERATING_GROUP, credit: false },
  { code: 'caretaking', name: 'Caretaking', group: OPERATING_GROUP, credit: false },
  { code: 'other', name: 'Other', group: OPERATING_GROUP, credit: false },
];

/** VEWA: 30 % base by heated area, 70 % by measured heat. */
export const VEWA_HEATING: readonly SchemePart[] = [
  { key: 'area', percent: '30' },
  { key: 'heat', percent: '70' },
];

export const DEFAULT_SCHEMES: Readonly<Record<string, readonly SchemePart[]>> = {
  'heating-energy': VEWA_HEATING,
  'heating-electricity': VEWA_HEATING,
  maintenance: VEWA_HEATING,
  'hot-water': [{ key: 'hot-water', percent: '100' }],
  'common-electricity': [{ key: 'value-quota', percent: '100' }],
  'water-sewage': [{ key: 'area', percent: '100' }],
  caretaking: [{ key: 'value-quota', percent: '100' }],
  other: [{ key: 'area', percent: '100' }],
};
