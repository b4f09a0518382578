import type { AllocationInput } from '../../../src/allocation';

/**
 * Lakeside test building for the hand-worked examples: three flats, 2023
 * (365 days), one heating-energy invoice of 925.07 + 8.1 % VAT (74.93) =
 * 1000.00, heating shared VEWA 30 % area / 70 % heat meter.
 *
 *   flat  area  heat (kWh)  occupied by
 *   A     100   3000        tenant-a all year
 *   B      60   2000        tenant-b all year (tests change this)
 *   C      40   1000        nobody: vacant, so owner
 */
export function lakeside(overrides: Partial<AllocationInput> = {}): AllocationInput {
  return {
    currency: 'CHF',
    periodStart: '2023-01-01',
    periodEnd: '2023-12-31',
    costItems: [
      {
        id: 'oil-2023',
        category: 'heating-energy',
        amount: '925.07',
        vatRatePercent: '8.1',
        date: '2023-10-15',
        supplier: 'Seeland Oil AG',
      },
    ],
    billingPoints: [
      {
        id: 'A',
        ownerPartyId: 'owner',
        heatedArea: '100',
        valueQuota: '500',
        occupancies: [{ partyId: 'tenant-a', entryDate: '2020-04-01' }],
      },
      {
        id: 'B',
        ownerPartyId: 'owner',
        heatedArea: '60',
        valueQuota: '300',
        occupancies: [{ partyId: 'tenant-b', entryDate: '2021-01-01' }],
      },
      { id: 'C', ownerPartyId: 'owner', heatedArea: '40', valueQuota: '200', occupancies: [] },
    ],
    measurements: [
      { billingPointId: 'A', key: 'heat', from: '2023-01-01', to: '2023-12-31', consumption: '3000' },
      { billingPointId: 'B', key: 'heat', from: '2023-01-01', to: '2023-12-31', consumption: '2000' },
      { billingPointId: 'C', key: 'heat', from: '2023-01-01', to: '2023-12-31', consumption: '1000' },
    ],
    ...overrides,
  };
}
