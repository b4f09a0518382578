/**
 * Every billing point of a run accounted for: a billing point that got no
 * invoice and no exception would otherwise vanish from the run silently (an
 * occupied flat without a meter "was charged" nothing). Each such point gets
 * a notice saying why, so the admin says "everything was charged" only when
 * every billing point has an invoice or a reason.
 *
 * Reasons that are already exceptions stay as they are: no occupant and no
 * owner (`no-owner`), period finalized elsewhere (`period-finalized`), a
 * missing read, no rate…
 */

export interface PointOfRun {
  billingPointId: string;
  code: string;
}

export interface RunNotice {
  kind: 'no-meter' | 'nothing-charged';
  code: 'billing-point-no-meter' | 'billing-point-nothing-charged';
  params: { point: string; fromDate: string; toDate: string };
  billingPointId: string;
  message: string;
}

/**
 * Notices for the points with neither an invoice nor an exception. `withMeter`
 * holds the points that had a meter or device installed on some day of the period.
 */
export function unaccountedPoints(
  points: readonly PointOfRun[],
  invoicedPoints: ReadonlySet<string>,
  pointsWithExceptions: ReadonlySet<string>,
  withMeter: ReadonlySet<string>,
  period: { periodStart: string; periodEnd: string },
): RunNotice[] {
  const days = `${period.periodStart} – ${period.periodEnd}`;
  const params = (p: PointOfRun) => ({
    point: p.code,
    fromDate: period.periodStart,
    toDate: period.periodEnd,
  });
  return points
    .filter((p) => !invoicedPoints.has(p.billingPointId) && !pointsWithExceptions.has(p.billingPointId))
    .map((p) =>
      withMeter.has(p.billingPointId)
        ? {
            kind: 'nothing-charged' as const,
            code: 'billing-point-nothing-charged' as const,
            params: params(p),
            billingPointId: p.billingPointId,
            message: `Billing point ${p.code} has no invoice for ${days}: no consumption and no fixed fee to charge`,
          }
        : {
            kind: 'no-meter' as const,
            code: 'billing-point-no-meter' as const,
            params: params(p),
            billingPointId: p.billingPointId,
            message: `Billing point ${p.code} has no invoice for ${days}: no meter was installed there in the period`,
          },
    );
}
