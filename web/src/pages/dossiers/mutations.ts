import { useMutation } from '@tanstack/react-query';
import { invalidatePaths } from '../../api/query.ts';

/** What a change to a dossier touches: its page and lists, its evidence, home pages and the audit trail. */
export const refreshDossiers = () => invalidatePaths('/dossiers', '/evidence', '/home', '/audit');

/**
 * A write on a dossier as a TanStack mutation: once it succeeds, `onDone` runs and every read it
 * changed is asked again (the page then shows the dossier, its steps and sections afresh).
 */
export function useDossierWrite<V = void, R = unknown>(run: (v: V) => Promise<R>, onDone?: (r: R) => void) {
  return useMutation({
    mutationFn: run,
    onSuccess: async (r) => {
      onDone?.(r);
      await refreshDossiers();
    },
  });
}
