import { DomainError } from '../../../src/common/errors';
import { settleCosts, type AllocationInput } from '../../../src/allocation';
import { lakeside } from './fixtures';

/** Every bad input is a DomainError of kind "invalid" (a 400) whose message names what to fix. */
function refusal(input: AllocationInput): DomainError {
  try {
    settleCosts(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('bad settlement input is refused with the field named', () => {
  it('refuses keys that sum to zero', () => {
    const input = lakeside({
      costItems: [{ id: 'ewz', category: 'common-electricity', amount: '100.00', date: '2023-06-30' }],
    });
    for (const point of input.billingPoints) point.valueQuota = '0';
    const error = refusal(input);
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(
      'Category "common-electricity" is shared by value quota (‰), but that key sums to 0 over the building\'s billing points',
    );
  });

  it('reports measured keys that sum to zero as an exception, not a crash', () => {
    const input = lakeside();
    for (const m of input.measurements!) m.consumption = '0';
    const result = settleCosts(input);
    expect(result.categories[0].allocated).toBe(false);
    expect(result.exceptions[0].message).toContain(
      'heat meter (kWh) readings of all billing points add up to 0',
    );
  });

  it('refuses a negative cost outside a credit category', () => {
    const error = refusal(
      lakeside({ costItems: [{ id: 'x', category: 'caretaking', amount: '-50.00', date: '2023-06-30' }] }),
    );
    expect(error.message).toBe(
      'costItems.0.amount: A negative amount is a credit and belongs in a credit category; "caretaking" is not one',
    );
  });

  it('refuses scheme shares that do not add up to 100 %', () => {
    const error = refusal(
      lakeside({
        schemes: [
          {
            category: 'heating-energy',
            parts: [
              { key: 'area', percent: '30' },
              { key: 'heat', percent: '60' },
            ],
          },
        ],
      }),
    );
    expect(error.message).toBe(
      'schemes.0.parts: The shares of the scheme of "heating-energy" add up to 90 %, not 100 %',
    );
  });

  it('refuses a heated area of 0', () => {
    const input = lakeside();
    input.billingPoints[2].heatedArea = '0';
    expect(refusal(input).message).toBe('billingPoints.2.heatedArea: Heated area must be greater than 0');
  });

  it('refuses a cost outside the period', () => {
    const error = refusal(
      lakeside({
        costItems: [{ id: 'late', category: 'heating-energy', amount: '10.00', date: '2024-01-01' }],
      }),
    );
    expect(error.message).toBe(
      'costItems.0.date: Cost dated 2024-01-01 lies outside the period 2023-01-01 … 2023-12-31',
    );
  });

  it('refuses other malformed input, each with its own message', () => {
    const cases: [Partial<AllocationInput>, string][] = [
      [{ periodEnd: '2022-12-31' }, 'periodEnd: Period end must not be before period start'],
      [{ currency: 'chf' }, 'currency: Currency must be a three-letter ISO 4217 code such as CHF'],
      [
        { costItems: [{ id: 'x', category: 'unknown', amount: '1', date: '2023-01-01' }] },
        'costItems.0.category: Cost category "unknown" does not exist',
      ],
      [
        { costItems: [{ id: 'x', category: 'other', amount: '1.005', date: '2023-01-01' }] },
        'costItems.0.amount: Amount must be a whole number of CHF minor units (2 decimals)',
      ],
      [
        {
          categories: [{ code: 'garden', name: 'Garden', group: 'operating' }],
          costItems: [{ id: 'g', category: 'garden', amount: '1', date: '2023-01-01' }],
        },
        'costItems.0.category: Category "garden" has costs but no allocation scheme',
      ],
      [
        {
          schemes: [
            {
              category: 'other',
              parts: [
                { key: 'area', percent: '100' },
                { key: 'area', percent: '0' },
              ],
            },
          ],
        },
        'schemes.0.parts.1.percent: Share must be a percentage above 0 and at most 100',
      ],
      [
        {
          measurements: [
            { billingPointId: 'A', key: 'heat', from: '2022-12-01', to: '2023-12-31', consumption: '1' },
          ],
        },
        'measurements.0.from: A measurement must lie inside the period 2023-01-01 … 2023-12-31',
      ],
      [
        {
          measurements: [
            { billingPointId: 'A', key: 'heat', from: '2023-01-01', to: '2023-06-30', consumption: '1' },
            { billingPointId: 'A', key: 'heat', from: '2023-06-30', to: '2023-12-31', consumption: '1' },
          ],
        },
        'measurements.1.from: Two heat measurements of "A" cover the same days',
      ],
      [
        {
          advances: [
            { billingPointId: 'A', partyId: 'p', group: 'parking', monthlyAmount: '1', from: '2023-01-01' },
          ],
        },
        'advances.0.group: Advance group "parking" is not the group of any category',
      ],
      [
        {
          advances: [
            { billingPointId: 'Z', partyId: 'p', group: 'heating', monthlyAmount: '1', from: '2023-01-01' },
          ],
        },
        'advances.0.billingPointId: Billing point "Z" is not in this settlement',
      ],
    ];
    for (const [override, message] of cases) expect(refusal(lakeside(override)).message).toBe(message);
  });

  it('refuses overlapping occupancies, naming both', () => {
    const input = lakeside();
    input.billingPoints[0].occupancies = [
      { partyId: 'p1', entryDate: '2023-01-01', exitDate: '2023-06-30' },
      { partyId: 'p2', entryDate: '2023-06-30' },
    ];
    expect(refusal(input).message).toBe(
      'Billing point "A": the occupancies of "p1" (2023-01-01 … 2023-06-30) and "p2" (2023-06-30 … open) overlap; one day cannot be shared',
    );
  });

  it('refuses something that is not an object at all', () => {
    expect(() => settleCosts(null)).toThrow('The settlement input must be an object');
    expect(() => settleCosts([])).toThrow(DomainError);
  });
});
