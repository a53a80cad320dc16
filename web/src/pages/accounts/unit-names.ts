import { useQueries } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import type { UnitDetail } from '../../api/types.ts';

/** Names of the units grants are rooted at (one cached query per code; the code while unknown). */
export function useUnitNames(codes: string[]): Map<string, string> {
  const list = [...new Set(codes)].filter((c) => c !== '*').sort();
  const answers = useQueries({
    queries: list.map((code) => ({
      ...apiQuery<UnitDetail>(`/units/${encodeURIComponent(code)}`),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  return new Map(list.map((code, i) => [code, answers[i]?.data?.unit.name ?? code]));
}
