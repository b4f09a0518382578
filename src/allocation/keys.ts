/**
 * Allocation keys: what a category's cost is shared by. Fixed keys are
 * properties of a billing point (its heated area, its value quota in ‰, the
 * persons living there, the units it counts as); measured keys are a meter's
 * consumption over the settlement period (heat, hot water, cold water).
 */
export const FIXED_KEYS = ['area', 'value-quota', 'persons', 'units'] as const;
export const MEASURED_KEYS = ['heat', 'hot-water', 'cold-water'] as const;
export const ALLOCATION_KEYS = [...FIXED_KEYS, ...MEASURED_KEYS] as const;

export type FixedKey = (typeof FIXED_KEYS)[number];
export type MeasuredKey = (typeof MEASURED_KEYS)[number];
export type AllocationKey = (typeof ALLOCATION_KEYS)[number];

export function isMeasuredKey(key: AllocationKey): key is MeasuredKey {
  return (MEASURED_KEYS as readonly string[]).includes(key);
}

/** How a key is named on a statement. */
export const KEY_LABELS: Readonly<Record<AllocationKey, string>> = {
  area: 'heated area (m²)',
  'value-quota': 'value quota (‰)',
  persons: 'persons',
  units: 'units',
  heat: 'heat meter (kWh)',
  'hot-water': 'hot-water meter (m³)',
  'cold-water': 'cold-water meter (m³)',
};
