import type { AllocationKey, MeasuredKey } from './keys';
import type { SettlementNote } from './settlement-notes';

/**
 * What a settlement produces. Money is text with all the currency's minor-unit
 * digits ("123.40"), key values exact decimal text, dates yyyy-MM-dd, so a
 * result can be stored, compared and exported as it is.
 */
export interface CategoryResult {
  code: string;
  name: string;
  group: string;
  credit: boolean;
  /** Σ items' gross amounts. */
  total: string;
  items: {
    id: string;
    date: string;
    supplier: string | null;
    note: string | null;
    amount: string;
    vatRatePercent: string | null;
    vat: string;
    gross: string;
  }[];
  allocated: boolean;
  /** Why not, when not allocated (the category-not-allocated exception). */
  notAllocated: SettlementNote | null;
  /** Why not, in English only: what runs stored before notes were coded (0.2) hold instead. */
  reason?: string | null;
  /** The scheme's parts with their amounts and key totals (empty when not allocated). */
  parts: { key: AllocationKey; label: string; percent: string; amount: string; keyTotal: string }[];
}

export interface BillingPointShare {
  billingPointId: string;
  name: string | null;
  /** The point's key values; a measured key is null when not used or missing. */
  keys: Record<AllocationKey, string | null>;
  /**
   * The point's measured figures estimated (estimated-consumption notes); runs stored
   * before notes were coded (0.2) hold the English message alone.
   */
  estimates: (SettlementNote | string)[];
  categories: { code: string; amount: string; parts: { key: AllocationKey; amount: string }[] }[];
  total: string;
  /** Next period's suggested monthly advance per group. */
  suggestedAdvances: { group: string; monthlyAmount: string }[];
}

export interface StatementCategory {
  code: string;
  name: string;
  group: string;
  amount: string;
  parts: {
    key: AllocationKey;
    label: string;
    percent: string;
    /** The billing point's key value and the building's total of that key. */
    keyValue: string;
    keyTotal: string;
    /** The billing point's share of this part, before the split by days. */
    billingPointAmount: string;
    /** This party's share of it. */
    amount: string;
  }[];
}

export interface Statement {
  billingPointId: string;
  billingPointName: string | null;
  partyId: string;
  role: 'occupant' | 'owner';
  days: number;
  periods: { from: string; to: string }[];
  categories: StatementCategory[];
  groups: {
    group: string;
    cost: string;
    advancesDue: string;
    advancesPaid: string;
    /** The advances counted: due or paid, by the settlement's advance basis. */
    advances: string;
    balance: string;
  }[];
  cost: string;
  advances: string;
  /** cost − advances: positive to pay, negative to refund. */
  balance: string;
  outcome: 'to-pay' | 'to-refund' | 'settled';
  /**
   * The point's measured figures estimated (estimated-consumption notes); runs stored
   * before notes were coded (0.2) hold the English message alone.
   */
  estimates: (SettlementNote | string)[];
}

export interface SettlementException extends SettlementNote {
  kind: 'missing-meter' | 'category-not-allocated';
  billingPointId: string | null;
  category: string | null;
}

export interface SettlementResult {
  currency: string;
  periodStart: string;
  periodEnd: string;
  days: number;
  advanceBasis: 'due' | 'paid';
  categories: CategoryResult[];
  keyTotals: Record<AllocationKey, string | null>;
  billingPoints: BillingPointShare[];
  statements: Statement[];
  exceptions: SettlementException[];
  estimates: (SettlementNote & { billingPointId: string; key: MeasuredKey })[];
  totals: {
    cost: string;
    allocated: string;
    unallocated: string;
    /** Σ statements' costs; equals allocated when the settlement balances. */
    statements: string;
    balanced: boolean;
  };
}
