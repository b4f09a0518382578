import { unaccountedPoints } from '../../../src/charging/accounted-for';

describe('every billing point accounted for', () => {
  const points = ['A', 'B', 'C', 'D'].map((code) => ({ billingPointId: `bp-${code}`, code }));
  const period = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };

  it('gives a notice to each point with neither an invoice nor an exception, saying why', () => {
    const notices = unaccountedPoints(
      points,
      new Set(['bp-A']),
      new Set(['bp-B']),
      new Set(['bp-C']),
      period,
    );
    expect(notices).toEqual([
      {
        kind: 'nothing-charged',
        code: 'billing-point-nothing-charged',
        params: { point: 'C', fromDate: '2024-06-01', toDate: '2024-06-30' },
        billingPointId: 'bp-C',
        message:
          'Billing point C has no invoice for 2024-06-01 – 2024-06-30: no consumption and no fixed fee to charge',
      },
      {
        kind: 'no-meter',
        code: 'billing-point-no-meter',
        params: { point: 'D', fromDate: '2024-06-01', toDate: '2024-06-30' },
        billingPointId: 'bp-D',
        message:
          'Billing point D has no invoice for 2024-06-01 – 2024-06-30: no meter was installed there in the period',
      },
    ]);
  });

  it('says nothing when every point has an invoice or an exception', () => {
    expect(
      unaccountedPoints(points, new Set(['bp-A', 'bp-C']), new Set(['bp-B', 'bp-D']), new Set(), period),
    ).toEqual([]);
  });
});
