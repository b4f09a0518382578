import type { IssuerAddress } from './issuer-settings';
import { checkIban, invoiceReference } from './payment-references';

/**
 * Whether an invoice gets a QR-bill payment part, and what it encodes (Swiss
 * Implementation Guidelines QR-bill): only CHF or EUR, only a CH/LI IBAN, only an
 * amount from 0.01 to 999,999,999.99, and only with the issuer's address (the
 * creditor is mandatory). The debtor is printed when the party's address fits
 * the standard's fields (street 70, postal code 16, town 35 characters), else the
 * payer fills it in by hand — the bill stays payable.
 */
export type QrBillInput = {
  currency: string;
  gross: string;
  number: string;
  year: number;
  seq: number;
  message: string;
  issuer: { name: string; address: IssuerAddress | null; iban: string | null };
  recipient: {
    name: string;
    address: { line1: string; postalCode: string | null; city: string | null; country: string | null } | null;
  };
};

export type QrBillData = {
  amount: number;
  currency: 'CHF' | 'EUR';
  reference: string;
  referenceType: 'QRR' | 'SCOR';
  message: string;
  creditor: {
    account: string;
    name: string;
    address: string;
    buildingNumber?: string;
    zip: string;
    city: string;
    country: string;
  };
  debtor?: { name: string; address: string; zip: string; city: string; country: string };
};

export function qrBillData(input: QrBillInput): { data: QrBillData } | { none: string } {
  if (input.currency !== 'CHF' && input.currency !== 'EUR') return { none: `currency ${input.currency}` };
  if (!input.issuer.iban) return { none: 'no IBAN' };
  const iban = checkIban(input.issuer.iban);
  if (!iban.ok || !iban.qrBillCountry) return { none: 'not a Swiss or Liechtenstein IBAN' };
  const address = input.issuer.address;
  if (!address || !input.issuer.name) return { none: 'no issuer name and address' };
  const cents = Math.round(Number(input.gross) * 100);
  if (!(cents >= 1 && cents <= 99_999_999_999)) return { none: 'amount out of the QR-bill range' };
  const { type, reference } = invoiceReference(iban.qrIban, input);
  const a = input.recipient.address;
  const debtorFits =
    !!a &&
    !!a.postalCode &&
    !!a.city &&
    !!a.country &&
    /^[A-Z]{2}$/.test(a.country) &&
    a.line1.length <= 70 &&
    a.postalCode.length <= 16 &&
    a.city.length <= 35 &&
    input.recipient.name.length > 0 &&
    input.recipient.name.length <= 70;
  return {
    data: {
      amount: cents / 100,
      currency: input.currency,
      reference,
      referenceType: type,
      message: input.message.slice(0, 140),
      creditor: {
        account: iban.iban,
        name: input.issuer.name,
        address: address.street ?? '',
        ...(address.buildingNumber ? { buildingNumber: address.buildingNumber } : {}),
        zip: address.postalCode,
        city: address.town,
        country: address.country,
      },
      ...(debtorFits
        ? {
            debtor: {
              name: input.recipient.name,
              address: a.line1,
              zip: a.postalCode!,
              city: a.city!,
              country: a.country!,
            },
          }
        : {}),
    },
  };
}
