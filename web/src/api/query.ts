import { QueryClient, queryOptions } from '@tanstack/react-query';
import { ApiError, getJson, type Query } from './client.ts';

declare module '@tanstack/react-query' {
  interface Register {
    // Every query and mutation goes through src/api/client.ts, which throws ApiError.
    defaultError: ApiError;
  }
}

/**
 * The app's one data cache (TanStack Query). Every read is a `useQuery` whose key starts with
 * the API path; every write is a `useMutation` that invalidates the keys it changed.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Opening a page asks again (others change figures too); the cached answer shows meanwhile.
      staleTime: 0,
      refetchOnWindowFocus: false,
      // 4xx answers are final; retry network failures and 5xx once.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

/**
 * The query of GET /api`path` with `params`: key `[path, params]` (so invalidating a path
 * prefix reaches it), cancelled through TanStack's signal when no longer wanted.
 * Use as `useQuery(apiQuery<T>('/units', { parent }))` (spread it to add `enabled`, `select`…).
 */
export function apiQuery<T>(path: string, params: Query = {}) {
  return queryOptions({
    queryKey: [path, params] as const,
    queryFn: ({ signal }) => getJson<T>(path, params, signal),
  });
}

/** After a write: refetch every query whose path starts with one of `prefixes` ('/dossiers'). */
export function invalidatePaths(...prefixes: string[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (q) => {
      const path = q.queryKey[0];
      return (
        typeof path === 'string' &&
        prefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`))
      );
    },
  });
}
