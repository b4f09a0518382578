import { Dec } from './decimal';
import { csvDocument } from '../common/spreadsheet-csv';
import { moneyText } from './money';
import type { InvoiceLine } from './types';

/**
 * The statement of building charges of a charge run: what each billing point
 * costs per utility (or usage metric), split into what its occupants pay and
 * what the owner pays for vacant days, with subtotals per billing point, per
 * utility and for the run. Pure: the service hands it the stored invoices
 * (server/services/charging/charge-runs.ts) and writes the XLSX file from these
 * rows (statement-xlsx.ts there).
 *
 * Sums are decimal (never floats) of the already rounded line amounts, so every
 * figure equals the sum of the invoice lines it stands for.
 */
export type StatementInvoice = {
  buildingCode: string;
  billingPointCode: string;
  billingPointName: string;
  currency: string;
  lines: InvoiceLine[];
};

export type StatementRow = {
  section: 'billing-point' | 'billing-point-total' | 'utility-total' | 'component-total' | 'run-total';
  building: string;
  billingPoint: string;
  billingPointName: string;
  utility: string;
  currency: string;
  /** Metered quantity (consumption and usage; fixed fees excluded); '' when units differ. */
  quantity: string;
  unit: string;
  occupantsNet: string;
  ownerVacancyNet: string;
  net: string;
  vat: string;
  gross: string;
};

export const STATEMENT_HEADER: { key: keyof StatementRow; label: string }[] = [
  { key: 'section', label: 'Section' },
  { key: 'building', label: 'Building' },
  { key: 'billingPoint', label: 'Billing point' },
  { key: 'billingPointName', label: 'Billing point name' },
  { key: 'utility', label: 'Utility / usage' },
  { key: 'currency', label: 'Currency' },
  { key: 'quantity', label: 'Quantity' },
  { key: 'unit', label: 'Unit' },
  { key: 'occupantsNet', label: 'Occupants net' },
  { key: 'ownerVacancyNet', label: 'Owner vacancy net' },
  { key: 'net', label: 'Net' },
  { key: 'vat', label: 'VAT' },
  { key: 'gross', label: 'Gross' },
];

/** Numeric columns: written as numbers in the XLSX export. */
export const NUMERIC_COLUMNS = new Set<keyof StatementRow>([
  'quantity',
  'occupantsNet',
  'ownerVacancyNet',
  'net',
  'vat',
  'gross',
]);

type Acc = { quantity: Dec; unit: string | null; mixedUnits: boolean; occupants: Dec; owner: Dec; vat: Dec };
const emptyAcc = (): Acc => ({
  quantity: new Dec(0),
  unit: null,
  mixedUnits: false,
  occupants: new Dec(0),
  owner: new Dec(0),
  vat: new Dec(0),
});

function add(acc: Acc, line: InvoiceLine) {
  // Fixed fees count months and demand lines kW: neither is a metered quantity. Of a
  // community's lines only solar and grid energy are consumption; a LEG's grid usage and
  // discount re-price the solar kWh, and fed-in energy is not consumed.
  const metered =
    line.kind === 'community' ? line.metered : line.kind !== 'fixed-fee' && line.kind !== 'demand';
  if (metered) {
    acc.quantity = acc.quantity.plus(line.quantity);
    if (acc.unit === null) acc.unit = line.unit;
    else if (acc.unit !== line.unit) acc.mixedUnits = true;
  }
  if (line.partyRole === 'owner') acc.owner = acc.owner.plus(line.amount);
  else acc.occupants = acc.occupants.plus(line.amount);
  acc.vat = acc.vat.plus(line.vatAmount);
}

function merge(into: Acc, from: Acc) {
  into.quantity = into.quantity.plus(from.quantity);
  if (from.unit !== null) {
    if (into.unit === null) into.unit = from.unit;
    else if (into.unit !== from.unit) into.mixedUnits = true;
  }
  into.mixedUnits ||= from.mixedUnits;
  into.occupants = into.occupants.plus(from.occupants);
  into.owner = into.owner.plus(from.owner);
  into.vat = into.vat.plus(from.vat);
}

const utilityOf = (line: InvoiceLine): string =>
  line.kind === 'consumption'
    ? line.utilityType
    : line.kind === 'usage'
      ? line.usageMetric
      : line.kind === 'demand'
        ? line.utilityType
        : line.kind === 'community'
          ? `${line.utilityType} · ${line.energy}`
          : (line.utilityType ?? line.usageMetric ?? '');

