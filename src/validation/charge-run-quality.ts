import type { RunException } from '../charging/charge-run';

/**
 * A charge run over a period with unresolved suspect readings says so: the billing
 * point's suspect reads become one run exception, and — by the operator's choice
 * (validation settings `suspectInChargeRun`) — the point is either left out until
 * the reads are resolved ('block') or billed with the suspect values ('bill-and-flag').
 */
export type SuspectRead = {
  id: number;
  meterNumber: string;
  register: string;
  at: number;
  rule: string | null;
};
export type SuspectPolicy = 'block' | 'bill-and-flag';

/** At most this many reads are listed in the exception; the count says how many there are. */
const LISTED = 20;

export function suspectReadsException(
  point: { documentId: string; code: string },
  reads: readonly SuspectRead[],
  policy: SuspectPolicy,
): RunException {
  const rules = [...new Set(reads.map((r) => r.rule ?? 'unknown'))].sort();
  const what = `${reads.length} unresolved suspect reading${reads.length === 1 ? '' : 's'} (${rules.join(', ')})`;
  return {
    kind: 'suspect-readings',
    code: policy === 'block' ? 'suspect-readings-blocked' : 'suspect-readings-billed',
    params: { point: point.code, count: reads.length, rules: rules.join(', ') },
    billingPointId: point.documentId,
    message:
      policy === 'block'
        ? `Billing point ${point.code} was left out: ${what}; resolve them in the correction queue`
        : `Billing point ${point.code} was billed with ${what}`,
    policy,
    count: reads.length,
    readings: reads.slice(0, LISTED).map((r) => ({
      id: r.id,
      meterNumber: r.meterNumber,
      register: r.register,
      readingAt: new Date(r.at).toISOString(),
      rule: r.rule,
    })),
  };
}
