import { DomainError } from '../../../src/common/errors';
import { buildInvoices, parseChargingInput, parseRates, type ChargingInput } from '../../../src/charging';
import { input, local, meter, rate } from './fixtures';

/** The error a person would see for a bad input: the DomainError's message. */
function refusal(bad: unknown): string {
  try {
    parseChargingInput(bad);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).message;
  }
  throw new Error('input was accepted');
}
const withReading = (reading: Record<string, unknown>) =>
  input({
    readings: [
      {
        meterNumber: 'W-1',
        register: '1',
        readingAt: local('2024-06-01T00:00'),
        value: '1',
        kind: 'cumulative',
        ...reading,
      } as never,
    ],
  });

describe('charging input validation', () => {
  it('accepts the fixtures and extra database columns on rows', () => {
    expect(() => parseChargingInput(withReading({ id: 17, quality: 'A', sourceLogId: 3 }))).not.toThrow();
  });

  it.each([
    ['null', null, 'The charging input must be an object'],
    ['an array', [], 'The charging input must be an object'],
    ['text', 'charge it', 'The charging input must be an object'],
  ])('refuses %s as input', (_what, bad, message) => expect(refusal(bad)).toBe(message));

  it('refuses a backwards or endless period and an unknown time zone', () => {
    expect(refusal(input({ periodEnd: '2024-05-31' }))).toBe(
      'periodEnd: Period end must not be before period start',
    );
    expect(refusal(input({ periodEnd: '2034-05-31' }))).toMatch(
      /^periodEnd: A charge period may span at most \d+ days$/,
    );
    expect(refusal(input({ periodStart: '2024-02-30' }))).toBe(
      'periodStart: Period start must be a real date written yyyy-MM-dd, got "2024-02-30"',
    );
    expect(refusal(input({ timeZone: 'Europe/Atlantis' }))).toBe(
      'timeZone: Time zone must be an IANA zone such as Europe/Zurich',
    );
  });

  it.each([
    ['an exponent', '1e5'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['hex', '0x10'],
    ['a comma decimal', '12,5'],
    ['an empty string', ''],
    ['13 decimals', '1.0000000000001'],
    ['23 integer digits', '12345678901234567890123'],
    ['a float with binary noise', 0.1 + 0.2],
  ])('refuses a reading value written as %s, naming the row', (_what, value) => {
    expect(refusal(withReading({ value }))).toBe(
      'readings.0.value: Reading value must be a plain decimal number such as 12.5, with at most 22 digits before the point and 12 after it',
    );
  });

  it('accepts plain numbers, leading zeros and signs within the caps', () => {
    for (const value of ['0012.500', '-3', '+4.25', 17.5, '1234567890123456789012.123456789012']) {
      expect(() => parseChargingInput(withReading({ value }))).not.toThrow();
    }
  });

  it('refuses readings without a zone, of an unknown kind, or not objects', () => {
    expect(refusal(withReading({ readingAt: '2024-06-01T00:00:00' }))).toMatch(
      /^readings\.0\.readingAt: Reading time must be an ISO 8601 instant with a zone/,
    );
    expect(refusal(withReading({ kind: 'total' }))).toBe(
      'readings.0.kind: Reading kind must be "cumulative" or "interval"',
    );
    expect(refusal(input({ readings: [null as never] }))).toBe('readings.0: Each reading must be an object');
    expect(refusal(input({ rates: ['cheap' as never] }))).toBe('rates.0: Each rate must be an object');
    expect(refusal(withReading({ meterNumber: 'x'.repeat(201) }))).toBe(
      'readings.0.meterNumber: Meter number must be at most 200 characters',
    );
  });

  it('refuses rates that cannot be priced', () => {
    const rateError = (overrides: Parameters<typeof rate>[0]) => refusal(input({ rates: [rate(overrides)] }));
    expect(rateError({ usageMetric: 'WASH' })).toBe(
      'rates.0.utilityType: A rate prices exactly one of a utility type or a usage metric',
    );
    expect(rateError({ scope: 'building' })).toBe('rates.0.buildingId: A building rate needs its building');
    expect(rateError({ unitPrice: '-1' })).toBe('rates.0.unitPrice: Unit price must not be negative');
    expect(rateError({ vatRate: '150' })).toBe(
      'rates.0.vatRate: VAT rate must be a percentage between 0 and 100',
    );
    expect(rateError({ currency: 'chf' })).toBe(
      'rates.0.currency: Currency must be a three-letter ISO 4217 code such as CHF',
    );
    expect(rateError({ validFrom: '2024-06-10', validTo: '2024-06-09' })).toBe(
      'rates.0.validTo: "Valid to" must not be before "valid from"',
    );
    expect(
      rateError({
        tiers: [
          { upTo: '10', unitPrice: '1' },
          { upTo: '5', unitPrice: '2' },
          { upTo: null, unitPrice: '3' },
        ],
      }),
    ).toBe('rates.0.tiers: Tier upper bounds must increase from one tier to the next');
    expect(rateError({ tiers: [{ upTo: '10', unitPrice: '1' }] })).toBe(
      'rates.0.tiers: The last tier must have no upper bound (upTo null)',
    );
    expect(
      rateError({
        tiers: [
          { upTo: null, unitPrice: '1' },
          { upTo: null, unitPrice: '2' },
        ],
      }),
    ).toBe('rates.0.tiers: Only the last tier may be open-ended');
  });

  it('validates rates on their own for the rate editor', () => {
    expect(parseRates([rate()])[0].unitPrice.toFixed()).toBe('2');
    expect(() => parseRates({})).toThrow('Rates must be a list');
  });

  it('refuses backwards occupancies and installations, duplicate meters and bad meter settings', () => {
    expect(
      refusal(input({ occupancies: [{ partyId: 'A', entryDate: '2024-06-10', exitDate: '2024-06-09' }] })),
    ).toBe('occupancies.0.exitDate: Exit date must not be before the entry date');
    expect(
      refusal(input({ meters: [meter({ installations: [{ from: '2024-06-10', to: '2024-06-01' }] })] })),
    ).toBe('meters.0.installations.0.to: Installation "to" must not be before "from"');
    expect(refusal(input({ meters: [meter(), meter({ id: 'other' })] }))).toBe(
      'meters: Meter number "W-1" appears twice',
    );
    expect(refusal(input({ meters: [meter({ multiplier: '0' })] }))).toBe(
      'meters.0.multiplier: Multiplier must be greater than 0',
    );
    expect(refusal(input({ meters: [meter({ rolloverAt: '-5' })] }))).toBe(
      'meters.0.rolloverAt: Rollover value must be greater than 0',
    );
  });

  it('refuses counters beyond 64 bits and JS numbers that already lost digits', () => {
    const usage = (intCounter: unknown) =>
      input({
        usageRecords: [
          {
            eGroup: 'G',
            eId: 'e',
            deviceId: 'd',
            dtu: local('2024-06-02T00:00'),
            intCounter: intCounter as never,
          },
        ],
      });
    const message =
      'usageRecords.0.intCounter: intCounter must be a whole number within the 64-bit range (send large values as text)';
    expect(refusal(usage('9223372036854775808'))).toBe(message);
    expect(refusal(usage(2 ** 60))).toBe(message);
    expect(refusal(usage('1.5'))).toBe(message);
    expect(() => parseChargingInput(usage('-9223372036854775808'))).not.toThrow();
  });

  it('is not fooled by prototype keys in JSON', () => {
    const hostile = JSON.parse(
      JSON.stringify(withReading({})).replace(
        '"meterNumber":"W-1"',
        '"meterNumber":"W-1","__proto__":{"polluted":true}',
      ),
    ) as ChargingInput;
    expect(() => buildInvoices(hostile)).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