function row(
  section: StatementRow['section'],
  key: Omit<
    StatementRow,
    'section' | 'quantity' | 'unit' | 'occupantsNet' | 'ownerVacancyNet' | 'net' | 'vat' | 'gross'
  >,
  acc: Acc,
  withQuantity: boolean,
): StatementRow {
  const net = acc.occupants.plus(acc.owner);
  const money = (value: Dec) => moneyText(value, key.currency);
  const showQuantity = withQuantity && acc.unit !== null && !acc.mixedUnits;
  return {
    section,
    ...key,
    quantity: showQuantity ? acc.quantity.toFixed() : '',
    unit: showQuantity ? (acc.unit ?? '') : '',
    occupantsNet: money(acc.occupants),
    ownerVacancyNet: money(acc.owner),
    net: money(net),
    vat: money(acc.vat),
    gross: money(net.plus(acc.vat)),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows sorted by building, billing point, utility, currency; then utility totals; then the run total per currency. */
export function statementRows(invoices: StatementInvoice[]): StatementRow[] {
  const perPointUtility = new Map<string, { key: [string, string, string, string, string]; acc: Acc }>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const utility = utilityOf(line);
      const k = JSON.stringify([invoice.buildingCode, invoice.billingPointCode, utility, invoice.currency]);
      let entry = perPointUtility.get(k);
      if (!entry) {
        entry = {
          key: [
            invoice.buildingCode,
            invoice.billingPointCode,
            invoice.billingPointName,
            utility,
            invoice.currency,
          ],
          acc: emptyAcc(),
        };
        perPointUtility.set(k, entry);
      }
      add(entry.acc, line);
    }
  }
  const entries = [...perPointUtility.values()].sort(
    (a, b) =>
      byText(a.key[0], b.key[0]) ||
      byText(a.key[1], b.key[1]) ||
      byText(a.key[3], b.key[3]) ||
      byText(a.key[4], b.key[4]),
  );

  const rows: StatementRow[] = [];
  const pointTotals = new Map<string, { key: [string, string, string, string]; acc: Acc }>();
  const utilityTotals = new Map<string, { utility: string; currency: string; acc: Acc }>();
  const runTotals = new Map<string, Acc>();
  for (const { key, acc } of entries) {
    const [building, billingPoint, billingPointName, utility, currency] = key;
    rows.push(
      row('billing-point', { building, billingPoint, billingPointName, utility, currency }, acc, true),
    );
    const pk = JSON.stringify([building, billingPoint, currency]);
    if (!pointTotals.has(pk))
      pointTotals.set(pk, { key: [building, billingPoint, billingPointName, currency], acc: emptyAcc() });
    merge(pointTotals.get(pk)!.acc, acc);
    const uk = JSON.stringify([utility, currency]);
    if (!utilityTotals.has(uk)) utilityTotals.set(uk, { utility, currency, acc: emptyAcc() });
    merge(utilityTotals.get(uk)!.acc, acc);
    if (!runTotals.has(currency)) runTotals.set(currency, emptyAcc());
    merge(runTotals.get(currency)!, acc);
  }
  // Each billing point's total right after its utility rows.
  const withTotals: StatementRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    withTotals.push(rows[i]);
    const next = rows[i + 1];
    const current = rows[i];
    if (!next || next.building !== current.building || next.billingPoint !== current.billingPoint) {
      for (const { key, acc } of pointTotals.values()) {
        if (key[0] === current.building && key[1] === current.billingPoint) {
          withTotals.push(
            row(
              'billing-point-total',
              {
                building: key[0],
                billingPoint: key[1],
                billingPointName: key[2],
                utility: '',
                currency: key[3],
              },
              acc,
              false,
            ),
          );
        }
      }
    }
  }
  const utilityRows = [...utilityTotals.values()]
    .sort((a, b) => byText(a.utility, b.utility) || byText(a.currency, b.currency))
    .map(({ utility, currency, acc }) =>
      row(
        'utility-total',
        { building: '', billingPoint: '', billingPointName: '', utility, currency },
        acc,
        true,
      ),
    );
  const runRows = [...componentRows(invoices), ...runTotalRows(runTotals)];
  return [...withTotals, ...utilityRows, ...runRows];
}

/**
 * The totals by price component (energy, grid usage, levies…), per utility and
 * currency, named "ELECTRICITY · Grid usage" in the utility column: sums of the
 * component's lines over the run, in order of utility, then component.
 */
function componentRows(invoices: StatementInvoice[]): StatementRow[] {
  const totals = new Map<string, { utility: string; currency: string; acc: Acc }>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (!line.component) continue;
      const utility = `${utilityOf(line)} · ${line.component}`;
      const key = JSON.stringify([utility, invoice.currency]);
      if (!totals.has(key)) totals.set(key, { utility, currency: invoice.currency, acc: emptyAcc() });
      add(totals.get(key)!.acc, line);
    }
  }
  return [...totals.values()]
    .sort((a, b) => byText(a.utility, b.utility) || byText(a.currency, b.currency))
    .map(({ utility, currency, acc }) =>
      row(
        'component-total',
        { building: '', billingPoint: '', billingPointName: '', utility, currency },
        acc,
        false,
      ),
    );
}

function runTotalRows(runTotals: Map<string, Acc>): StatementRow[] {
  return [...runTotals.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([currency, acc]) =>
      row(
        'run-total',
        { building: '', billingPoint: '', billingPointName: '', utility: '', currency },
        acc,
        false,
      ),
    );
}

/** The statement as spreadsheet-safe CSV (src/common/spreadsheet-csv.ts). */
export function statementCsv(rows: StatementRow[]): string {
  return csvDocument([
    STATEMENT_HEADER.map((h) => h.label),
    ...rows.map((r) => STATEMENT_HEADER.map((h) => r[h.key])),
  ]);
}
