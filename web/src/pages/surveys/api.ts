import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, getJson, postForm, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

/*
 * What the survey API returns (the parts these pages read), written once for the survey pages.
 * TODO(schema.d.ts): swap for the types generated from /api/openapi.json (`npm run gen:api`)
 * once web/src/api/schema.d.ts lands; the server's shapes are src/surveys/schemas.ts.
 */

export interface CampaignListItem {
  id: number;
  unit_code: string;
  dossier_id: number | null;
  title: string;
  opens_at: string;
  closes_at: string;
  phase: 'upcoming' | 'open' | 'closed';
  households: number;
  answers: number;
}

export interface Question {
  id: number;
  kind: 'overall' | 'criterion';
  criterion_no: string | null;
  text: string;
}
export interface Campaign extends CampaignListItem {
  required_coverage_pct: number | null;
  required_pass_pct: number | null;
  results_public: boolean;
  comments_public: boolean;
  villages: Array<{ id: number; name: string; households: number }>;
  questions: Question[];
  /** The linked dossier's satisfaction step as the dossier records it (null: no linked dossier). */
  dossier: {
    id: number;
    satisfaction: { rate: number; surveyed: number | null; households: number | null } | null;
  } | null;
  abilities: { 'survey.read': boolean; 'survey.manage': boolean; 'survey.key_paper': boolean };
}
export interface Results {
  overall: {
    rate: number | null;
    answered: number;
    households: number;
    coverage: number | null;
    paper: number;
    web: number;
  };
  questions: Array<
    Question & { satisfied: number; not_satisfied: number; no_opinion: number; rate: number | null }
  >;
  villages: Array<{
    id: number;
    name: string;
    households: number;
    answered: number;
    paper: number;
    coverage: number | null;
    overall_rate: number | null;
  }>;
  comments: Array<{ village: string; question: string; comment: string; at: string }>;
  signals: Array<{ kind: string; message: string }>;
  passes: boolean | null;
}

export interface OpenSurvey {
  title: string;
  village: string;
  closes_at: string;
  questions: Array<{ id: number; kind: 'overall' | 'criterion'; criterion_no: string | null; text: string }>;
}

/** An error of a query or mutation as the pages show it. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err));
}

/** A survey read: TanStack Query keyed by the API path (see web/src/api/query.ts). */
export function useSurveyRead<T>(path: string | null) {
  return useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => getJson<T>(path!, undefined, signal),
    enabled: path !== null,
  });
}

/** Every survey read is refreshed after a survey write (campaign, households and results move together). */
export const invalidateSurveys = () =>
  queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/surveys') });

/** Survey writes as mutations (JSON or a form), each refreshing the survey reads; same shape as the client's helpers. */
export function useSurveyWrites() {
  const m = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body: unknown }) =>
      body instanceof FormData ? postForm<unknown>(path, body) : sendJson<unknown>(method, path, body),
    onSuccess: invalidateSurveys,
  });
  return {
    postJson: <T>(path: string, body: unknown) => m.mutateAsync({ method: 'POST', path, body }) as Promise<T>,
    sendJson: <T>(method: string, path: string, body: unknown) =>
      m.mutateAsync({ method, path, body }) as Promise<T>,
    postForm: <T>(path: string, body: FormData) =>
      m.mutateAsync({ method: 'POST', path, body }) as Promise<T>,
  };
}
