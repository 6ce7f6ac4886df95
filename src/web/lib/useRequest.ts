import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

/** Loads data for a page; `reload` re-runs it. Stale answers are ignored. */
export function useRequest<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // biome-ignore-start lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on
  const run = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await load();
      if (mine === seq.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  // biome-ignore-end lint/correctness/useExhaustiveDependencies: the caller lists what `load` depends on
  useEffect(() => {
    void run();
  }, [run]);
  return {
    data,
    error,
    errorText: error === undefined ? undefined : errorMessage(error),
    loading,
    reload: run,
  };
}
