import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

/**
 * The app's one data cache (TanStack Query). Every read is a `useQuery` whose key starts with
 * the API path; every write is a `useMutation` that invalidates the keys it changed.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An official's figures change under him only through his own writes or a reload.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 4xx answers are final; retry network failures and 5xx once.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});
