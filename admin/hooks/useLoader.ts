import { useCallback, useEffect, useState } from 'react';
import { toApiFailure } from '../api/errors';
import { useT } from '../utils/useT';

/** Loads data once `enabled`, exposes reload, and keeps the server's message on failure. */
export function useLoader<T>(load: () => Promise<T>, deps: unknown[], enabled = true) {
  const t = useT();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      setData(await run());
      setError(null);
    } catch (failure) {
      setError(toApiFailure(failure, t).message);
    }
  }, [run, t]);
  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);
  return { data, error, reload };
}
