import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Loads again (keeps showing the current data meanwhile). */
  reload(): void;
}

/**
 * Runs `load` whenever `key` changes (null = nothing to load) and keeps its result. Earlier
 * requests are aborted, so a slow answer never overwrites a newer one.
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; loading: boolean }>({
    key: null,
    loading: key !== null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` forces a reload
  useEffect(() => {
    if (key === null) {
      setState({ key, loading: false });
      return;
    }
    const ctrl = new AbortController();
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, loading: true }));
    loadRef.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ key, data, loading: false });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const e =
          err instanceof ApiError ? err : new ApiError(0, 'CLIENT', (err as Error)?.message ?? String(err));
        setState({ key, error: e, loading: false });
      },
    );
    return () => ctrl.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || state.loading,
    reload,
  };
}
