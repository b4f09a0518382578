import { Dec, ZERO } from '../charging/decimal';
import { moneyText } from '../charging/money';

/**
 * A party's statement (Kontoauszug): its issued invoices and credit notes in
 * date order, each with the running balance of its currency — what the party was
 * billed less what was credited. An invoice whose finalized run was voided later
 * stays on it (it was issued), with the credit note the void issued against it;
 * a draft never had a number and is not on it.
 */
export type StatementDocument = {
  kind: 'invoice' | 'credit-note';
  documentId: string;
  number: string;
  issuedOn: string;
  currency: string;
  gross: string;
  /** The invoice a credit note corrects (its documentId). */
  invoice?: string;
};

export type StatementEntry = StatementDocument & {
  /** + for an invoice, − for a credit note. */
  signed: string;
  balance: string;
};

export function partyStatement(documents: readonly StatementDocument[]) {
  const sorted = [...documents].sort(
    (a, b) =>
      a.issuedOn.localeCompare(b.issuedOn) ||
      (a.kind === b.kind ? 0 : a.kind === 'invoice' ? -1 : 1) ||
      a.number.localeCompare(b.number),
  );
  const balances = new Map<string, Dec>();
  const entries: StatementEntry[] = sorted.map((d) => {
    const signed = d.kind === 'invoice' ? new Dec(d.gross) : new Dec(d.gross).neg();
    const balance = (balances.get(d.currency) ?? ZERO).add(signed);
    balances.set(d.currency, balance);
    return { ...d, signed: moneyText(signed, d.currency), balance: moneyText(balance, d.currency) };
  });
  return {
    entries,
    balances: [...balances].map(([currency, balance]) => ({
      currency,
      balance: moneyText(balance, currency),
    })),
  };
}
