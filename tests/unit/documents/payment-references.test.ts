import fc from 'fast-check';
import {
  checkIban,
  creditorReference,
  invoiceReference,
  isCreditorReference,
  isQrReference,
  mod97,
  qrReference,
  qrReferenceCheckDigit,
} from '../../../src/documents/payment-references';

describe('IBAN and QR-IBAN', () => {
  test('worked example: CH93 0076 2011 6238 5295 7 passes mod 97', () => {
    // Move "CH93" to the end: 00762011623852957 CH93; letters to numbers C=12, H=17:
    // 00762011623852957 12 17 93 → 762011623852957121793 mod 97 = 1.
    expect(mod97('00762011623852957121793')).toBe(1);
    expect(checkIban('CH93 0076 2011 6238 5295 7')).toEqual({
      ok: true,
      iban: 'CH9300762011623852957',
      qrIban: false, // institution id 00762 is outside 30000–31999
      qrBillCountry: true,
    });
  });

  test('worked example: the SIX sample QR-IBAN CH44 3199 9123 0008 8901 2 (institution id 31999)', () => {
    expect(checkIban('CH4431999123000889012')).toMatchObject({ ok: true, qrIban: true });
  });

  test.each([
    ['CH93 0076 2011 6238 5295 8', 'check digits'], // last digit changed
    ['CH93 0076 2011 6238 529', 'has 21 characters'],
    ['XX', 'country code, two check digits'],
    ['CH93-0076-2011-6238-5295-7', 'country code, two check digits'],
    ['<script>', 'country code, two check digits'],
  ])('%j is refused (%s)', (iban, reason) => {
    const check = checkIban(iban);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain(reason);
  });

  test('a German IBAN is an IBAN but not one the QR-bill accepts', () => {
    // DE89 3704 0044 0532 0130 00, the common textbook example.
    expect(checkIban('DE89370400440532013000')).toMatchObject({
      ok: true,
      qrIban: false,
      qrBillCountry: false,
    });
  });
});

describe('QR reference (recursive mod 10)', () => {
  test('worked example: the SIX sample 21 00000 00003 13947 14300 09017', () => {
    // Table 0 9 4 6 8 2 7 1 3 5, carry starts at 0; each digit d: carry = table[(carry + d) mod 10].
    // After the 26 digits 2100000000031394714300090 1 the carry is 3; check = (10 − 3) mod 10 = 7.
    expect(qrReferenceCheckDigit('21000000000313947143000901')).toBe(7);
    expect(qrReference('21000000000313947143000901')).toBe('210000000003139471430009017');
    // Short input is left-padded to 26 digits: "1" → 25 zeros + "1" + check digit.
    expect(qrReference('1')).toHaveLength(27);
  });

  test('property: every built reference checks, and changing one digit breaks it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,26}$/),
        fc.nat(26),
        fc.integer({ min: 1, max: 9 }),
        (digits, at, add) => {
          const ref = qrReference(digits);
          expect(isQrReference(ref)).toBe(true);
          const changed = ref.slice(0, at) + ((Number(ref[at]) + add) % 10) + ref.slice(at + 1);
          expect(isQrReference(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('creditor reference (ISO 11649)', () => {
  test('worked example: RF18 5390 0754 7034', () => {
    // 539007547034 + "RF00" → 539007547034 27 15 00; mod 97 = 80; check = 98 − 80 = 18.
    expect(mod97('539007547034271500')).toBe(80);
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
  });

  test('property: every built reference checks', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (body) => {
        expect(isCreditorReference(creditorReference(body))).toBe(true);
      }),
    );
  });

  test('property: swapping two different neighbouring digits breaks it (mod 97-10 catches transpositions)', () => {
    // Letters become two digits each, so the guarantee is stated for digit references.
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{2,21}$/), (body) => {
        const ref = creditorReference(body);
        const i = [...body].findIndex((c, k) => k > 0 && c !== body[k - 1]);
        if (i > 0) {
          const swapped = body.slice(0, i - 1) + body[i] + body[i - 1] + body.slice(i + 1);
          expect(isCreditorReference(ref.slice(0, 4) + swapped)).toBe(false);
        }
      }),
    );
  });
});

describe('the reference of an invoice', () => {
  test('QR-IBAN: the digits of the number; plain IBAN: a creditor reference of its letters and digits', () => {
    // "2026-000123" → digits 2026000123, left-padded to 26 digits, plus the check digit.
    const qrr = invoiceReference(true, { number: '2026-000123', year: 2026, seq: 123 });
    expect(qrr.type).toBe('QRR');
    expect(qrr.reference).toBe(qrReference('2026000123'));
    expect(qrr.reference.slice(0, 26)).toBe('00000000000000002026000123');
    const scor = invoiceReference(false, { number: '2026-000123', year: 2026, seq: 123 });
    expect(scor).toEqual({ type: 'SCOR', reference: creditorReference('2026000123') });
    expect(scor.reference.slice(4)).toBe('2026000123');
  });
});
