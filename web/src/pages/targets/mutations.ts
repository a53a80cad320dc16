import { useMutation } from '@tanstack/react-query';
import { invalidatePaths } from '../../api/query.ts';

/**
 * A write on the targets (TanStack mutation): once it succeeds, `onDone` runs with the answer and
 * the plan's reads and the home pages (overdue reports) are asked again.
 */
export function useTargetWrite<V = void, R = unknown>(
  run: (v: V) => Promise<R>,
  onDone?: (r: R, v: V) => void,
) {
  return useMutation({
    mutationFn: run,
    onSuccess: (r, v) => {
      onDone?.(r, v);
      return invalidatePaths('/targets', '/home');
    },
  });
}
