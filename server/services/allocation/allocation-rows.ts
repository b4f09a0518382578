import type { AllocationKey, MeasuredKey, SettlementResult } from '../../../src/allocation';

/**
 * The rows the cost-allocation services read through `strapi.db.query` (whose
 * answers are untyped), field for field as content-types/ declares them. A
 * query's answer is cast to one of these once, where it is read, so a
 * misspelt field fails `tsc` instead of reading `undefined`.
 *
 * Optional string attributes come back as null when unset.
 */
interface Stored {
  id: number;
  documentId: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  publishedAt?: string | Date | null;
  locale?: string | null;
}

/** A file of Strapi's media library as the upload plugin stores it (the fields the admin shows). */
export interface MediaFile {
  id: number;
  documentId?: string;
  name: string;
  url: string;
  mime: string | null;
  size: number | string | null;
}

export interface CostItemRow extends Stored {
  buildingRef: string;
  category: string;
  amount: string;
  vatRatePercent: string | null;
  date: string;
  supplier: string | null;
  note: string | null;
  /** Populated where asked for; a plain id or absent otherwise. */
  attachment?: MediaFile | null;
}

export interface AllocationKeyRow extends Stored {
  billingPointRef: string;
  buildingRef: string;
  heatedArea: string;
  valueQuota: string | null;
  persons: string | null;
  units: string | null;
  /** '' for the default keys, else the period (src/allocation/period-key.ts). */
  periodKey: string;
}

export interface AllocationSchemeRow extends Stored {
  buildingRef: string;
  category: string;
  categoryName: string | null;
  group: string | null;
  credit: boolean | null;
  parts: { key: AllocationKey; percent: string }[];
  /** '' for the default scheme, else the period (src/allocation/period-key.ts). */
  periodKey: string;
}

export interface MeasurementRow extends Stored {
  billingPointRef: string;
  buildingRef: string;
  key: MeasuredKey;
  from: string;
  to: string;
  consumption: string;
  meterNumber: string | null;
}

export interface AdvancePaymentRow extends Stored {
  billingPointRef: string;
  buildingRef: string;
  partyRef: string;
  group: string;
  monthlyAmount: string;
  validFrom: string;
  validTo: string | null;
}

export interface RecordedPaymentRow extends Stored {
  billingPointRef: string;
  buildingRef: string;
  partyRef: string;
  group: string;
  kind: 'payment' | 'refund';
  amount: string;
  date: string;
  reference: string | null;
  note: string | null;
}

export interface SettlementRunRow extends Stored {
  buildingRef: string;
  periodStart: string;
  periodEnd: string;
  status: 'draft' | 'finalized' | 'void';
  options: Record<string, unknown> | null;
  result: SettlementResult | null;
  runBy: string | null;
  finalizedAt: string | null;
  voidedAt: string | null;
}

/** The fields of buildings, billing points and occupancies a settlement reads. */
export interface BuildingRow extends Stored {
  code: string;
  name: string;
  ownerRef: string | null;
}

export interface BillingPointRow extends Stored {
  code: string;
  name: string;
  buildingRef: string;
  ownerRef: string | null;
  active: boolean | null;
}

export interface OccupancyRow extends Stored {
  billingPointRef: string;
  partyRef: string;
  entryDate: string;
  exitDate: string | null;
}

/** Any row of the records service: its documentId and the reference fields the locks read. */
export type RecordRow =
  | CostItemRow
  | AllocationKeyRow
  | AllocationSchemeRow
  | MeasurementRow
  | AdvancePaymentRow
  | RecordedPaymentRow;
