import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/query.ts';
import type { FrameworkSummary, Res } from '../api/types.ts';

export const defaultFrameworkId = 'vn-qd318-xa-ntm-2021-2025';
export const defaultPeriod = '2024';
export const defaultUnit = '01';

/** The published frameworks (GET /api/frameworks; a publish invalidates '/frameworks'). */
export function useFrameworks() {
  return useQuery({
    ...apiQuery<Res<'/frameworks'>>('/frameworks'),
    select: (r) => r.frameworks,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function pickFramework(list: FrameworkSummary[], id: string | null): FrameworkSummary | undefined {
  return list.find((f) => f.id === id) ?? list.find((f) => f.id === defaultFrameworkId) ?? list[0];
}

/** The yearly periods a framework is valid in (up to next year). */
export function periodsOf(fw: FrameworkSummary | undefined): string[] {
  const now = new Date().getFullYear();
  const from = Number(fw?.valid_from?.slice(0, 4)) || now - 4;
  const to = Math.min(Number(fw?.valid_to?.slice(0, 4)) || now + 1, now + 1);
  const out: string[] = [];
  for (let y = from; y <= Math.max(from, to); y++) out.push(String(y));
  return out;
}

/** The requested period if given, else 2024 when the framework covers it, else its latest past year. */
export function pickPeriod(fw: FrameworkSummary | undefined, period: string | null): string {
  if (period) return period;
  const list = periodsOf(fw);
  if (list.includes(defaultPeriod)) return defaultPeriod;
  const now = String(new Date().getFullYear());
  return [...list].reverse().find((p) => p <= now) ?? list[0] ?? defaultPeriod;
}
