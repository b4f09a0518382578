import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiFailure } from '../api/errors';
import { useT } from '../utils/useT';

type State<T> = { data: T | null; error: string | null };

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * Loads data once `enabled` and again whenever a value in `deps` changes, exposes
 * reload, and keeps the server's message on failure. A response that arrives after
 * the deps changed again is dropped, so a quick change of filter never shows the
 * rows of the filter before.
 */
export function useLoader<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true) {
  const t = useT();
  const [state, setState] = useState<State<T>>({ data: null, error: null });
  const [generation, setGeneration] = useState(0);
  const [seen, setSeen] = useState(deps);
  if (!sameDeps(seen, deps)) {
    // Adjusting state while rendering: React's documented alternative to an effect.
    setSeen(deps);
    setGeneration((g) => g + 1);
  }
  // The latest `load` without making it a dependency: pages pass a fresh closure each render.
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });

  const failed = useCallback(
    (failure: unknown) => setState((s) => ({ ...s, error: toApiFailure(failure, t).message })),
    [t],
  );

  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    latest.current().then(
      (data) => current && setState({ data, error: null }),
      (failure: unknown) => current && failed(failure),
    );
    return () => {
      current = false;
    };
  }, [generation, enabled, failed]);

  const reload = useCallback(async () => {
    try {
      const data = await latest.current();
      setState({ data, error: null });
    } catch (failure) {
      failed(failure);
    }
  }, [failed]);

  return { data: state.data, error: state.error, reload };
}
