/**
 * The account and reference checks of the Swiss QR-bill (Swiss Payment
 * Standards, Implementation Guidelines QR-bill §3–4; ISO 13616 IBAN; ISO 11649
 * creditor reference). Pure: the settings form and the document renderer both
 * use them, so an account the settings accept is one the QR-bill can carry.
 *
 * - IBAN: country code, two check digits, account; valid when the digits of
 *   (account + country + check digits, letters A=10 … Z=35) mod 97 = 1.
 * - QR-IBAN: a CH or LI IBAN whose institution id (positions 5–9) is 30000–31999.
 *   A QR-IBAN takes a QR reference only; a plain IBAN a creditor reference or none.
 * - QR reference: 27 digits, the last a check digit by the recursive mod-10 table.
 * - Creditor reference (SCOR): "RF", two check digits, 1–21 letters or digits;
 *   valid when (reference + "RF" + check digits) as digits mod 97 = 1.
 */

/** A reference's alphanumerics as the digit string mod 97 works on (A=10 … Z=35). */
const asDigits = (text: string) =>
  [...text.toUpperCase()].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');

/** A long digit string mod 97, seven digits at a time (the rest plus seven digits stays an exact double). */
export function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/** An IBAN as stored: capitals, no spaces. */
export const compactIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

/** IBAN lengths of the countries the QR-bill accepts (Switzerland and Liechtenstein). */
const QR_BILL_IBAN_LENGTH: Record<string, number> = { CH: 21, LI: 21 };

export type IbanCheck =
  { ok: true; iban: string; qrIban: boolean; qrBillCountry: boolean } | { ok: false; reason: string };

export function checkIban(input: string): IbanCheck {
  const iban = compactIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban))
    return {
      ok: false,
      reason: 'An IBAN is a country code, two check digits and 11 to 30 letters or digits',
    };
  const country = iban.slice(0, 2);
  const length = QR_BILL_IBAN_LENGTH[country];
  if (length && iban.length !== length)
    return { ok: false, reason: `A ${country} IBAN has ${length} characters, this one ${iban.length}` };
  if (mod97(asDigits(iban.slice(4) + iban.slice(0, 4))) !== 1)
    return { ok: false, reason: 'The IBAN check digits do not match (mistyped?)' };
  const iid = Number(iban.slice(4, 9));
  return { ok: true, iban, qrIban: !!length && iid >= 30000 && iid <= 31999, qrBillCountry: !!length };
}

const MOD10_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

/** The check digit of a QR reference's first 26 digits (recursive mod 10). */
export function qrReferenceCheckDigit(digits: string): number {
  let carry = 0;
  for (const d of digits) carry = MOD10_TABLE[(carry + Number(d)) % 10];
  return (10 - carry) % 10;
}

/** The QR reference of up to 26 digits: left-padded with zeros, then its check digit (27 digits). */
export function qrReference(digits: string): string {
  if (!/^[0-9]{1,26}$/.test(digits)) throw new Error('A QR reference is built from 1 to 26 digits');
  const body = digits.padStart(26, '0');
  return body + qrReferenceCheckDigit(body);
}

export const isQrReference = (ref: string) =>
  /^[0-9]{27}$/.test(ref) && qrReferenceCheckDigit(ref.slice(0, 26)) === Number(ref[26]);

/** The ISO 11649 creditor reference of 1–21 letters or digits: "RF" + check digits + reference. */
export function creditorReference(reference: string): string {
  const body = reference.toUpperCase();
  if (!/^[A-Z0-9]{1,21}$/.test(body))
    throw new Error('A creditor reference is built from 1 to 21 letters or digits');
  const check = 98 - mod97(asDigits(`${body}RF00`));
  return `RF${String(check).padStart(2, '0')}${body}`;
}

export const isCreditorReference = (ref: string) =>
  /^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(ref) && mod97(asDigits(ref.slice(4) + ref.slice(0, 4))) === 1;

/**
 * The payment reference of an invoice: with a QR-IBAN a QR reference from the
 * number's digits (year and sequence when the digits exceed 26), else a creditor
 * reference from its letters and digits (year and sequence when over 21).
 */
export function invoiceReference(
  qrIban: boolean,
  invoice: { number: string; year: number; seq: number },
): { type: 'QRR' | 'SCOR'; reference: string } {
  if (qrIban) {
    const digits = invoice.number.replace(/[^0-9]/g, '');
    return {
      type: 'QRR',
      reference: qrReference(
        digits.length >= 1 && digits.length <= 26 ? digits : `${invoice.year}${invoice.seq}`,
      ),
    };
  }
  const alnum = invoice.number.replace(/[^A-Za-z0-9]/g, '');
  return {
    type: 'SCOR',
    reference: creditorReference(
      alnum.length >= 1 && alnum.length <= 21 ? alnum : `${invoice.year}${invoice.seq}`,
    ),
  };
}
