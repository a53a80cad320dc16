import { useMutation } from '@tanstack/react-query';
import { sendJson } from '../../api/client.ts';
import { invalidatePaths } from '../../api/query.ts';

/** One write of the accounts pages: POST (default), PUT or DELETE on a /users path. */
export interface UserWrite {
  method?: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/**
 * The accounts pages' writes (TanStack Query's useMutation): afterwards the account list and the
 * audit log are read again.
 */
export function useUserWrite<T = unknown>() {
  return useMutation({
    mutationFn: ({ method = 'POST', path, body }: UserWrite) => sendJson<T>(method, path, body),
    onSuccess: () => invalidatePaths('/users', '/audit'),
  });
}
