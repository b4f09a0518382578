import { useCallback, useState } from 'react';
import type { Period, RangeParams } from '../api/consumption-client';

/** What a consumption chart asks for: the period, and where the span is anchored (none: the latest). */
export function useConsumptionRange(initial: Period = 'day') {
  const [params, setParams] = useState<RangeParams>({ period: initial });
  // Switching between days and months starts again from the latest span.
  const setPeriod = useCallback((period: Period) => setParams({ period }), []);
  const setRange = useCallback(
    (r: { from?: string; to?: string }) => setParams((p) => ({ period: p.period, ...r })),
    [],
  );
  return { params, setPeriod, setRange };
}
