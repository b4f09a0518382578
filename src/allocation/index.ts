/**
 * Cost allocation: a building's costs shared among its billing points by keys
 * and among their parties by days, set against advance payments (the annual
 * settlement). Pure TypeScript, no Strapi; the rules are documented in
 * docs/charging-rules.md, section "Cost allocation (annual settlement)".
 */
export * from './types';
export * from './keys';
export {
  DEFAULT_CATEGORIES,
  DEFAULT_SCHEMES,
  VEWA_HEATING,
  HEATING_GROUP,
  OPERATING_GROUP,
  type CategoryDefinition,
  type SchemePart,
} from './defaults';
export {
  allocationInputSchema,
  parseAllocationInput,
  type AllocationInput,
  type ParsedAllocationInput,
} from './input-schema';
export { splitByLargestRemainder } from './largest-remainder';
export { measuredKeyValues, ESTIMATE_DECIMALS } from './measured-keys';
export { partyDays, type PartyDays } from './party-days';
export { advanceDue, suggestedMonthlyAdvance } from './advances';
export { settleCosts, settleParsed } from './settlement';
export { statementsTable, costsTable, billingPointsTable, type SettlementTable } from './statement-tables';
export { statementId } from './statement-id';
