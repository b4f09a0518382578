/**
 * MDFF units of measure are case-insensitive in practice ("kWh", "KWH", "kwh");
 * readings carry the canonical spelling so one meter's data does not end up in
 * three units. Units not in the MDFF list pass through as written.
 */
const CANONICAL_UNITS = [
  'MWh',
  'kWh',
  'Wh',
  'MVArh',
  'kVArh',
  'VArh',
  'MVAr',
  'kVAr',
  'VAr',
  'MW',
  'kW',
  'W',
  'MVAh',
  'kVAh',
  'VAh',
  'MVA',
  'kVA',
  'VA',
  'kV',
  'V',
  'kA',
  'A',
  'pf',
];

const BY_LOWERCASE = new Map(CANONICAL_UNITS.map((unit) => [unit.toLowerCase(), unit]));

export function canonicalUnit(unit: string): string {
  const trimmed = unit.trim();
  return BY_LOWERCASE.get(trimmed.toLowerCase()) ?? trimmed;
}
