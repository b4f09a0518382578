import { DEFAULT_CATEGORIES } from './defaults';
import { ALLOCATION_KEYS, KEY_LABELS } from './keys';
import type { SettlementResult } from './types';

/**
 * A settlement as tables, the same for every export format: the CSV writes the
 * statements table, the workbook writes all three as sheets. Every cell is text
 * as the result holds it; `numeric` names the columns a spreadsheet should sum.
 */
export interface SettlementTable {
  name: string;
  header: string[];
  numeric: ReadonlySet<number>;
  rows: string[][];
}

const numericFrom = (header: string[], first: string) =>
  new Set(header.map((_, i) => i).filter((i) => i >= header.indexOf(first)));

function categoryNames(result: SettlementResult): Map<string, string> {
  return new Map([...DEFAULT_CATEGORIES, ...result.categories].map((c) => [c.code, c.name] as const));
}

/** One row per party, billing point, category and key, then each party's total with advances and balance. */
export function statementsTable(result: SettlementResult): SettlementTable {
  const header = [
    'Billing point',
    'Party',
    'Role',
    'Days',
    'Category',
    'Key',
    'Share %',
    'Key value',
    'Key total',
    'Billing point amount',
    'Amount',
    'Advances',
    'Balance',
  ];
  const names = categoryNames(result);
  const rows: string[][] = [];
  for (const s of result.statements) {
    const who = [s.billingPointName ?? s.billingPointId, s.partyId, s.role, String(s.days)];
    for (const c of s.categories)
      for (const p of c.parts)
        rows.push([
          ...who,
          names.get(c.code) ?? c.code,
          p.label,
          p.percent,
          p.keyValue,
          p.keyTotal,
          p.billingPointAmount,
          p.amount,
          '',
          '',
        ]);
    rows.push([...who, 'Total', '', '', '', '', '', s.cost, s.advances, s.balance]);
  }
  const numeric = new Set([3, 6, 7, 8, 9, 10, 11, 12]);
  return { name: 'Statements', header, numeric, rows };
}

/** The building's costs: every item with VAT and gross, and whether its category was allocated. */
export function costsTable(result: SettlementResult): SettlementTable {
  const header = ['Category', 'Date', 'Supplier', 'Note', 'Allocated', 'Net', 'VAT %', 'VAT', 'Gross'];
  const rows: string[][] = [];
  for (const c of result.categories)
    for (const item of c.items)
      rows.push([
        c.name,
        item.date,
        item.supplier ?? '',
        item.note ?? '',
        c.allocated ? 'yes' : `no: ${c.notAllocated?.message ?? c.reason ?? ''}`,
        item.amount,
        item.vatRatePercent ?? '',
        item.vat,
        item.gross,
      ]);
  rows.push(['Total', '', '', '', '', '', '', '', result.totals.cost]);
  return { name: 'Costs', header, numeric: numericFrom(header, 'Net'), rows };
}

/** Each billing point's key values and its share of each category, with the key totals below. */
export function billingPointsTable(result: SettlementResult): SettlementTable {
  const categories = result.categories.filter((c) => c.allocated);
  const header = [
    'Billing point',
    ...ALLOCATION_KEYS.map((k) => KEY_LABELS[k]),
    ...categories.map((c) => c.name),
    'Total',
  ];
  const rows = result.billingPoints.map((p) => [
    p.name ?? p.billingPointId,
    ...ALLOCATION_KEYS.map((k) => p.keys[k] ?? ''),
    ...categories.map((c) => p.categories.find((pc) => pc.code === c.code)?.amount ?? '0.00'),
    p.total,
  ]);
  rows.push([
    'Total',
    ...ALLOCATION_KEYS.map((k) => result.keyTotals[k] ?? ''),
    ...categories.map((c) => c.total),
    result.totals.statements,
  ]);
  return { name: 'Billing points', header, numeric: numericFrom(header, KEY_LABELS.area), rows };
}
